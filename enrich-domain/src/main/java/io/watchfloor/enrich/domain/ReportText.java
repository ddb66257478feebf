package io.watchfloor.enrich.domain;

import java.time.Instant;

/** What the enricher reads of a report. Title and publishedAt may be null. */
public record ReportText(String id, String title, String text, Instant publishedAt) {
}
