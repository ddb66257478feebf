package io.watchfloor.faults;

import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the audit reads: PostgreSQL over JDBC, the committed enriched topic and the dead-letter topic
 * ({@code isolation.level=read_committed}) from positions taken at the start of a test, consumer groups.
 */
final class PipelineProbe {

    /** One dead letter: the original key and its {@code dlq.*} headers. */
    record DeadLetterRecord(String key, Map<String, String> headers, byte[] value) {
        String reason() {
            return headers.getOrDefault(DeadLetterHeaders.STAGE, "?") + ": "
                    + headers.getOrDefault(DeadLetterHeaders.ERROR_CLASS, "?") + ": "
                    + headers.getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, "?");
        }
    }

    private final String bootstrap;
    private final String jdbcUrl;

    PipelineProbe(String bootstrap, String jdbcUrl) {
        this.bootstrap = bootstrap;
        this.jdbcUrl = jdbcUrl;
    }

    // ---- PostgreSQL ----

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "watchfloor");
        p.setProperty("password", "watchfloor");
        p.setProperty("connectTimeout", "3");
        p.setProperty("loginTimeout", "5");
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Rows per id among {@code ids}. */
    Map<String, Integer> rowsFor(Set<String> ids) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, count(*) FROM reports WHERE id = ANY (?) GROUP BY id")) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setArray(1, array);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getInt(2));
                }
            }
        }
        return rows;
    }

    /** Rows per id of the reports whose title starts with {@code prefix} (a test's own reports). */
    Map<String, Integer> rowsWithTitlePrefix(String prefix) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, count(*) FROM reports WHERE left(title, ?) = ? GROUP BY id")) {
            s.setInt(1, prefix.length());
            s.setString(2, prefix);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getInt(2));
                }
            }
        }
        return rows;
    }

    /** Rows whose title starts with {@code prefix}, or -1 when PostgreSQL does not answer (for progress lines). */
    long countWithTitlePrefix(String prefix) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reports WHERE left(title, ?) = ?")) {
            s.setQueryTimeout(10);
            s.setInt(1, prefix.length());
            s.setString(2, prefix);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    // ---- Kafka ----

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "watchfloor-fault-audit");
        return config;
    }

    /** The end offsets of every partition of {@code topic} (where a test starts reading it). */
    Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(60)));
        }
    }

    /**
     * Every committed record of {@code topic} from {@code from} to the current end (the last stable offset, so
     * an open transaction is waited for), oldest first per partition.
     */
    List<ConsumerRecord<byte[], byte[]>> read(String topic, Map<TopicPartition, Long> from) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        read(topic, from, records::add);
        return records;
    }

    /**
     * Hands every committed record of {@code topic} from {@code from} to the current end to {@code each}, one
     * poll at a time, keeping none: the audit of a flood reads about a million enriched records, more than the
     * suite's heap could hold at once. Gives up when the position stops moving for 2 minutes.
     */
    void read(String topic, Map<TopicPartition, Long> from,
              java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), Duration.ofSeconds(60));
            long lastMove = System.nanoTime();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(60))
                    < e.getValue())) {
                if (System.nanoTime() - lastMove > TimeUnit.MINUTES.toNanos(2)) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end
                            + ": no record for 2 min");
                }
                var batch = consumer.poll(Duration.ofMillis(500));
                if (!batch.isEmpty()) {
                    lastMove = System.nanoTime();
                }
                batch.forEach(each);
            }
        }
    }

    /** Records in the committed enriched topic per report id and revision. */
    Map<String, Map<Integer, Integer>> enriched(String topic, Map<TopicPartition, Long> from) {
        SpecificDatumReader<EnrichedReport> reader = new SpecificDatumReader<>(EnrichedReport.class);
        Map<String, Map<Integer, Integer>> seen = new HashMap<>();
        read(topic, from, record -> {
            if (record.value() == null) {
                return;
            }
            String id;
            int revision;
            try {
                // Confluent wire format: magic byte, 4-byte schema id, Avro binary (this build's schema)
                ByteBuffer value = ByteBuffer.wrap(record.value());
                EnrichedReport report = reader.read(null, DecoderFactory.get().binaryDecoder(value.array(), 5,
                        value.capacity() - 5, null));
                id = report.getReport().getId();
                revision = report.getReport().getRevision();
            } catch (Exception e) {
                id = record.key() == null ? "?" : new String(record.key(), StandardCharsets.UTF_8);
                revision = -1;
            }
            seen.computeIfAbsent(id, k -> new HashMap<>(2)).merge(revision, 1, Integer::sum);
        });
        return seen;
    }

    /** Records in the raw topic per report id and revision (undecodable ones, test 6's, left out). */
    Map<String, Map<Integer, Integer>> raw(String topic, Map<TopicPartition, Long> from) {
        SpecificDatumReader<RawReport> reader = new SpecificDatumReader<>(RawReport.class);
        Map<String, Map<Integer, Integer>> seen = new HashMap<>();
        read(topic, from, record -> {
            byte[] v = record.value();
            if (v == null || v.length < 6 || v[0] != 0) {
                return;
            }
            try {
                RawReport report = reader.read(null, DecoderFactory.get().binaryDecoder(v, 5, v.length - 5, null));
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (!report.getId().toString().equals(key)) {
                    return; // test 6's copy of a report under another key and schema id
                }
                seen.computeIfAbsent(report.getId(), k -> new HashMap<>(2)).merge(report.getRevision(), 1,
                        Integer::sum);
            } catch (Exception e) {
                // a corrupt record of test 6
            }
        });
        return seen;
    }

    /** Dead letters from {@code from} to the end, in order. */
    List<DeadLetterRecord> deadLetters(String topic, Map<TopicPartition, Long> from) {
        List<DeadLetterRecord> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : read(topic, from)) {
            Map<String, String> headers = new HashMap<>();
            for (Header h : record.headers()) {
                if (h.value() != null) {
                    headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                }
            }
            letters.add(new DeadLetterRecord(record.key() == null ? null
                    : new String(record.key(), StandardCharsets.UTF_8), headers, record.value()));
        }
        return letters;
    }

    /** Members of a consumer group (0 when it is empty or cannot be described now). */
    int groupMembers(Admin admin, String group) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all()
                    .get(10, TimeUnit.SECONDS).get(group);
            return d.members().size();
        } catch (Exception e) {
            return -1;
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000));
    }

    String bootstrap() {
        return bootstrap;
    }
}
