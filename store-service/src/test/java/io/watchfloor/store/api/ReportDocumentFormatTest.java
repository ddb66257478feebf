package io.watchfloor.store.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.store.SampleReports;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.kafka.EnrichedAvroToStoredReport;
import org.junit.jupiter.api.Test;

class ReportDocumentFormatTest {

    private final ReportDocumentFormat format = new ReportDocumentFormat(JsonMapper.createDefault());

    @Test
    void shouldStoreAMentionsExtentOnlyWhereItHasOneAndReadItBack() {
        EnrichedReport avro = SampleReports.seed("r-1");
        var mentions = avro.getEntities().get(0).getMentions();
        var first = mentions.get(0);
        first.setExtentStart(Math.max(0, first.getStart() - 4));
        first.setExtentEnd(first.getEnd());
        StoredReport report = EnrichedAvroToStoredReport.map(avro);

        String json = format.document(report);

        assertTrue(json.contains("\"extentStart\":" + first.getExtentStart()), json);
        // one mention has an extent: the others leave the fields out rather than writing nulls
        assertEquals(1, json.split("\"extentStart\"", -1).length - 1, json);
        assertFalse(json.contains("\"extentEnd\":null"), json);
        StoredReport back = format.read(json);
        assertEquals(report.entities().get(0).mentions(), back.entities().get(0).mentions());
        assertEquals(first.getExtentStart(), back.entities().get(0).mentions().get(0).extentStart());
    }
}
