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
        long kafkaOffset) {

    /** A threat group the report concerns, for filtering and counting. */
    public record GroupRow(String groupId, String name, double score, String role) {
    }

    /** A named entity in the report, for filtering. */
    public record EntityRow(String type, String entityId, String name, double score) {
    }
}
