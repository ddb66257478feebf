package io.watchfloor.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.FreePorts;
import io.watchfloor.testsupport.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating the running stack with Kafka tooling, on real parts (broker process, the project's registry,
 * PostgreSQL 17, the four service JVMs): every /prometheus moves after a POST and shows lag per group;
 * {@code status} shows lag, dead letters and sources; a record the store refused is replayed after its cause is
 * fixed and stored once however often it is replayed; {@code trace} follows a report end to end; a catalog change
 * shows its diff in a dry run and, applied, leaves the new tags queryable, the old ones gone, and alerts raised
 * only for the new match.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    static LocalStack stack;
    static StackOptions options;
    static String iskpSubscription;
    static String ttpSubscription;

    @BeforeAll
    static void startStack() throws Exception {
        String repoOverride = System.getenv("WATCHFLOOR_REPO");
        Path repo = repoOverride != null ? Path.of(repoOverride)
                : StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        options = StackOptions.forTest(repo, home, FreePorts.take(8), System.out);
        stack = LocalStack.start(options);
        iskpSubscription = subscribe("ISKP desk", "iskp");
        ttpSubscription = subscribe("TTP desk", "ttp");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldMoveEveryServicesPrometheusCountersAndShowLagPerGroup() throws Exception {
        Map<String, String> before = scrapeAll();
        String id = post("Metrics probe", "Police in Quetta said ISIS-K planned the attack on the market.");
        await().atMost(WAIT).until(() -> stored(id));

        await().atMost(WAIT).until(() -> {
            Map<String, String> now = scrapeAll();
            return delta(before, now, "ingest", "watchfloor_ingest_published_total", Map.of()) >= 1
                    && delta(before, now, "enrich", "watchfloor_enrich_records_total", Map.of("outcome", "enriched"))
                    >= 1
                    && delta(before, now, "store", "watchfloor_store_reports_stored_total", Map.of()) >= 1
                    && delta(before, now, "store", "watchfloor_pipeline_ingest_to_stored_seconds_count", Map.of())
                    >= 1
                    && delta(before, now, "alert", "watchfloor_alert_alerts_total", Map.of("type", "alert.created"))
                    >= 1
                    && delta(before, now, "registry", "watchfloor_registry_requests_total", Map.of()) >= 0;
        });
        // lag per group and partition: the gauge refreshes every 15 s
        await().atMost(WAIT).until(() -> {
            Map<String, String> now = scrapeAll();
            return PrometheusText.has(now.get("enrich"), "watchfloor_consumer_lag",
                    Map.of("group", "enrich-service", "topic", Topics.REPORTS_RAW))
                    && PrometheusText.has(now.get("store"), "watchfloor_consumer_lag",
                    Map.of("group", "store-service", "topic", Topics.REPORTS_ENRICHED))
                    && PrometheusText.has(now.get("alert"), "watchfloor_consumer_lag",
                    Map.of("group", "alert-service", "topic", Topics.REPORTS_ENRICHED));
        });
        Map<String, String> after = scrapeAll();
        assertTrue(PrometheusText.has(after.get("ingest"), "watchfloor_ingest_ack_latency_seconds_bucket",
                Map.of("le", "+Inf")));
        assertTrue(PrometheusText.names(after.get("enrich")).contains("kafka_streams_records_lag_max_records"),
                "Kafka Streams' own lag meter");
        for (var e : ExportedMetrics.BY_SERVICE.entrySet()) {
            Set<String> names = PrometheusText.names(after.get(e.getKey()));
            for (String name : e.getValue()) {
                assertTrue(names.contains(name), e.getKey() + " does not export " + name
                        + " (the dashboard and docs/operations.md rely on it)");
            }
        }
    }

    @Test
    @Order(2)
    void shouldReplayARefusedRecordOnceItsCauseIsFixedAndStoreItOnceHoweverOftenReplayed() throws Exception {
        // the cause: PostgreSQL refuses the report's row (a constraint an operator added by mistake)
        sql("ALTER TABLE reports ADD CONSTRAINT ops_it_probe CHECK (title NOT LIKE 'Replay probe%') NOT VALID");
        String id = post("Replay probe", "Officials in Peshawar said ISIS-K claimed the attack on the convoy.");
        DeadLetterEntry letter = await().atMost(WAIT).until(() -> deadLetter(id), e -> e != null);
        assertEquals("store", letter.stage());
        assertEquals("store-service", letter.service());
        assertEquals(Topics.REPORTS_ENRICHED, letter.originTopic());
        assertTrue(letter.errorMessage().contains("ops_it_probe"), letter.errorMessage());
        assertFalse(stored(id));
        assertTrue(PrometheusText.sum(scrape(stack.storeUrl()), "watchfloor_dead_letters_total", Map.of("service",
                "store-service", "stage", "store", "reason", "IllegalArgumentException")) >= 1);

        String list = run(out -> DeadLetterCommand.run(options, List.of("list", "--stage", "store"), out));
        assertTrue(list.contains(letter.id()) && list.contains("key " + id), list);
        assertTrue(list.contains("reason IllegalArgumentException") && list.contains("ops_it_probe"), list);
        assertTrue(list.contains("original: " + Topics.REPORTS_ENRICHED + "-" + letter.originPartition() + "@"
                + letter.originOffset()), list);
        assertTrue(list.contains("Replay probe"), "a preview of the payload: " + list);

        String trace = run(out -> TraceCommand.run(options, List.of(id), out));
        assertTrue(trace.contains("stage store (store-service)"), trace);
        assertTrue(trace.contains("  PostgreSQL\n    not stored"), trace);
        assertTrue(trace.contains(Topics.REPORTS_RAW + "-"), trace);

        String status = run(out -> StatusCommand.run(options, out));
        assertTrue(status.matches("(?s).*threat\\.reports\\.dlq\\.v1\\s+store-service\\s+store\\s+"
                + "IllegalArgumentException\\s+1 .*"), status);
        assertTrue(status.matches("(?s).*enrich-service\\s+threat\\.reports\\.raw\\.v1\\s+\\d+ .*"), status);
        assertTrue(status.matches("(?s).*store-service\\s+threat\\.reports\\.enriched\\.v1\\s+\\d+ .*"), status);
        assertTrue(status.matches("(?s).*alert-service\\s+threat\\.reports\\.enriched\\.v1\\s+\\d+ .*"), status);
        assertTrue(status.contains("UP    store-service") && status.contains("UP    alert-service"), status);
        assertTrue(status.contains("Feed sources") && status.contains("Alert deliveries"), status);

        String dry = run(out -> DeadLetterCommand.run(options, List.of("replay", "--id", letter.id(), "--dry-run"),
                out));
        assertTrue(dry.contains("Would replay 1") && dry.contains("Dry run: nothing was written"), dry);

        sql("ALTER TABLE reports DROP CONSTRAINT ops_it_probe");      // the cause is fixed
        String replay = run(out -> DeadLetterCommand.run(options, List.of("replay", "--id", letter.id()), out));
        assertTrue(replay.contains("Replayed 1, skipped 0"), replay);
        await().atMost(WAIT).until(() -> stored(id));
        String storedAt = storedAt(id);
        double ignored = storeCounter("watchfloor_store_reports_duplicates_ignored_total");

        run(out -> DeadLetterCommand.run(options, List.of("replay", "--id", letter.id()), out));
        await().atMost(WAIT).until(() -> storeCounter("watchfloor_store_reports_duplicates_ignored_total")
                > ignored);
        assertEquals(1, count("SELECT count(*) FROM reports WHERE id = ?", id), "one row however often replayed");
        assertEquals(storedAt, storedAt(id), "the second replay changed nothing");

        String traced = run(out -> TraceCommand.run(options, List.of(id), out));
        assertTrue(traced.contains("  PostgreSQL\n    revision 1, stored "), traced);
        // three enriched records (the original and two replays), one alert: replays raise nothing new
        assertEquals(3, JSON.readTree(Http.get(stack.storeUrl() + "/reports/" + id + "/trace", WAIT).body())
                .path("enriched").size(), traced);
        assertEquals(1, alerts(iskpSubscription, id).size());
    }

    @Test
    @Order(3)
    void shouldShowACatalogChangeAsADiffThenApplyItWithAlertsOnlyForTheNewMatch() throws Exception {
        Instant since = Instant.now();
        String id = post("Checkpoint attack", "Officials in Quetta said fighters of ISWK and the Crimson Lantern "
                + "Front attacked a checkpoint on Tuesday.");
        await().atMost(WAIT).until(() -> stored(id));
        assertEquals(List.of("iskp"), groups(id));
        await().atMost(WAIT).until(() -> alerts(iskpSubscription, id).size() == 1);

        // the new catalog: "Crimson Lantern Front" becomes an alias of ttp, "ISWK" is no longer one of iskp
        publishCatalog();
        String dry = reprocess(List.of("--since", since.toString(), "--dry-run"));
        assertTrue(dry.contains("1 report(s) would change"), dry);
        assertTrue(dry.contains("+ group Tehrik-i-Taliban Pakistan (ttp) text[") && dry.contains("\"Crimson Lantern "
                + "Front\""), dry);
        assertTrue(dry.contains("- group Islamic State – Khorasan Province (iskp) text[") && dry.contains("\"ISWK\""),
                dry);
        assertTrue(dry.matches("(?s).*\\n  ttp\\s+\\+1\\s+-0.*") && dry.matches("(?s).*\\n  iskp\\s+\\+0\\s+-1.*"),
                dry);
        assertTrue(dry.contains("Dry run: nothing was published"), dry);
        assertEquals(List.of("iskp"), groups(id), "a dry run changes nothing");

        String applied = reprocess(List.of("--since", since.toString()));
        assertTrue(applied.contains("Published 1 new enrichment(s)"), applied);
        await().atMost(WAIT).until(() -> groups(id).equals(List.of("ttp")));
        assertTrue(listed("ttp").contains(id), "the new tag is queryable");
        assertFalse(listed("iskp").contains(id), "the old tag is gone");
        await().atMost(WAIT).until(() -> alerts(ttpSubscription, id).size() == 1);
        assertEquals(1, alerts(iskpSubscription, id).size(), "no alert for a match that went away");

        String again = reprocess(List.of("--since", since.toString(), "--dry-run"));
        assertTrue(again.contains("0 report(s) would change"), "applied: nothing left to change: " + again);
    }

    // ---- helpers ----

    /** Runs a command that prints to a stream and returns what it printed. */
    private interface Command {
        int run(PrintStream out) throws Exception;
    }

    private static String run(Command command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            command.run(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        return text;
    }

    private static String reprocess(List<String> args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = ReprocessLauncher.run(options, args, out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertEquals(0, code, text);
        return text;
    }

    private static String subscribe(String name, String group) throws Exception {
        Http.Response r = Http.postJson(stack.alertUrl() + "/subscriptions", "{\"name\":\"" + name
                + "\",\"filter\":{\"groups\":[\"" + group + "\"]}}", WAIT, stack.apiKey());
        assertEquals(201, r.status(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    private static String post(String title, String text) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("title", title + " " + System.nanoTime()).put("text", text);
        Http.Response r = Http.postJson(stack.ingestUrl() + "/reports", body.toString(), WAIT, stack.apiKey());
        assertEquals(202, r.status(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    private static boolean stored(String id) throws Exception {
        return Http.get(stack.storeUrl() + "/reports/" + id, WAIT).status() == 200;
    }

    private static List<String> groups(String id) throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(Http.get(stack.storeUrl() + "/reports/" + id, WAIT).body()).path("groups")
                .forEach(g -> out.add(g.path("id").asText()));
        return out;
    }

    private static String listed(String group) throws Exception {
        return Http.get(stack.storeUrl() + "/reports?limit=200&group=" + group, WAIT).body();
    }

    private static Map<String, String> scrapeAll() throws Exception {
        return Map.of("ingest", scrape(stack.ingestUrl()), "enrich", scrape(stack.enrichUrl()),
                "store", scrape(stack.storeUrl()), "alert", scrape(stack.alertUrl()),
                "registry", scrape(stack.registryUrl()));
    }

    private static String scrape(String base) throws Exception {
        Http.Response r = Http.getText(base + "/prometheus", WAIT);
        assertEquals(200, r.status(), base + "/prometheus: " + r.body());
        return r.body();
    }

    private static double delta(Map<String, String> before, Map<String, String> after, String service, String name,
                                Map<String, String> labels) {
        return PrometheusText.sum(after.get(service), name, labels)
                - PrometheusText.sum(before.get(service), name, labels);
    }

    private static double storeCounter(String name) throws Exception {
        return PrometheusText.sum(scrape(stack.storeUrl()), name, Map.of());
    }

    private static DeadLetterEntry deadLetter(String key) {
        try (DeadLetterLog log = new DeadLetterLog(stack.kafkaBootstrapServers())) {
            return log.read(Instant.EPOCH).stream().filter(e -> key.equals(e.key())).findFirst().orElse(null);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> alerts(String subscription, String reportId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = c.partitionsFor(Topics.ALERTS).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(Topics.ALERTS, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            var end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
                    Header subject = r.headers().lastHeader("ce_subject");
                    if (subscription.equals(r.key()) && subject != null
                            && reportId.equals(new String(subject.value(), StandardCharsets.UTF_8))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    private static void publishCatalog() throws Exception {
        ObjectNode catalog = (ObjectNode) JSON.readTree(options.repoRoot()
                .resolve("enrich-domain/src/main/resources/catalog/groups.json").toFile());
        for (JsonNode g : catalog.withArray("groups")) {
            ArrayNode aliases = (ArrayNode) g.path("aliases");
            if ("iskp".equals(g.path("id").asText())) {
                for (int i = aliases.size() - 1; i >= 0; i--) {
                    if ("ISWK".equals(aliases.get(i).path("text").asText())) {
                        aliases.remove(i);
                    }
                }
            }
            if ("ttp".equals(g.path("id").asText())) {
                ObjectNode alias = aliases.get(0).deepCopy();
                alias.put("text", "Crimson Lantern Front").put("caseSensitive", false);
                aliases.add(alias);
            }
        }
        catalog.put("version", "groups-ops-it");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.GROUP_CATALOG, Topics.GROUP_CATALOG_KEY,
                    JSON.writeValueAsBytes(catalog))).get();
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long count(String query, String id) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String storedAt(String id) throws Exception {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT stored_at::text FROM reports WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
