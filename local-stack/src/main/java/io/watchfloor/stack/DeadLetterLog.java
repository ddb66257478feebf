package io.watchfloor.stack;

import io.watchfloor.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads the dead-letter topics ({@code threat.reports.dlq.v1}, {@code threat.alerts.dlq.v1}) and replays dead
 * letters: the original key and bytes go back to the original topic, with the original non-{@code dlq.*} headers
 * and {@code watchfloor.replay.of} naming the dead letter. Downstream writes are idempotent (the store upserts by
 * id and revision, alerts dedupe on their deterministic id), so a replay done twice stores one row.
 */
final class DeadLetterLog implements AutoCloseable {
    /** The dead-letter topics, in the order they are shown. */
    static final List<String> TOPICS = List.of(Topics.REPORTS_DLQ, Topics.ALERTS_DLQ);
    /** Header a replayed record carries: the id of the dead letter it came from. */
    static final String REPLAY_HEADER = "watchfloor.replay.of";
    /** At most this many of the newest records are read per partition. */
    static final long MAX_PER_PARTITION = 100_000;

    private final String bootstrap;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> producer;

    DeadLetterLog(String bootstrap) {
        this.bootstrap = bootstrap;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "watchfloor-ops");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Fails with a message that says what to do when Kafka does not answer within a few seconds (the clients
     * would otherwise retry for a minute).
     */
    static void requireKafka(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            admin.describeCluster().nodes().get(6, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " does not answer. Is the stack running? "
                    + "Start it with ./watchfloor up (or set WATCHFLOOR_KAFKA_PORT if it listens elsewhere).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka at " + bootstrap);
        }
    }

    /** Every dead letter of the dead-letter topics dead-lettered at or after {@code since}, oldest first. */
    List<DeadLetterEntry> read(Instant since) {
        List<DeadLetterEntry> out = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                continue;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            out.addAll(readPartitions(partitions, since));
        }
        out.sort(Comparator.comparing(DeadLetterEntry::time).thenComparing(DeadLetterEntry::id));
        return out;
    }

    private List<DeadLetterEntry> readPartitions(List<TopicPartition> partitions, Instant since) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(15));
        consumer.assign(partitions);
        List<TopicPartition> open = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long from = Math.max(begin.get(tp), end.get(tp) - MAX_PER_PARTITION);
            if (from < end.get(tp)) {
                consumer.seek(tp, from);
                open.add(tp);
            }
        }
        consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
        List<DeadLetterEntry> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                DeadLetterEntry e = DeadLetterEntry.of(r);
                if (!e.time().isBefore(since)) {
                    out.add(e);
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
        }
        consumer.unsubscribe();
        return out;
    }

    /** The original record of a dead letter whose value was left out, read at its original position. */
    byte[] originalValue(DeadLetterEntry e) {
        if (e.originPartition() == null || e.originOffset() == null) {
            return null;
        }
        TopicPartition tp = new TopicPartition(e.originTopic(), e.originPartition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, e.originOffset());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == e.originOffset()) {
                        return r.value();
                    }
                    if (r.offset() > e.originOffset()) {
                        return null; // compacted or deleted
                    }
                }
            }
            return null;
        } finally {
            consumer.unsubscribe();
        }
    }

    /**
     * Republishes the original key and bytes of {@code e} to its original topic and waits for the broker's
     * acknowledgement; returns where it was written.
     */
    RecordMetadata replay(DeadLetterEntry e, byte[] value) throws Exception {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "watchfloor-ops-replay");
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        e.otherHeaders().forEach((k, v) -> {
            if (!REPLAY_HEADER.equals(k)) {
                headers.add(k, v);
            }
        });
        headers.add(REPLAY_HEADER, e.id().getBytes(StandardCharsets.UTF_8));
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        return producer.send(new ProducerRecord<>(e.originTopic(), null, e.time().toEpochMilli(), key, value,
                headers)).get(45, TimeUnit.SECONDS);
    }

    /** Which dead letters a command picks: by ids, stage and time (null = any). */
    record Selection(Set<String> ids, String stage, Instant since) {
        boolean matches(DeadLetterEntry e) {
            return (ids == null || ids.isEmpty() || ids.contains(e.id()))
                    && (stage == null || stage.equalsIgnoreCase(e.stage()))
                    && (since == null || !e.time().isBefore(since));
        }

        List<DeadLetterEntry> of(List<DeadLetterEntry> all) {
            return all.stream().filter(this::matches).toList();
        }
    }

    /** Counts per dead-letter topic, service, stage and reason, with the newest message of each. */
    record Group(String topic, String service, String stage, String reason, int count, Instant last,
                 String lastMessage) {
    }

    static List<Group> summarize(List<DeadLetterEntry> entries) {
        Map<String, Group> groups = new TreeMap<>();
        for (DeadLetterEntry e : entries) {
            String key = e.topic() + "\u0000" + e.service() + "\u0000" + e.stage() + "\u0000" + e.reason();
            groups.merge(key, new Group(e.topic(), String.valueOf(e.service()), e.stage(), e.reason(), 1, e.time(),
                    e.errorMessage()), (a, b) -> new Group(a.topic(), a.service(), a.stage(), a.reason(),
                    a.count() + b.count(), b.last().isAfter(a.last()) ? b.last() : a.last(),
                    b.last().isAfter(a.last()) ? b.lastMessage() : a.lastMessage()));
        }
        return List.copyOf(groups.values());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
