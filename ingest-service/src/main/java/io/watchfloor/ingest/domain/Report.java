package io.watchfloor.ingest.domain;

import io.watchfloor.schemas.ReportAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A validated, normalised report, ready to publish. {@code id} is deterministic (see {@link ReportIds});
 * {@code publishedAt} is the source's claim and is never used as a record timestamp, {@code ingestedAt} is.
 * {@code revision} is 1 for a first version; {@code duplicateOf} names the first copy of a near-duplicate.
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
        Map<String, String> attributes,
        int revision,
        String duplicateOf) {

    /** The attribute naming the feed source a report came from (feeds only). */
    public static final String FEED_SOURCE_ATTRIBUTE = ReportAttributes.FEED_SOURCE_ID;

    public Report {
        attributes = Map.copyOf(attributes);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, was " + revision);
        }
    }

    /** The feed source this report came from, or null when it did not come from a feed. */
    public String feedSourceId() {
        return attributes.get(FEED_SOURCE_ATTRIBUTE);
    }

    /** This report with {@code more} attributes added (they win over existing ones of the same name). */
    public Report withAttributes(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new HashMap<>(attributes);
        all.putAll(more);
        return new Report(id, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt,
                contentHash, all, revision, duplicateOf);
    }

    /** This report as revision {@code revision} of its id, a near-duplicate of {@code duplicateOf} (or null). */
    public Report asRevision(int revision, String duplicateOf) {
        return new Report(id, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt,
                contentHash, attributes, revision, duplicateOf);
    }
}
