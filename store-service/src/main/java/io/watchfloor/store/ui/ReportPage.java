package io.watchfloor.store.ui;

import io.watchfloor.store.domain.ReportSummary;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.export.GroupDirectory;
import io.watchfloor.store.domain.export.GroupProfile;
import io.watchfloor.store.domain.export.StixMapper;
import io.watchfloor.store.domain.view.AnnotatedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the report page: title and text cut into segments at every evidence span (coloured by tag kind), the
 * tags with their alias paths, roles, scores and references, events, topics and provenance.
 */
final class ReportPage {
    /** The colour classes of the page, by entity type. */
    private static final Map<String, String> KIND = Map.of("PERSON", "person", "ORGANIZATION", "org",
            "LOCATION", "place", "NATIONALITY", "place");

    private ReportPage() {
    }

    static Views.Report build(Views.Page page, StoredReport r, List<ReportSummary> duplicates,
                              GroupDirectory directory) {
        List<AnnotatedText.Span> spans = new ArrayList<>();
        List<Views.GroupTag> groups = new ArrayList<>();
        for (int i = 0; i < r.groups().size(); i++) {
            StoredReport.Group g = r.groups().get(i);
            String key = "g" + i;
            addSpans(spans, g.evidence(), key, "group");
            groups.add(group(key, g, directory.profile(g.id())));
        }
        List<Views.EntityTag> people = new ArrayList<>();
        List<Views.EntityTag> organizations = new ArrayList<>();
        List<Views.EntityTag> places = new ArrayList<>();
        for (int i = 0; i < r.entities().size(); i++) {
            StoredReport.Entity e = r.entities().get(i);
            if ("THREAT_GROUP".equals(e.type()) || "EVENT".equals(e.type())) {
                continue; // the groups and events lists carry these, with more detail
            }
            String key = "e" + i;
            String kind = KIND.getOrDefault(e.type(), "other");
            addSpans(spans, e.mentions(), key, kind);
            Views.EntityTag tag = entity(key, kind, e, r);
            switch (kind) {
                case "person" -> people.add(tag);
                case "org" -> organizations.add(tag);
                default -> places.add(tag);
            }
        }
        List<Views.EventTag> events = new ArrayList<>();
        for (int i = 0; i < r.events().size(); i++) {
            StoredReport.Event ev = r.events().get(i);
            String key = "v" + i;
            addSpans(spans, ev.mentions(), key, "event");
            events.add(new Views.EventTag(key, ev.name(), ev.type(), ev.temporal(), ev.date(),
                    Format.score(ev.score()), evidence(ev.mentions())));
        }
        List<Views.TopicTag> topics = r.topics().stream().map(t -> new Views.TopicTag(t.name(),
                Format.score(t.score()), t.evidence().stream().map(StoredReport.Evidence::text).distinct().toList(),
                "/ui/?topic=" + SearchParams.encode(t.name()))).toList();
        String encoded = SearchParams.encode(r.id());
        String title = r.title() == null || r.title().isBlank() ? "(untitled report " + r.id() + ")" : r.title();
        return new Views.Report(page, r.id(),
                segments(r.title() == null || r.title().isBlank() ? title : r.title(), spans, "title"),
                segments(r.text(), spans, "text"),
                Format.time(r.publishedAt()), Format.time(r.ingestedAt()),
                sourceNames(r), StixMapper.httpUrl(r.canonicalUrl()),
                "/reports/" + encoded, "/reports/" + encoded + "/stix", "/reports/" + encoded + "/misp",
                groups, people, organizations, places, events, topics, provenance(r, directory),
                duplicates.stream().map(d -> new Views.Link(d.title() == null ? d.id() : d.title(),
                        "/ui/reports/" + SearchParams.encode(d.id()), 0)).toList(),
                r.metadata().producers().stream().map(p -> p.name() + " " + p.version()).toList(),
                r.metadata().warnings());
    }

    private static void addSpans(List<AnnotatedText.Span> spans, List<StoredReport.Evidence> evidence, String key,
                                 String kind) {
        for (StoredReport.Evidence e : evidence) {
            // the field travels in the tag so title and text spans are cut separately
            spans.add(new AnnotatedText.Span(e.start(), e.end(), key + "|" + field(e), kind));
        }
    }

    private static String field(StoredReport.Evidence e) {
        return e.field() == null ? "text" : e.field();
    }

    private static List<Views.Segment> segments(String text, List<AnnotatedText.Span> all, String field) {
        List<AnnotatedText.Span> spans = new ArrayList<>();
        for (AnnotatedText.Span s : all) {
            int bar = s.tag().lastIndexOf('|');
            if (s.tag().substring(bar + 1).equals(field)) {
                spans.add(new AnnotatedText.Span(s.start(), s.end(), s.tag().substring(0, bar), s.kind()));
            }
        }
        return AnnotatedText.segments(text, spans).stream().map(s -> new Views.Segment(s.text(), s.marked(),
                s.marked() ? s.primary().kind() : "", s.tags(), s.marked() ? s.primary().tag() : "", s.start(),
                s.end())).toList();
    }

    private static Views.GroupTag group(String key, StoredReport.Group g, Optional<GroupProfile> profile) {
        String canonical = g.name();
        List<Views.AliasPath> paths = g.resolutions().stream().map(a -> new Views.AliasPath(a.surface(), a.alias(),
                canonical, a.method(), a.source())).toList();
        Map<String, String> refs = new java.util.TreeMap<>(profile.map(GroupProfile::externalRefs).orElse(Map.of()));
        refs.putAll(g.externalRefs());
        String affiliation = g.affiliation() != null ? g.affiliation()
                : profile.map(GroupProfile::affiliation).orElse(null);
        return new Views.GroupTag(key, g.id(), g.name(), g.kind(), g.role(), Format.score(g.score()), affiliation,
                paths, refs(refs), evidence(g.evidence()), "/ui/groups/" + SearchParams.encode(g.id()));
    }

    /** External references with links where the list has a page per entry (ATT&CK, Wikipedia). */
    static List<Views.Ref> refs(Map<String, String> refs) {
        List<Views.Ref> out = new ArrayList<>();
        for (Map.Entry<String, String> e : refs.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "un" -> out.add(new Views.Ref("UN Security Council list", v, null));
                case "canada" -> out.add(new Views.Ref("Canada listed entity", v,
                        "https://www.publicsafety.gc.ca/cnt/ntnl-scrt/cntr-trrrsm/lstd-ntts/crrnt-lstd-ntts-en.aspx"));
                case "mitre" -> out.add(new Views.Ref("MITRE ATT&CK", v, v.matches("G\\d{4}")
                        ? "https://attack.mitre.org/groups/" + v + "/" : null));
                case "wikipedia" -> out.add(new Views.Ref("Wikipedia", v, StixMapper.wikipediaUrl(v)));
                default -> out.add(new Views.Ref(e.getKey(), v, null));
            }
        }
        return out;
    }

    private static Views.EntityTag entity(String key, String kind, StoredReport.Entity e, StoredReport r) {
        List<String> attributes = new ArrayList<>();
        if (e.attributes() != null) {
            e.attributes().forEach((k, v) -> attributes.add(k + ": " + v));
        }
        String param = "place".equals(kind) ? "place" : "entity";
        String filter = e.id() != null ? e.id() : e.name();
        return new Views.EntityTag(key, kind, e.type().toLowerCase(Locale.ROOT), e.name(), e.id(),
                Format.score(e.score()), evidence(e.mentions()), mentionedAs(e.mentions(), r), attributes,
                "/ui/?" + param + "=" + SearchParams.encode(filter));
    }

    /** The distinct whole mentions wider than the name, as written: "General Michael Kurilla", "the Mosul Dam". */
    static List<String> mentionedAs(List<StoredReport.Evidence> mentions, StoredReport r) {
        List<String> out = new ArrayList<>();
        for (StoredReport.Evidence m : mentions) {
            String field = "title".equals(m.field()) ? r.title() : r.text();
            if (m.extentStart() == null || m.extentEnd() == null || field == null || m.extentStart() < 0
                    || m.extentEnd() > field.length() || m.extentStart() >= m.extentEnd()) {
                continue; // no extent, or one that does not fit the stored text: show nothing rather than garbage
            }
            String whole = field.substring(m.extentStart(), m.extentEnd());
            if (!whole.equals(m.text()) && !out.contains(whole)) {
                out.add(whole);
            }
        }
        return out;
    }

    /** Every source that carried the report, first seen first: "Name (kind), Other (kind)". */
    static String sourceNames(StoredReport r) {
        return r.sources().stream().map(s -> s.name() + " (" + s.kind() + ")").distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static List<Views.Evidence> evidence(List<StoredReport.Evidence> spans) {
        return spans.stream().map(s -> new Views.Evidence(field(s), s.start(), s.end(), s.text())).toList();
    }

    private static List<Views.Row> provenance(StoredReport r, GroupDirectory directory) {
        List<Views.Row> rows = new ArrayList<>();
        rows.add(new Views.Row("Report id", r.id(), null));
        rows.add(new Views.Row("Source", r.source().name() + " (" + r.source().kind() + ")",
                "/ui/?source=" + SearchParams.encode(r.source().name())));
        if (r.source().url() != null) {
            rows.add(new Views.Row("Feed", r.source().url(), StixMapper.httpUrl(r.source().url())));
        }
        if (r.source().itemId() != null) {
            rows.add(new Views.Row("Item id", r.source().itemId(), null));
        }
        if (r.sources().size() > 1) {
            int n = 0;
            for (StoredReport.Source s : r.sources()) {
                n++;
                rows.add(new Views.Row("Carried by (" + n + " of " + r.sources().size() + ")", s.name() + " ("
                        + s.kind() + ")" + (s.url() == null ? "" : " " + s.url())
                        + (s.itemId() == null ? "" : ", item " + s.itemId()),
                        "/ui/?source=" + SearchParams.encode(s.name())));
            }
        }
        if (r.canonicalUrl() != null) {
            rows.add(new Views.Row("URL", r.canonicalUrl(), StixMapper.httpUrl(r.canonicalUrl())));
        }
        rows.add(new Views.Row("Revision", Integer.toString(r.revision()), null));
        if (r.duplicateOf() != null) {
            rows.add(new Views.Row("Duplicate of", r.duplicateOf(), "/ui/reports/" + SearchParams.encode(
                    r.duplicateOf())));
        }
        rows.add(new Views.Row("Content hash", r.contentHash(), null));
        rows.add(new Views.Row("Language", r.language() == null ? "unknown" : r.language(), null));
        rows.add(new Views.Row("Published", Format.time(r.publishedAt()), null));
        rows.add(new Views.Row("Ingested", Format.time(r.ingestedAt()), null));
        rows.add(new Views.Row("Enriched", Format.time(r.metadata().enrichedAt()), null));
        rows.add(new Views.Row("Enricher version", r.metadata().enricherVersion(), null));
        rows.add(new Views.Row("Catalog version", r.metadata().catalogVersion() + " (this store's catalog: "
                + directory.version() + ")", null));
        if (r.attributes() != null) {
            r.attributes().forEach((k, v) -> rows.add(new Views.Row("Attribute " + k, v, null)));
        }
        return rows;
    }
}
