package io.watchfloor.store.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.store.SampleReports;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.StoredReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrichedAvroToStoredReportTest {

    @Test
    void shouldMapGroupsWithEvidenceSpansThatPointIntoTheText() {
        StoredReport doc = EnrichedAvroToStoredReport.map(SampleReports.seed("r-1"));

        assertEquals(List.of("iskp", "ttp", "al-qaeda"), doc.groups().stream().map(StoredReport.Group::id).toList());
        StoredReport.Group iskp = doc.groups().get(0);
        assertEquals("Islamic State Khorasan Province", iskp.name());
        assertEquals("islamic-state", iskp.affiliation());
        assertEquals(2, iskp.evidence().size());
        for (StoredReport.Evidence span : iskp.evidence()) {
            assertEquals(span.text(), doc.text().substring(span.start(), span.end()));
        }
        assertEquals("ISIS-K", iskp.resolutions().get(0).surface());
        assertEquals("test-tagger", iskp.producer().name());
    }

    @Test
    void shouldMapTimesAsInstantsAndKeepMetadata() {
        StoredReport doc = EnrichedAvroToStoredReport.map(SampleReports.seed("r-2"));

        assertEquals(Instant.parse("2025-07-01T10:00:00Z"), doc.publishedAt());
        assertEquals(Instant.parse("2025-07-02T09:00:00Z"), doc.ingestedAt());
        assertEquals(Instant.parse("2025-07-02T08:00:00Z"), doc.metadata().enrichedAt());
        assertEquals("catalog-2025.07", doc.metadata().catalogVersion());
        assertEquals("Abbey Gate bombing", doc.events().get(0).name());
        assertEquals("2021", doc.events().get(0).date());
        assertEquals("arrest", doc.topics().get(0).name());
        assertEquals("Staff", doc.attributes().get("author"));
        assertNull(doc.source().url());
    }

    @Test
    void shouldStripNulAndUnpairedSurrogatesFromEveryString() {
        EnrichedReport report = SampleReports.seed("r-\u00003");
        report.getReport().setTitle("Bad\u0000 title \uD800");
        report.getReport().setText("text\u0000 with NUL");
        report.getGroups().get(0).setName("Islamic\u0000 State");

        StoredReport doc = EnrichedAvroToStoredReport.map(report);

        assertEquals("r-3", doc.id());
        assertEquals("Bad title \uFFFD", doc.title());
        assertEquals("text with NUL", doc.text());
        assertEquals("Islamic State", doc.groups().get(0).name());
    }

    @Test
    void shouldBuildRowWithFilterRowsAndKafkaPosition() {
        StoredReport doc = EnrichedAvroToStoredReport.map(SampleReports.seed("r-4"));

        ReportRow row = ReportRow.of(doc, "{\"doc\":1}", "{\"kind\":\"http\"}", 3, 42L);

        assertEquals("r-4", row.id());
        assertEquals(1, row.revision());
        assertEquals(Instant.parse("2025-07-02T08:00:00Z"), row.enrichedAt());
        assertEquals(Instant.parse("2025-07-01T10:00:00Z"), row.publishedAt());
        assertEquals(List.of("iskp", "ttp", "al-qaeda"),
                row.groups().stream().map(ReportRow.GroupRow::groupId).toList());
        assertTrue(row.entities().stream().anyMatch(e -> "geo:country:PK".equals(e.entityId())));
        assertEquals(3, row.kafkaPartition());
        assertEquals(42L, row.kafkaOffset());
        assertEquals("{\"doc\":1}", row.documentJson());
        assertFalse(row.text().isEmpty());
    }

    @Test
    void shouldLeaveMissingPublishTimeEmpty() {
        EnrichedReport report = SampleReports.seed("r-5");
        report.getReport().setPublishedAt(null);

        ReportRow row = ReportRow.of(EnrichedAvroToStoredReport.map(report), "{}", "{}", 0, 0L);

        assertNull(row.publishedAt());
    }

    @Test
    void shouldKeepAMentionsExtentAndLeaveItNullWhereThereIsNone() {
        StoredReport doc = EnrichedAvroToStoredReport.map(SampleReports.seedWithExtent("r-1"));

        List<StoredReport.Evidence> pakistan = doc.entities().get(1).mentions();
        assertEquals("Pakistan", pakistan.get(1).text());
        assertEquals("Tehrik-e-Taliban Pakistan", doc.text().substring(pakistan.get(1).extentStart(),
                pakistan.get(1).extentEnd()));
        assertNull(pakistan.get(0).extentStart());
        assertNull(pakistan.get(0).extentEnd());
    }
}
