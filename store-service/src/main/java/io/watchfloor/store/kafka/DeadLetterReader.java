package io.watchfloor.store.kafka;

import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.ops.DeadLetterSummary;
import io.watchfloor.store.domain.ops.DeadLetters;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic read with a plain consumer that joins no group and commits nothing: the total from
 * the partitions' offsets, the reasons from the newest records of each partition. Every wait is bounded.
 */
@Singleton
public class DeadLetterReader implements DeadLetters {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final ClientSettings kafka;
    private final String topic;

    public DeadLetterReader(ClientSettings kafka, AnalystViewSettings settings) {
        this.kafka = kafka;
        this.topic = settings.deadLetterTopic();
    }

    @Override
    public DeadLetterSummary summary(int sample, int newest) throws DependencyUnavailableException {
        Map<String, Object> config = kafka.admin("store-service-dead-letter-view");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return new DeadLetterSummary(topic, 0, 0, Map.of(), Map.of(), Map.of(), List.of());
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long total = 0;
            consumer.assign(partitions);
            Map<TopicPartition, Long> wanted = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long b = begin.getOrDefault(tp, 0L);
                long e = end.getOrDefault(tp, 0L);
                total += e - b; // transaction markers count too: an upper bound when producers are transactional
                consumer.seek(tp, Math.max(b, e - sample));
                wanted.put(tp, e);
            }
            List<DeadLetterSummary.Letter> letters = read(consumer, wanted);
            Map<String, Long> byStage = new LinkedHashMap<>();
            Map<String, Long> byService = new LinkedHashMap<>();
            Map<String, Long> byError = new LinkedHashMap<>();
            for (DeadLetterSummary.Letter l : letters) {
                byStage.merge(l.stage(), 1L, Long::sum);
                byService.merge(l.service(), 1L, Long::sum);
                byError.merge(l.errorClass(), 1L, Long::sum);
            }
            letters.sort(Comparator.comparing(DeadLetterSummary.Letter::time).reversed());
            return new DeadLetterSummary(topic, total, letters.size(), sorted(byStage), sorted(byService),
                    sorted(byError), List.copyOf(letters.subList(0, Math.min(newest, letters.size()))));
        } catch (KafkaException e) {
            throw new DependencyUnavailableException("Cannot read " + topic + " at " + kafka.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Polls until every partition reached the end offset it had, or the time is up. */
    private static List<DeadLetterSummary.Letter> read(KafkaConsumer<byte[], byte[]> consumer,
                                                       Map<TopicPartition, Long> end) {
        List<DeadLetterSummary.Letter> letters = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && end.entrySet().stream()
                .anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    letters.add(letter(r));
                }
            }
        }
        return letters;
    }

    private static DeadLetterSummary.Letter letter(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetterSummary.Letter(Instant.ofEpochMilli(r.timestamp()),
                r.key() == null ? null : cap(new String(r.key(), StandardCharsets.UTF_8), 200),
                header(r, DeadLetterHeaders.STAGE), header(r, DeadLetterHeaders.SERVICE),
                header(r, DeadLetterHeaders.ERROR_CLASS), cap(header(r, DeadLetterHeaders.ERROR_MESSAGE), 500),
                header(r, DeadLetterHeaders.TOPIC), header(r, DeadLetterHeaders.PARTITION),
                header(r, DeadLetterHeaders.OFFSET));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "unknown" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
