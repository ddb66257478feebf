package io.watchfloor.alert;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.ReportText;
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

/** Enriched reports for tests: the real enricher's findings on a text, as the Avro record enrich-service writes. */
public final class EnrichedReports {
    private static final DefaultEnricher ENRICHER = DefaultEnricher.fromClasspath();
    private static final Producer PRODUCER = new Producer("test", "1");

    private EnrichedReports() {
    }

    public static EnrichedReport of(String id, String title, String text) {
        return of(id, 1, null, title, text, Instant.parse("2026-11-30T08:00:00Z"));
    }

    public static EnrichedReport of(String id, int revision, String duplicateOf, String title, String text,
                                    Instant publishedAt) {
        Enrichment e = ENRICHER.enrich(new ReportText(id, title, text, publishedAt));
        RawReport raw = RawReport.newBuilder().setId(id).setRevision(revision)
                .setSource(Source.newBuilder().setKind("http").setName("alert-test").build())
                .setCanonicalUrl("https://news.example.org/" + id).setTitle(title).setText(text)
                .setContentType("text/plain").setLanguage("en").setPublishedAt(publishedAt)
                .setIngestedAt(Instant.parse("2026-12-01T09:00:00Z")).setContentHash("h-" + text.hashCode())
                .setDuplicateOf(duplicateOf).build();
        return EnrichedReport.newBuilder().setReport(raw)
                .setEntities(e.entities().stream().map(t -> EntityTag.newBuilder().setType(t.type()).setId(t.id())
                        .setName(t.name()).setScore(t.score()).setProducer(PRODUCER).setMentions(spans(t.mentions()))
                        .setAttributes(Map.of()).build()).toList())
                .setGroups(e.groups().stream().map(g -> GroupTag.newBuilder().setId(g.id()).setName(g.name())
                        .setKind(g.kind()).setScore(g.score()).setRole(g.role() == null ? "mentioned" : g.role())
                        .setEvidence(spans(g.evidence())).setResolutions(List.of()).setAffiliation(g.affiliation())
                        .setExternalRefs(Map.of()).setProducer(PRODUCER).build()).toList())
                .setEvents(e.events().stream().map(v -> EventTag.newBuilder().setName(v.name()).setType(v.type())
                        .setTemporal(v.temporal()).setDate(v.date()).setScore(v.score())
                        .setMentions(spans(v.mentions())).setProducer(PRODUCER).build()).toList())
                .setTopics(e.topics().stream().map(t -> TopicTag.newBuilder().setName(t.name()).setScore(t.score())
                        .setEvidence(spans(t.evidence())).setProducer(PRODUCER).build()).toList())
                .setMetadata(EnrichmentMetadata.newBuilder().setCatalogVersion(e.catalogVersion())
                        .setEnricherVersion(e.enricherVersion()).setEnrichedAt(Instant.parse("2026-12-01T09:00:01Z"))
                        .build())
                .build();
    }

    private static List<Span> spans(List<Evidence> evidence) {
        return evidence.stream().map(s -> Span.newBuilder().setField(s.field()).setStart(s.start()).setEnd(s.end())
                .setText(s.text()).build()).toList();
    }
}
