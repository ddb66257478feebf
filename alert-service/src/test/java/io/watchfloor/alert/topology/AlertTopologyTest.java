package io.watchfloor.alert.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.watchfloor.alert.EnrichedReports;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertClause;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.SourceHealth;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.CapturedLogs;
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
import org.slf4j.MDC;

class AlertTopologyTest {
    private static final CatalogGroupDirectory GROUPS = CatalogGroupDirectory.fromClasspath();
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String TEXT = "Pakistani officials said an ISIS-K cell planned the attack in Peshawar. "
            + "The group behind the 2021 Abbey Gate bombing in Kabul was named in the briefing.";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
    private final AvroSerde<AlertEvent> alertSerde = AvroSerde.forValues(AlertEvent.class, registry);
    private final AvroSerde<SourceHealth> healthSerde = AvroSerde.forValues(SourceHealth.class, registry);
    private final AtomicReference<SubscriptionIndex> index = new AtomicReference<>(SubscriptionIndex.empty(GROUPS));
    private AlertTopologyDriver driver;
    private TestInputTopic<String, byte[]> enriched;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> dlq;

    @BeforeEach
    void setUp() {
        driver = new AlertTopologyDriver(enrichedSerde, alertSerde, healthSerde, index::get, NOW);
        enriched = driver.enriched;
        alerts = driver.alerts;
        dlq = driver.dlq;
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void subscribe(String id, SubscriptionFilter filter) {
        index.set(index.get().with(new Subscription(id, id + " desk", filter, null, null, NOW, NOW)));
    }

    private static SubscriptionFilter.Builder filter() {
        return SubscriptionFilter.builder();
    }

    private void send(EnrichedReport report) {
        enriched.pipeInput(report.getReport().getId().toString(),
                enrichedSerde.serialize(Topics.REPORTS_ENRICHED, report));
    }

    private AlertEvent decode(TestRecord<String, byte[]> record) {
        return alertSerde.deserialize(Topics.ALERTS, record.value());
    }

    private static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldRaiseOneAlertWithTheEvidenceAndCloudEventsHeaders() {
        subscribe("sub-iskp", filter().groups("iskp").build());

        send(EnrichedReports.of("r-1", "Attack foiled", TEXT));

        TestRecord<String, byte[]> out = alerts.readRecord();
        AlertEvent alert = decode(out);
        assertEquals("sub-iskp", out.key());
        assertEquals("alert.created", alert.getType());
        assertEquals("r-1", alert.getReportId());
        assertEquals("sub-iskp desk", alert.getSubscriptionName());
        AlertClause clause = alert.getClauses().get(0);
        assertEquals("groups", clause.getField());
        assertEquals("iskp", clause.getTagId());
        var span = clause.getEvidence().get(0);
        assertEquals("ISIS-K", span.getText());
        assertEquals("ISIS-K", TEXT.substring(span.getStart(), span.getEnd()));
        assertEquals("http://127.0.0.1:8082/reports/r-1", alert.getReportLink());
        assertEquals(alert.getAlertId(), header(out.headers(), "ce_id"));
        assertEquals("r-1", header(out.headers(), "ce_subject"));
        assertEquals("1.0", header(out.headers(), "ce_specversion"));
        assertEquals("io.watchfloor.alert.created", header(out.headers(), "ce_type"));
        assertTrue(alerts.isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldNotRaiseASecondAlertForTheSameMatchOrANearDuplicate() {
        subscribe("sub-iskp", filter().groups("iskp").build());
        send(EnrichedReports.of("r-1", "Attack foiled", TEXT));
        AlertEvent first = decode(alerts.readRecord());

        send(EnrichedReports.of("r-1", "Attack foiled", TEXT)); // re-enrichment, same match
        send(EnrichedReports.of("r-9", 1, "r-1", "Attack foiled (wire copy)", "WIRE: " + TEXT,
                Instant.parse("2026-11-30T09:00:00Z")));

        assertTrue(alerts.isEmpty(), "same match and a near-duplicate fold into the first alert");
        assertEquals("alert.created", first.getType());
    }

    @Test
    void shouldNotRaiseASecondAlertWhenTheSameReportIsLinkedToAnotherSource() {
        subscribe("sub-iskp", filter().groups("iskp").build());
        subscribe("sub-wires", filter().groups("iskp").sources("Wire A", "Wire B").build());
        subscribe("sub-b-only", filter().sources("Wire B").build());
        Source wireA = Source.newBuilder().setKind("rss").setName("Wire A").setUrl("https://a.example/rss").build();
        Source wireB = Source.newBuilder().setKind("rss").setName("Wire B").setUrl("https://b.example/rss").build();
        EnrichedReport first = EnrichedReports.of("r-5", "Attack foiled", TEXT);
        first.getReport().setSource(wireA);
        first.getReport().setSources(List.of(wireA));
        send(first);
        List<String> raised = alerts.readRecordsToList().stream().map(r -> decode(r).getSubscriptionId().toString())
                .sorted().toList();
        assertEquals(List.of("sub-iskp", "sub-wires"), raised);

        // the same article via Wire B: same id and revision, Wire B added to its sources, enriched again
        EnrichedReport link = EnrichedReports.of("r-5", "Attack foiled", TEXT);
        link.getReport().setSource(wireB);
        link.getReport().setSources(List.of(wireA, wireB));
        link.getMetadata().setEnrichedAt(Instant.parse("2026-12-01T09:05:00Z"));
        send(link);

        assertTrue(alerts.isEmpty(), "a mere extra source raises no alert");
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldRaiseAnUpdateWhenARevisionMatchesSomethingElse() {
        subscribe("sub-pk", filter().groups("iskp", "ttp").build());
        send(EnrichedReports.of("r-2", 1, null, "Attack foiled", TEXT, null));
        AlertEvent first = decode(alerts.readRecord());

        send(EnrichedReports.of("r-2", 2, null, "Attack foiled",
                TEXT + " Tehrik-e-Taliban Pakistan (TTP) denied any role.", null));

        AlertEvent update = decode(alerts.readRecord());
        assertEquals("alert.updated", update.getType());
        assertEquals(first.getAlertId(), update.getPreviousAlertId());
        assertEquals(2, update.getRevision());
        assertTrue(update.getClauses().stream().anyMatch(c -> "ttp".contentEquals(c.getTagId())),
                update.getClauses().toString());
    }

    @Test
    void shouldSkipTheHistoricalBombingForACurrentEventsSubscription() {
        subscribe("sub-current", filter().eventTypes("bombing").temporal("current").build());
        subscribe("sub-any", filter().eventTypes("bombing").build());

        send(EnrichedReports.of("r-3", "Briefing", TEXT));

        List<String> fired = alerts.readRecordsToList().stream().map(TestRecord::key).toList();
        assertEquals(List.of("sub-any"), fired);
    }

    @Test
    void shouldDeadLetterAnUndecodableReportAndKeepMatching() {
        subscribe("sub-iskp", filter().groups("iskp").build());

        List<ILoggingEvent> warnings;
        try (CapturedLogs logs = CapturedLogs.of(AlertTopology.class)) {
            enriched.pipeInput("poison", new byte[] {0, 0, 0, 0, 42, 1});
            send(EnrichedReports.of("r-4", "Attack foiled", TEXT));
            warnings = logs.containing("Dead-lettering record poison");
        }
        assertEquals(1, warnings.size());
        assertEquals("poison", warnings.get(0).getMDCPropertyMap().get(LogContext.REPORT_ID),
                "the dead-letter line carries the report id in the MDC");
        assertNull(MDC.get(LogContext.REPORT_ID));

        TestRecord<String, byte[]> letter = dlq.readRecord();
        assertEquals("poison", letter.key());
        assertEquals("alert-decode", header(letter.headers(), DeadLetterHeaders.STAGE));
        assertEquals(Topics.REPORTS_ENRICHED, header(letter.headers(), DeadLetterHeaders.TOPIC));
        assertEquals("r-4", decode(alerts.readRecord()).getReportId());
    }

    @Test
    void shouldStayQuietWithoutMatchingSubscriptions() {
        subscribe("sub-shabaab", filter().groups("al-shabaab").build());

        send(EnrichedReports.of("r-5", "Attack foiled", TEXT));

        assertTrue(alerts.isEmpty());
        assertNull(dlq.isEmpty() ? null : dlq.readRecord());
    }
}
