package io.watchfloor.enrich.reprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.kafka.ProducerTimeouts;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.topology.EnrichmentToAvro;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.registry.SchemaRegistryClient;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.registry.SchemaRegistryConfig;
import io.watchfloor.schemas.serde.AvroSerde;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./watchfloor reprocess [--since WHEN] [--group ID] [--dry-run] [--show N]}: re-enriches the raw reports
 * (the compacted {@code threat.reports.raw.v1} keeps the latest record of each) with the catalog the running
 * enrich-services use (the latest record of {@code threat.catalog.groups.v1}, else the bundled one), compares each
 * with what store-service holds and prints the diff: added and removed group and entity tags with their evidence,
 * and counts per group. Without {@code --dry-run} it publishes the changed reports' new enrichments (same id and
 * revision, later enrichment time) to {@code threat.reports.enriched.v1}: the store replaces the old ones and
 * alert-service raises alerts only where a subscription's match changed.
 */
public final class ReprocessCommand {
    static final String USAGE = "usage: watchfloor reprocess [--since WHEN] [--group ID] [--dry-run] [--show N]\n"
            + "  WHEN: an ISO instant, a date (2026-12-03) or a duration back from now (PT24H, 7d); default: all\n"
            + "  --group ID: only reports that have group ID before or after; --show N: print N report diffs "
            + "(default 50)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ReprocessCommand() {
    }

    /** Parsed flags. */
    record Args(Instant since, String group, boolean dryRun, int show) {
    }

    static Args parse(List<String> args, Instant now) {
        Instant since = null;
        String group = null;
        boolean dryRun = false;
        int show = 50;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--since" -> since = when(value(args, ++i, a), now);
                case "--group" -> group = value(args, ++i, a).strip();
                case "--dry-run" -> dryRun = true;
                case "--show" -> show = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        return new Args(since, group, dryRun, show);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    static Instant when(String s, Instant now) {
        String v = s.strip();
        try {
            if (v.toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
                return now.minus(Duration.parse(v.toUpperCase(java.util.Locale.ROOT)));
            }
            if (v.matches("\\d+d")) {
                return now.minus(Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1))));
            }
            if (v.matches("\\d+h")) {
                return now.minus(Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1))));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read --since '" + s + "': give an ISO instant, a date "
                    + "(2026-12-03) or a duration back from now (PT24H, 7d)");
        }
    }

    public static void main(String[] argv) {
        int code;
        try {
            code = run(List.of(argv), System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    static int run(List<String> argv, Map<String, String> env, PrintStream out) {
        Args args = parse(argv, Instant.now());
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String storeUrl = env.getOrDefault("WATCHFLOOR_STORE_URL", "http://localhost:8082");
        SchemaRegistryConfig registryConfig = SchemaRegistryConfig.of(env.getOrDefault("SCHEMA_REGISTRY_URL",
                "http://localhost:8081"));
        String auth = env.get("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
        if (auth != null && auth.contains(":")) {
            registryConfig = registryConfig.withBasicAuth(auth.substring(0, auth.indexOf(':')),
                    auth.substring(auth.indexOf(':') + 1));
        }
        SchemaRegistryClient registry = SchemaRegistryClients.create(registryConfig);
        ClientSettings kafka = ClientSettings.forBootstrap(bootstrap);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        requireStore(http, storeUrl);

        GroupCatalog catalog;
        try {
            catalog = currentCatalog(kafka);
        } catch (KafkaException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " does not answer (" + e.getMessage()
                    + "). Is the stack running? ./watchfloor status; ./watchfloor up starts it.");
        }
        Enricher enricher = new DefaultEnricher(catalog);
        AvroSerde<RawReport> rawSerde = new AvroSerde<>(RawReport.class, registry, false, false);
        AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
        Map<String, ConsumerRecord<String, byte[]>> latest = readRaw(kafka, args.since());
        out.printf("Reprocessing %d raw report(s)%s with catalog %s (%d groups)%s%n", latest.size(),
                args.since() == null ? "" : " ingested since " + args.since(), catalog.version(),
                catalog.groups().size(), args.dryRun() ? ", dry run: nothing is published" : "");

        Instant enrichedAt = Clock.systemUTC().instant();
        List<TagDiff.ReportDiff> changed = new ArrayList<>();
        List<EnrichedReport> toPublish = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        int undecodable = 0;
        int unchanged = 0;
        for (ConsumerRecord<String, byte[]> record : latest.values()) {
            RawReport raw;
            try {
                raw = rawSerde.deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
                undecodable++;
                continue;
            }
            EnrichedReport neu = EnrichmentToAvro.toAvro(raw, enricher.enrich(EnrichmentToAvro.reportText(raw)),
                    enrichedAt);
            JsonNode stored = storedDocument(http, storeUrl, raw.getId().toString());
            List<TagDiff.Tag> before = stored == null ? List.of() : Tags.of(stored);
            List<TagDiff.Tag> after = Tags.of(neu);
            if (args.group() != null && !TagDiff.hasGroup(before, args.group())
                    && !TagDiff.hasGroup(after, args.group())) {
                continue;
            }
            TagDiff.ReportDiff diff = TagDiff.diff(raw.getId().toString(),
                    raw.getTitle() == null ? "" : raw.getTitle().toString(), stored != null, before, after);
            if (!diff.changed()) {
                unchanged++;
                continue;
            }
            changed.add(diff);
            toPublish.add(neu);
            timestamps.add(record.timestamp());
        }
        print(changed, unchanged, undecodable, args, out);
        if (args.dryRun() || toPublish.isEmpty()) {
            if (args.dryRun() && !toPublish.isEmpty()) {
                out.println("Dry run: nothing was published. Run again without --dry-run to apply.");
            }
            return 0;
        }
        publish(kafka, enrichedSerde, toPublish, timestamps, out);
        return 0;
    }

    private static void print(List<TagDiff.ReportDiff> changed, int unchanged, int undecodable, Args args,
                              PrintStream out) {
        out.printf("%d report(s) would change%s, %d unchanged%s%n", changed.size(),
                args.group() == null ? "" : " among those with group " + args.group(), unchanged,
                undecodable == 0 ? "" : ", " + undecodable + " undecodable (see ./watchfloor dlq list)");
        int shown = 0;
        for (TagDiff.ReportDiff d : changed) {
            if (shown++ >= args.show()) {
                out.printf("... and %d more (--show N prints more)%n", changed.size() - args.show());
                break;
            }
            out.printf("%n%s  %s%s%n", d.id(), d.title(), d.stored() ? "" : "  (not in the store yet)");
            d.added().forEach(t -> out.println("  + " + t));
            d.removed().forEach(t -> out.println("  - " + t));
        }
        Map<String, int[]> perGroup = TagDiff.perGroup(changed);
        if (!perGroup.isEmpty()) {
            out.printf("%nPer group (reports gaining / losing the tag):%n");
            perGroup.forEach((g, c) -> out.printf("  %-40s +%d  -%d%n", g, c[0], c[1]));
        }
    }

    private static void publish(ClientSettings kafka, AvroSerde<EnrichedReport> serde, List<EnrichedReport> reports,
                                List<Long> timestamps, PrintStream out) {
        var config = kafka.producer("watchfloor-reprocess", ProducerTimeouts.within(Duration.ofSeconds(60)),
                Map.of());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                EnrichedReport r = reports.get(i);
                // the record timestamp stays the ingest time, like every other record of the report
                acks.add(producer.send(new ProducerRecord<>(Topics.REPORTS_ENRICHED, null, timestamps.get(i),
                        r.getReport().getId().toString(), serde.serialize(Topics.REPORTS_ENRICHED, r))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(90, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("publishing the new enrichments failed (" + e + "); what was "
                    + "acknowledged is applied, the rest is not: run the same command again (it is idempotent)");
        }
        out.printf("Published %d new enrichment(s) to %s; store-service replaces the stored ones, alert-service "
                + "alerts only on changed matches.%n", reports.size(), Topics.REPORTS_ENRICHED);
    }

    /** The latest catalog on the catalog topic, or the bundled one when the topic is empty. */
    static GroupCatalog currentCatalog(ClientSettings kafka) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(null,
                "watchfloor-reprocess-catalog", Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        8 * 1024 * 1024, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.GROUP_CATALOG, 0);
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
            consumer.seekToBeginning(List.of(tp));
            byte[] last = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (Topics.GROUP_CATALOG_KEY.equals(r.key()) && r.value() != null) {
                        last = r.value();
                    }
                }
            }
            if (last != null) {
                try {
                    return GroupCatalog.read(new ByteArrayInputStream(last));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("the latest catalog on " + Topics.GROUP_CATALOG
                            + " cannot be read (" + e.getMessage() + "); publish a valid one first");
                }
            }
            return GroupCatalog.fromClasspath();
        }
    }

    /** The latest raw record of every report id ingested at or after {@code since} (null = all). */
    static Map<String, ConsumerRecord<String, byte[]>> readRaw(ClientSettings kafka, Instant since) {
        Map<String, ConsumerRecord<String, byte[]>> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(null,
                "watchfloor-reprocess", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.REPORTS_RAW, TIMEOUT);
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(Topics.REPORTS_RAW, i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            consumer.seekToBeginning(partitions);
            if (since != null) {
                Map<TopicPartition, Long> times = new LinkedHashMap<>();
                partitions.forEach(tp -> times.put(tp, since.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> at = consumer.offsetsForTimes(times, TIMEOUT);
                at.forEach((tp, o) -> consumer.seek(tp, o == null ? end.get(tp) : o.offset()));
            }
            List<TopicPartition> open = new ArrayList<>(partitions);
            while (!open.isEmpty()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else if (since == null || r.timestamp() >= since.toEpochMilli()) {
                        latest.remove(r.key());
                        latest.put(r.key(), r);
                    }
                }
                open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        }
        return latest;
    }

    private static void requireStore(HttpClient http, String storeUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(storeUrl + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 500 && !r.body().contains("\"database\":\"UP\"")) {
                throw new IllegalStateException("store-service at " + storeUrl + " is not healthy (" + r.body()
                        + "); the diff compares with what it stores, so fix it first (./watchfloor status)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("store-service does not answer at " + storeUrl + " (" + e.getMessage()
                    + "); the diff compares with what it stores. Start the stack with ./watchfloor up, or set "
                    + "WATCHFLOOR_STORE_URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The stored document of a report, or null when the store does not have it. */
    private static JsonNode storedDocument(HttpClient http, String storeUrl, String id) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(storeUrl + "/reports/"
                    + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return null;
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("store-service answered " + r.statusCode() + " for report " + id
                        + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("store-service stopped answering at " + storeUrl + " (" + e.getMessage()
                    + "); nothing was published, run the command again once it is up");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
