package io.watchfloor.store.kafka;

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
import io.watchfloor.store.api.ReportDocument;
import io.watchfloor.store.domain.ReportRow;
import io.watchfloor.store.domain.TextSanitizer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place that knows the Avro classes: maps an {@link EnrichedReport} to the JSON document
 * ({@link ReportDocument}) and to the row the repository writes. Every string is sanitised for PostgreSQL.
 */
public final class EnrichedReportMapper {

    /** The JSON document for an enriched report. */
    public ReportDocument toDocument(EnrichedReport enriched) {
        RawReport r = enriched.getReport();
        EnrichmentMetadata m = enriched.getMetadata();
        return new ReportDocument(
                s(r.getId()),
                r.getRevision(),
                s(r.getTitle()),
                s(r.getText()),
                new ReportDocument.Source(s(r.getSource().getKind()), s(r.getSource().getName()),
                        s(r.getSource().getUrl()), s(r.getSource().getItemId())),
                s(r.getCanonicalUrl()),
                s(r.getContentType()),
                s(r.getLanguage()),
                iso(r.getPublishedAt()),
                iso(r.getIngestedAt()),
                s(r.getContentHash()),
                s(r.getDuplicateOf()),
                map(r.getAttributes()),
                list(enriched.getEntities(), this::entity),
                list(enriched.getGroups(), this::group),
                list(enriched.getEvents(), this::event),
                list(enriched.getTopics(), this::topic),
                new ReportDocument.Metadata(s(m.getCatalogVersion()), s(m.getEnricherVersion()),
                        iso(m.getEnrichedAt()), list(m.getProducers(), this::producer),
                        list(m.getWarnings(), EnrichedReportMapper::s)));
    }

    /** The row to store for a document, with its JSON forms and the Kafka position it was read from. */
    public ReportRow toRow(ReportDocument doc, String documentJson, String sourceJson, int partition, long offset) {
        return new ReportRow(
                doc.id(),
                doc.revision(),
                doc.title(),
                doc.text(),
                sourceJson,
                doc.canonicalUrl(),
                doc.language(),
                doc.publishedAt() == null ? null : Instant.parse(doc.publishedAt()),
                Instant.parse(doc.ingestedAt()),
                Instant.parse(doc.metadata().enrichedAt()),
                doc.contentHash(),
                doc.metadata().catalogVersion(),
                doc.metadata().enricherVersion(),
                documentJson,
                doc.groups().stream()
                        .map(g -> new ReportRow.GroupRow(g.id(), g.name(), g.score(), g.role()))
                        .toList(),
                doc.entities().stream()
                        .map(e -> new ReportRow.EntityRow(e.type(), e.id(), e.name(), e.score()))
                        .toList(),
                partition,
                offset);
    }

    private ReportDocument.Entity entity(EntityTag e) {
        return new ReportDocument.Entity(s(e.getType()), s(e.getId()), s(e.getName()), e.getScore(),
                producer(e.getProducer()), list(e.getMentions(), this::span), map(e.getAttributes()));
    }

    private ReportDocument.Group group(GroupTag g) {
        return new ReportDocument.Group(s(g.getId()), s(g.getName()), s(g.getKind()), g.getScore(), s(g.getRole()),
                list(g.getEvidence(), this::span), list(g.getResolutions(), this::resolution),
                s(g.getAffiliation()), map(g.getExternalRefs()), producer(g.getProducer()));
    }

    private ReportDocument.Event event(EventTag e) {
        return new ReportDocument.Event(s(e.getName()), s(e.getType()), s(e.getTemporal()), s(e.getDate()),
                e.getScore(), list(e.getMentions(), this::span), producer(e.getProducer()));
    }

    private ReportDocument.Topic topic(TopicTag t) {
        return new ReportDocument.Topic(s(t.getName()), t.getScore(), list(t.getEvidence(), this::span),
                producer(t.getProducer()));
    }

    private ReportDocument.AliasResolution resolution(AliasResolution a) {
        return new ReportDocument.AliasResolution(s(a.getSurface()), s(a.getAlias()), s(a.getMethod()),
                s(a.getSource()));
    }

    private ReportDocument.Span span(Span sp) {
        return new ReportDocument.Span(s(sp.getField()), sp.getStart(), sp.getEnd(), s(sp.getText()));
    }

    private ReportDocument.Producer producer(Producer p) {
        return new ReportDocument.Producer(s(p.getName()), s(p.getVersion()));
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

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String s(CharSequence v) {
        return v == null ? null : TextSanitizer.clean(v.toString());
    }
}
