package io.watchfloor.enrich.topology;

import io.watchfloor.enrich.domain.AliasResolution;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityTag;
import io.watchfloor.enrich.domain.EventTag;
import io.watchfloor.enrich.domain.GroupTag;
import io.watchfloor.enrich.domain.Producer;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Span;
import io.watchfloor.enrich.domain.TopicTag;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EnrichmentMetadata;
import io.watchfloor.schemas.avro.RawReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one place where Avro records and enrich domain records meet; absorbs schema changes. */
public final class EnrichedReportMapper {

    private EnrichedReportMapper() {
    }

    public static ReportText toDomain(RawReport raw) {
        return new ReportText(raw.getId(), raw.getTitle(), raw.getText(), raw.getPublishedAt());
    }

    public static EnrichedReport toAvro(RawReport raw, Enrichment e, Instant enrichedAt) {
        return EnrichedReport.newBuilder()
                .setReport(raw)
                .setEntities(e.entities().stream().map(EnrichedReportMapper::entity).toList())
                .setGroups(e.groups().stream().map(EnrichedReportMapper::group).toList())
                .setEvents(e.events().stream().map(EnrichedReportMapper::event).toList())
                .setTopics(e.topics().stream().map(EnrichedReportMapper::topic).toList())
                .setMetadata(EnrichmentMetadata.newBuilder()
                        .setCatalogVersion(nonNull(e.catalogVersion()))
                        .setEnricherVersion(nonNull(e.enricherVersion()))
                        .setEnrichedAt(enrichedAt)
                        .setProducers(orEmpty(e.producers()).stream().map(EnrichedReportMapper::producer).toList())
                        .setWarnings(List.copyOf(orEmpty(e.warnings())))
                        .build())
                .build();
    }

    private static io.watchfloor.schemas.avro.EntityTag entity(EntityTag t) {
        return io.watchfloor.schemas.avro.EntityTag.newBuilder()
                .setType(t.type())
                .setId(t.id())
                .setName(t.name())
                .setScore(t.score())
                .setProducer(producer(t.producer()))
                .setMentions(spans(t.mentions()))
                .setAttributes(map(t.attributes()))
                .build();
    }

    private static io.watchfloor.schemas.avro.GroupTag group(GroupTag g) {
        return io.watchfloor.schemas.avro.GroupTag.newBuilder()
                .setId(g.id())
                .setName(g.name())
                .setKind(g.kind())
                .setScore(g.score())
                .setRole(g.role() == null ? "mentioned" : g.role())
                .setEvidence(spans(g.evidence()))
                .setResolutions(orEmpty(g.resolutions()).stream().map(EnrichedReportMapper::resolution).toList())
                .setAffiliation(g.affiliation())
                .setExternalRefs(map(g.externalRefs()))
                .setProducer(producer(g.producer()))
                .build();
    }

    private static io.watchfloor.schemas.avro.AliasResolution resolution(AliasResolution r) {
        return io.watchfloor.schemas.avro.AliasResolution.newBuilder()
                .setSurface(r.surface())
                .setAlias(r.alias())
                .setMethod(r.method())
                .setSource(r.source())
                .build();
    }

    private static io.watchfloor.schemas.avro.EventTag event(EventTag e) {
        return io.watchfloor.schemas.avro.EventTag.newBuilder()
                .setName(e.name())
                .setType(e.type())
                .setTemporal(e.temporal())
                .setDate(e.date())
                .setScore(e.score())
                .setMentions(spans(e.mentions()))
                .setProducer(producer(e.producer()))
                .build();
    }

    private static io.watchfloor.schemas.avro.TopicTag topic(TopicTag t) {
        return io.watchfloor.schemas.avro.TopicTag.newBuilder()
                .setName(t.name())
                .setScore(t.score())
                .setEvidence(spans(t.evidence()))
                .setProducer(producer(t.producer()))
                .build();
    }

    private static List<io.watchfloor.schemas.avro.Span> spans(List<Span> spans) {
        return orEmpty(spans).stream()
                .map(s -> io.watchfloor.schemas.avro.Span.newBuilder()
                        .setField(s.field() == null ? Span.TEXT : s.field())
                        .setStart(s.start())
                        .setEnd(s.end())
                        .setText(s.text())
                        .build())
                .toList();
    }

    private static io.watchfloor.schemas.avro.Producer producer(Producer p) {
        Producer safe = p == null ? new Producer("unknown", "0") : p;
        return new io.watchfloor.schemas.avro.Producer(safe.name(), safe.version());
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : new TreeMap<>(m);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nonNull(String s) {
        return s == null ? "unknown" : s;
    }
}
