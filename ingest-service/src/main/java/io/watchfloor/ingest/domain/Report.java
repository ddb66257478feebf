package io.watchfloor.ingest.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A validated, normalised report, ready to publish. {@code id} is deterministic (see {@link ReportIds});
 * {@code publishedAt} is the source's claim and is never used as a record timestamp, {@code ingestedAt} is.
 */
public record Report(
        String id,
        ReportSource source,
        String canonicalUrl,
        String title,
        String text,
        String contentType,
        String language,
        Instant publishedAt,
        Instant ingestedAt,
        String contentHash,
        Map<String, String> attributes) {

    public Report {
        attributes = Map.copyOf(attributes);
    }
}
