package io.watchfloor.enrich.topology;

import io.watchfloor.enrich.domain.AliasPath;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.EventFinding;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.TopicFinding;
import io.watchfloor.schemas.ReportAttributes;
import io.watchfloor.schemas.avro.AliasResolution;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EnrichmentMetadata;
import io.watchfloor.schemas.avro.EntityTag;
import io.watchfloor.schemas.avro.EventTag;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.Producer;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Span;
import io.watchfloor.schemas.avro.TopicTag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Enrich domain -> Avro: the one place where the enricher's findings become an {@link EnrichedReport}, and the
 * raw Avro report becomes the {@link ReportText} the enricher reads. Absorbs schema changes.
 */
public final class EnrichmentToAvro {

    private EnrichmentToAvro() {
    }

    /** The raw report as the enricher reads it, with the threat actors its source asserted (STIX, MISP). */
    public static ReportText reportText(RawReport raw) {
        return new ReportText(raw.getId(), raw.getTitle(), raw.getText(), raw.getPublishedAt(),
                sourceActors(raw.getAttributes()));
    }

    /** Attribute {@link ReportAttributes#SOURCE_THREAT_ACTORS}: one name per line; blanks dropped. */
    static List<String> sourceActors(Map<String, String> attributes) {
        String names = attributes == null ? null : attributes.get(ReportAttributes.SOURCE_THREAT_ACTORS);
        if (names == null || names.isBlank()) {
            return List.of();
        }
        return names.lines().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
    }

    public static EnrichedReport toAvro(RawReport raw, Enrichment e, Instant enrichedAt) {
        return EnrichedReport.newBuilder()
                .setReport(raw)
                .setEntities(e.entities().stream().map(EnrichmentToAvro::entity).toList())
                .setGroups(e.groups().stream().map(EnrichmentToAvro::group).toList())
                .setEvents(e.events().stream().map(EnrichmentToAvro::event).toList())
                .setTopics(e.topics().stream().map(EnrichmentToAvro::topic).toList())
                .setMetadata(EnrichmentMetadata.newBuilder()
                        .setCatalogVersion(nonNull(e.catalogVersion()))
                        .setEnricherVersion(nonNull(e.enricherVersion()))
                        .setEnrichedAt(enrichedAt)
                        .setProducers(orEmpty(e.producers()).stream().map(EnrichmentToAvro::producer).toList())
                        .setWarnings(List.copyOf(orEmpty(e.warnings())))
                        .build())
                .build();
    }

    private static EntityTag entity(EntityFinding t) {
        return EntityTag.newBuilder()
                .setType(t.type())
                .setId(t.id())
                .setName(t.name())
                .setScore(t.score())
                .setProducer(producer(t.producer()))
                .setMentions(spans(t.mentions()))
                .setAttributes(map(t.attributes()))
                .build();
    }

    private static GroupTag group(GroupFinding g) {
        return GroupTag.newBuilder()
                .setId(g.id())
                .setName(g.name())
                .setKind(g.kind())
                .setScore(g.score())
                .setRole(g.role() == null ? "mentioned" : g.role())
                .setEvidence(spans(g.evidence()))
                .setResolutions(orEmpty(g.resolutions()).stream().map(EnrichmentToAvro::resolution).toList())
                .setAffiliation(g.affiliation())
                .setExternalRefs(map(g.externalRefs()))
                .setProducer(producer(g.producer()))
                .build();
    }

    private static AliasResolution resolution(AliasPath r) {
        return AliasResolution.newBuilder()
                .setSurface(r.surface())
                .setAlias(r.alias())
                .setMethod(r.method())
                .setSource(r.source())
                .build();
    }

    private static EventTag event(EventFinding e) {
        return EventTag.newBuilder()
                .setName(e.name())
                .setType(e.type())
                .setTemporal(e.temporal())
                .setDate(e.date())
                .setScore(e.score())
                .setMentions(spans(e.mentions()))
                .setProducer(producer(e.producer()))
                .build();
    }

    private static TopicTag topic(TopicFinding t) {
        return TopicTag.newBuilder()
                .setName(t.name())
                .setScore(t.score())
                .setEvidence(spans(t.evidence()))
                .setProducer(producer(t.producer()))
                .build();
    }

    private static List<Span> spans(List<Evidence> spans) {
        return orEmpty(spans).stream()
                .map(s -> Span.newBuilder()
                        .setField(s.field() == null ? Evidence.TEXT : s.field())
                        .setStart(s.start())
                        .setEnd(s.end())
                        .setText(s.text())
                        // the whole mention only where it is wider than the name: most spans carry no extent
                        .setExtentStart(s.hasWiderExtent() ? s.extentStart() : null)
                        .setExtentEnd(s.hasWiderExtent() ? s.extentEnd() : null)
                        .build())
                .toList();
    }

    private static Producer producer(Provenance p) {
        Provenance safe = p == null ? new Provenance("unknown", "0") : p;
        return new Producer(safe.name(), safe.version());
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

    /**
     * A copy of {@code report} keeping at most {@code maxSpans} evidence spans per tag (the first ones, in text
     * order) and saying so in the warnings: what an enriched record sheds before it is too large to publish.
     */
    public static EnrichedReport withEvidenceCapped(EnrichedReport report, int maxSpans) {
        EnrichedReport copy = EnrichedReport.newBuilder(report).build();
        int[] dropped = {0};
        copy.setEntities(copy.getEntities().stream().map(t -> {
            EntityTag c = EntityTag.newBuilder(t).build();
            c.setMentions(cap(c.getMentions(), maxSpans, dropped));
            return c;
        }).toList());
        copy.setGroups(copy.getGroups().stream().map(t -> {
            GroupTag c = GroupTag.newBuilder(t).build();
            c.setEvidence(cap(c.getEvidence(), maxSpans, dropped));
            return c;
        }).toList());
        copy.setEvents(copy.getEvents().stream().map(t -> {
            EventTag c = EventTag.newBuilder(t).build();
            c.setMentions(cap(c.getMentions(), maxSpans, dropped));
            return c;
        }).toList());
        copy.setTopics(copy.getTopics().stream().map(t -> {
            TopicTag c = TopicTag.newBuilder(t).build();
            c.setEvidence(cap(c.getEvidence(), maxSpans, dropped));
            return c;
        }).toList());
        if (dropped[0] > 0) {
            EnrichmentMetadata metadata = EnrichmentMetadata.newBuilder(copy.getMetadata()).build();
            List<String> warnings = new java.util.ArrayList<>(metadata.getWarnings());
            warnings.add("evidence capped at " + maxSpans + " spans per tag to fit the record size limit: "
                    + dropped[0] + " spans left out");
            metadata.setWarnings(warnings);
            copy.setMetadata(metadata);
        }
        return copy;
    }

    private static List<Span> cap(List<Span> spans, int max, int[] dropped) {
        if (spans.size() <= max) {
            return spans;
        }
        dropped[0] += spans.size() - max;
        return List.copyOf(spans.subList(0, max));
    }
}
