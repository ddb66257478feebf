package io.watchfloor.ingest.domain;

import io.watchfloor.schemas.ReportAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated, normalised report, ready to publish. {@code id} is deterministic (see {@link ReportIds});
 * {@code publishedAt} is the source's claim and is never used as a record timestamp, {@code ingestedAt} is.
 * {@code revision} is 1 for a first version; {@code duplicateOf} names the first copy of a near-duplicate.
 * {@code sources} lists every source known to have carried this exact report, first seen first (empty: only
 * {@code source}); an exact duplicate from another source is published again with that source added.
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
        String duplicateOf,
        List<ReportSource> sources) {

    /** The attribute naming the feed source a report came from (feeds only). */
    public static final String FEED_SOURCE_ATTRIBUTE = ReportAttributes.FEED_SOURCE_ID;

    public Report {
        attributes = Map.copyOf(attributes);
        sources = sources == null ? List.of() : List.copyOf(sources);
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1, was " + revision);
        }
    }

    /** A report that lists no sources besides its own. */
    public Report(String id, ReportSource source, String canonicalUrl, String title, String text, String contentType,
                  String language, Instant publishedAt, Instant ingestedAt, String contentHash,
                  Map<String, String> attributes, int revision, String duplicateOf) {
        this(id, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt, contentHash,
                attributes, revision, duplicateOf, List.of());
    }

    /** Every source that carried this report: {@code sources}, or just {@code source} when it lists none. */
    public List<ReportSource> allSources() {
        return sources.isEmpty() ? List.of(source) : sources;
    }

    /** This report listing {@code sources} as the sources that carried it. */
    public Report withSources(List<ReportSource> sources) {
        return new Report(id, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt,
                contentHash, attributes, revision, duplicateOf, sources);
    }

    /** This report under another id (an exact duplicate published under the id of its first copy). */
    public Report withId(String otherId) {
        return new Report(otherId, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt,
                contentHash, attributes, revision, duplicateOf, sources);
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
                contentHash, all, revision, duplicateOf, sources);
    }

    /** This report as revision {@code revision} of its id, a near-duplicate of {@code duplicateOf} (or null). */
    public Report asRevision(int revision, String duplicateOf) {
        return new Report(id, source, canonicalUrl, title, text, contentType, language, publishedAt, ingestedAt,
                contentHash, attributes, revision, duplicateOf, sources);
    }
}
