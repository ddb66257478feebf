package io.watchfloor.store.kafka;

import io.micronaut.json.JsonMapper;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryException;
import io.watchfloor.schemas.registry.UnknownSchemaException;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.api.ReportDocument;
import io.watchfloor.store.db.ReportRepository;
import io.watchfloor.store.db.SqlFailures;
import io.watchfloor.store.db.UpsertResult;
import io.watchfloor.store.domain.ReportRow;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one polled batch: decode and map each record, upsert the good ones in one transaction, then
 * dead-letter the undecodable or refused ones. Returns only when all of that is durable; throws
 * {@link StoreUnavailableException} (nothing to commit) when a dependency is down.
 */
@Singleton
public class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

    private final AvroSerde<EnrichedReport> serde;
    private final EnrichedReportMapper mapper = new EnrichedReportMapper();
    private final JsonMapper json;
    private final ReportRepository repository;
    private final DeadLetterPublisher deadLetters;
    private final StoreMetrics metrics;

    public BatchProcessor(AvroSerde<EnrichedReport> serde, JsonMapper json, ReportRepository repository,
                          DeadLetterPublisher deadLetters, StoreMetrics metrics) {
        this.serde = serde;
        this.json = json;
        this.repository = repository;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    /** What a batch did. */
    public record Outcome(int stored, int ignored, int deadLettered) {
    }

    public Outcome process(ConsumerRecords<String, byte[]> records) throws StoreUnavailableException {
        List<ReportRow> rows = new ArrayList<>(records.count());
        Map<ReportRow, ConsumerRecord<String, byte[]>> origin = new IdentityHashMap<>();
        List<DeadLetterPublisher.DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                LOG.debug("Skipping tombstone {}-{}@{}", record.topic(), record.partition(), record.offset());
                continue;
            }
            try {
                ReportRow row = toRow(record);
                rows.add(row);
                origin.put(row, record);
            } catch (RuntimeException | IOException e) {
                if (isRegistryOutage(e)) {
                    throw new StoreUnavailableException(StoreUnavailableException.Dependency.SCHEMA_REGISTRY,
                            "Schema registry unavailable while decoding " + record.topic() + "-"
                                    + record.partition() + "@" + record.offset() + ": " + e.getMessage(), e);
                }
                LOG.warn("Dead-lettering undecodable record {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.toString());
                letters.add(new DeadLetterPublisher.DeadLetter(record, e));
            }
        }
        UpsertResult result = upsert(rows);
        for (UpsertResult.Rejected rejected : result.rejected()) {
            ConsumerRecord<String, byte[]> record = origin.get(rejected.row());
            LOG.warn("Dead-lettering record {}-{}@{} refused by PostgreSQL: {}", record.topic(),
                    record.partition(), record.offset(), rejected.error().getMessage());
            letters.add(new DeadLetterPublisher.DeadLetter(record, rejected.error()));
        }
        metrics.stored(result.applied());
        metrics.duplicates(result.ignored());
        deadLetters.publishAll(letters);
        metrics.deadLettered(letters.size());
        return new Outcome(result.applied(), result.ignored(), letters.size());
    }

    private ReportRow toRow(ConsumerRecord<String, byte[]> record) throws IOException {
        EnrichedReport enriched = serde.deserialize(record.topic(), record.value());
        ReportDocument doc = mapper.toDocument(enriched);
        return mapper.toRow(doc, json.writeValueAsString(doc), json.writeValueAsString(doc.source()),
                record.partition(), record.offset());
    }

    private UpsertResult upsert(List<ReportRow> rows) throws StoreUnavailableException {
        if (rows.isEmpty()) {
            return new UpsertResult(0, 0, List.of());
        }
        try {
            try {
                return repository.upsertAll(rows, false);
            } catch (SQLException e) {
                if (!SqlFailures.isRecordFault(e)) {
                    throw e;
                }
                // a record's content was refused: redo the batch with a savepoint per record to find it
                LOG.info("Batch refused by PostgreSQL ({}); retrying record by record", e.getMessage());
                return repository.upsertAll(rows, true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException(StoreUnavailableException.Dependency.DATABASE,
                    "PostgreSQL unavailable: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /** An unreachable registry (or 5xx/429) is an outage; an unknown schema id is the record's fault. */
    static boolean isRegistryOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownSchemaException) {
                return false;
            }
            if (t instanceof SchemaRegistryException sre) {
                return sre.retriable();
            }
        }
        return false;
    }
}
