package io.watchfloor.store.api;

import io.watchfloor.store.domain.StoredReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON document of the API ({@link ReportDocument}) -> store domain: the inverse of StoredReportToDocument. */
final class DocumentToStoredReport {
    private DocumentToStoredReport() {
    }

    static StoredReport map(ReportDocument d) {
        ReportDocument.Metadata m = d.metadata();
        return new StoredReport(d.id(), d.revision(), d.title(), d.text(), source(d.source()), d.canonicalUrl(),
                d.contentType(), d.language(), instant(d.publishedAt()), instant(d.ingestedAt()), d.contentHash(),
                d.duplicateOf(), map(d.attributes()),
                list(d.entities(), e -> new StoredReport.Entity(e.type(), e.id(), e.name(), e.score(),
                        producer(e.producer()), list(e.mentions(), DocumentToStoredReport::span),
                        map(e.attributes()))),
                list(d.groups(), g -> new StoredReport.Group(g.id(), g.name(), g.kind(), g.score(), g.role(),
                        list(g.evidence(), DocumentToStoredReport::span),
                        list(g.resolutions(), a -> new StoredReport.AliasPath(a.surface(), a.alias(), a.method(),
                                a.source())),
                        g.affiliation(), map(g.externalRefs()), producer(g.producer()))),
                list(d.events(), e -> new StoredReport.Event(e.name(), e.type(), e.temporal(), e.date(), e.score(),
                        list(e.mentions(), DocumentToStoredReport::span), producer(e.producer()))),
                list(d.topics(), t -> new StoredReport.Topic(t.name(), t.score(),
                        list(t.evidence(), DocumentToStoredReport::span), producer(t.producer()))),
                m == null ? new StoredReport.Metadata(null, null, null, List.of(), List.of())
                        : new StoredReport.Metadata(m.catalogVersion(), m.enricherVersion(), instant(m.enrichedAt()),
                                list(m.producers(), DocumentToStoredReport::producer),
                                m.warnings() == null ? List.of() : m.warnings()),
                list(d.sources(), DocumentToStoredReport::source));
    }

    private static StoredReport.Source source(ReportDocument.Source s) {
        return s == null ? new StoredReport.Source("unknown", "unknown", null, null)
                : new StoredReport.Source(s.kind(), s.name(), s.url(), s.itemId());
    }

    private static StoredReport.Evidence span(ReportDocument.Span s) {
        return new StoredReport.Evidence(s.field(), s.start(), s.end(), s.text(), s.extentStart(), s.extentEnd());
    }

    private static StoredReport.Provenance producer(ReportDocument.Producer p) {
        return p == null ? new StoredReport.Provenance("unknown", "0") : new StoredReport.Provenance(p.name(),
                p.version());
    }

    private static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static <A, B> List<B> list(List<A> in, Function<A, B> f) {
        return in == null ? List.of() : in.stream().map(f).toList();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
