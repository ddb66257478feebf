package io.watchfloor.store;

import io.watchfloor.enrich.domain.DefaultEnricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.kafka.EnrichedAvroToStoredReport;
import io.watchfloor.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Stored reports for export and view tests: the sample, the real enricher on the seed article, hostile input. */
public final class TestReports {
    public static final String SEED_TITLE = "Pakistan-US counterterrorism: a partnership that endures";
    public static final Instant SEED_PUBLISHED = Instant.parse("2025-07-20T06:00:00Z");

    private TestReports() {
    }

    /** {@link SampleReports#seed} as the store reads it: ISIS-K, TTP and Al-Qaeda tagged by a test tagger. */
    public static StoredReport sample(String id) {
        return EnrichedAvroToStoredReport.map(SampleReports.seed(id));
    }

    /** The seed article from ../shared enriched by the real enricher (skips when ../shared is missing). */
    public static StoredReport seedArticle(String id) {
        String text;
        try {
            text = Files.readString(SharedData.seedArticle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return enriched(id, SEED_TITLE, text, SEED_PUBLISHED, "https://stratheia.example/pakistan-us-ct");
    }

    /** A report tagged by the real enricher. */
    public static StoredReport enriched(String id, String title, String text, Instant published, String url) {
        Instant ingested = published.plusSeconds(600);
        Enrichment e = DefaultEnricher.fromClasspath().enrich(new ReportText(id, title, text, published));
        return new StoredReport(id, 1, title, text, new StoredReport.Source("feed", "Stratheia", 
                "https://stratheia.example/feed.xml", id), url, "text/plain", "en", published, ingested,
                Integer.toHexString(text.hashCode()), null, Map.of(),
                list(e.entities(), x -> new StoredReport.Entity(x.type(), x.id(), x.name(), x.score(),
                        provenance(x.producer()), spans(x.mentions()), x.attributes())),
                list(e.groups(), g -> new StoredReport.Group(g.id(), g.name(), g.kind(), g.score(), g.role(),
                        spans(g.evidence()), list(g.resolutions(), a -> new StoredReport.AliasPath(a.surface(),
                        a.alias(), a.method(), a.source())), g.affiliation(), g.externalRefs(),
                        provenance(g.producer()))),
                list(e.events(), v -> new StoredReport.Event(v.name(), v.type(), v.temporal(), v.date(), v.score(),
                        spans(v.mentions()), provenance(v.producer()))),
                list(e.topics(), t -> new StoredReport.Topic(t.name(), t.score(), spans(t.evidence()),
                        provenance(t.producer()))),
                new StoredReport.Metadata(e.catalogVersion(), e.enricherVersion(), ingested.plusSeconds(5),
                        list(e.producers(), TestReports::provenance), e.warnings()));
    }

    /** The sample with its groups replaced. */
    public static StoredReport withGroups(StoredReport r, List<StoredReport.Group> groups) {
        return new StoredReport(r.id(), r.revision(), r.title(), r.text(), r.source(), r.canonicalUrl(),
                r.contentType(), r.language(), r.publishedAt(), r.ingestedAt(), r.contentHash(), r.duplicateOf(),
                r.attributes(), r.entities(), groups, r.events(), r.topics(), r.metadata());
    }

    /** A group of the sample text with one evidence span found in the text, and a role. */
    public static StoredReport.Group group(String id, String name, String kind, String role, String surface,
                                           String text) {
        int at = text.indexOf(surface);
        List<StoredReport.Evidence> evidence = at < 0 ? List.of()
                : List.of(new StoredReport.Evidence("text", at, at + surface.length(), surface));
        return new StoredReport.Group(id, name, kind, 0.8, role, evidence,
                List.of(new StoredReport.AliasPath(surface, surface, "exact", "curated")), null, Map.of(),
                new StoredReport.Provenance("test", "1"));
    }

    /** Report text and metadata written to attack a page or an importer: markup, script, bad URLs. */
    public static StoredReport hostile(String id) {
        String title = "<script>window.__pwned=1</script>Breaking: <b>ISIS-K</b> \"claims\" & more";
        String text = "An attack was claimed by ISIS-K. <img src=x onerror=\"window.__pwned=2\"> "
                + "<script>window.__pwned=3</script> </div></pre><a href=\"javascript:alert(1)\">link</a> "
                + "The Islamic State Khorasan Province claimed responsibility.";
        StoredReport base = sample(id);
        StoredReport r = new StoredReport(id, 1, title, text,
                new StoredReport.Source("http", "evil\"<source>", "javascript:alert(1)", "x"),
                "javascript:alert(document.cookie)", "text/html", "en", base.publishedAt(), base.ingestedAt(),
                "ff", null, Map.of("<k>", "<v>"), List.of(), List.of(), List.of(), List.of(), base.metadata());
        return withGroups(r, List.of(group("iskp", "Islamic State <Khorasan>", "terrorist", "claimed", "ISIS-K",
                text)));
    }

    private static List<StoredReport.Evidence> spans(List<Evidence> in) {
        return list(in, s -> new StoredReport.Evidence(s.field(), s.start(), s.end(), s.text(),
                s.hasWiderExtent() ? s.extentStart() : null, s.hasWiderExtent() ? s.extentEnd() : null));
    }

    private static StoredReport.Provenance provenance(io.watchfloor.enrich.domain.Provenance p) {
        return new StoredReport.Provenance(p.name(), p.version());
    }

    private static <A, B> List<B> list(List<A> in, Function<A, B> f) {
        return in == null ? List.of() : in.stream().map(f).toList();
    }
}
