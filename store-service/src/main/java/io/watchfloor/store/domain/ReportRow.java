package io.watchfloor.store.domain;

import java.time.Instant;
import java.util.List;

/**
 * One enriched report as the store writes it: searchable columns, the full JSON document, the
 * filter rows, and the Kafka position it came from. Strings are already sanitised.
 */
public record ReportRow(
        String id,
        int revision,
        String title,
        String text,
        String sourceJson,
        String canonicalUrl,
        String language,
        Instant publishedAt,
        Instant ingestedAt,
        Instant enrichedAt,
        String contentHash,
        String catalogVersion,
        String enricherVersion,
        String documentJson,
        List<GroupRow> groups,
        List<EntityRow> entities,
        int kafkaPartition,
        long kafkaOffset,
        List<SourceRow> sources) {

    public ReportRow {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** A row that links no sources. */
    public ReportRow(String id, int revision, String title, String text, String sourceJson, String canonicalUrl,
                     String language, Instant publishedAt, Instant ingestedAt, Instant enrichedAt, String contentHash,
                     String catalogVersion, String enricherVersion, String documentJson, List<GroupRow> groups,
                     List<EntityRow> entities, int kafkaPartition, long kafkaOffset) {
        this(id, revision, title, text, sourceJson, canonicalUrl, language, publishedAt, ingestedAt, enrichedAt,
                contentHash, catalogVersion, enricherVersion, documentJson, groups, entities, kafkaPartition,
                kafkaOffset, List.of());
    }

    /** The row for a report, with its JSON forms and the Kafka position it was read from. */
    public static ReportRow of(StoredReport r, String documentJson, String sourceJson, int partition, long offset) {
        return new ReportRow(r.id(), r.revision(), r.title(), r.text(), sourceJson, r.canonicalUrl(), r.language(),
                r.publishedAt(), r.ingestedAt(), r.metadata().enrichedAt(), r.contentHash(),
                r.metadata().catalogVersion(), r.metadata().enricherVersion(), documentJson,
                r.groups().stream().map(g -> new GroupRow(g.id(), g.name(), g.score(), g.role())).toList(),
                r.entities().stream().map(e -> new EntityRow(e.type(), e.id(), e.name(), e.score())).toList(),
                partition, offset,
                r.sources().stream().map(s -> new SourceRow(s.kind(), s.name(), s.url(), s.itemId())).toList());
    }

    /**
     * A source that carried the report: kept in {@code report_sources} once per (report, kind, name, url),
     * whatever the order or number of times it arrives.
     */
    public record SourceRow(String kind, String name, String url, String itemId) {
    }

    /** A threat group the report concerns, for filtering and counting. */
    public record GroupRow(String groupId, String name, double score, String role) {
    }

    /** A named entity in the report, for filtering. */
    public record EntityRow(String type, String entityId, String name, double score) {
    }
}
