package io.watchfloor.store.kafka;

import io.watchfloor.edge.consumer.BatchHandler;
import io.watchfloor.edge.consumer.DependencyUnavailableException;
import io.watchfloor.edge.deadletter.DeadLetter;
import io.watchfloor.edge.deadletter.DeadLetterPublisher;
import io.watchfloor.edge.deadletter.DeadLetterUnavailableException;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.edge.registry.RegistryFailures;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportStore;
import io.watchfloor.store.domain.ReportWriter;
import io.watchfloor.store.domain.UpsertResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One polled batch of enriched reports: decode and map each, write the good ones in one transaction, then
 * dead-letter the undecodable and the refused ones. Returns only when all of that is durable; an outage of
 * the database, the registry or the dead-letter topic throws instead, and nothing is committed.
 */
final class EnrichedReportHandler implements BatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichedReportHandler.class);
    static final String STAGE = "store";

    private final AvroSerde<EnrichedReport> serde;
    private final ReportWriter writer;
    private final ReportStore store;
    private final DeadLetterPublisher deadLetters;
    private final StoreMetrics metrics;
    /** Off unless WATCHFLOOR_FAULT_HALT_AFTER_DB_COMMIT is set (fault suite only). */
    private final CrashAfterDbCommit faultHook = CrashAfterDbCommit.fromEnvironment();

    EnrichedReportHandler(AvroSerde<EnrichedReport> serde, ReportWriter writer, ReportStore store,
                          DeadLetterPublisher deadLetters, StoreMetrics metrics) {
        this.serde = serde;
        this.writer = writer;
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void handle(ConsumerRecords<String, byte[]> records) throws DependencyUnavailableException {
        long start = System.nanoTime();
        List<ReportWriter.Positioned> reports = new ArrayList<>(records.count());
        Map<String, ConsumerRecord<String, byte[]>> byPosition = new HashMap<>();
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue; // a tombstone carries nothing to store
            }
            try {
                var report = new ReportWriter.Positioned(
                        EnrichedAvroToStoredReport.map(serde.deserialize(record.topic(), record.value())),
                        record.partition(), record.offset());
                reports.add(report);
                byPosition.put(record.partition() + "@" + record.offset(), record);
            } catch (RuntimeException e) {
                if (RegistryFailures.isOutage(e)) {
                    throw new DependencyUnavailableException("schema-registry", "Schema registry unavailable "
                            + "while decoding " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + ": " + e.getMessage(), e);
                }
                try (LogContext.Scope log = LogContext.report(record.key())) {
                    LOG.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.toString());
                }
                letters.add(new DeadLetter(record, STAGE, e));
            }
        }
        UpsertResult result;
        try {
            result = writer.write(reports);
        } catch (DatabaseUnavailableException e) {
            throw new DependencyUnavailableException("database", e.getMessage(), e);
        }
        for (UpsertResult.Rejected rejected : result.rejected()) {
            ConsumerRecord<String, byte[]> record = byPosition.get(rejected.row().kafkaPartition() + "@"
                    + rejected.row().kafkaOffset());
            try (LogContext.Scope log = LogContext.report(record.key())) {
                LOG.warn("Dead-lettering record {}-{}@{} refused by PostgreSQL: {}", record.topic(),
                        record.partition(), record.offset(), rejected.reason());
            }
            letters.add(new DeadLetter(record, STAGE, new IllegalArgumentException(
                    "Refused by PostgreSQL: " + rejected.reason())));
        }
        try {
            deadLetters.publishAll(letters);
        } catch (DeadLetterUnavailableException e) {
            throw new DependencyUnavailableException("dead-letter-topic", e.getMessage(), e);
        }
        if (!reports.isEmpty()) {
            faultHook.committed();
        }
        long committed = System.currentTimeMillis();
        for (ReportWriter.Positioned p : reports) {
            ConsumerRecord<String, byte[]> record = byPosition.get(p.partition() + "@" + p.offset());
            if (record != null && record.timestamp() > 0) {
                metrics.ingestToStored(Duration.ofMillis(committed - record.timestamp()));
            }
        }
        metrics.batch(Duration.ofNanos(System.nanoTime() - start));
        metrics.stored(result.applied());
        metrics.duplicates(result.ignored());
        metrics.deadLettered(letters.size());
        LOG.debug("Batch of {}: stored {}, ignored {}, dead-lettered {}", records.count(), result.applied(),
                result.ignored(), letters.size());
    }

    @Override
    public void probe(DependencyUnavailableException outage) throws DependencyUnavailableException {
        if ("database".equals(outage.dependency())) {
            try {
                store.ping();
            } catch (DatabaseUnavailableException e) {
                throw new DependencyUnavailableException("database", e.getMessage(), e);
            }
        }
    }
}
