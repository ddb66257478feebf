package io.watchfloor.enrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrichmentToAvroTest {

    private static RawReport raw(Map<String, String> attributes) {
        return RawReport.newBuilder()
                .setId("r-1")
                .setSource(Source.newBuilder().setKind("stix").setName("CERT").build())
                .setTitle("t")
                .setText("body")
                .setContentType("text/plain")
                .setIngestedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setContentHash("h")
                .setAttributes(attributes)
                .build();
    }

    @Test
    void shouldHandTheSourceAssertedActorsToTheEnricherOnePerLine() {
        var text = EnrichmentToAvro.reportText(raw(Map.of(ReportAttributes.SOURCE_THREAT_ACTORS,
                "ISKP\n  Harbour Spider \n\nISKP\n")));
        assertEquals(List.of("ISKP", "Harbour Spider"), text.sourceActors());
        assertEquals("r-1", text.id());
        assertEquals("body", text.text());
    }

    @Test
    void shouldHandNoActorsWhenTheSourceAssertedNone() {
        assertEquals(List.of(), EnrichmentToAvro.reportText(raw(Map.of("author", "x"))).sourceActors());
        assertEquals(List.of(), EnrichmentToAvro.reportText(raw(Map.of(ReportAttributes.SOURCE_THREAT_ACTORS,
                " \n "))).sourceActors());
    }
}
