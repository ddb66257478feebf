package io.watchfloor.store.kafka;

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
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.TextSanitizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Avro -> store domain: the one place in the store that knows the Avro classes. Every string is sanitised for
 * PostgreSQL on the way ({@link TextSanitizer}).
 */
public final class EnrichedAvroToStoredReport {

    private EnrichedAvroToStoredReport() {
    }

    public static StoredReport map(EnrichedReport enriched) {
        RawReport r = enriched.getReport();
        EnrichmentMetadata m = enriched.getMetadata();
        return new StoredReport(
                s(r.getId()),
                r.getRevision(),
                s(r.getTitle()),
                s(r.getText()),
                source(r.getSource()),
                s(r.getCanonicalUrl()),
                s(r.getContentType()),
                s(r.getLanguage()),
                r.getPublishedAt(),
                r.getIngestedAt(),
                s(r.getContentHash()),
                s(r.getDuplicateOf()),
                map(r.getAttributes()),
                list(enriched.getEntities(), EnrichedAvroToStoredReport::entity),
                list(enriched.getGroups(), EnrichedAvroToStoredReport::group),
                list(enriched.getEvents(), EnrichedAvroToStoredReport::event),
                list(enriched.getTopics(), EnrichedAvroToStoredReport::topic),
                new StoredReport.Metadata(s(m.getCatalogVersion()), s(m.getEnricherVersion()), m.getEnrichedAt(),
                        list(m.getProducers(), EnrichedAvroToStoredReport::producer),
                        list(m.getWarnings(), EnrichedAvroToStoredReport::s)),
                list(r.getSources(), EnrichedAvroToStoredReport::source));
    }

    private static StoredReport.Source source(Source source) {
        return new StoredReport.Source(s(source.getKind()), s(source.getName()), s(source.getUrl()),
                s(source.getItemId()));
    }

    private static StoredReport.Entity entity(EntityTag e) {
        return new StoredReport.Entity(s(e.getType()), s(e.getId()), s(e.getName()), e.getScore(),
                producer(e.getProducer()), list(e.getMentions(), EnrichedAvroToStoredReport::span),
                map(e.getAttributes()));
    }

    private static StoredReport.Group group(GroupTag g) {
        return new StoredReport.Group(s(g.getId()), s(g.getName()), s(g.getKind()), g.getScore(), s(g.getRole()),
                list(g.getEvidence(), EnrichedAvroToStoredReport::span),
                list(g.getResolutions(), EnrichedAvroToStoredReport::resolution), s(g.getAffiliation()),
                map(g.getExternalRefs()), producer(g.getProducer()));
    }

    private static StoredReport.Event event(EventTag e) {
        return new StoredReport.Event(s(e.getName()), s(e.getType()), s(e.getTemporal()), s(e.getDate()),
                e.getScore(), list(e.getMentions(), EnrichedAvroToStoredReport::span), producer(e.getProducer()));
    }

    private static StoredReport.Topic topic(TopicTag t) {
        return new StoredReport.Topic(s(t.getName()), t.getScore(),
                list(t.getEvidence(), EnrichedAvroToStoredReport::span), producer(t.getProducer()));
    }

    private static StoredReport.AliasPath resolution(AliasResolution a) {
        return new StoredReport.AliasPath(s(a.getSurface()), s(a.getAlias()), s(a.getMethod()), s(a.getSource()));
    }

    private static StoredReport.Evidence span(Span sp) {
        return new StoredReport.Evidence(s(sp.getField()), sp.getStart(), sp.getEnd(), s(sp.getText()),
                sp.getExtentStart(), sp.getExtentEnd());
    }

    private static StoredReport.Provenance producer(Producer p) {
        return new StoredReport.Provenance(s(p.getName()), s(p.getVersion()));
    }

    private static <A, B> List<B> list(List<A> in, Function<A, B> f) {
        return in == null ? List.of() : in.stream().map(f).toList();
    }

    private static Map<String, String> map(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> out.put(s(String.valueOf(k)), s(v == null ? null : String.valueOf(v))));
        }
        return out;
    }

    private static String s(CharSequence v) {
        return v == null ? null : TextSanitizer.clean(v.toString());
    }
}
