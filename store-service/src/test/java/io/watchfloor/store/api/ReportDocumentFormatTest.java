package io.watchfloor.store.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.watchfloor.store.SampleReports;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.kafka.EnrichedAvroToStoredReport;
import org.junit.jupiter.api.Test;

class ReportDocumentFormatTest {

    private final ReportDocumentFormat format = new ReportDocumentFormat(JsonMapper.createDefault());

    @Test
    void shouldStoreAMentionsExtentOnlyWhereItHasOneAndReadItBack() {
        StoredReport report = EnrichedAvroToStoredReport.map(SampleReports.seedWithExtent("r-1"));
        int extentStart = SampleReports.TEXT.indexOf("Tehrik-e-Taliban Pakistan");

        String json = format.document(report);

        assertTrue(json.contains("\"extentStart\":" + extentStart), json);
        // one mention has an extent: the others leave the fields out rather than writing nulls
        assertEquals(1, json.split("\"extentStart\"", -1).length - 1, json);
        assertFalse(json.contains("\"extentEnd\":null"), json);
        StoredReport back = format.read(json);
        assertEquals(report.entities(), back.entities());
        assertEquals(extentStart, back.entities().get(1).mentions().get(1).extentStart());
    }
}
