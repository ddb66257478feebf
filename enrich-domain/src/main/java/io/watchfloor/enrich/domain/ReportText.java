package io.watchfloor.enrich.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the enricher reads of a report. Title and publishedAt may be null. {@code sourceActors} are the threat-actor
 * names the source itself asserts (a STIX bundle's intrusion-set and threat-actor objects, a MISP event's
 * threat-actor galaxy tags); never null.
 */
public record ReportText(String id, String title, String text, Instant publishedAt, List<String> sourceActors) {

    public ReportText {
        sourceActors = sourceActors == null ? List.of() : List.copyOf(sourceActors);
    }

    /** A report whose source asserts no threat actors. */
    public ReportText(String id, String title, String text, Instant publishedAt) {
        this(id, title, text, publishedAt, List.of());
    }
}
