package io.watchfloor.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.FreePorts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import io.watchfloor.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on real parts (Kafka broker process, the project's registry, PostgreSQL 17, the three
 * service JVMs): POST -> raw -> enrich -> enriched -> store -> GET, poison records, a store crash mid-stream, the
 * API key, and the two demo feeds polled from the stack's loopback feed server with their shared item stored once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        String repoOverride = System.getenv("WATCHFLOOR_REPO");
        Path repo = repoOverride != null ? Path.of(repoOverride)
                : StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        // no demo batch, but the stack serves the two demo feeds and registers them with POST /sources
        stack = LocalStack.start(StackOptions.forTest(repo, home, FreePorts.take(8), System.out).withDemoFeeds(true));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRefuseWritesWithoutTheStackApiKey() throws Exception {
        String body = JSON.createObjectNode().put("title", "No key").put("text", "Nobody may post this.").toString();
        Http.Response without = Http.postJson(stack.ingestUrl() + "/reports", body, WAIT);
        assertEquals(401, without.status(), without.body());
        assertTrue(without.body().contains("X-API-Key"), without.body());
        Http.Response wrong = Http.postJson(stack.ingestUrl() + "/reports/batch", "[" + body + "]", WAIT,
                "0123456789abcdef0123456789abcdef");
        assertEquals(401, wrong.status(), wrong.body());
        Http.Response source = Http.postJson(stack.ingestUrl() + "/sources",
                "{\"url\": \"" + stack.demoFeedUrl() + "/demo/feeds/desk-rss.xml\"}", WAIT);
        assertEquals(401, source.status(), source.body());
        assertEquals(stack.apiKey(), Files.readString(home.resolve("api-key")).trim());
    }

    @Test
    @Order(1) // first: the sources' health shows their first poll (the next one is ~5 min later)
    void shouldStoreTheDemoFeedItemsAndTheItemInBothFeedsOnlyOnce() throws Exception {
        // both feeds were registered by the stack; every item reaches the store
        await().atMost(Duration.ofSeconds(180)).until(() -> storeMatches("explosives") >= 1
                && storeMatches("Garissa") >= 1 && storeMatches(DemoFeeds.SHARED_ITEM_WORD) >= 1);
        JsonNode sources = JSON.readTree(Http.get(stack.ingestUrl() + "/sources", WAIT).body());
        List<JsonNode> demo = new ArrayList<>();
        for (JsonNode source : sources) {
            if (source.path("url").asText().startsWith(stack.demoFeedUrl() + "/demo/feeds/")) {
                demo.add(source);
            }
        }
        assertEquals(2, demo.size(), sources.toString());
        int seen = 0;
        int published = 0;
        int duplicates = 0;
        for (JsonNode source : demo) {
            JsonNode health = source.path("health");
            assertEquals("OK", health.path("status").asText(), source.toString());
            seen += health.path("itemsSeen").asInt();
            published += health.path("totalPublished").asInt();
            duplicates += health.path("duplicates").asInt() + health.path("nearDuplicates").asInt();
        }
        assertEquals(8, seen, demo.toString());
        assertEquals(7, published, "the shared item is published once: " + demo);
        assertEquals(1, duplicates, demo.toString());

        // the store holds one report for the item in both feeds, even after the others arrived
        await().atMost(WAIT).until(() -> storeMatches("Lubero") >= 1 && storeMatches("Restrepo") >= 1
                && storeMatches("Abu Khalid") >= 1 && storeMatches("airstrikes") >= 1);
        Http.Response shared = Http.get(stack.storeUrl() + "/reports?limit=50&q=" + DemoFeeds.SHARED_ITEM_WORD, WAIT);
        JsonNode reports = DemoFeeder.reportList(JSON.readTree(shared.body()));
        assertEquals(1, reports.size(), shared.body());
        assertTrue(reports.get(0).path("snippet").asText().contains("Kharan District"), shared.body());
        assertTrue(reports.get(0).path("canonicalUrl").asText().startsWith(stack.demoFeedUrl()), shared.body());
    }

    private static int storeMatches(String words) throws Exception {
        Http.Response response = Http.get(stack.storeUrl() + "/reports?limit=50&q="
                + URLEncoder.encode(words, StandardCharsets.UTF_8), Duration.ofSeconds(10));
        return response.status() == 200 ? DemoFeeder.reportList(JSON.readTree(response.body())).size() : -1;
    }

    @Test
    void shouldTagTheSeedArticleWithItsThreeGroupsAndEvidenceSpans() throws Exception {
        Path seed = SharedData.seedArticle();
        String article = Files.readString(seed, StandardCharsets.UTF_8);
        String title = article.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().trim();

        JsonNode report = postAndAwaitStored(title, article);

        String text = report.path("text").asText();
        Map<String, JsonNode> groups = byId(report.path("groups"));
        assertTrue(groups.keySet().containsAll(Set.of("iskp", "ttp", "al-qaeda")), "groups: " + groups.keySet());
        for (String id : List.of("iskp", "ttp", "al-qaeda")) {
            JsonNode evidence = groups.get(id).path("evidence");
            assertTrue(evidence.size() > 0, id + " has no evidence");
            for (JsonNode span : evidence) {
                String source = "title".equals(span.path("field").asText()) ? report.path("title").asText() : text;
                assertEquals(span.path("text").asText(),
                        source.substring(span.path("start").asInt(), span.path("end").asInt()),
                        id + " span " + span);
            }
        }
        assertTrue(groups.get("iskp").path("evidence").toString().contains("ISIS-K"), groups.get("iskp").toString());
        JsonNode abbeyGate = null;
        for (JsonNode event : report.path("events")) {
            if (event.path("name").asText().contains("Abbey Gate")) {
                abbeyGate = event;
            }
        }
        assertTrue(abbeyGate != null, "events: " + report.path("events"));
        assertEquals("historical", abbeyGate.path("temporal").asText(), abbeyGate.toString());
        assertTrue(abbeyGate.path("date").asText().startsWith("2021"), abbeyGate.toString());
        Set<String> names = new TreeSet<>();
        report.path("entities").forEach(e -> names.add(e.path("name").asText()));
        assertTrue(names.contains("Sharifullah"), "entities: " + names);
    }

    @Test
    void shouldCarryAReportFromPostToQueryWithGroupsFiltersAndCounts() throws Exception {
        String text = "Police in Peshawar said the Tehreek-e-Taliban Pakistan (TTP) claimed responsibility for "
                + "the ambush. Officials separately blamed Islamic State Khorasan Province for a bombing.";
        JsonNode report = postAndAwaitStored("Ambush near Peshawar", text);
        Map<String, JsonNode> groups = byId(report.path("groups"));
        assertTrue(groups.containsKey("ttp") && groups.containsKey("iskp"), groups.keySet().toString());
        assertEquals("claimed", groups.get("ttp").path("role").asText(), groups.get("ttp").toString());

        Http.Response list = Http.get(stack.storeUrl() + "/reports?group=ttp&q=ambush&limit=10", WAIT);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(report.path("id").asText()), list.body());
        Http.Response counts = Http.get(stack.storeUrl() + "/groups", WAIT);
        assertTrue(counts.body().contains("\"ttp\""), counts.body());
    }

    @Test
    void shouldDeadLetterAPoisonRecordWhileGoodRecordsAfterItAreStored() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "poison-e2e",
                    new byte[] {0, 0, 0, 0x7e, 1, 2, 3})).get();
        }
        JsonNode good = postAndAwaitStored("After the poison",
                "Al-Shabaab fighters attacked a base in Somalia, officials said.");
        assertTrue(byId(good.path("groups")).containsKey("al-shabaab"), good.path("groups").toString());

        ConsumerRecord<String, byte[]> dead = readDeadLetter("poison-e2e");
        assertEquals(Topics.REPORTS_RAW, header(dead, DeadLetterHeaders.TOPIC));
        assertTrue(header(dead, DeadLetterHeaders.OFFSET).matches("\\d+"));
        assertTrue(header(dead, DeadLetterHeaders.PARTITION).matches("\\d+"));
        assertTrue(header(dead, DeadLetterHeaders.ERROR_MESSAGE).contains("schema id"),
                header(dead, DeadLetterHeaders.ERROR_MESSAGE));
    }

    @Test
    void shouldLoseNothingAndDuplicateNothingWhenTheStoreIsKilledMidStream() throws Exception {
        int n = 300;
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            batch.addObject()
                    .put("title", "Crash test report " + i)
                    .put("text", "Report number " + i + ": Boko Haram fighters raided a village in Borno State.");
        }
        Http.Response accepted = postBatch(batch);
        assertEquals(200, accepted.status(), accepted.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(accepted.body()).path("results").forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(n, ids.size(), accepted.body());

        await().atMost(WAIT).until(() -> stored(ids) > 0);
        stack.restartService("store-service", true);

        await().atMost(Duration.ofSeconds(240)).until(() -> stored(ids) == n);
        try (Connection c = db();
             PreparedStatement dupes = c.prepareStatement("SELECT report_id, group_id, count(*) FROM report_groups "
                     + "WHERE report_id = ANY(?) GROUP BY report_id, group_id HAVING count(*) > 1")) {
            dupes.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = dupes.executeQuery()) {
                assertFalse(rs.next(), "duplicate group rows after the crash");
            }
        }
        assertEquals(n, stored(ids));
    }

    private static long stored(List<String> ids) throws Exception {
        try (Connection c = db();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM reports WHERE id = ANY(?)")) {
            count.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
    }

    private static JsonNode postAndAwaitStored(String title, String text) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("text", text);
        Http.Response posted = Http.postJson(stack.ingestUrl() + "/reports", body.toString(), WAIT, stack.apiKey());
        assertEquals(202, posted.status(), posted.body());
        String id = JSON.readTree(posted.body()).path("id").asText();
        assertFalse(id.isBlank(), posted.body());
        Http.Response[] last = new Http.Response[1];
        await().atMost(WAIT).until(() -> {
            last[0] = Http.get(stack.storeUrl() + "/reports/" + id, Duration.ofSeconds(10));
            return last[0].status() == 200;
        });
        JsonNode report = JSON.readTree(last[0].body());
        assertEquals(id, report.path("id").asText());
        assertEquals(text, report.path("text").asText());
        return report;
    }

    private static Http.Response postBatch(ArrayNode batch) throws Exception {
        return Http.postJson(stack.ingestUrl() + "/reports/batch", batch.toString(), WAIT, stack.apiKey());
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(n -> out.put(n.path("id").asText(), n));
        return out;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<String, byte[]> readDeadLetter(String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-it-dlq-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.REPORTS_DLQ));
            await().atMost(WAIT).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

}
