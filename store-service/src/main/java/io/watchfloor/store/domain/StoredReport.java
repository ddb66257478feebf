package io.watchfloor.store.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An enriched report as the store sees it: the raw report, every tag with its evidence, and how it was
 * enriched. Strings are already safe for PostgreSQL ({@link TextSanitizer}); times are instants.
 * {@code sources}: every source known to have carried the report, first seen first ({@code source} is the one of
 * the latest record); never empty.
 */
public record StoredReport(
        String id,
        int revision,
        String title,
        String text,
        Source source,
        String canonicalUrl,
        String contentType,
        String language,
        Instant publishedAt,
        Instant ingestedAt,
        String contentHash,
        String duplicateOf,
        Map<String, String> attributes,
        List<Entity> entities,
        List<Group> groups,
        List<Event> events,
        List<Topic> topics,
        Metadata metadata,
        List<Source> sources) {

    public StoredReport {
        sources = sources == null || sources.isEmpty() ? (source == null ? List.of() : List.of(source))
                : List.copyOf(sources);
    }

    /** A report carried by its own source only. */
    public StoredReport(String id, int revision, String title, String text, Source source, String canonicalUrl,
                        String contentType, String language, Instant publishedAt, Instant ingestedAt,
                        String contentHash, String duplicateOf, Map<String, String> attributes,
                        List<Entity> entities, List<Group> groups, List<Event> events, List<Topic> topics,
                        Metadata metadata) {
        this(id, revision, title, text, source, canonicalUrl, contentType, language, publishedAt, ingestedAt,
                contentHash, duplicateOf, attributes, entities, groups, events, topics, metadata, List.of());
    }

    /** Where the report came from. */
    public record Source(String kind, String name, String url, String itemId) {
    }

    /** A component that produced a tag, and its version. */
    public record Provenance(String name, String version) {
    }

    /**
     * Evidence: a span of the title or text with its surface text, and the whole mention's extent where it reaches
     * beyond the span ("the Mosul Dam" around "Mosul Dam"), else null.
     */
    public record Evidence(String field, int start, int end, String text, Integer extentStart, Integer extentEnd) {
        public Evidence(String field, int start, int end, String text) {
            this(field, start, end, text, null, null);
        }
    }

    /** A named entity with its mentions. */
    public record Entity(String type, String id, String name, double score, Provenance producer,
                         List<Evidence> mentions, Map<String, String> attributes) {
    }

    /** How a surface form resolved to a catalog group. */
    public record AliasPath(String surface, String alias, String method, String source) {
    }

    /** A threat group with its evidence. */
    public record Group(String id, String name, String kind, double score, String role, List<Evidence> evidence,
                        List<AliasPath> resolutions, String affiliation, Map<String, String> externalRefs,
                        Provenance producer) {
    }

    /** A named incident anchored in time. */
    public record Event(String name, String type, String temporal, String date, double score,
                        List<Evidence> mentions, Provenance producer) {
    }

    /** What the report is about. */
    public record Topic(String name, double score, List<Evidence> evidence, Provenance producer) {
    }

    /** Versions and time of the enrichment. */
    public record Metadata(String catalogVersion, String enricherVersion, Instant enrichedAt,
                           List<Provenance> producers, List<String> warnings) {
    }
}
