package io.watchfloor.store.kafka;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.domain.trace.ReportTrace;
import io.watchfloor.store.domain.trace.TraceSources;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Searches the topics for one report id. Report topics are keyed by id, so only the partition Kafka's default
 * partitioner gives the id is read, from the time given (offsetsForTimes) to its end; the dead-letter topics and
 * the alerts topic (keyed by subscription, report id in the CloudEvents {@code ce_subject} header) are read
 * whole from that time. At most {@link #MAX_RECORDS} records are read per partition.
 */
@Singleton
public class KafkaTraceSearch implements TraceSources.Topics {
    static final long MAX_RECORDS = 200_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ClientSettings kafka;
    private final AvroSerde<RawReport> rawSerde;
    private final AvroSerde<EnrichedReport> enrichedSerde;

    public KafkaTraceSearch(ClientSettings kafka, SchemaRegistryClient registry, AvroSerde<EnrichedReport> enriched) {
        this.kafka = kafka;
        this.rawSerde = new AvroSerde<>(RawReport.class, registry, false, false);
        this.enrichedSerde = enriched;
    }

    @Override
    public List<ReportTrace.TopicRecord> raw(String id, Instant from) throws TraceSources.TraceUnavailableException {
        return search(Topics.REPORTS_RAW, id, from, r -> id.equals(key(r)), r -> {
            Integer revision = null;
            if (r.value() != null) {
                try {
                    revision = rawSerde.deserialize(r.topic(), r.value()).getRevision();
                } catch (RuntimeException e) {
                    // undecodable: shown without a revision (its dead letter says why)
                }
            }
            return new ReportTrace.TopicRecord(r.topic(), r.partition(), r.offset(), time(r), revision, null, null,
                    null);
        });
    }

    @Override
    public List<ReportTrace.TopicRecord> enriched(String id, Instant from)
            throws TraceSources.TraceUnavailableException {
        return search(Topics.REPORTS_ENRICHED, id, from, r -> id.equals(key(r)), r -> {
            try {
                EnrichedReport e = enrichedSerde.deserialize(r.topic(), r.value());
                return new ReportTrace.TopicRecord(r.topic(), r.partition(), r.offset(), time(r),
                        e.getReport().getRevision(), e.getMetadata().getEnrichedAt(),
                        String.valueOf(e.getMetadata().getCatalogVersion()),
                        e.getGroups().stream().map(GroupTag::getId).map(String::valueOf).toList());
            } catch (RuntimeException ex) {
                return new ReportTrace.TopicRecord(r.topic(), r.partition(), r.offset(), time(r), null, null, null,
                        null);
            }
        });
    }

    @Override
    public List<ReportTrace.DeadLetterRecord> deadLetters(String id) throws TraceSources.TraceUnavailableException {
        List<ReportTrace.DeadLetterRecord> out = new ArrayList<>();
        for (String topic : List.of(Topics.REPORTS_DLQ, Topics.ALERTS_DLQ)) {
            out.addAll(search(topic, null, null, r -> id.equals(key(r)), r -> new ReportTrace.DeadLetterRecord(
                    r.topic(), r.partition(), r.offset(), time(r), header(r, DeadLetterHeaders.STAGE),
                    header(r, DeadLetterHeaders.SERVICE), simpleName(header(r, DeadLetterHeaders.ERROR_CLASS)),
                    header(r, DeadLetterHeaders.ERROR_MESSAGE), header(r, DeadLetterHeaders.TOPIC),
                    parseInt(header(r, DeadLetterHeaders.PARTITION)), parseLong(header(r, DeadLetterHeaders.OFFSET)))));
        }
        return out;
    }

    @Override
    public List<ReportTrace.AlertRecord> alerts(String id, Instant from) throws TraceSources.TraceUnavailableException {
        return search(Topics.ALERTS, null, from, r -> id.equals(header(r, "ce_subject")),
                r -> new ReportTrace.AlertRecord(r.topic(), r.partition(), r.offset(), time(r), header(r, "ce_id"),
                        header(r, "ce_type"), key(r)));
    }

    /**
     * Reads {@code topic} (only the partition of {@code key} when given) from {@code from} to the end and maps the
     * records {@code wanted} accepts.
     */
    private <T> List<T> search(String topic, String key, Instant from,
                               Predicate<ConsumerRecord<byte[], byte[]>> wanted,
                               Function<ConsumerRecord<byte[], byte[]>, T> map)
            throws TraceSources.TraceUnavailableException {
        Map<String, Object> config = kafka.consumer(null, "store-service-trace",
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = new ArrayList<>();
            if (key != null) {
                int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % infos.size();
                partitions.add(new TopicPartition(topic, p));
            } else {
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, OffsetAndTimestamp> atTime = from == null ? Map.of() : consumer.offsetsForTimes(
                    partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> from.toEpochMilli())),
                    TIMEOUT);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp t = atTime.get(tp);
                long start = from == null ? begin.get(tp) : t == null ? end.get(tp) : t.offset();
                start = Math.max(start, end.get(tp) - MAX_RECORDS);
                if (start < end.get(tp)) {
                    consumer.seek(tp, start);
                    open.add(tp);
                }
            }
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            List<T> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TraceSources.TraceUnavailableException("reading " + topic + " took longer than "
                            + TIMEOUT.toSeconds() + " s; is Kafka overloaded?", null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (wanted.test(r)) {
                        out.add(map.apply(r));
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
            return out;
        } catch (KafkaException e) {
            throw new TraceSources.TraceUnavailableException("Kafka did not answer while reading " + topic + " ("
                    + e.getMessage() + "); check KAFKA_BOOTSTRAP_SERVERS and that the broker is up", e);
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static Instant time(ConsumerRecord<byte[], byte[]> r) {
        return Instant.ofEpochMilli(r.timestamp());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String simpleName(String className) {
        if (className == null) {
            return null;
        }
        String s = className.substring(className.lastIndexOf('.') + 1);
        return s.substring(s.lastIndexOf('$') + 1);
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
