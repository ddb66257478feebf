package io.watchfloor.enrich.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EntityTag;
import io.watchfloor.schemas.avro.Span;
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

    @Test
    void shouldCarryAMentionsWiderExtentAndLeaveItOutWhereTheMentionIsTheName() {
        RawReport raw = raw(Map.of());
        raw.setText("Engineers inspected the Mosul Dam. Mosul Dam holds water.");
        EnrichedReport out = EnrichmentToAvro.toAvro(raw,
                DefaultEnricher.fromClasspath().enrich(EnrichmentToAvro.reportText(raw)), Instant.EPOCH);

        EntityTag dam = out.getEntities().stream().filter(t -> t.getName().equals("Mosul Dam")).findFirst()
                .orElseThrow(() -> new AssertionError(out.getEntities().toString()));
        assertEquals(2, dam.getMentions().size(), dam.toString());
        Span first = dam.getMentions().get(0);
        assertEquals("Mosul Dam", first.getText());
        assertEquals("the Mosul Dam", raw.getText().substring(first.getExtentStart(), first.getExtentEnd()));
        Span second = dam.getMentions().get(1);
        assertTrue(second.getStart() > first.getEnd());
        assertNull(second.getExtentStart(), second.toString());
        assertNull(second.getExtentEnd(), second.toString());
    }
}
