package io.watchfloor.faults;

import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.RawReport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;

/**
 * Test 9: oversize input. At 25% of the load two bodies of 1 MiB + 1 and 20 MiB are POSTed to ingest (its limit is
 * 1 MiB): both must be answered 413 and nothing of them may reach the raw topic. At 50% a raw report with
 * {@link #OVERSIZE_TEXT_BYTES} of text is produced straight to the raw topic: its enriched record (the report plus its
 * tags) exceeds enrich-service's {@code max-record-bytes} (1,000,000) and the enriched topic's
 * {@code max.message.bytes}, so enrich must dead-letter it once at stage {@code size} ({@code RecordTooLarge}) instead
 * of failing its transaction over and over; {@link #FOLLOWERS} small reports produced after it to the same partition
 * must be stored (no stalled partition).
 */
final class Oversize implements FaultTest {
    static final int INGEST_LIMIT = 1_048_576;
    /**
     * Text of the oversize raw report: its enriched record (about 1,060,500 bytes) exceeds both enrich-service's
     * {@code max-record-bytes} and the enriched topic's {@code max.message.bytes} (the broker's 1,048,588), while the
     * raw record itself, and its dead letter, still fit enrich's producer (its {@code max.request.size} is
     * max-record-bytes + 64 KiB). It reaches the raw topic compressed (lz4), as the broker's limit is on batches.
     */
    static final int OVERSIZE_TEXT_BYTES = 1_060_000;
    static final int FOLLOWERS = 3;

    /** Body size -> HTTP status (or the exception) ingest answered. */
    private final Map<Integer, String> answers = new TreeMap<>();
    private final Map<Integer, String> bodyMarkers = new TreeMap<>();
    private String oversizeId;
    private RecordMetadata oversizeAt;
    private int oversizeBytes;
    private final Map<String, RecordMetadata> followers = new LinkedHashMap<>();
    private long failuresBefore = -1;
    /** The enriched topic's {@code max.message.bytes}. */
    private long enrichedLimit = -1;

    @Override
    public int number() {
        return 9;
    }

    @Override
    public String name() {
        return "oversize bodies and enriched record";
    }

    @Override
    public String fault() {
        return "oversize input";
    }

    @Override
    public int planned(SuiteConfig config) {
        return 3;
    }

    /** A JSON report body of exactly {@code size} bytes whose text carries {@code marker}. */
    static byte[] body(int size, String marker) {
        String head = "{\"title\":\"[" + marker + "] oversize body\",\"text\":\"" + marker + " ";
        String tail = "\"}";
        int fill = size - head.length() - tail.length();
        if (fill < 0) {
            throw new IllegalArgumentException("a body of " + size + " bytes cannot hold the marker");
        }
        StringBuilder b = new StringBuilder(size).append(head);
        filler(b, fill);
        return b.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Appends {@code n} characters of plain words (no JSON escapes, ASCII). */
    static void filler(StringBuilder b, int n) {
        String words = "the quick analyst reads another long paragraph about nothing in particular ";
        for (int i = 0; i < n; i++) {
            b.append(words.charAt(i % words.length()));
        }
    }

    /** The partition the default partitioner picks for {@code key} among {@code partitions}. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void inject(TestRun run) throws Exception {
        answers.clear();
        bodyMarkers.clear();
        followers.clear();
        oversizeId = null;
        failuresBefore = RawRecords.threadFailures(RawRecords.enrichHealth(run.stack));
        run.atFraction(0.25);
        for (int size : new int[] {INGEST_LIMIT + 1, 20 * INGEST_LIMIT}) {
            String marker = "OVERSIZE-BODY-" + run.marker + "-" + size;
            bodyMarkers.put(size, marker);
            answers.put(size, post(run, body(size, marker), run.marker + "-oversize-" + size));
            run.status("POST /reports with a body of " + size + " bytes: " + answers.get(size));
            run.faultDone();
        }
        run.atFraction(0.5);
        oversizeId = "r-" + run.marker + "-oversize-enriched";
        StringBuilder text = new StringBuilder(OVERSIZE_TEXT_BYTES).append("Oversize report of test 9 ");
        filler(text, OVERSIZE_TEXT_BYTES - text.length());
        RawReport report = RawRecords.report(oversizeId, "[" + run.marker + "-oversize] an enriched record over "
                + "the limit", text.toString());
        byte[] value = RawRecords.serialize(run.stack, report);
        oversizeBytes = value.length;
        try (KafkaProducer<String, byte[]> big = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.probe.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * INGEST_LIMIT), new StringSerializer(),
                new ByteArraySerializer())) {
            oversizeAt = RawRecords.produce(big, oversizeId, value);
        }
        try (Admin admin = run.probe.admin()) {
            ConfigResource enriched = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTS_ENRICHED);
            enrichedLimit = Long.parseLong(admin.describeConfigs(List.of(enriched)).all().get(30, TimeUnit.SECONDS)
                    .get(enriched).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        }
        try (KafkaProducer<String, byte[]> producer = RawRecords.producer(run.probe)) {
            run.accept(oversizeId);
            int partitions = run.rawStart.size();
            // small reports behind it on its partition: stored only if the partition moves on
            for (int i = 0; followers.size() < FOLLOWERS && i < 10_000; i++) {
                String id = "r-" + run.marker + "-after-oversize-" + i;
                if (partitionOf(id, partitions) != oversizeAt.partition()) {
                    continue;
                }
                RawReport small = RawRecords.report(id, "[" + run.marker + "-after-oversize-" + i
                        + "] behind the oversize record", "A small report produced after the oversize one ("
                        + id + ").");
                followers.put(id, RawRecords.produce(producer, id, RawRecords.serialize(run.stack, small)));
                run.accept(id);
            }
        }
        run.status(String.format("raw report of %d bytes (text %d) produced to partition %d offset %d; %d small "
                + "ones behind it", oversizeBytes, OVERSIZE_TEXT_BYTES, oversizeAt.partition(), oversizeAt.offset(),
                followers.size()));
        run.faultDone();
    }

    private static String post(TestRun run, byte[] body, String key) {
        try {
            HttpResponse<String> r = RawRecords.HTTP.send(HttpRequest.newBuilder(
                            URI.create(run.stack.ingestUrl() + "/reports"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .header("X-API-Key", run.stack.apiKey()).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return Integer.toString(r.statusCode());
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Override
    public void verify(TestRun run) throws Exception {
        run.check("413 for 1 MiB + 1 and 20 MiB bodies", answers.size() == 2
                        && answers.values().stream().allMatch("413"::equals),
                "answers by body size in bytes: " + answers);
        // nothing of either body reached Kafka: no raw record of this test carries its marker
        List<ConsumerRecord<byte[], byte[]>> raw = run.probe.read(Topics.REPORTS_RAW, run.rawStart);
        List<String> leaked = new ArrayList<>();
        bodyMarkers.forEach((size, marker) -> {
            byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
            for (ConsumerRecord<byte[], byte[]> r : raw) {
                if (RawRecords.contains(r.value(), needle)) {
                    leaked.add(size + " bytes at " + r.partition() + "/" + r.offset());
                }
            }
        });
        run.check("nothing of them in the raw topic", leaked.isEmpty() && bodyMarkers.size() == 2,
                leaked.isEmpty() ? raw.size() + " raw records of the test scanned, neither body's marker in any"
                        : "found: " + leaked);
        List<PipelineProbe.DeadLetterRecord> letters = run.deadLetters.stream()
                .filter(l -> oversizeId != null && oversizeId.equals(l.key())).toList();
        Map<String, String> h = letters.isEmpty() ? Map.of() : letters.get(0).headers();
        boolean where = oversizeAt != null && Topics.REPORTS_RAW.equals(h.get(DeadLetterHeaders.TOPIC))
                && Integer.toString(oversizeAt.partition()).equals(h.get(DeadLetterHeaders.PARTITION))
                && Long.toString(oversizeAt.offset()).equals(h.get(DeadLetterHeaders.OFFSET));
        String message = h.getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Enriched record of (\\d+) bytes")
                .matcher(message);
        long enrichedBytes = m.find() ? Long.parseLong(m.group(1)) : -1;
        boolean why = "size".equals(h.get(DeadLetterHeaders.STAGE))
                && h.getOrDefault(DeadLetterHeaders.ERROR_CLASS, "").endsWith("RecordTooLarge")
                && message.contains("exceeds the limit") && enrichedLimit > 0 && enrichedBytes > enrichedLimit;
        run.check("oversize enriched record dead-lettered once with its reason", letters.size() == 1 && where && why,
                letters.size() + " dead letter(s) for " + oversizeId + " (raw record of " + oversizeBytes + " bytes)"
                        + (letters.isEmpty() ? "" : ": " + letters.get(0).reason() + " from "
                        + h.get(DeadLetterHeaders.TOPIC) + "/" + h.get(DeadLetterHeaders.PARTITION) + "/"
                        + h.get(DeadLetterHeaders.OFFSET)) + "; the enriched topic's max.message.bytes "
                        + enrichedLimit);
        Set<String> after = followers.keySet();
        Map<String, Integer> rows = run.probe.rowsFor(after);
        long stored = after.stream().filter(id -> rows.getOrDefault(id, 0) == 1).count();
        RawRecords.Answer health = RawRecords.enrichHealth(run.stack);
        long failuresAfter = RawRecords.threadFailures(health);
        boolean up = health.status() == 200 && "UP".equals(health.json().path("status").asText());
        run.check("no retry loop, no stalled partition", stored == FOLLOWERS && up && failuresBefore >= 0
                        && failuresAfter == failuresBefore,
                stored + " of " + FOLLOWERS + " reports produced behind it on partition "
                        + (oversizeAt == null ? "?" : oversizeAt.partition()) + " stored; enrich-service /health "
                        + health.status() + " " + health.json().path("status").asText()
                        + "; stream-thread failures " + failuresBefore + " before, " + failuresAfter + " after");
    }
}
