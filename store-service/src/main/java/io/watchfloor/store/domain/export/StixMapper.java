package io.watchfloor.store.domain.export;

import io.watchfloor.store.domain.StoredReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One stored report as STIX 2.1 objects: the report, an intrusion-set (cyber groups) or threat-actor per group
 * with its external references, an identity for the source, locations, people and organisations, incidents for
 * named events, and relationships where a group's role says so. Ids are UUIDv5 of type and canonical key, so
 * exporting twice gives the same ids and importers deduplicate.
 */
public final class StixMapper {
    /** Namespace of every Watchfloor STIX id: uuid5(NAMESPACE_URL, "urn:watchfloor:stix-2.1"). */
    public static final java.util.UUID NAMESPACE = java.util.UUID.fromString("820de9d5-0661-5f3a-97b6-81a42a2fd850");
    /** created/modified of objects that describe catalog or gazetteer entries, not one report. */
    public static final Instant CATALOG_EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    /** The identity that creates every exported object. */
    public static final String WATCHFLOOR_IDENTITY = id("identity", "watchfloor");
    public static final String SPEC_VERSION = "2.1";

    private final GroupDirectory directory;

    public StixMapper(GroupDirectory directory) {
        this.directory = directory;
    }

    /** The STIX id of an object of {@code type} for a canonical key: {@code type--uuid5(type:key)}. */
    public static String id(String type, String key) {
        return type + "--" + Uuid5.of(NAMESPACE, type + ":" + key);
    }

    /** The id of the report object for a Watchfloor report id. */
    public static String reportId(String reportId) {
        return id("report", reportId);
    }

    /** The STIX type a group is exported as: intrusion-set for cyber groups, threat-actor for the others. */
    public static String groupType(String kind) {
        return "cyber".equals(kind) ? "intrusion-set" : "threat-actor";
    }

    /** The id of a group's intrusion-set or threat-actor. */
    public static String groupId(String groupId, String kind) {
        String type = groupType(kind);
        return id(type, groupId);
    }

    /** A bundle holding the report's objects; its id depends on the report's id, revision and enrichment. */
    public Map<String, Object> bundle(StoredReport r) {
        Json.Obj bundle = new Json.Obj();
        bundle.with("type", "bundle");
        bundle.with("id", id("bundle", r.id() + "|" + r.revision() + "|" + r.metadata().enrichedAt()));
        bundle.with("objects", objects(r));
        return bundle;
    }

    /** The report's objects, the report first. Shared objects (groups, places, ...) are the same in every report. */
    public List<Map<String, Object>> objects(StoredReport r) {
        Instant created = r.ingestedAt();
        Instant modified = r.metadata().enrichedAt() == null || r.metadata().enrichedAt().isBefore(created)
                ? created : r.metadata().enrichedAt();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        List<Map<String, Object>> tags = new ArrayList<>();
        out.put(WATCHFLOOR_IDENTITY, watchfloor());
        Map<String, Object> source = source(r.source());
        out.put((String) source.get("id"), source);

        List<Map<String, Object>> relationships = new ArrayList<>();
        String incidentId = null;
        for (StoredReport.Group g : r.groups()) {
            Map<String, Object> group = group(g);
            String groupRef = (String) group.get("id");
            out.putIfAbsent(groupRef, group);
            tags.add(new Json.Obj().with("ref", groupRef).with("tag", "group").with("group_id", g.id())
                    .with("name", g.name()).with("role", g.role()).with("score", g.score())
                    .with("evidence", evidence(g.evidence())).with("alias_paths", aliasPaths(g.resolutions())));
            String relationship = relationshipType(g.role());
            if (relationship != null) {
                if (incidentId == null) {
                    Map<String, Object> incident = reportIncident(r, created, modified);
                    incidentId = (String) incident.get("id");
                    out.put(incidentId, incident);
                }
                relationships.add(relationship(relationship, incidentId, groupRef, g, created, modified));
            }
        }
        for (StoredReport.Entity e : r.entities()) {
            Map<String, Object> object = entity(e);
            String ref = object == null ? null : (String) object.get("id");
            if (object != null) {
                out.putIfAbsent(ref, object);
            }
            if (!"THREAT_GROUP".equals(e.type()) && !"EVENT".equals(e.type())) {
                tags.add(new Json.Obj().with("ref", ref).with("tag", e.type().toLowerCase(Locale.ROOT))
                        .with("entity_id", e.id()).with("name", e.name()).with("score", e.score())
                        .with("evidence", evidence(e.mentions())));
            }
        }
        for (StoredReport.Event ev : r.events()) {
            Map<String, Object> incident = event(ev);
            String ref = (String) incident.get("id");
            out.putIfAbsent(ref, incident);
            tags.add(new Json.Obj().with("ref", ref).with("tag", "event").with("name", ev.name())
                    .with("event_type", ev.type()).with("temporal", ev.temporal()).with("date", ev.date())
                    .with("score", ev.score()).with("evidence", evidence(ev.mentions())));
        }
        for (StoredReport.Topic t : r.topics()) {
            tags.add(new Json.Obj().with("tag", "topic").with("name", t.name()).with("score", t.score())
                    .with("evidence", evidence(t.evidence())));
        }
        for (Map<String, Object> rel : relationships) {
            out.put((String) rel.get("id"), rel);
        }
        Map<String, Object> report = report(r, created, modified, new ArrayList<>(out.keySet()), tags);
        List<Map<String, Object>> objects = new ArrayList<>(out.size() + 1);
        objects.add(report);
        objects.addAll(out.values());
        return objects;
    }

    private Map<String, Object> report(StoredReport r, Instant created, Instant modified, List<String> refs,
                                       List<Map<String, Object>> tags) {
        Json.Obj o = core("report", reportId(r.id()), created, modified);
        o.with("name", name(r));
        o.with("description", r.text());
        o.with("report_types", List.of("threat-report"));
        o.with("published", Json.millis(r.publishedAt() == null ? r.ingestedAt() : r.publishedAt()));
        o.with("object_refs", refs);
        o.with("labels", r.topics().stream().map(StoredReport.Topic::name).distinct().toList());
        o.with("lang", r.language());
        String url = httpUrl(r.canonicalUrl());
        if (url != null) {
            o.with("external_references", List.of(new Json.Obj()
                    .with("source_name", blankTo(r.source().name(), "source")).with("url", url)));
        }
        o.with("x_watchfloor_report_id", r.id());
        o.with("x_watchfloor_revision", r.revision());
        o.with("x_watchfloor_duplicate_of", r.duplicateOf());
        o.with("x_watchfloor_ingested", Json.millis(r.ingestedAt()));
        o.with("x_watchfloor_catalog_version", r.metadata().catalogVersion());
        o.with("x_watchfloor_enricher_version", r.metadata().enricherVersion());
        o.with("x_watchfloor_tags", tags);
        return o;
    }

    private static String name(StoredReport r) {
        if (r.title() != null && !r.title().isBlank()) {
            return r.title().strip();
        }
        String text = r.text() == null ? "" : r.text().strip();
        int cut = Math.min(text.length(), 100);
        if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut == 0 ? "Report " + r.id() : text.substring(0, cut);
    }

    private static Map<String, Object> watchfloor() {
        Json.Obj o = new Json.Obj();
        o.with("type", "identity").with("spec_version", SPEC_VERSION).with("id", WATCHFLOOR_IDENTITY)
                .with("created", Json.millis(CATALOG_EPOCH)).with("modified", Json.millis(CATALOG_EPOCH))
                .with("name", "Watchfloor").with("identity_class", "system")
                .with("description", "Watchfloor threat-report pipeline: enriched reports with the evidence behind "
                        + "every tag");
        return o;
    }

    private static Map<String, Object> source(StoredReport.Source s) {
        String name = blankTo(s.name(), blankTo(s.kind(), "unknown source"));
        Json.Obj o = core("identity", id("identity", "source|" + s.kind() + "|" + name), CATALOG_EPOCH,
                CATALOG_EPOCH);
        o.with("name", name).with("identity_class", "organization")
                .with("description", "Report source (" + blankTo(s.kind(), "unknown") + ")");
        String url = httpUrl(s.url());
        if (url != null) {
            o.with("external_references", List.of(new Json.Obj().with("source_name", name).with("url", url)));
        }
        o.with("x_watchfloor_source_kind", s.kind());
        return o;
    }

    private Map<String, Object> group(StoredReport.Group g) {
        Optional<GroupProfile> profile = directory.profile(g.id());
        String kind = g.kind() != null ? g.kind() : profile.map(GroupProfile::kind).orElse(null);
        String type = groupType(kind);
        Json.Obj o = core(type, id(type, g.id()), CATALOG_EPOCH, CATALOG_EPOCH);
        String name = blankTo(g.name(), profile.map(GroupProfile::name).orElse(g.id()));
        o.with("name", name);
        if ("threat-actor".equals(type)) {
            o.with("threat_actor_types", List.of(threatActorType(kind)));
        }
        Set<String> aliases = new LinkedHashSet<>();
        profile.ifPresent(p -> aliases.addAll(p.aliases()));
        for (StoredReport.AliasPath a : g.resolutions()) {
            aliases.add(a.alias());
        }
        aliases.remove(name);
        aliases.removeIf(a -> a == null || a.isBlank());
        o.with("aliases", List.copyOf(aliases));
        String affiliation = g.affiliation() != null ? g.affiliation()
                : profile.map(GroupProfile::affiliation).orElse(null);
        Map<String, String> refs = new TreeMap<>(profile.map(GroupProfile::externalRefs).orElse(Map.of()));
        if (g.externalRefs() != null) {
            refs.putAll(g.externalRefs());
        }
        o.with("external_references", externalReferences(refs));
        o.with("x_watchfloor_group_id", g.id());
        o.with("x_watchfloor_kind", kind);
        o.with("x_watchfloor_affiliation", affiliation);
        return o;
    }

    private static String threatActorType(String kind) {
        if (kind == null) {
            return "unknown";
        }
        return switch (kind) {
            case "terrorist" -> "terrorist";
            case "criminal" -> "crime-syndicate";
            case "state-affiliated" -> "nation-state";
            default -> "unknown";
        };
    }

    /** External references in a fixed order: UN, Canada, ATT&CK, Wikipedia, then any other by key. */
    static List<Map<String, Object>> externalReferences(Map<String, String> refs) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, String> rest = new TreeMap<>(refs);
        String un = rest.remove("un");
        if (un != null && !un.isBlank()) {
            out.add(new Json.Obj().with("source_name", "un-sc-consolidated-list").with("external_id", un)
                    .with("description", "UN Security Council Consolidated List, reference number " + un));
        }
        String canada = rest.remove("canada");
        if (canada != null && !canada.isBlank()) {
            out.add(new Json.Obj().with("source_name", "canada-listed-terrorist-entities")
                    .with("external_id", canada)
                    .with("url", "https://www.publicsafety.gc.ca/cnt/ntnl-scrt/cntr-trrrsm/lstd-ntts/"
                            + "crrnt-lstd-ntts-en.aspx")
                    .with("description", "Government of Canada listed terrorist entity no. " + canada));
        }
        String mitre = rest.remove("mitre");
        if (mitre != null && mitre.matches("G\\d{4}")) {
            out.add(new Json.Obj().with("source_name", "mitre-attack").with("external_id", mitre)
                    .with("url", "https://attack.mitre.org/groups/" + mitre + "/"));
        } else if (mitre != null && !mitre.isBlank()) {
            out.add(new Json.Obj().with("source_name", "mitre-attack").with("external_id", mitre));
        }
        String wikipedia = rest.remove("wikipedia");
        if (wikipedia != null && !wikipedia.isBlank()) {
            out.add(new Json.Obj().with("source_name", "wikipedia").with("external_id", wikipedia)
                    .with("url", wikipediaUrl(wikipedia)));
        }
        rest.forEach((k, v) -> {
            if (v != null && !v.isBlank() && !k.isBlank()) {
                out.add(new Json.Obj().with("source_name", k).with("external_id", v));
            }
        });
        return out;
    }

    /** The English Wikipedia URL of an article title. */
    public static String wikipediaUrl(String title) {
        return "https://en.wikipedia.org/wiki/"
                + URLEncoder.encode(title.strip().replace(' ', '_'), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A location, person or organisation object, or null for entities STIX has no object for here. */
    private static Map<String, Object> entity(StoredReport.Entity e) {
        switch (e.type()) {
            case "LOCATION" -> {
                return location(e);
            }
            case "PERSON" -> {
                Json.Obj o = core("identity", id("identity", "person|" + key(e)), CATALOG_EPOCH, CATALOG_EPOCH);
                return o.with("name", e.name()).with("identity_class", "individual")
                        .with("x_watchfloor_entity_id", e.id());
            }
            case "ORGANIZATION" -> {
                Json.Obj o = core("identity", id("identity", "organization|" + key(e)), CATALOG_EPOCH,
                        CATALOG_EPOCH);
                return o.with("name", e.name()).with("identity_class", "organization")
                        .with("x_watchfloor_entity_id", e.id());
            }
            default -> {
                return null;
            }
        }
    }

    private static String key(StoredReport.Entity e) {
        return e.id() != null && !e.id().isBlank() ? e.id()
                : "name:" + e.name().strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /**
     * A place from the gazetteer id: {@code geo:country:PK} (country), {@code geo:city:AF:kabul} (city and
     * country), {@code geo:admin1:PK.02} (province and country), regions and continents by name. Places without
     * an id have no country or region STIX could hold, so they stay in the report's tags only.
     */
    static Map<String, Object> location(StoredReport.Entity e) {
        if (e.id() == null || !e.id().startsWith("geo:")) {
            return null;
        }
        String[] parts = e.id().split(":", 4);
        if (parts.length < 3) {
            return null;
        }
        Json.Obj o = core("location", id("location", e.id()), CATALOG_EPOCH, CATALOG_EPOCH);
        o.with("name", e.name());
        switch (parts[1]) {
            case "country" -> o.with("country", parts[2]);
            case "city" -> o.with("city", e.name()).with("country", parts[2]);
            case "admin1" -> o.with("administrative_area", e.name()).with("country", parts[2].split("\\.")[0]);
            case "coord" -> {
                double[] point = point(e, parts[2]);
                if (point == null) {
                    return null;
                }
                o.with("latitude", point[0]).with("longitude", point[1]);
            }
            default -> o.with("region", regionOf(e.name()));
        }
        return o.with("x_watchfloor_entity_id", e.id());
    }

    /**
     * A coordinates place's latitude and longitude: the recogniser's {@code lat}/{@code lon} attributes (the first
     * mention's value), else the id's rounded point ({@code geo:coord:33.78,44.50}); null when neither parses.
     */
    private static double[] point(StoredReport.Entity e, String idPoint) {
        Map<String, String> a = e.attributes() == null ? Map.of() : e.attributes();
        String lat = a.get("lat");
        String lon = a.get("lon");
        if (lat == null || lon == null) {
            String[] ll = idPoint.split(",", 2);
            if (ll.length < 2) {
                return null;
            }
            lat = ll[0];
            lon = ll[1];
        }
        try {
            double la = Double.parseDouble(lat);
            double lo = Double.parseDouble(lon);
            return Math.abs(la) <= 90 && Math.abs(lo) <= 180 ? new double[] {la, lo} : null;
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The region-ov value for a continent or UN region name when there is one, else the name itself. */
    private static String regionOf(String name) {
        String v = name.strip().toLowerCase(Locale.ROOT).replace(' ', '-');
        return switch (v) {
            case "africa", "americas", "asia", "europe", "oceania", "antarctica", "central-asia", "eastern-asia",
                 "southern-asia", "western-asia", "northern-africa", "eastern-africa", "western-africa",
                 "southern-africa", "middle-africa", "northern-europe", "southern-europe", "western-europe",
                 "south-america", "central-america", "caribbean" -> v;
            default -> name;
        };
    }

    private static Map<String, Object> event(StoredReport.Event ev) {
        String key = ev.name().strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
        Json.Obj o = core("incident", id("incident", "event|" + key), CATALOG_EPOCH, CATALOG_EPOCH);
        o.with("name", ev.name());
        o.with("description", ev.type() == null ? null : "Named " + ev.type() + (ev.date() == null ? ""
                : " (" + ev.date() + ")"));
        return o.with("x_watchfloor_event_type", ev.type()).with("x_watchfloor_date", ev.date());
    }

    /** The incident the report itself describes: the source of the relationships its groups' roles imply. */
    private static Map<String, Object> reportIncident(StoredReport r, Instant created, Instant modified) {
        Json.Obj o = core("incident", id("incident", "report|" + r.id()), created, modified);
        return o.with("name", "Reported: " + name(r))
                .with("description", "The incident described by the report '" + name(r) + "'")
                .with("x_watchfloor_report_id", r.id());
    }

    /** claimed and attributed: attributed-to; targeted: targets; mentioned: none. */
    static String relationshipType(String role) {
        if (role == null) {
            return null;
        }
        return switch (role) {
            case "claimed", "attributed" -> "attributed-to";
            case "targeted" -> "targets";
            default -> null;
        };
    }

    private static Map<String, Object> relationship(String type, String source, String target, StoredReport.Group g,
                                                    Instant created, Instant modified) {
        Json.Obj o = core("relationship", id("relationship", type + "|" + source + "|" + target), created,
                modified);
        String description = switch (g.role()) {
            case "claimed" -> g.name() + " claimed responsibility, as the report tells it";
            case "attributed" -> "The report attributes the incident to " + g.name();
            default -> g.name() + " is on the receiving end (arrested, struck, sanctioned) in the report";
        };
        return o.with("relationship_type", type).with("description", description)
                .with("source_ref", source).with("target_ref", target)
                .with("confidence", (int) Math.round(Math.max(0, Math.min(1, g.score())) * 100))
                .with("x_watchfloor_role", g.role());
    }

    private static Json.Obj core(String type, String id, Instant created, Instant modified) {
        Json.Obj o = new Json.Obj();
        o.with("type", type).with("spec_version", SPEC_VERSION).with("id", id)
                .with("created", Json.millis(created)).with("modified", Json.millis(modified))
                .with("created_by_ref", WATCHFLOOR_IDENTITY);
        return o;
    }

    private static List<Map<String, Object>> evidence(List<StoredReport.Evidence> spans) {
        if (spans == null) {
            return List.of();
        }
        return spans.stream().<Map<String, Object>>map(s -> new Json.Obj().with("field", s.field())
                .with("start", s.start()).with("end", s.end()).with("text", s.text())).toList();
    }

    private static List<Map<String, Object>> aliasPaths(List<StoredReport.AliasPath> paths) {
        if (paths == null) {
            return List.of();
        }
        return paths.stream().<Map<String, Object>>map(a -> new Json.Obj().with("surface", a.surface())
                .with("alias", a.alias()).with("method", a.method()).with("source", a.source())).toList();
    }

    /** The URL when it is an absolute http(s) URI, else null (feeds are hostile input). */
    public static String httpUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString()
                    : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String blankTo(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip();
    }
}
