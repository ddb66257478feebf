package io.watchfloor.stack;

import java.util.Map;
import java.util.Set;

/**
 * The metric names the dashboard and alerting may use, per service that exports them. {@code OperationsIT} checks
 * that every one is on the running services' {@code /prometheus}; {@code MonitoringConfigTest} that the dashboard
 * names no other and that docs/operations.md documents each.
 */
final class ExportedMetrics {
    static final Map<String, Set<String>> BY_SERVICE = Map.of(
            "ingest", Set.of("watchfloor_ingest_reports_total", "watchfloor_ingest_published_total",
                    "watchfloor_ingest_ack_latency_seconds_bucket", "watchfloor_ingest_ack_latency_seconds_count",
                    "jvm_memory_used_bytes"),
            "enrich", Set.of("watchfloor_enrich_records_total", "watchfloor_enrich_duration_seconds_bucket",
                    "watchfloor_consumer_lag", "kafka_streams_records_lag_max_records", "jvm_memory_used_bytes"),
            "store", Set.of("watchfloor_store_reports_stored_total",
                    "watchfloor_store_reports_duplicates_ignored_total", "watchfloor_store_outages_total",
                    "watchfloor_store_batch_duration_seconds_bucket",
                    "watchfloor_pipeline_ingest_to_stored_seconds_bucket", "watchfloor_consumer_lag",
                    "jvm_memory_used_bytes"),
            "alert", Set.of("watchfloor_alert_alerts_total", "watchfloor_alert_delivery_attempts_total",
                    "watchfloor_consumer_lag", "kafka_streams_records_lag_max_records", "jvm_memory_used_bytes"),
            "registry", Set.of("watchfloor_registry_requests_total", "jvm_memory_used_bytes"));

    /** Exported once something happened (a counter appears at its first increment). */
    static final Set<String> ON_FIRST_EVENT = Set.of("watchfloor_ingest_rejected_total",
            "watchfloor_dead_letters_total");

    private ExportedMetrics() {
    }

    static Set<String> all() {
        java.util.Set<String> all = new java.util.TreeSet<>(ON_FIRST_EVENT);
        BY_SERVICE.values().forEach(all::addAll);
        return all;
    }
}
