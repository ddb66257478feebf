package io.watchfloor.store.domain.export;

import io.watchfloor.store.domain.StoredReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One stored report as a MISP event (the {@code {"Event": {...}}} JSON MISP's "Add event from JSON" and
 * {@code POST /events} take): the report as the event and an event report holding its text, groups as
 * threat-actor attributes plus the galaxy tags the catalog links, places as geolocation objects, people as
 * person objects. Uuids are UUIDv5, so importing twice updates the same event.
 */
public final class MispMapper {
    /** Namespace of every Watchfloor MISP uuid: uuid5(NAMESPACE_URL, "urn:watchfloor:misp"). */
    public static final UUID NAMESPACE = UUID.fromString("e4755f4a-7ab5-5653-a6c4-66faecea1325");
    /** misp-objects template "person" (objects/person/definition.json). */
    static final String PERSON_TEMPLATE = "a15b0477-e9d1-4b9c-9546-abe78a4f4248";
    /** misp-objects template "geolocation" (its uuid is 35 characters long in misp-objects itself). */
    static final String GEOLOCATION_TEMPLATE = "fdd30d5f-6752-45ed-bef2-25e8ce4d8a3";
    /** Distribution "inherit event" for attributes and objects; the event itself stays in the organisation. */
    private static final String INHERIT = "5";

    private final GroupDirectory directory;

    public MispMapper(GroupDirectory directory) {
        this.directory = directory;
    }

    /** The uuid of the event for a Watchfloor report id. */
    public static String eventUuid(String reportId) {
        return uuid("event|" + reportId);
    }

    public Map<String, Object> event(StoredReport r) {
        String eventUuid = eventUuid(r.id());
        Instant modified = r.metadata().enrichedAt() == null ? r.ingestedAt() : r.metadata().enrichedAt();
        Instant when = r.publishedAt() == null ? r.ingestedAt() : r.publishedAt();
        List<Map<String, Object>> attributes = new ArrayList<>();
        List<Map<String, Object>> objects = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();

        String url = StixMapper.httpUrl(r.canonicalUrl());
        if (url != null) {
            attributes.add(attribute(eventUuid, "link", "External analysis", url,
                    "Source article (" + r.source().name() + ")"));
        }
        for (StoredReport.Group g : r.groups()) {
            attributes.add(attribute(eventUuid, "threat-actor", "Attribution", g.name(), groupComment(g)));
            tags.add(tag("watchfloor:group", g.id()));
            directory.profile(g.id()).ifPresent(p -> tags.addAll(p.mispGalaxyTags()));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (StoredReport.Entity e : r.entities()) {
            String key = e.type() + "|" + (e.id() == null ? e.name() : e.id());
            if (!seen.add(key)) {
                continue;
            }
            switch (e.type()) {
                case "LOCATION" -> objects.add(geolocation(eventUuid, e));
                case "PERSON" -> objects.add(person(eventUuid, e));
                case "ORGANIZATION" -> attributes.add(attribute(eventUuid, "text", "Other", e.name(),
                        "Organisation mentioned " + e.mentions().size() + " time(s)"
                                + (e.id() == null ? "" : " (" + e.id() + ")")));
                default -> {
                    // groups and events are exported from their own lists; demonyms add nothing here
                }
            }
        }
        for (StoredReport.Event ev : r.events()) {
            attributes.add(attribute(eventUuid, "text", "Other", ev.name(), "Named " + ev.type() + ", "
                    + ev.temporal() + (ev.date() == null ? "" : " (" + ev.date() + ")")));
        }
        for (StoredReport.Topic t : r.topics()) {
            tags.add(tag("watchfloor:topic", t.name()));
        }

        Json.Obj event = new Json.Obj();
        event.with("uuid", eventUuid);
        event.with("info", info(r));
        event.with("date", when.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        event.with("timestamp", Long.toString(modified.getEpochSecond()));
        event.with("published", false);
        event.with("analysis", "2");
        event.with("threat_level_id", "4");
        event.with("distribution", "0");
        event.with("Attribute", attributes);
        event.with("Object", objects);
        event.with("EventReport", List.of(new Json.Obj().with("uuid", uuid("event-report|" + r.id()))
                .with("name", info(r)).with("content", r.text()).with("distribution", INHERIT)));
        event.with("Tag", tags.stream().<Map<String, Object>>map(t -> new Json.Obj().with("name", t)).toList());
        return new Json.Obj().with("Event", event);
    }

    private static String info(StoredReport r) {
        if (r.title() != null && !r.title().isBlank()) {
            return r.title().strip();
        }
        String text = r.text() == null ? "" : r.text().strip();
        return text.isEmpty() ? "Watchfloor report " + r.id() : text.substring(0, Math.min(100, text.length()));
    }

    private static String groupComment(StoredReport.Group g) {
        StringBuilder s = new StringBuilder("Watchfloor group ").append(g.id()).append("; role ").append(g.role())
                .append("; score ").append(g.score());
        if (!g.evidence().isEmpty()) {
            s.append("; evidence:");
            for (StoredReport.Evidence e : g.evidence()) {
                s.append(" '").append(e.text()).append("' ").append(e.field()).append('[').append(e.start())
                        .append(',').append(e.end()).append(')');
            }
        }
        return s.toString();
    }

    private static Map<String, Object> attribute(String eventUuid, String type, String category, String value,
                                                 String comment) {
        return new Json.Obj().with("uuid", uuid(eventUuid + "|attribute|" + type + "|" + value))
                .with("type", type).with("category", category).with("value", value).with("to_ids", false)
                .with("distribution", INHERIT).with("comment", comment);
    }

    private static Map<String, Object> objectAttribute(String objectUuid, String relation, String type,
                                                       String category, String value) {
        return new Json.Obj().with("uuid", uuid(objectUuid + "|" + relation + "|" + value))
                .with("object_relation", relation).with("type", type).with("category", category)
                .with("value", value).with("to_ids", false).with("disable_correlation", true);
    }

    /** A geolocation object: country code, city, province or region from the gazetteer id, and the name. */
    private static Map<String, Object> geolocation(String eventUuid, StoredReport.Entity e) {
        String objectUuid = uuid(eventUuid + "|geolocation|" + (e.id() == null ? e.name() : e.id()));
        List<Map<String, Object>> attrs = new ArrayList<>();
        String[] parts = e.id() == null ? new String[0] : e.id().split(":", 4);
        String kind = parts.length >= 3 && "geo".equals(parts[0]) ? parts[1] : "";
        switch (kind) {
            case "country" -> attrs.add(objectAttribute(objectUuid, "country", "text", "Other", parts[2]));
            case "city" -> {
                attrs.add(objectAttribute(objectUuid, "city", "text", "Other", e.name()));
                attrs.add(objectAttribute(objectUuid, "country", "text", "Other", parts[2]));
            }
            case "admin1" -> {
                attrs.add(objectAttribute(objectUuid, "region", "text", "Other", e.name()));
                attrs.add(objectAttribute(objectUuid, "country", "text", "Other", parts[2].split("\\.")[0]));
            }
            default -> attrs.add(objectAttribute(objectUuid, "region", "text", "Other", e.name()));
        }
        attrs.add(objectAttribute(objectUuid, "text", "text", "Other", e.name() + " (mentioned "
                + e.mentions().size() + " time(s)" + (e.id() == null ? "" : ", " + e.id()) + ")"));
        return object(objectUuid, "geolocation", "misc", "An object to describe a geographic location.",
                GEOLOCATION_TEMPLATE, "3", attrs);
    }

    /** A person object: the name as alias, and first and last name when it has two words or more. */
    private static Map<String, Object> person(String eventUuid, StoredReport.Entity e) {
        String objectUuid = uuid(eventUuid + "|person|" + (e.id() == null ? e.name() : e.id()));
        List<Map<String, Object>> attrs = new ArrayList<>();
        String[] words = e.name().strip().split("\\s+");
        if (words.length >= 2) {
            attrs.add(objectAttribute(objectUuid, "first-name", "first-name", "Person", words[0]));
            attrs.add(objectAttribute(objectUuid, "last-name", "last-name", "Person", words[words.length - 1]));
        }
        attrs.add(objectAttribute(objectUuid, "alias", "text", "Person", e.name().strip()));
        String title = e.attributes() == null ? null : e.attributes().get("title");
        if (title != null && !title.isBlank()) {
            attrs.add(objectAttribute(objectUuid, "title", "text", "Person", title));
        }
        return object(objectUuid, "person", "misc", "An object which describes a person or an identity.",
                PERSON_TEMPLATE, "8", attrs);
    }

    private static Map<String, Object> object(String uuid, String name, String metaCategory, String description,
                                              String template, String templateVersion,
                                              List<Map<String, Object>> attributes) {
        return new Json.Obj().with("uuid", uuid).with("name", name).with("meta-category", metaCategory)
                .with("description", description).with("template_uuid", template)
                .with("template_version", templateVersion).with("distribution", INHERIT)
                .with("Attribute", attributes);
    }

    /** A machine tag {@code namespace="value"} (quotes in the value dropped so the tag stays parseable). */
    static String tag(String namespace, String value) {
        return namespace + "=\"" + value.replace("\"", "").toLowerCase(Locale.ROOT) + "\"";
    }

    private static String uuid(String name) {
        return Uuid5.of(NAMESPACE, name).toString();
    }
}
