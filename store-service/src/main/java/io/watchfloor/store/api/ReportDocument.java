package io.watchfloor.store.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * The enriched report as JSON: what {@code GET /reports/{id}} returns and what the store keeps in
 * {@code reports.document}. Times are ISO-8601 instants; spans are Java string indices, end exclusive.
 * {@code sources}: every source that carried the report, first seen first ({@code source} is the latest one's);
 * {@code GET /reports/{id}} lists every link the store holds.
 */
@Serdeable
public record ReportDocument(
        String id,
        int revision,
        @Nullable String title,
        String text,
        Source source,
        @Nullable String canonicalUrl,
        String contentType,
        @Nullable String language,
        @Nullable String publishedAt,
        String ingestedAt,
        String contentHash,
        @Nullable String duplicateOf,
        Map<String, String> attributes,
        List<Entity> entities,
        List<Group> groups,
        List<Event> events,
        List<Topic> topics,
        Metadata metadata,
        @Nullable List<Source> sources) {

    /** Where the report came from. */
    @Serdeable
    public record Source(String kind, String name, @Nullable String url, @Nullable String itemId) {
    }

    /** A component that produced a tag, and its version. */
    @Serdeable
    public record Producer(String name, String version) {
    }

    /**
     * Evidence: a span of the title or text with its surface text; extentStart/extentEnd give the whole mention
     * where it reaches beyond the span (determiner, title, rank: "the Mosul Dam"), and are left out otherwise.
     */
    @Serdeable
    public record Span(String field, int start, int end, String text,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer extentStart,
                       @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer extentEnd) {
        public Span(String field, int start, int end, String text) {
            this(field, start, end, text, null, null);
        }
    }

    /** A named entity with its mentions. */
    @Serdeable
    public record Entity(String type, @Nullable String id, String name, double score, Producer producer,
                         List<Span> mentions, Map<String, String> attributes) {
    }

    /** How a surface form resolved to a catalog group. */
    @Serdeable
    public record AliasResolution(String surface, String alias, String method, @Nullable String source) {
    }

    /** A threat group with its evidence. */
    @Serdeable
    public record Group(String id, String name, @Nullable String kind, double score, String role,
                        List<Span> evidence, List<AliasResolution> resolutions, @Nullable String affiliation,
                        Map<String, String> externalRefs, Producer producer) {
    }

    /** A named incident anchored in time. */
    @Serdeable
    public record Event(String name, String type, String temporal, @Nullable String date, double score,
                        List<Span> mentions, Producer producer) {
    }

    /** What the report is about. */
    @Serdeable
    public record Topic(String name, double score, List<Span> evidence, Producer producer) {
    }

    /** Versions and time of the enrichment. */
    @Serdeable
    public record Metadata(String catalogVersion, String enricherVersion, String enrichedAt,
                           List<Producer> producers, List<String> warnings) {
    }
}
