package io.watchfloor.schemas;

import io.watchfloor.schemas.avro.AliasResolution;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EnrichmentMetadata;
import io.watchfloor.schemas.avro.EntityTag;
import io.watchfloor.schemas.avro.EventTag;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.Producer;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.avro.Span;
import io.watchfloor.schemas.avro.TopicTag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated sample records for serde tests. */
public final class Samples {
    private Samples() {
    }

    public static RawReport rawReport() {
        return RawReport.newBuilder()
                .setId("r-0001")
                .setRevision(2)
                .setSource(Source.newBuilder().setKind("rss").setName("Example Wire")
                        .setUrl("https://example.org/feed.xml").setItemId("guid-17").build())
                .setCanonicalUrl("https://example.org/news/1")
                .setTitle("Blast in Peshawar")
                .setText("ISKP claimed the attack. Unicode: Khorasan — خراسان.")
                .setContentType("text/html")
                .setLanguage("en")
                .setPublishedAt(Instant.parse("2024-03-01T10:15:30.123Z"))
                .setIngestedAt(Instant.parse("2026-11-26T18:00:00.456Z"))
                .setContentHash("ab".repeat(32))
                .setDuplicateOf(null)
                .setAttributes(Map.of("author", "A. Writer"))
                .build();
    }

    public static EnrichedReport enrichedReport() {
        Producer producer = new Producer("group-matcher", "0.1.0");
        Span span = Span.newBuilder().setField("text").setStart(0).setEnd(4).setText("ISKP").build();
        return EnrichedReport.newBuilder()
                .setReport(rawReport())
                .setEntities(List.of(EntityTag.newBuilder().setType("LOCATION").setId("geo:city:peshawar")
                        .setName("Peshawar").setScore(0.9).setProducer(producer)
                        .setMentions(List.of(Span.newBuilder().setField("title").setStart(9).setEnd(17)
                                .setText("Peshawar").build()))
                        .build()))
                .setGroups(List.of(GroupTag.newBuilder().setId("iskp")
                        .setName("Islamic State Khorasan Province").setKind("terrorist").setScore(0.97)
                        .setRole("claimed").setEvidence(List.of(span))
                        .setResolutions(List.of(AliasResolution.newBuilder().setSurface("ISKP").setAlias("ISKP")
                                .setMethod("exact").setSource("curated").build()))
                        .setAffiliation("islamic-state").setExternalRefs(Map.of("mitre", "G9999"))
                        .setProducer(producer).build()))
                .setEvents(List.of(EventTag.newBuilder().setName("Peshawar blast").setType("bombing")
                        .setTemporal("current").setDate("2024-03-01").setScore(0.7).setMentions(List.of(span))
                        .setProducer(producer).build()))
                .setTopics(List.of(TopicTag.newBuilder().setName("attack").setScore(0.8)
                        .setEvidence(List.of(span)).setProducer(producer).build()))
                .setMetadata(EnrichmentMetadata.newBuilder().setCatalogVersion("2026.11.1")
                        .setEnricherVersion("0.1.0").setEnrichedAt(Instant.parse("2026-11-26T18:00:01Z"))
                        .setProducers(List.of(producer)).setWarnings(List.of()).build())
                .build();
    }
}
