package io.watchfloor.enrich.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import io.watchfloor.testsupport.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class EnrichTopologyTest {
    private static final Provenance TEST_PRODUCER = new Provenance("keyword-test", "1");
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<RawReport> rawSerde = AvroSerde.forValues(RawReport.class, registry);
    private final AvroSerde<EnrichedReport> enrichedSerde = AvroSerde.forValues(EnrichedReport.class, registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, byte[]> enriched;
    private TestOutputTopic<String, byte[]> dlq;

    /** Tags "ISKP" wherever it occurs, and throws on reports that contain "BOOM". */
    private final Enricher enricher = report -> {
        if (report.text().contains("BOOM")) {
            throw new IllegalStateException("tagger failed on purpose");
        }
        List<Evidence> spans = new ArrayList<>();
        int at = report.text().indexOf("ISKP");
        while (at >= 0) {
            spans.add(new Evidence(Evidence.TEXT, at, at + 4, "ISKP"));
            at = report.text().indexOf("ISKP", at + 1);
        }
        List<GroupFinding> groups = spans.isEmpty() ? List.of() : List.of(new GroupFinding("iskp",
                "Islamic State Khorasan Province", "terrorist", 0.9, "mentioned", spans, List.of(), "islamic-state",
                Map.of("un", "QDe.161"), TEST_PRODUCER));
        return new Enrichment(List.of(), groups, List.of(), List.of(), "cat-1", "enr-1", List.of(TEST_PRODUCER),
                List.of());
    };

    @BeforeEach
    void setUp() {
        start(1_000_000);
    }

    private void start(int maxRecordBytes) {
        if (driver != null) {
            driver.close();
        }
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        var topology = EnrichTopology.build(rawSerde, enrichedSerde, enricher,
                new EnrichTopology.Settings("enrich-service", maxRecordBytes, clock));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props);
        raw = driver.createInputTopic(Topics.REPORTS_RAW, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        enriched = driver.createOutputTopic(Topics.REPORTS_ENRICHED, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        dlq = driver.createOutputTopic(Topics.REPORTS_DLQ, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static RawReport report(String id, String text) {
        return RawReport.newBuilder()
                .setId(id)
                .setSource(Source.newBuilder().setKind("http").setName("test").build())
                .setTitle("A title")
                .setText(text)
                .setContentType("text/plain")
                .setIngestedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setPublishedAt(Instant.parse("2030-01-01T00:00:00Z"))
                .setContentHash("h-" + id)
                .build();
    }

    private void send(String id, String text) {
        raw.pipeInput(id, rawSerde.serialize(Topics.REPORTS_RAW, report(id, text)));
    }

    @Test
    void shouldEnrichRawReportKeepingIdPayloadAndEvidence() {
        send("r-1", "Officials said ISKP claimed it. ISKP again.");

        TestRecord<String, byte[]> out = enriched.readRecord();
        EnrichedReport report = enrichedSerde.deserialize(Topics.REPORTS_ENRICHED, out.value());
        assertEquals("r-1", out.key());
        assertEquals("r-1", report.getReport().getId());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), report.getReport().getPublishedAt());
        assertEquals(1, report.getGroups().size());
        var group = report.getGroups().get(0);
        assertEquals("iskp", group.getId());
        assertEquals(List.of(15, 32), group.getEvidence().stream().map(s -> s.getStart()).toList());
        assertEquals("ISKP", group.getEvidence().get(1).getText());
        assertEquals("QDe.161", group.getExternalRefs().get("un"));
        assertEquals("cat-1", report.getMetadata().getCatalogVersion());
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), report.getMetadata().getEnrichedAt());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shouldRouteUndecodableRecordToDeadLetterTopicAndKeepFlowing() {
        byte[] badMagic = "not avro at all".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = {0, 0, 0, 0x7f, 0x01, 2, 4};
        byte[] truncated = java.util.Arrays.copyOf(rawSerde.serialize(Topics.REPORTS_RAW, report("r-t", "text")), 9);
        raw.pipeInput("bad-1", badMagic);
        raw.pipeInput("bad-2", unknownId);
        raw.pipeInput("bad-3", truncated);
        send("r-2", "ISKP after the poison");

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertEquals(List.of("bad-1", "bad-2", "bad-3"), dead.stream().map(TestRecord::key).toList());
        assertArrayEquals(badMagic, dead.get(0).value());
        Headers h = dead.get(1).headers();
        assertEquals(Topics.REPORTS_RAW, header(h, DeadLetterHeaders.TOPIC));
        assertEquals("0", header(h, DeadLetterHeaders.PARTITION));
        assertEquals("1", header(h, DeadLetterHeaders.OFFSET));
        assertEquals("deserialize", header(h, DeadLetterHeaders.STAGE));
        assertTrue(header(h, DeadLetterHeaders.ERROR_MESSAGE).contains("schema id 32513"),
                header(h, DeadLetterHeaders.ERROR_MESSAGE));
        assertTrue(header(dead.get(0).headers(), DeadLetterHeaders.ERROR_MESSAGE).contains("magic byte"));

        List<TestRecord<String, byte[]>> good = enriched.readRecordsToList();
        assertEquals(List.of("r-2"), good.stream().map(TestRecord::key).toList());
    }

    @Test
    void shouldPutTheReportAndSourceIdsInTheMdcOfDeadLetterLinesAndClearThemAfterwards() {
        ILoggingEvent undecodable;
        ILoggingEvent taggerFailed;
        try (CapturedLogs logs = CapturedLogs.of(EnrichTopology.class)) {
            raw.pipeInput("bad-9", "not avro at all".getBytes(StandardCharsets.UTF_8));
            RawReport fromFeed = report("r-9", "BOOM from a feed");
            fromFeed.setAttributes(Map.of(ReportAttributes.FEED_SOURCE_ID, "src-7"));
            raw.pipeInput("r-9", rawSerde.serialize(Topics.REPORTS_RAW, fromFeed));
            undecodable = logs.containing("Dead-lettering record bad-9").get(0);
            taggerFailed = logs.containing("Dead-lettering record r-9").get(0);
        }
        assertEquals("bad-9", undecodable.getMDCPropertyMap().get(LogContext.REPORT_ID));
        assertNull(undecodable.getMDCPropertyMap().get(LogContext.SOURCE_ID), "undecodable: no source known");
        assertEquals("r-9", taggerFailed.getMDCPropertyMap().get(LogContext.REPORT_ID));
        assertEquals("src-7", taggerFailed.getMDCPropertyMap().get(LogContext.SOURCE_ID));
        assertEquals(List.of("bad-9", "r-9"), dlq.readRecordsToList().stream().map(TestRecord::key).toList());
        assertNull(MDC.get(LogContext.REPORT_ID), "the report id must not outlive its record");
        assertNull(MDC.get(LogContext.SOURCE_ID));
    }

    @Test
    void shouldDeadLetterReportsThatMakeTheTaggerThrow() {
        send("r-3", "BOOM ISKP");
        send("r-4", "ISKP fine");

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals("r-3", dead.key());
        assertEquals("enrich", header(dead.headers(), DeadLetterHeaders.STAGE));
        assertEquals(IllegalStateException.class.getName(), header(dead.headers(), DeadLetterHeaders.ERROR_CLASS));
        assertEquals("tagger failed on purpose", header(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE));
        RawReport original = rawSerde.deserialize(Topics.REPORTS_RAW, dead.value());
        assertEquals("BOOM ISKP", original.getText());
        assertEquals(List.of("r-4"), enriched.readRecordsToList().stream().map(TestRecord::key).toList());
    }

    @Test
    void shouldShedRepeatedEvidenceRatherThanDropAReportWhoseTextFits() {
        start(60_000);
        String text = "ISKP ".repeat(5_000); // 25 KB of text, 5,000 evidence spans: 100 KB with all of them
        send("r-long", text);

        EnrichedReport out = enrichedSerde.deserialize(Topics.REPORTS_ENRICHED, enriched.readRecord().value());
        assertTrue(dlq.isEmpty(), "the report fits once its evidence is capped");
        assertEquals(text, out.getReport().getText(), "the text itself is never cut here");
        var group = out.getGroups().get(0);
        assertEquals("iskp", group.getId());
        assertEquals(16, group.getEvidence().size());
        assertEquals(0, group.getEvidence().get(0).getStart(), "the first spans are kept");
        assertTrue(out.getMetadata().getWarnings().stream().anyMatch(w -> w.contains("4984 spans left out")),
                out.getMetadata().getWarnings().toString());
    }

    @Test
    void shouldDeadLetterEnrichedRecordsOverTheSizeLimitInsteadOfStallingThePartition() {
        start(2_000);
        send("r-big", "ISKP ".repeat(1_000));
        send("r-small", "ISKP");

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals("r-big", dead.key());
        assertEquals("size", header(dead.headers(), DeadLetterHeaders.STAGE));
        assertTrue(header(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE).contains("exceeds the limit of 2000"));
        assertEquals(List.of("r-small"), enriched.readRecordsToList().stream().map(TestRecord::key).toList());
    }

    @Test
    void shouldDeadLetterARawRecordOverTheProducerLimitWithItsFirstBytesOnly() {
        // bigger than enrich's producer may send (max-record-bytes 1,000,000 + 64 KiB): a compressing producer can
        // put it on the raw topic, but a dead letter carrying it whole would fail the transaction on every retry
        String text = "the quick analyst reads another long paragraph ".repeat(31_250); // 1,500,000 characters
        byte[] original = rawSerde.serialize(Topics.REPORTS_RAW, report("r-huge", text));
        raw.pipeInput("r-huge", original);
        byte[] corrupt = new byte[1_200_000]; // undecodable too: bad magic byte
        Arrays.fill(corrupt, (byte) 'x');
        raw.pipeInput("bad-huge", corrupt);
        send("r-after", "ISKP");

        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertEquals(List.of("r-huge", "bad-huge"), dead.stream().map(TestRecord::key).toList());
        Headers h = dead.get(0).headers();
        assertEquals(64 * 1024, dead.get(0).value().length);
        assertArrayEquals(Arrays.copyOf(original, 64 * 1024), dead.get(0).value(), "the original's first bytes");
        assertEquals("true", header(h, DeadLetterHeaders.VALUE_TRUNCATED));
        assertEquals(Integer.toString(original.length), header(h, DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
        assertEquals("size", header(h, DeadLetterHeaders.STAGE));
        assertTrue(header(h, DeadLetterHeaders.ERROR_CLASS).endsWith("RecordTooLarge"));
        assertEquals(Topics.REPORTS_RAW, header(h, DeadLetterHeaders.TOPIC));
        assertEquals("0", header(h, DeadLetterHeaders.PARTITION));
        assertEquals("0", header(h, DeadLetterHeaders.OFFSET));
        Headers b = dead.get(1).headers();
        assertEquals("deserialize", header(b, DeadLetterHeaders.STAGE));
        assertEquals("1", header(b, DeadLetterHeaders.OFFSET));
        assertEquals("1200000", header(b, DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
        assertArrayEquals(Arrays.copyOf(corrupt, 64 * 1024), dead.get(1).value());
        assertEquals(List.of("r-after"), enriched.readRecordsToList().stream().map(TestRecord::key).toList());
    }

    @Test
    void shouldKeepTheWholeValueOfADeadLetterThatFitsTheProducer() {
        // over max-record-bytes once enriched, yet under the producer's limit: dead-lettered whole, as before
        String text = "the quick analyst reads another long paragraph ".repeat(22_000); // 1,034,000 characters
        byte[] original = rawSerde.serialize(Topics.REPORTS_RAW, report("r-big", text));
        raw.pipeInput("r-big", original);

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertArrayEquals(original, dead.value());
        assertEquals("size", header(dead.headers(), DeadLetterHeaders.STAGE));
        assertNull(dead.headers().lastHeader(DeadLetterHeaders.VALUE_TRUNCATED));
        assertNull(dead.headers().lastHeader(DeadLetterHeaders.VALUE_ORIGINAL_BYTES));
    }

    private static String header(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
