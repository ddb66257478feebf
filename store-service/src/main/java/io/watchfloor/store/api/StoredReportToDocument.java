package io.watchfloor.store.api;

import io.watchfloor.store.domain.StoredReport;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Store domain -> the JSON document of the API ({@link ReportDocument}). */
final class StoredReportToDocument {
    private StoredReportToDocument() {
    }

    static ReportDocument map(StoredReport r) {
        StoredReport.Metadata m = r.metadata();
        return new ReportDocument(r.id(), r.revision(), r.title(), r.text(), source(r.source()), r.canonicalUrl(),
                r.contentType(), r.language(), iso(r.publishedAt()), iso(r.ingestedAt()), r.contentHash(),
                r.duplicateOf(), r.attributes(),
                list(r.entities(), e -> new ReportDocument.Entity(e.type(), e.id(), e.name(), e.score(),
                        producer(e.producer()), list(e.mentions(), StoredReportToDocument::span), e.attributes())),
                list(r.groups(), g -> new ReportDocument.Group(g.id(), g.name(), g.kind(), g.score(), g.role(),
                        list(g.evidence(), StoredReportToDocument::span),
                        list(g.resolutions(), a -> new ReportDocument.AliasResolution(a.surface(), a.alias(),
                                a.method(), a.source())),
                        g.affiliation(), g.externalRefs(), producer(g.producer()))),
                list(r.events(), e -> new ReportDocument.Event(e.name(), e.type(), e.temporal(), e.date(),
                        e.score(), list(e.mentions(), StoredReportToDocument::span), producer(e.producer()))),
                list(r.topics(), t -> new ReportDocument.Topic(t.name(), t.score(),
                        list(t.evidence(), StoredReportToDocument::span), producer(t.producer()))),
                new ReportDocument.Metadata(m.catalogVersion(), m.enricherVersion(), iso(m.enrichedAt()),
                        list(m.producers(), StoredReportToDocument::producer), m.warnings()),
                list(r.sources(), StoredReportToDocument::source));
    }

    static ReportDocument.Source source(StoredReport.Source s) {
        return new ReportDocument.Source(s.kind(), s.name(), s.url(), s.itemId());
    }

    private static ReportDocument.Span span(StoredReport.Evidence e) {
        return new ReportDocument.Span(e.field(), e.start(), e.end(), e.text(), e.extentStart(), e.extentEnd());
    }

    private static ReportDocument.Producer producer(StoredReport.Provenance p) {
        return new ReportDocument.Producer(p.name(), p.version());
    }

    private static <A, B> List<B> list(List<A> in, Function<A, B> f) {
        return in == null ? List.of() : in.stream().map(f).toList();
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
