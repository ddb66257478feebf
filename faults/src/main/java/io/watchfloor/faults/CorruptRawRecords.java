package io.watchfloor.faults;

import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Corrupt records produced straight into the raw topic, copies of one of the test's own raw records made
 * undecodable in turn (bad magic byte, unknown schema id, truncated), and the checks that each became exactly one
 * dead letter naming where it was produced. Shared by tests 6 (1% corrupt records) and 8 (the dead-letter topic
 * missing while enrich must dead-letter).
 */
final class CorruptRawRecords implements AutoCloseable {
    private final TestRun run;
    private final KafkaProducer<String, byte[]> producer;
    /** Key to where it was written, in production order. */
    private final Map<String, RecordMetadata> produced = new LinkedHashMap<>();
    private byte[] valid;

    CorruptRawRecords(TestRun run) {
        this.run = run;
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.probe.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The kind of the {@code i}-th corrupt record. */
    static String kind(int i) {
        return switch (i % 3) {
            case 0 -> "bad-magic";
            case 1 -> "unknown-schema";
            default -> "truncated";
        };
    }

    /** Produces the {@code i}-th corrupt record (of {@link #kind(int)}), waits for its acknowledgement. */
    String produce(int i) throws Exception {
        if (valid == null) {
            valid = firstRawValue(run);
        }
        String kind = kind(i);
        byte[] value = switch (kind) {
            case "bad-magic" -> withMagic(valid, (byte) 7);
            case "unknown-schema" -> withSchemaId(valid, 987_654);
            default -> Arrays.copyOf(valid, Math.max(6, valid.length / 3));
        };
        String key = "corrupt-" + run.marker + "-" + kind + "-" + i;
        produced.put(key, producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, key, value))
                .get(60, TimeUnit.SECONDS));
        return key;
    }

    /** Reads one of this test's raw records now (before a fault that would stop the read). */
    void prepare() throws InterruptedException {
        if (valid == null) {
            valid = firstRawValue(run);
        }
    }

    Map<String, RecordMetadata> produced() {
        return produced;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static byte[] firstRawValue(TestRun run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            // streamed, keeping one value: by the time of the fault the test may have written most of its reports
            byte[][] found = new byte[1][];
            run.probe.read(Topics.REPORTS_RAW, run.rawStart, r -> {
                if (found[0] == null && r.value() != null && r.value().length > 20 && r.value()[0] == 0) {
                    found[0] = r.value();
                }
            });
            if (found[0] != null) {
                return found[0];
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no raw record of this test to corrupt within 120 s");
    }

    private static byte[] withMagic(byte[] valid, byte magic) {
        byte[] copy = valid.clone();
        copy[0] = magic;
        return copy;
    }

    private static byte[] withSchemaId(byte[] valid, int id) {
        byte[] copy = valid.clone();
        ByteBuffer.wrap(copy).put(0, (byte) 0).putInt(1, id);
        return copy;
    }

    /**
     * Waits up to {@code timeout} until every produced record has a dead letter in the dead-letter topic from
     * {@code from} on; returns the dead letters by key (only the produced records').
     */
    static Map<String, List<PipelineProbe.DeadLetterRecord>> awaitDeadLetters(TestRun run,
            Map<String, RecordMetadata> produced, Map<TopicPartition, Long> from, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<PipelineProbe.DeadLetterRecord>> byKey = new HashMap<>();
        while (true) {
            byKey.clear();
            for (PipelineProbe.DeadLetterRecord l : run.probe.deadLetters(Topics.REPORTS_DLQ, from)) {
                if (l.key() != null && produced.containsKey(l.key())) {
                    byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l);
                }
            }
            if (byKey.size() >= produced.size() || System.nanoTime() > deadline) {
                return byKey;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * The two checks of test 6 on the dead letters of the produced records: each exactly once; each one's headers
     * name the raw topic, the partition and offset it was produced at, and an error class and message.
     */
    static void checkDeadLetters(TestRun run, Map<String, RecordMetadata> produced,
                                 Map<String, List<PipelineProbe.DeadLetterRecord>> byKey) {
        long once = byKey.values().stream().filter(l -> l.size() == 1).count();
        long twice = byKey.values().stream().filter(l -> l.size() > 1).count();
        run.check("dead letters = injected, exactly", once == produced.size() && twice == 0 && !produced.isEmpty(),
                produced.size() + " injected; " + once + " dead-lettered once, " + twice + " more than once, "
                        + (produced.size() - byKey.size()) + " missing");
        List<String> wrong = new ArrayList<>();
        byKey.forEach((key, letters) -> {
            Map<String, String> h = letters.get(0).headers();
            RecordMetadata m = produced.get(key);
            if (!Topics.REPORTS_RAW.equals(h.get(DeadLetterHeaders.TOPIC))
                    || !Integer.toString(m.partition()).equals(h.get(DeadLetterHeaders.PARTITION))
                    || !Long.toString(m.offset()).equals(h.get(DeadLetterHeaders.OFFSET))
                    || h.getOrDefault(DeadLetterHeaders.ERROR_CLASS, "").isBlank()
                    || h.getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, "").isBlank()) {
                wrong.add(key + " " + h);
            }
        });
        run.check("headers name topic, partition, offset, error", wrong.isEmpty() && !byKey.isEmpty(),
                wrong.isEmpty() ? byKey.size() + " dead letters checked against where each record was produced"
                        : wrong.size() + " wrong: " + wrong.get(0));
    }
}
