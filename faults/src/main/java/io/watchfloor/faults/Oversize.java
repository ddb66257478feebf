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
 * must be stored (no stalled partition). Right after it, on the same partition, a raw report with
 * {@link #RAW_OVERSIZE_TEXT_BYTES} of text, itself bigger than enrich's producer may send ({@code max.request.size},
 * max-record-bytes + 64 KiB) and so bigger than a dead letter carrying it whole: it must be dead-lettered once with
 * the first bytes of its value only, {@code dlq.value.truncated=true} and {@code dlq.value.original.bytes}, and the
 * followers behind both stored.
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
    /**
     * Text of the second oversize raw report: the raw record (about 1,500,200 bytes) is above enrich's producer limit
     * (max-record-bytes + 64 KiB = 1,065,536), so its dead letter cannot carry it whole. lz4 makes the repetitive
     * text a batch of a few KiB, far under the raw topic's {@code max.message.bytes}.
     */
    static final int RAW_OVERSIZE_TEXT_BYTES = 1_500_000;
    /** What a truncated dead letter's value may be at most (enrich keeps the first 64 KiB). */
    static final int TRUNCATED_VALUE_MAX = 64 * 1024;
    static final int FOLLOWERS = 3;

    /** Body size -> HTTP status (or the exception) ingest answered. */
    private final Map<Integer, String> answers = new TreeMap<>();
    private final Map<Integer, String> bodyMarkers = new TreeMap<>();
    private String oversizeId;
    private RecordMetadata oversizeAt;
    private int oversizeBytes;
    private String rawOversizeId;
    private RecordMetadata rawOversizeAt;
    private byte[] rawOversizeValue;
    /** The lz4 producer's largest batch (compressed bytes) and the raw topic's {@code max.message.bytes}. */
    private double compressedBatchMax = -1;
    private long rawLimit = -1;
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
        return 4;
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
        rawOversizeId = null;
        rawOversizeAt = null;
        rawOversizeValue = null;
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
            // the second one on the same partition, so the followers are behind both
            for (int i = 0; rawOversizeId == null && i < 10_000; i++) {
                String id = "r-" + run.marker + "-oversize-raw-" + i;
                if (partitionOf(id, run.rawStart.size()) == oversizeAt.partition()) {
                    rawOversizeId = id;
                }
            }
            StringBuilder rawText = new StringBuilder(RAW_OVERSIZE_TEXT_BYTES)
                    .append("Raw record over enrich's producer limit, test 9 ");
            filler(rawText, RAW_OVERSIZE_TEXT_BYTES - rawText.length());
            rawOversizeValue = RawRecords.serialize(run.stack, RawRecords.report(rawOversizeId, "[" + run.marker
                    + "-oversize-raw] a raw record over enrich's producer limit", rawText.toString()));
            rawOversizeAt = RawRecords.produce(big, rawOversizeId, rawOversizeValue);
            compressedBatchMax = big.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("batch-size-max")
                            && e.getKey().group().equals("producer-metrics"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).max().orElse(-1);
        }
        try (Admin admin = run.probe.admin()) {
            ConfigResource enriched = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTS_ENRICHED);
            ConfigResource rawTopic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTS_RAW);
            var configs = admin.describeConfigs(List.of(enriched, rawTopic)).all().get(30, TimeUnit.SECONDS);
            enrichedLimit = Long.parseLong(configs.get(enriched).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            rawLimit = Long.parseLong(configs.get(rawTopic).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
        }
        try (KafkaProducer<String, byte[]> producer = RawRecords.producer(run.probe)) {
            run.accept(oversizeId);
            run.accept(rawOversizeId);
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
        run.status(String.format("raw report of %d bytes (text %d) produced to partition %d offset %d, one of %d "
                + "bytes (text %d) at offset %d (largest lz4 batch %.0f bytes, the raw topic's max.message.bytes %d); "
                + "%d small ones behind them", oversizeBytes, OVERSIZE_TEXT_BYTES, oversizeAt.partition(),
                oversizeAt.offset(), rawOversizeValue.length, RAW_OVERSIZE_TEXT_BYTES, rawOversizeAt.offset(),
                compressedBatchMax, rawLimit, followers.size()));
        run.faultDone(); // the enriched record over the limit
        run.faultDone(); // the raw record over enrich's producer limit
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
        List<String> leaked = new ArrayList<>();
        int[] scanned = {0};
        run.probe.read(Topics.REPORTS_RAW, run.rawStart, r -> {
            scanned[0]++;
            bodyMarkers.forEach((size, marker) -> {
                if (RawRecords.contains(r.value(), marker.getBytes(StandardCharsets.US_ASCII))) {
                    leaked.add(size + " bytes at " + r.partition() + "/" + r.offset());
                }
            });
        });
        run.check("nothing of them in the raw topic", leaked.isEmpty() && bodyMarkers.size() == 2,
                leaked.isEmpty() ? scanned[0] + " raw records of the test scanned, neither body's marker in any"
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
        List<PipelineProbe.DeadLetterRecord> rawLetters = run.deadLetters.stream()
                .filter(l -> rawOversizeId != null && rawOversizeId.equals(l.key())).toList();
        Map<String, String> rh = rawLetters.isEmpty() ? Map.of() : rawLetters.get(0).headers();
        byte[] kept = rawLetters.isEmpty() || rawLetters.get(0).value() == null ? new byte[0]
                : rawLetters.get(0).value();
        boolean rawWhere = rawOversizeAt != null && Topics.REPORTS_RAW.equals(rh.get(DeadLetterHeaders.TOPIC))
                && Integer.toString(rawOversizeAt.partition()).equals(rh.get(DeadLetterHeaders.PARTITION))
                && Long.toString(rawOversizeAt.offset()).equals(rh.get(DeadLetterHeaders.OFFSET));
        boolean rawTruncated = rawOversizeValue != null
                && "true".equals(rh.get(DeadLetterHeaders.VALUE_TRUNCATED))
                && Integer.toString(rawOversizeValue.length).equals(rh.get(DeadLetterHeaders.VALUE_ORIGINAL_BYTES))
                && kept.length > 0 && kept.length <= TRUNCATED_VALUE_MAX
                && java.util.Arrays.equals(kept, 0, kept.length, rawOversizeValue, 0, kept.length)
                && rh.get(DeadLetterHeaders.STAGE) != null && rh.get(DeadLetterHeaders.ERROR_CLASS) != null;
        run.check("raw record over enrich's producer limit dead-lettered once, truncated",
                rawLetters.size() == 1 && rawWhere && rawTruncated,
                rawLetters.size() + " dead letter(s) for " + rawOversizeId + " (raw record of "
                        + (rawOversizeValue == null ? "?" : rawOversizeValue.length) + " bytes, largest lz4 batch "
                        + String.format("%.0f", compressedBatchMax) + " bytes, the raw topic's max.message.bytes "
                        + rawLimit + ")" + (rawLetters.isEmpty() ? "" : ": " + rawLetters.get(0).reason()
                        + " from " + rh.get(DeadLetterHeaders.TOPIC) + "/" + rh.get(DeadLetterHeaders.PARTITION)
                        + "/" + rh.get(DeadLetterHeaders.OFFSET) + "; " + DeadLetterHeaders.VALUE_TRUNCATED + "="
                        + rh.get(DeadLetterHeaders.VALUE_TRUNCATED) + ", " + DeadLetterHeaders.VALUE_ORIGINAL_BYTES
                        + "=" + rh.get(DeadLetterHeaders.VALUE_ORIGINAL_BYTES) + ", value " + kept.length
                        + " bytes" + (rawTruncated ? ", the original's first bytes" : "")));
        Set<String> after = followers.keySet();
        Map<String, Integer> rows = run.probe.rowsFor(after);
        long stored = after.stream().filter(id -> rows.getOrDefault(id, 0) == 1).count();
        RawRecords.Answer health = RawRecords.enrichHealth(run.stack);
        long failuresAfter = RawRecords.threadFailures(health);
        boolean up = health.status() == 200 && "UP".equals(health.json().path("status").asText());
        run.check("no retry loop, no stalled partition", stored == FOLLOWERS && up && failuresBefore >= 0
                        && failuresAfter == failuresBefore,
                stored + " of " + FOLLOWERS + " reports produced behind them on partition "
                        + (oversizeAt == null ? "?" : oversizeAt.partition()) + " stored; enrich-service /health "
                        + health.status() + " " + health.json().path("status").asText()
                        + "; stream-thread failures " + failuresBefore + " before, " + failuresAfter + " after");
    }
}
