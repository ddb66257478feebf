package io.watchfloor.schemas;

import java.util.List;

/** Every Kafka topic name Watchfloor uses, in one place for code, tests and provisioning. */
public final class Topics {
    /**
     * Raw reports from ingest-service, keyed by report id; compacted, so the latest record of every report is kept
     * for ever and reports can be re-enriched after a catalog change ({@code ./watchfloor reprocess}).
     */
    public static final String REPORTS_RAW = "threat.reports.raw.v1";
    /** Enriched reports from enrich-service, keyed by report id. */
    public static final String REPORTS_ENRICHED = "threat.reports.enriched.v1";
    /** Dead letters: the original bytes, with the reason in headers (see {@link DeadLetterHeaders}). */
    public static final String REPORTS_DLQ = "threat.reports.dlq.v1";
    /** Alerts for subscribers, keyed by subscription id, with CloudEvents headers. */
    public static final String ALERTS = "threat.alerts.v1";
    /** Alert subscriptions, compacted, keyed by subscription id (a tombstone deletes one). */
    public static final String SUBSCRIPTIONS = "threat.subscriptions.v1";
    /** Pending webhook deliveries with their next attempt time, compacted, keyed by subscription id / alert id. */
    public static final String ALERT_DELIVERIES = "threat.alerts.deliveries.v1";
    /** Every webhook delivery attempt (time, status, latency, error), keyed by subscription id. */
    public static final String ALERT_ATTEMPTS = "threat.alerts.attempts.v1";
    /** Alert dead letters: undeliverable alerts after the last attempt, poison subscriptions and reports. */
    public static final String ALERTS_DLQ = "threat.alerts.dlq.v1";
    /** Feed source health, one record per poll, keyed by source id: read by operators and alert-service. */
    public static final String SOURCES_HEALTH = "threat.sources.health.v1";
    /** Threat-group catalog, compacted: the whole catalog as one record under {@link #GROUP_CATALOG_KEY}. */
    public static final String GROUP_CATALOG = "threat.catalog.groups.v1";
    /** The key of the catalog record, so a new version replaces the old one atomically. */
    public static final String GROUP_CATALOG_KEY = "groups";
    /** Schema registry storage, compacted (the name Confluent's registry uses). */
    public static final String SCHEMAS = "_schemas";

    /** The topics the pipeline needs, with the partition count the local stack creates them with. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(REPORTS_RAW, 6, true),
            new TopicSpec(REPORTS_ENRICHED, 6, false),
            new TopicSpec(REPORTS_DLQ, 1, false),
            new TopicSpec(ALERTS, 3, false),
            new TopicSpec(SUBSCRIPTIONS, 3, true),
            new TopicSpec(ALERT_DELIVERIES, 3, true),
            new TopicSpec(ALERT_ATTEMPTS, 3, false),
            new TopicSpec(ALERTS_DLQ, 1, false),
            new TopicSpec(SOURCES_HEALTH, 1, false),
            new TopicSpec(GROUP_CATALOG, 1, true),
            new TopicSpec(SCHEMAS, 1, true));

    private Topics() {
    }

    /** A topic with its partition count and whether it is compacted. */
    public record TopicSpec(String name, int partitions, boolean compacted) {
    }
}
