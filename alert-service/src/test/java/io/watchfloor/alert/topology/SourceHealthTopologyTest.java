package io.watchfloor.alert.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.alert.EnrichedReports;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.AlertSourceHealth;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** threat.sources.health.v1 -> source-health alerts: on entering a watched status, once per outage. */
class SourceHealthTopologyTest {
    private static final CatalogGroupDirectory GROUPS = CatalogGroupDirectory.fromClasspath();
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant LAST_SUCCESS = Instant.parse("2026-12-03T08:00:00Z");
    private static final String REUTERS = "src-1111111111111111";
    private static final String DAWN = "src-2222222222222222";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
    private final AvroSerde<AlertEvent> alertSerde = AvroSerde.forValues(AlertEvent.class, registry);
    private final AvroSerde<SourceHealth> healthSerde = AvroSerde.forValues(SourceHealth.class, registry);
    private final AtomicReference<SubscriptionIndex> index = new AtomicReference<>(SubscriptionIndex.empty(GROUPS));
    private AlertTopologyDriver driver;
    private TestInputTopic<String, byte[]> health;
    private TestInputTopic<String, byte[]> enriched;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> dlq;
    private int minute;

    @BeforeEach
    void setUp() {
        driver = new AlertTopologyDriver(enrichedSerde, alertSerde, healthSerde, index::get, NOW);
        enriched = driver.enriched;
        health = driver.health;
        alerts = driver.alerts;
        dlq = driver.dlq;
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void watch(String id, List<String> sources, List<String> statuses) {
        index.set(index.get().with(Subscription.of(id, id + " desk",
                SubscriptionFilter.sourceHealth(new SourceHealthFilter(sources, statuses)), NOW)));
    }

    /** One poll's health record, five minutes after the previous one. */
    private void poll(String sourceId, String name, String status, int failures, String error) {
        minute += 5;
        SourceHealth h = SourceHealth.newBuilder()
                .setSourceId(sourceId).setSourceName(name).setSourceUrl("https://" + name + ".example/feed.xml")
                .setStatus(status).setPolledAt(NOW.plusSeconds(60L * minute))
                .setLastSuccessAt(status.equals("OK") ? NOW.plusSeconds(60L * minute) : LAST_SUCCESS)
                .setHttpStatus(error == null ? 200 : 503).setConsecutiveFailures(failures)
                .setEmptyPollStreak(status.equals("STALE") ? 6 : 0).setLastError(error)
                .setIntervalSeconds(300).build();
        health.pipeInput(sourceId, healthSerde.serialize(Topics.SOURCES_HEALTH, h));
    }

    private void failing(String sourceId, String name, int failures) {
        poll(sourceId, name, "FAILING", failures, "HTTP_STATUS: HTTP 503 Service Unavailable");
    }

    private List<AlertEvent> drain() {
        return alerts.readRecordsToList().stream().map(r -> alertSerde.deserialize(Topics.ALERTS, r.value()))
                .toList();
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRaiseOneAlertWithTheReasonWhenASourceEntersFailing() {
        watch("sub-feeds", List.of("reuters-world"), List.of("FAILING", "STALE"));
        poll(REUTERS, "reuters-world", "OK", 0, null);

        failing(REUTERS, "reuters-world", 1);

        TestRecord<String, byte[]> out = alerts.readRecord();
        AlertEvent alert = alertSerde.deserialize(Topics.ALERTS, out.value());
        assertEquals("sub-feeds", out.key());
        assertEquals("alert.created", alert.getType());
        assertEquals("source-health", alert.getKind());
        assertEquals(REUTERS, alert.getReportId());
        assertEquals("Feed source reuters-world is FAILING", alert.getTitle());
        AlertSourceHealth h = alert.getSourceHealth();
        assertEquals(REUTERS, h.getSourceId());
        assertEquals("FAILING", h.getStatus());
        assertEquals("OK", h.getPreviousStatus());
        assertEquals("HTTP_STATUS: HTTP 503 Service Unavailable; 1 failed poll(s) in a row, last successful poll"
                + " 2026-12-03T08:00:00Z", h.getReason());
        assertEquals(LAST_SUCCESS, h.getSince());
        assertEquals(300, h.getIntervalSeconds());
        assertTrue(alert.getWhy().startsWith("Source reuters-world (" + REUTERS + ") entered FAILING (was OK): "),
                alert.getWhy());
        assertEquals("sourceHealth.statuses", alert.getClauses().get(0).getField());
        assertNull(alert.getReportLink(), "no report to link to");
        assertEquals(alert.getAlertId(), header(out.headers(), "ce_id"));
        assertEquals(REUTERS, header(out.headers(), "ce_subject"));
        assertEquals("io.watchfloor.alert.created", header(out.headers(), "ce_type"));
        assertTrue(alerts.isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldNotAlertAgainOnRepeatedFailingRecordsOfTheSameOutage() {
        watch("sub-feeds", List.of(), List.of());

        failing(REUTERS, "reuters-world", 1);
        failing(REUTERS, "reuters-world", 2);
        failing(REUTERS, "reuters-world", 3);

        List<AlertEvent> out = drain();
        assertEquals(1, out.size(), out.toString());
        assertNull(out.get(0).getSourceHealth().getPreviousStatus(), "the first record alert-service saw");
    }

    @Test
    void shouldSendARecoveryAndAlertAgainWhenTheSourceFailsAgainAfterOk() {
        watch("sub-feeds", List.of(), List.of());
        failing(REUTERS, "reuters-world", 1);
        failing(REUTERS, "reuters-world", 2);

        poll(REUTERS, "reuters-world", "OK", 0, null);
        poll(REUTERS, "reuters-world", "OK", 0, null);
        failing(REUTERS, "reuters-world", 1);

        List<AlertEvent> out = drain();
        assertEquals(List.of("alert.created", "alert.resolved", "alert.created"),
                out.stream().map(AlertEvent::getType).toList());
        assertEquals("Feed source reuters-world recovered (OK)", out.get(1).getTitle());
        assertEquals("FAILING", out.get(1).getSourceHealth().getPreviousStatus());
        assertEquals("OK", out.get(2).getSourceHealth().getPreviousStatus());
        assertTrue(!out.get(0).getAlertId().equals(out.get(2).getAlertId()), "a new outage gets a new id");
    }

    @Test
    void shouldAlertOnlySubscriptionsWatchingThatSource() {
        watch("sub-reuters", List.of("reuters-world"), List.of());
        watch("sub-dawn", List.of(DAWN), List.of());

        failing(REUTERS, "reuters-world", 1);

        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(List.of("sub-reuters"), out.stream().map(TestRecord::key).toList());
    }

    @Test
    void shouldAlertOnlySubscriptionsWatchingThatStatus() {
        watch("sub-failing", List.of(), List.of("FAILING"));
        watch("sub-stale", List.of(), List.of("STALE"));

        poll(DAWN, "dawn", "STALE", 0, null);

        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(List.of("sub-stale"), out.stream().map(TestRecord::key).toList());
        AlertEvent stale = alertSerde.deserialize(Topics.ALERTS, out.get(0).value());
        assertEquals("nothing new for 6 polls in a row (about 30m at its usual interval of 5m)",
                stale.getSourceHealth().getReason());
    }

    @Test
    void shouldNotFireAReportSubscriptionOnHealthRecordsNorAHealthSubscriptionOnReports() {
        index.set(index.get().with(Subscription.of("sub-iskp", "ISKP desk",
                SubscriptionFilter.builder().groups("iskp").build(), NOW)));
        watch("sub-feeds", List.of(), List.of());

        failing(REUTERS, "reuters-world", 1);
        enriched.pipeInput("r-1", enrichedSerde.serialize(Topics.REPORTS_ENRICHED, EnrichedReports.of("r-1",
                "Attack foiled", "Officials said an ISIS-K cell planned the attack in Peshawar.")));

        List<TestRecord<String, byte[]>> out = alerts.readRecordsToList();
        assertEquals(List.of("sub-feeds", "sub-iskp"), out.stream().map(TestRecord::key).toList());
        assertEquals("source-health", alertSerde.deserialize(Topics.ALERTS, out.get(0).value()).getKind());
        assertEquals("report", alertSerde.deserialize(Topics.ALERTS, out.get(1).value()).getKind());
    }

    @Test
    void shouldDeadLetterAnUndecodableHealthRecordAndKeepWatching() {
        watch("sub-feeds", List.of(), List.of());

        health.pipeInput(REUTERS, "not avro".getBytes(StandardCharsets.UTF_8));
        failing(REUTERS, "reuters-world", 1);

        TestRecord<String, byte[]> letter = dlq.readRecord();
        assertEquals("source-health-decode", header(letter.headers(), DeadLetterHeaders.STAGE));
        assertEquals(Topics.SOURCES_HEALTH, header(letter.headers(), DeadLetterHeaders.TOPIC));
        assertEquals("not avro", new String(letter.value(), StandardCharsets.UTF_8));
        assertEquals(1, drain().size());
    }
}
