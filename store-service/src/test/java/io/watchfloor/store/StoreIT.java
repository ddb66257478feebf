package io.watchfloor.store;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.watchfloor.edge.deadletter.DeadLetterTopicHealth;
import io.watchfloor.testsupport.Publishers;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.registry.SchemaRegistryClients;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.store.api.ErrorResponse;
import io.watchfloor.store.api.GroupListResponse;
import io.watchfloor.store.api.ReportDocument;
import io.watchfloor.store.api.ReportListResponse;
import io.watchfloor.edge.consumer.ConsumerState;
import io.watchfloor.store.kafka.StoreConsumer;
import io.watchfloor.store.kafka.StoreMetrics;
import io.watchfloor.testsupport.KafkaBrokerExtension;
import io.watchfloor.testsupport.PostgresExtension;
import io.watchfloor.testsupport.PrometheusText;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * store-service on real parts: in-JVM KRaft broker, embedded PostgreSQL 17, the HTTP API. Each test
 * uses its own report ids; the partition-bound tests own a partition so replays stay local.
 */
@ExtendWith({KafkaBrokerExtension.class, PostgresExtension.class})
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreIT implements TestPropertyProvider {
    private static final String REGISTRY = "mock://store-it";
    private static final String OPERATOR_KEY = "store-it-operator-key";
    private static final String TOPIC = Topics.REPORTS_ENRICHED;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StoreConsumer consumer;

    @Inject
    StoreMetrics metrics;

    private KafkaProducer<String, byte[]> producer;
    private AvroSerde<EnrichedReport> serde;

    @Override
    public Map<String, String> getProperties() {
        createTopic(TOPIC, 3);
        createTopic(Topics.REPORTS_DLQ, 1);
        createTopic(Topics.REPORTS_RAW, 3);
        createTopic(Topics.ALERTS_DLQ, 1);
        createTopic(Topics.ALERTS, 2);
        return properties();
    }

    static Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("datasources.default.url", PostgresExtension.jdbcUrl());
        p.put("datasources.default.username", PostgresExtension.user());
        p.put("datasources.default.password", PostgresExtension.password());
        p.put("datasources.default.connection-timeout", "2000");
        p.put("kafka.bootstrap.servers", KafkaBrokerExtension.bootstrapServers());
        p.put("watchfloor.schema-registry.url", REGISTRY);
        p.put("watchfloor.store.poll-timeout", "200ms");
        p.put("watchfloor.security.operator-keys", OPERATOR_KEY);
        p.put("watchfloor.store.backoff-initial", "200ms");
        p.put("watchfloor.store.backoff-max", "1s");
        p.put("watchfloor.store.outage-warn-interval", "5s");
        p.put("watchfloor.metrics.lag.interval", "1s");
        return p;
    }

    @BeforeAll
    void setUp() {
        serde = AvroSerde.forValues(EnrichedReport.class, SchemaRegistryClients.forUrl(REGISTRY));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void tearDown() {
        producer.close(Duration.ofSeconds(5));
    }

    @Test
    @Order(1)
    void shouldServeAProducedReportWithGroupsAndEvidenceSpans() {
        String id = newId("seed");
        send(null, SampleReports.seed(id));

        ReportDocument doc = await().atMost(WAIT).until(() -> findReport(id), d -> d != null);

        assertEquals(SampleReports.TITLE, doc.title());
        assertEquals(List.of("iskp", "ttp", "al-qaeda"), doc.groups().stream().map(ReportDocument.Group::id).toList());
        ReportDocument.Group iskp = doc.groups().get(0);
        assertEquals("Islamic State Khorasan Province", iskp.name());
        assertEquals(2, iskp.evidence().size());
        ReportDocument.Span first = iskp.evidence().get(0);
        assertEquals("ISIS-K", first.text());
        assertEquals("ISIS-K", doc.text().substring(first.start(), first.end()));
        assertEquals("Tehrik-e-Taliban Pakistan", doc.groups().get(1).evidence().get(0).text());
        assertEquals("Sharifullah", doc.entities().get(0).name());
        assertEquals("Abbey Gate bombing", doc.events().get(0).name());
        assertEquals("2025-07-01T10:00:00Z", doc.publishedAt());
        assertEquals("catalog-2025.07", doc.metadata().catalogVersion());
    }

    @Test
    @Order(2)
    void shouldAnswerUnknownIdWith404Json() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().retrieve(HttpRequest.GET("/reports/no-such-report"), ReportDocument.class));

        assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
        ErrorResponse body = e.getResponse().getBody(ErrorResponse.class).orElseThrow();
        assertEquals("not_found", body.error());
        assertTrue(body.message().contains("no-such-report"));
    }

    @Test
    @Order(2)
    void shouldAnswerANulByteInAnyQueryOrPathWith400NotAnOutage() {
        // every read endpoint that reaches PostgreSQL: the NUL is the request's fault, never database_unavailable
        for (String uri : List.of("/reports?q=isis%00k", "/reports?group=%00", "/reports?entity=a%00b",
                "/reports/r%00x", "/reports/r%00x/stix", "/reports/r%00x/misp", "/export/stix?group=%00",
                "/ui/?q=isis%00k", "/ui/reports/r%00x", "/ui/groups/%00")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(HttpRequest.GET(uri), String.class), uri);
            assertTrue(e.getStatus() == HttpStatus.BAD_REQUEST || e.getStatus() == HttpStatus.NOT_FOUND,
                    uri + " answered " + e.getStatus() + ": " + e.getResponse().getBody(String.class).orElse(""));
            assertFalse(e.getResponse().getBody(String.class).orElse("").contains("database_unavailable"), uri);
        }
    }

    @Test
    @Order(3)
    void shouldStoreTheSameRecordProducedThreeTimesExactlyOnce() throws SQLException {
        String id = newId("dup");
        EnrichedReport report = SampleReports.seed(id);
        double duplicatesBefore = metrics.duplicatesCount();
        send(null, report);
        send(null, report);
        send(null, report);

        await().atMost(WAIT).until(() -> metrics.duplicatesCount() - duplicatesBefore >= 2);
        assertEquals(1, countRows("SELECT count(*) FROM reports WHERE id = ?", id));
        assertEquals(3, countRows("SELECT count(*) FROM report_groups WHERE report_id = ?", id));
        String metric = http.toBlocking().retrieve(
                HttpRequest.GET("/metrics/watchfloor.store.reports.duplicates.ignored"), String.class);
        assertTrue(metric.contains("\"COUNT\""), metric);
    }

    @Test
    @Order(4)
    void shouldNotLetAnOlderRevisionOverwriteANewerOne() throws SQLException {
        String id = newId("rev");
        Instant t = Instant.parse("2025-07-02T08:00:00Z");
        EnrichedReport v2 = SampleReports.build(id, 2, t, "Revised title", SampleReports.TEXT,
                Instant.parse("2025-07-01T10:00:00Z"), List.of("iskp"));
        EnrichedReport v1 = SampleReports.build(id, 1, t.plusSeconds(3600), "Original title", SampleReports.TEXT,
                Instant.parse("2025-07-01T10:00:00Z"), List.of("iskp", "ttp"));
        EnrichedReport v2Later = SampleReports.build(id, 2, t.plusSeconds(60), "Re-enriched title",
                SampleReports.TEXT, Instant.parse("2025-07-01T10:00:00Z"), List.of("iskp", "al-qaeda"));
        double duplicatesBefore = metrics.duplicatesCount();
        send(0, v2);
        send(0, v1);

        await().atMost(WAIT).until(() -> metrics.duplicatesCount() - duplicatesBefore >= 1);
        ReportDocument doc = findReport(id);
        assertEquals("Revised title", doc.title());
        assertEquals(2, doc.revision());
        assertEquals(1, countRows("SELECT count(*) FROM report_groups WHERE report_id = ?", id));

        send(0, v2Later);
        await().atMost(WAIT).until(() -> "Re-enriched title".equals(findReport(id).title()));
        assertEquals(List.of("iskp", "al-qaeda"),
                findReport(id).groups().stream().map(ReportDocument.Group::id).toList());
        assertEquals(2, countRows("SELECT count(*) FROM report_groups WHERE report_id = ?", id));
    }

    @Test
    @Order(5)
    void shouldRouteUndecodableRecordToDeadLetterTopicAndStoreTheRecordsAfterIt() throws Exception {
        String poisonKey = newId("poison");
        List<String> good = List.of(newId("after-poison"), newId("after-poison"), newId("after-poison"));
        double deadBefore = metrics.deadLetteredCount();
        RecordMetadata poison = producer.send(new ProducerRecord<>(TOPIC, 1, poisonKey,
                new byte[] {7, 0, 0, 0, 1, 42, 42})).get();
        for (String id : good) {
            send(1, SampleReports.seed(id));
        }

        await().atMost(WAIT).until(() -> good.stream().allMatch(id -> findReport(id) != null));
        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersWithKey(poisonKey, 1);
        assertEquals(1, letters.size());
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertEquals(7, letter.value()[0]);
        assertEquals(7, letter.value().length);
        assertEquals(TOPIC, header(letter, DeadLetterHeaders.TOPIC));
        assertEquals("1", header(letter, DeadLetterHeaders.PARTITION));
        assertEquals(Long.toString(poison.offset()), header(letter, DeadLetterHeaders.OFFSET));
        assertEquals("store", header(letter, DeadLetterHeaders.STAGE));
        assertEquals("store-service", header(letter, DeadLetterHeaders.SERVICE));
        assertEquals("org.apache.kafka.common.errors.SerializationException",
                header(letter, DeadLetterHeaders.ERROR_CLASS));
        assertTrue(header(letter, DeadLetterHeaders.ERROR_MESSAGE).contains("magic byte"));
        assertEquals(1.0, metrics.deadLetteredCount() - deadBefore);
        assertEquals(0, countRows("SELECT count(*) FROM reports WHERE id = ?", poisonKey));
    }

    @Test
    @Order(6)
    void shouldFilterByGroupAndFullTextAndPageWithCursor() {
        String token = "zorbulax" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "q");
        String text = SampleReports.TEXT + " The cell was code-named " + token + ".";
        String a = newId("filter-a");
        String b = newId("filter-b");
        String c = newId("filter-c");
        send(null, SampleReports.build(a, 1, Instant.now(), "A", text, Instant.parse("2025-03-01T00:00:00Z"),
                List.of("iskp")));
        send(null, SampleReports.build(b, 1, Instant.now(), "B", text, Instant.parse("2025-03-02T00:00:00Z"),
                List.of("iskp", "ttp")));
        send(null, SampleReports.build(c, 1, Instant.now(), "C", text, Instant.parse("2025-03-03T00:00:00Z"),
                List.of("ttp")));
        await().atMost(WAIT).until(() -> findReport(a) != null && findReport(b) != null && findReport(c) != null);

        ReportListResponse iskp = list("/reports?group=iskp&q=" + token);
        assertEquals(List.of(b, a), iskp.items().stream().map(ReportListResponse.Item::id).toList());
        assertEquals(List.of("iskp", "ttp"), iskp.items().get(0).groups().stream()
                .map(ReportListResponse.GroupRef::id).sorted().toList());
        assertNull(iskp.nextCursor());

        ReportListResponse page1 = list("/reports?limit=2&q=" + token);
        assertEquals(List.of(c, b), page1.items().stream().map(ReportListResponse.Item::id).toList());
        assertNotNull(page1.nextCursor());
        ReportListResponse page2 = list("/reports?limit=2&q=" + token + "&cursor=" + page1.nextCursor());
        assertEquals(List.of(a), page2.items().stream().map(ReportListResponse.Item::id).toList());
        assertNull(page2.nextCursor());

        ReportListResponse ranged = list("/reports?q=" + token + "&from=2025-03-02&to=2025-03-03");
        assertEquals(List.of(b), ranged.items().stream().map(ReportListResponse.Item::id).toList());
        ReportListResponse byEntity = list("/reports?entity=" + enc("geo:country:PK") + "&group=ttp&q=" + token);
        assertEquals(List.of(c, b), byEntity.items().stream().map(ReportListResponse.Item::id).toList());
        ReportListResponse websearch = list("/reports?q=" + enc("\"Abbey Gate\" " + token + " -nonexistentword"));
        assertEquals(3, websearch.items().size());

        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class,
                () -> list("/reports?cursor=garbage!"));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
        HttpClientResponseException tooMany = assertThrows(HttpClientResponseException.class,
                () -> list("/reports?limit=500"));
        assertEquals(HttpStatus.BAD_REQUEST, tooMany.getStatus());
        // a misspelt filter would otherwise answer every report as if it had matched
        HttpClientResponseException unknown = assertThrows(HttpClientResponseException.class,
                () -> list("/reports?q=" + token + "&since=2025-03-02&sort=asc"));
        assertEquals(HttpStatus.BAD_REQUEST, unknown.getStatus());
        String why = unknown.getResponse().getBody(String.class).orElse("");
        assertTrue(why.contains("Unknown query parameters 'since', 'sort'") && why.contains("from"), why);
    }

    @Test
    @Order(7)
    void shouldCountReportsPerGroup() {
        String group = "grp-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            send(null, SampleReports.build(newId("count"), 1, Instant.now(), "Group count " + i,
                    "A report naming " + group + " again.", Instant.parse("2025-05-0" + (i + 1) + "T00:00:00Z"),
                    List.of(group)));
        }

        GroupListResponse.Item item = await().atMost(WAIT).until(() -> groupItem(group),
                g -> g != null && g.reportCount() == 3);
        assertEquals(group, item.name());
        assertEquals("2025-05-03T00:00:00Z", item.lastSeen());
        GroupListResponse.Item iskp = groupItem("iskp");
        assertNotNull(iskp);
        assertTrue(iskp.reportCount() >= 4, "iskp count " + iskp.reportCount());
    }

    @Test
    @Order(8)
    void shouldNeitherLoseNorDuplicateWhenTheConsumerRestartsAndScalesMidStream() throws Exception {
        int partition = 2;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add(newId("restart"));
        }
        long firstOffset = -1;
        for (int i = 0; i < 60; i++) {
            long offset = send(partition, SampleReports.seed(ids.get(i))).offset();
            firstOffset = firstOffset < 0 ? offset : firstOffset;
        }
        await().atMost(WAIT).until(() -> countIds(ids) > 0);
        // 1 -> 0 -> 1 (another instance) -> 2 -> 1 members while records keep coming
        consumer.stop();
        assertEquals(ConsumerState.Status.STOPPED, consumer.state().status());
        try (ApplicationContext second = ApplicationContext.run(withServerPort(properties()))) {
            for (int i = 60; i < 90; i++) {
                send(partition, SampleReports.seed(ids.get(i)));
            }
            consumer.start();
            StoreConsumer other = second.getBean(StoreConsumer.class);
            // both instances own a share of the partitions (snapshots refresh on every poll)
            await().atMost(WAIT).until(() -> {
                Set<String> mine = consumer.state().assignment();
                Set<String> theirs = other.state().assignment();
                return !mine.isEmpty() && !theirs.isEmpty() && Collections.disjoint(mine, theirs)
                        && mine.size() + theirs.size() == 3;
            });
            for (int i = 90; i < 120; i++) {
                send(partition, SampleReports.seed(ids.get(i)));
            }
            await().atMost(WAIT).until(() -> countIds(ids) == 120);
        }
        assertEquals(120, countIds(ids));

        // replay the partition from this test's first record, as after a crash before the offset commit
        consumer.stop();
        try (Admin admin = KafkaBrokerExtension.admin()) {
            admin.alterConsumerGroupOffsets("store-service",
                    Map.of(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(firstOffset))).all().get();
        }
        String storedAtBefore = storedAt(ids);
        double duplicatesBefore = metrics.duplicatesCount();
        consumer.start();
        await().atMost(WAIT).until(() -> metrics.duplicatesCount() - duplicatesBefore >= 120);
        assertEquals(120, countIds(ids));
        assertEquals(storedAtBefore, storedAt(ids), "a replay must not rewrite stored rows");
    }

    @Test
    @Order(9)
    void shouldWaitOutADatabaseOutageWithoutDeadLettersAndStoreEverythingAfter() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(newId("outage"));
        }
        double deadBefore = metrics.deadLetteredCount();
        PostgresExtension.stop();
        try {
            for (String id : ids) {
                send(null, SampleReports.seed(id));
            }
            await().atMost(WAIT).until(() -> consumer.state().status()
                    == ConsumerState.Status.PAUSED_DEPENDENCY_DOWN);
            HttpClientResponseException health = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().retrieve(HttpRequest.GET("/health").header("X-API-Key", OPERATOR_KEY),
                            String.class));
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, health.getStatus());
            String body = health.getResponse().getBody(String.class).orElse("");
            assertTrue(body.contains("PAUSED_DEPENDENCY_DOWN"), body);
            // stays paused (and in the group) for a while with nothing committed or dead-lettered
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    consumer.state().status() == ConsumerState.Status.PAUSED_DEPENDENCY_DOWN);
        } finally {
            PostgresExtension.start();
        }

        await().atMost(WAIT).until(() -> countIds(ids) == 20);
        await().atMost(WAIT).until(() -> consumer.state().status() == ConsumerState.Status.RUNNING);
        assertEquals(deadBefore, metrics.deadLetteredCount());
        for (String id : ids) {
            assertTrue(deadLettersWithKey(id, 0).isEmpty(), "dead letter for " + id);
        }
        String health = http.toBlocking().retrieve(HttpRequest.GET("/health").header("X-API-Key", OPERATOR_KEY),
                String.class);
        assertTrue(health.contains("\"consumer\":\"RUNNING\""), health);
    }

    @Test
    @Order(10)
    void shouldHoldOffsetsAndGoUnhealthyWhileTheDeadLetterTopicIsMissing() throws Exception {
        String topic = "store-it.dlq-outage.enriched";
        String dlq = "store-it.dlq-outage.dlq-" + UUID.randomUUID().toString().substring(0, 8);
        createTopic(topic, 1);
        Map<String, Object> props = withServerPort(properties());
        props.put("watchfloor.store.topic", topic);
        props.put("watchfloor.store.dead-letter-topic", dlq);
        props.put("watchfloor.store.group-id", "store-it-dlq-outage");
        props.put("watchfloor.store.dead-letter-timeout", "2s");
        String poisonKey = newId("poison-no-dlq");
        String goodId = newId("good-no-dlq");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            StoreConsumer c = ctx.getBean(StoreConsumer.class);
            // the deadLetterTopic entry says it before any record needs the topic
            DeadLetterTopicHealth dlqHealth = ctx.getBean(DeadLetterTopicHealth.class);
            dlqHealth.refresh();
            assertEquals(DeadLetterTopicHealth.State.MISSING, dlqHealth.state());
            HealthResult down = Publishers.first(dlqHealth.getResult());
            assertEquals(HealthStatus.DOWN, down.getStatus());
            String reason = String.valueOf(((Map<?, ?>) down.getDetails()).get("reason"));
            assertTrue(reason.contains(dlq + " does not exist") && reason.contains("nothing is skipped or lost"),
                    reason);
            producer.send(new ProducerRecord<>(topic, 0, poisonKey, new byte[] {0, 0, 0})).get();
            producer.send(new ProducerRecord<>(topic, 0, goodId,
                    serde.serialize(topic, SampleReports.seed(goodId)))).get();

            await().atMost(WAIT).until(() -> c.state().status() == ConsumerState.Status.PAUSED_DEPENDENCY_DOWN
                    && c.state().lastError() != null && c.state().lastError().contains(dlq));
            assertNull(committedOffset("store-it-dlq-outage", new TopicPartition(topic, 0)),
                    "nothing may be committed while the dead letter is not written");

            createTopic(dlq, 1);
            dlqHealth.refresh();
            assertEquals(HealthStatus.UP, Publishers.first(dlqHealth.getResult()).getStatus());
            await().atMost(WAIT).until(() -> c.state().status() == ConsumerState.Status.RUNNING
                    && Long.valueOf(2).equals(committedOffset("store-it-dlq-outage", new TopicPartition(topic, 0))));
        }
        assertEquals(1, countRows("SELECT count(*) FROM reports WHERE id = ?", goodId));
        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersWithKey(dlq, poisonKey, 1);
        assertEquals(1, letters.size());
        assertEquals("0", header(letters.get(0), DeadLetterHeaders.OFFSET));
        assertTrue(header(letters.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("too short"));
    }

    @Test
    @Order(11)
    void shouldStoreTextWithNulAndBrokenUnicodeWithoutDatabaseErrors() throws SQLException {
        String id = newId("nul");
        String text = "ISIS-K\u0000 claimed the attack \uD800 near Kabul; \u0000Tehrik-e-Taliban Pakistan denied it.";
        EnrichedReport report = SampleReports.build(id, 1, Instant.now(), "Title\u0000 with NUL", text,
                null, List.of("iskp", "ttp"));
        double deadBefore = metrics.deadLetteredCount();
        send(null, report);

        ReportDocument doc = await().atMost(WAIT).until(() -> findReport(id), d -> d != null);

        assertEquals("Title with NUL", doc.title());
        assertEquals("ISIS-K claimed the attack ? near Kabul; Tehrik-e-Taliban Pakistan denied it.", doc.text());
        assertEquals(null, doc.publishedAt());
        assertEquals(1, list("/reports?group=ttp&q=Kabul+denied").items().stream()
                .filter(i -> i.id().equals(id)).count());
        assertEquals(deadBefore, metrics.deadLetteredCount());
        assertEquals(2, countRows("SELECT count(*) FROM report_groups WHERE report_id = ?", id));
    }

    @Test
    @Order(12)
    void shouldDeadLetterWithoutTheValueWhenItExceedsTheDeadLetterTopicLimit() throws Exception {
        String topic = "store-it.oversize.enriched";
        String dlq = "store-it.oversize.dlq";
        createTopic(topic, 1);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            KafkaBrokerExtension.createTopics(List.of(new NewTopic(dlq, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "2000"))));
            return true;
        });
        Map<String, Object> props = withServerPort(properties());
        props.put("watchfloor.store.topic", topic);
        props.put("watchfloor.store.dead-letter-topic", dlq);
        props.put("watchfloor.store.group-id", "store-it-oversize");
        String key = newId("oversize-poison");
        // random bytes: the dead-letter producer compresses, so zeros would fit the 2,000-byte limit
        byte[] value = new byte[20_000];
        new java.util.Random(42).nextBytes(value);
        value[0] = 9;
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            StoreConsumer c = ctx.getBean(StoreConsumer.class);
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get();
            await().atMost(WAIT).until(() -> Long.valueOf(1).equals(
                    committedOffset("store-it-oversize", new TopicPartition(topic, 0))));
            assertEquals(ConsumerState.Status.RUNNING, c.state().status());
        }
        List<ConsumerRecord<byte[], byte[]>> letters = deadLettersWithKey(dlq, key, 1);
        assertEquals(1, letters.size());
        assertNull(letters.get(0).value());
        assertTrue(header(letters.get(0), "dlq.value.omitted").contains("20000 bytes"));
        assertEquals("0", header(letters.get(0), DeadLetterHeaders.OFFSET));
    }

    @Test
    @Order(13)
    void shouldPauseInsteadOfDeadLetteringWhileTheSchemaRegistryIsUnreachable() throws Exception {
        String topic = "store-it.registry-outage.enriched";
        String dlq = "store-it.registry-outage.dlq";
        createTopic(topic, 1);
        createTopic(dlq, 1);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> props = withServerPort(properties());
        props.put("watchfloor.store.topic", topic);
        props.put("watchfloor.store.dead-letter-topic", dlq);
        props.put("watchfloor.store.group-id", "store-it-registry-outage");
        props.put("watchfloor.schema-registry.url", "http://127.0.0.1:" + closedPort);
        String id = newId("registry-down");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            StoreConsumer c = ctx.getBean(StoreConsumer.class);
            producer.send(new ProducerRecord<>(topic, 0, id, serde.serialize(topic, SampleReports.seed(id)))).get();

            await().atMost(WAIT).until(() -> c.state().status() == ConsumerState.Status.PAUSED_DEPENDENCY_DOWN
                    && c.state().lastError() != null && c.state().lastError().contains("registry"));
            assertNull(committedOffset("store-it-registry-outage", new TopicPartition(topic, 0)));
        }
        assertTrue(deadLettersWithKey(dlq, id, 0).isEmpty(), "a registry outage must not dead-letter");
        assertEquals(0, countRows("SELECT count(*) FROM reports WHERE id = ?", id));
    }

    // ---- helpers ----

    @Test
    @Order(14)
    void shouldTraceAReportThroughRawEnrichedDeadLettersPostgresAndAlerts() throws Exception {
        String id = newId("trace");
        EnrichedReport report = SampleReports.seed(id);
        AvroSerde<io.watchfloor.schemas.avro.RawReport> rawSerde = AvroSerde.forValues(
                io.watchfloor.schemas.avro.RawReport.class, SchemaRegistryClients.forUrl(REGISTRY));
        long ingested = System.currentTimeMillis();
        RecordMetadata raw = producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, null, ingested, id,
                rawSerde.serialize(Topics.REPORTS_RAW, report.getReport()))).get();
        // an earlier attempt that failed downstream, and the alert the stored one raised
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.REPORTS_DLQ, null, ingested, id,
                new byte[] {9, 9});
        letter.headers().add(DeadLetterHeaders.STAGE, "enrich".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.SERVICE, "enrich-service".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.ERROR_CLASS, "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.ERROR_MESSAGE, "tagger failed".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.TOPIC, Topics.REPORTS_RAW.getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.PARTITION, Integer.toString(raw.partition()).getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.OFFSET, Long.toString(raw.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(letter).get();
        RecordMetadata enriched = send(null, report);
        ProducerRecord<String, byte[]> alert = new ProducerRecord<>(Topics.ALERTS, null, System.currentTimeMillis(),
                "sub-trace", new byte[] {0});
        alert.headers().add("ce_id", "al-trace".getBytes(StandardCharsets.UTF_8))
                .add("ce_type", "io.watchfloor.alert.created".getBytes(StandardCharsets.UTF_8))
                .add("ce_subject", id.getBytes(StandardCharsets.UTF_8));
        producer.send(alert).get();
        await().atMost(WAIT).until(() -> findReport(id) != null);

        String json = http.toBlocking().retrieve(HttpRequest.GET("/reports/" + enc(id) + "/trace"));
        var trace = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(id, trace.path("reportId").asText());
        assertEquals(1, trace.path("raw").size(), json);
        assertEquals(raw.partition(), trace.path("raw").get(0).path("partition").asInt());
        assertEquals(raw.offset(), trace.path("raw").get(0).path("offset").asLong());
        assertEquals(1, trace.path("raw").get(0).path("revision").asInt());
        assertEquals(1, trace.path("enriched").size(), json);
        assertEquals(enriched.offset(), trace.path("enriched").get(0).path("offset").asLong());
        assertEquals("catalog-2025.07", trace.path("enriched").get(0).path("catalogVersion").asText());
        assertEquals("iskp", trace.path("enriched").get(0).path("groups").get(0).asText());
        assertEquals(1, trace.path("deadLetters").size(), json);
        assertEquals("enrich", trace.path("deadLetters").get(0).path("stage").asText());
        assertEquals("IllegalStateException", trace.path("deadLetters").get(0).path("reason").asText());
        assertEquals(raw.offset(), trace.path("deadLetters").get(0).path("originOffset").asLong());
        assertEquals(1, trace.path("stored").path("revision").asInt(), json);
        assertEquals(enriched.partition(), trace.path("stored").path("kafkaPartition").asInt());
        assertEquals(enriched.offset(), trace.path("stored").path("kafkaOffset").asLong());
        assertTrue(trace.path("stored").hasNonNull("storedAt"));
        assertEquals(1, trace.path("alerts").size(), json);
        assertEquals("al-trace", trace.path("alerts").get(0).path("alertId").asText());
        assertEquals("sub-trace", trace.path("alerts").get(0).path("subscriptionId").asText());
    }

    @Test
    @Order(15)
    void shouldAnswer404WithWhatToDoForATraceOfAnUnknownId() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().retrieve(HttpRequest.GET("/reports/r-never-seen/trace")));
        assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
        ErrorResponse body = e.getResponse().getBody(ErrorResponse.class).orElseThrow();
        assertTrue(body.message().contains("r-never-seen") && body.message().contains("Check the id"),
                body.message());
    }

    @Test
    @Order(100)
    void shouldExportTheDocumentedStoreMetersAndLagOnPrometheus() {
        // runs after the tests above stored reports and dead-lettered a poison record
        String text = await().atMost(WAIT).until(() -> http.toBlocking().retrieve(HttpRequest.GET("/prometheus")),
                t -> PrometheusText.has(t, "watchfloor_consumer_lag", Map.of("group", "store-service",
                        "topic", TOPIC, "partition", "2")));
        assertTrue(PrometheusText.sum(text, "watchfloor_store_reports_stored_total", Map.of()) >= 5, text);
        assertTrue(PrometheusText.sum(text, "watchfloor_store_reports_duplicates_ignored_total", Map.of()) >= 2);
        assertEquals(1.0, PrometheusText.sum(text, "watchfloor_dead_letters_total", Map.of("service",
                "store-service", "stage", "store", "reason", "SerializationException")), 0.0, text);
        assertTrue(PrometheusText.sum(text, "watchfloor_store_batch_duration_seconds_count", Map.of()) > 0);
        assertTrue(PrometheusText.has(text, "watchfloor_pipeline_ingest_to_stored_seconds_bucket",
                Map.of("le", "1.0")), text);
        assertTrue(PrometheusText.sum(text, "watchfloor_pipeline_ingest_to_stored_seconds_count", Map.of()) >= 5);
        // the hand-made consumer loop's own Kafka client metrics
        assertTrue(PrometheusText.sum(text, "kafka_consumer_fetch_manager_records_consumed_total", Map.of()) >= 5,
                "no Kafka consumer metrics in /prometheus");
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
        // everything produced was consumed and committed: no lag left on any partition
        await().atMost(WAIT).until(() -> PrometheusText.sum(http.toBlocking().retrieve(
                HttpRequest.GET("/prometheus")), "watchfloor_consumer_lag", Map.of("group", "store-service")) == 0);
    }

    private static Long committedOffset(String group, TopicPartition tp) throws Exception {
        try (Admin admin = KafkaBrokerExtension.admin()) {
            OffsetAndMetadata m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
            return m == null ? null : m.offset();
        }
    }

    /** Creates the topic, retrying while fresh topic metadata has not reached the broker yet. */
    static void createTopic(String name, int partitions) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            KafkaBrokerExtension.createTopic(name, partitions);
            return true;
        });
    }

    private RecordMetadata send(Integer partition, EnrichedReport report) {
        String id = report.getReport().getId();
        try {
            return producer.send(new ProducerRecord<>(TOPIC, partition, id, serde.serialize(TOPIC, report))).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce " + id, e);
        }
    }

    private ReportDocument findReport(String id) {
        try {
            return http.toBlocking().retrieve(HttpRequest.GET("/reports/" + enc(id)), ReportDocument.class);
        } catch (HttpClientResponseException e) {
            if (e.getStatus() == HttpStatus.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private ReportListResponse list(String uri) {
        return http.toBlocking().retrieve(HttpRequest.GET(uri), ReportListResponse.class);
    }

    private GroupListResponse.Item groupItem(String id) {
        return http.toBlocking().retrieve(HttpRequest.GET("/groups"), GroupListResponse.class).items().stream()
                .filter(g -> g.id().equals(id)).findFirst().orElse(null);
    }

    private static long countRows(String sql, String id) throws SQLException {
        try (Connection c = PostgresExtension.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long countIds(List<String> ids) throws SQLException {
        try (Connection c = PostgresExtension.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reports WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String storedAt(List<String> ids) throws SQLException {
        try (Connection c = PostgresExtension.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT string_agg(id || '=' || stored_at::text || '@' || kafka_offset, ',' ORDER BY id)"
                             + " FROM reports WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersWithKey(String key, int expectedAtLeast) {
        return deadLettersWithKey(Topics.REPORTS_DLQ, key, expectedAtLeast);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLettersWithKey(String topic, String key,
                                                                         int expectedAtLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((c.position(tp) < end || found.size() < expectedAtLeast) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
                end = c.endOffsets(List.of(tp)).get(tp);
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> withServerPort(Map<String, String> props) {
        Map<String, Object> p = new HashMap<>(props);
        p.put("micronaut.server.port", -1);
        return p;
    }

    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
