package io.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.alert.topology.AlertTopology;
import io.watchfloor.alert.topology.EnrichedAvroToAlertReport;
import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.topology.EnrichmentToAvro;
import io.watchfloor.schemas.AvroTrust;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Alert matching cost, as ratios measured side by side in one run on the same enriched records (dev-set texts run
 * through the real enricher): (1) matching with N subscriptions against matching with one; (2) the alert topology
 * against a pass-through topology with the same exactly-once settings, both in-process on TopologyTestDriver (no
 * broker: the processing cost alone). Usage:
 * {@code AlertBenchmark [--subscriptions=10000] [--records=1659] [--rounds=5] [--texts=<jsonl>]}.
 */
public final class AlertBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        AvroTrust.install();
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        int subscriptions = Integer.parseInt(opt.getOrDefault("subscriptions", "10000"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "5"));
        Path texts = Path.of(opt.getOrDefault("texts",
                "../shared/data/dev-eval/wikipedia-current-events-2025-09-14_2026-02-28.jsonl"));
        int max = Integer.parseInt(opt.getOrDefault("records", "100000"));

        var registry = new InMemorySchemaRegistryClient();
        AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
        AvroSerde<AlertEvent> alertSerde = AvroSerde.forValues(AlertEvent.class, registry);
        List<byte[]> records = new ArrayList<>();
        List<AlertReport> reports = new ArrayList<>();
        DefaultEnricher enricher = DefaultEnricher.fromClasspath();
        Set<String> vocabulary = new LinkedHashSet<>();
        Set<String> people = new LinkedHashSet<>();
        Set<String> places = new LinkedHashSet<>();
        int n = 0;
        for (String line : Files.readAllLines(texts, StandardCharsets.UTF_8)) {
            if (line.isBlank() || n >= max) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String text = node.path("text").asText("");
            String id = "bench-" + n++;
            RawReport raw = RawReport.newBuilder().setId(id)
                    .setSource(Source.newBuilder().setKind("bench").setName("dev-set").build())
                    .setTitle(node.path("category").asText(null)).setText(text).setContentType("text/plain")
                    .setLanguage("en").setIngestedAt(Instant.now()).setContentHash("h" + n).build();
            var enrichment = enricher.enrich(new ReportText(id, raw.getTitle(), text, null));
            EnrichedReport enriched = EnrichmentToAvro.toAvro(raw, enrichment, Instant.now());
            records.add(enrichedSerde.serialize(Topics.REPORTS_ENRICHED, enriched));
            reports.add(EnrichedAvroToAlertReport.map(enriched));
            for (String word : text.split("\\W+")) {
                if (word.length() > 5) {
                    vocabulary.add(word.toLowerCase());
                }
            }
            enrichment.entities().forEach(e -> (e.type().equals("LOCATION") ? places : people).add(e.name()));
        }
        System.err.printf("%d enriched records (%d bytes on average), %d subscriptions, %d rounds%n",
                records.size(), records.stream().mapToInt(b -> b.length).sum() / records.size(), subscriptions, rounds);

        CatalogGroupDirectory groups = CatalogGroupDirectory.fromClasspath();
        List<Subscription> many = generate(subscriptions, groups, new ArrayList<>(vocabulary),
                new ArrayList<>(people), new ArrayList<>(places));
        Subscription one = subscription("sub-one", SubscriptionFilter.builder().groups("iskp", "ttp").build());
        SubscriptionIndex indexOne = SubscriptionIndex.of(groups, List.of(one));
        SubscriptionIndex indexMany = SubscriptionIndex.of(groups, many);

        long candidates = 0;
        for (AlertReport report : reports) {
            candidates += indexMany.candidateCount(report);
        }
        // the same number of subscriptions on groups no dev-set report names: what cannot match must cost nothing
        Set<String> named = new java.util.HashSet<>();
        reports.forEach(rep -> rep.groups().forEach(g -> named.add(g.id())));
        List<String> absent = groups.ids().stream().filter(id -> !named.contains(id)).sorted().toList();
        List<Subscription> idle = new ArrayList<>(subscriptions);
        for (int i = 0; i < subscriptions; i++) {
            idle.add(subscription("idle-" + i, SubscriptionFilter.builder()
                    .groups(absent.get(i % absent.size()), absent.get((i * 7 + 3) % absent.size())).build()));
        }
        SubscriptionIndex indexIdle = SubscriptionIndex.of(groups, idle);
        System.err.printf("%d desk-like subscriptions: %.1f candidates per report on average%n",
                subscriptions, candidates / (double) reports.size());

        double oneRate = 0;
        double manyRate = 0;
        double idleRate = 0;
        long matchesMany = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (AlertReport report : reports) {
                indexOne.match(report);
            }
            long t1 = System.nanoTime();
            matchesMany = 0;
            for (AlertReport report : reports) {
                matchesMany += indexMany.match(report).size();
            }
            long t2 = System.nanoTime();
            for (AlertReport report : reports) {
                indexIdle.match(report);
            }
            long t3 = System.nanoTime();
            oneRate = reports.size() / ((t1 - t0) / 1e9);
            manyRate = reports.size() / ((t2 - t1) / 1e9);
            idleRate = reports.size() / ((t3 - t2) / 1e9);
            System.err.printf("round %d: 1 subscription %.0f reports/s, %d desk-like subscriptions %.0f reports/s "
                    + "(%d matches), %d that cannot match %.0f reports/s%n", r + 1, oneRate, subscriptions, manyRate,
                    matchesMany, subscriptions, idleRate);
        }

        int topologySubs = Math.min(subscriptions, 1000);
        SubscriptionIndex topologyIndex = SubscriptionIndex.of(groups, many.subList(0, topologySubs));
        double passRate = 0;
        double alertRate = 0;
        long alerts = 0;
        for (int r = 0; r < rounds; r++) {
            passRate = drive(passThrough(), records, null);
            long[] count = new long[1];
            alertRate = drive(AlertTopology.build(enrichedSerde, alertSerde,
                    AvroSerde.forValues(SourceHealth.class, registry), () -> topologyIndex,
                    new AlertTopology.Settings("alert-bench", null, 1_000_000, Clock.systemUTC())), records, count);
            alerts = count[0];
            System.err.printf("round %d: pass-through %.0f records/s, alert topology (%d subscriptions) %.0f "
                    + "records/s, %d alerts%n", r + 1, passRate, topologySubs, alertRate, alerts);
        }
        System.out.printf("| matching, %d desk-like subscriptions (%.1f matches per report) vs 1 | %.0f vs %.0f "
                + "reports/s | %.2fx |%n", subscriptions, matchesMany / (double) reports.size(), manyRate, oneRate,
                manyRate / oneRate);
        System.out.printf("| matching, %d subscriptions that cannot match vs 1 | %.0f vs %.0f reports/s | %.2fx |%n",
                subscriptions, idleRate, oneRate, idleRate / oneRate);
        System.out.printf("| alert topology (%d subscriptions, %d alerts) vs pass-through, exactly-once, in-process | "
                + "%.0f vs %.0f records/s | %.2fx |%n", topologySubs, alerts, alertRate, passRate, alertRate / passRate);
    }

    private static Topology passThrough() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.REPORTS_ENRICHED, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .to(Topics.ALERTS, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return b.build();
    }

    /** Pipes every record through {@code topology}; returns records per second; counts output in {@code out}. */
    private static double drive(Topology topology, List<byte[]> records, long[] out) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/alert-bench-"
                + System.nanoTime());
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            var input = driver.createInputTopic(Topics.REPORTS_ENRICHED, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            var output = driver.createOutputTopic(Topics.ALERTS, Serdes.String().deserializer(),
                    Serdes.ByteArray().deserializer());
            long start = System.nanoTime();
            for (int i = 0; i < records.size(); i++) {
                input.pipeInput("bench-" + i, records.get(i));
            }
            double rate = records.size() / ((System.nanoTime() - start) / 1e9);
            if (out != null) {
                out[0] = output.getQueueSize();
            }
            return rate;
        }
    }

    /** Realistic desks: mostly groups (with and without affiliates), then places, people, keywords, topics. */
    static List<Subscription> generate(int count, CatalogGroupDirectory groups, List<String> vocabulary,
                                       List<String> people, List<String> places) {
        Random random = new Random(42);
        List<String> ids = new ArrayList<>(groups.ids());
        List<String> topics = List.of("attack", "arrest", "kidnapping", "counterterrorism-cooperation", "bombing");
        List<Subscription> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SubscriptionFilter.Builder f = SubscriptionFilter.builder();
            switch (i % 10) {
                case 0, 1, 2, 3 -> f.groups(pick(ids, random), pick(ids, random));
                case 4 -> f.groups(pick(ids, random)).includeAffiliates(true);
                case 5 -> f.places(pick(places, random), pick(places, random));
                case 6 -> f.entities(pick(people, random));
                case 7, 8 -> f.keywords(pick(vocabulary, random) + " " + pick(vocabulary, random),
                        pick(vocabulary, random));
                default -> f.groups(pick(ids, random)).topics(pick(topics, random));
            }
            out.add(subscription("sub-" + i, f.build()));
        }
        return out;
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static Subscription subscription(String id, SubscriptionFilter filter) {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        return new Subscription(id, id, filter, null, null, now, now);
    }
}
