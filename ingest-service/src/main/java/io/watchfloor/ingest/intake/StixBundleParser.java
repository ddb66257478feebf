package io.watchfloor.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.schemas.ReportAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a STIX 2.1 bundle: every {@code report} object becomes one {@link Submission} (name = title, description
 * plus the names of the objects it references = text, published, id, first http(s) external reference = url).
 */
public final class StixBundleParser {
    static final String KIND = "stix";
    private static final String HINT = "Send a STIX 2.1 bundle: {\"type\": \"bundle\", \"id\": \"bundle--...\", "
            + "\"objects\": [{\"type\": \"report\", \"name\": \"...\", \"description\": \"...\", ...}]}";

    private final ReportRequestParser json;

    public StixBundleParser(ReportRequestParser json) {
        this.json = json;
    }

    /** STIX object types that name a threat actor. */
    static final Set<String> ACTOR_TYPES = Set.of("intrusion-set", "threat-actor");
    private static final int MAX_ACTOR_NAMES = 100;

    /** The report objects of the bundle as batch items (in bundle order); invalid reports are rejected items. */
    public List<ReportRequestParser.Item> parse(byte[] body, int maxReports) {
        return parse(json.readJson(body), maxReports);
    }

    List<ReportRequestParser.Item> parse(JsonNode root, int maxReports) {
        if (!root.isObject() || !"bundle".equals(root.path("type").asText(null))) {
            throw new InvalidSubmissionException("type", "The body is not a STIX bundle (\"type\": \"bundle\")", HINT);
        }
        JsonNode objects = root.get("objects");
        if (objects == null || !objects.isArray()) {
            throw new InvalidSubmissionException("objects", "The bundle has no \"objects\" array", HINT);
        }
        Map<String, JsonNode> byId = new HashMap<>();
        List<JsonNode> reports = new ArrayList<>();
        List<JsonNode> actors = new ArrayList<>();
        for (JsonNode object : objects) {
            if (!object.isObject()) {
                continue;
            }
            String id = object.path("id").asText(null);
            if (id != null) {
                byId.putIfAbsent(id, object);
            }
            if ("report".equals(object.path("type").asText(null))) {
                reports.add(object);
            }
            if (ACTOR_TYPES.contains(object.path("type").asText(""))) {
                actors.add(object);
            }
        }
        if (reports.isEmpty()) {
            throw new InvalidSubmissionException("objects", "The bundle holds no \"report\" objects",
                    "Only STIX report objects become Watchfloor reports; add at least one");
        }
        if (reports.size() > maxReports) {
            throw new InvalidSubmissionException("objects", "The bundle holds more than " + maxReports + " reports",
                    "Split it into bundles of at most " + maxReports + " reports");
        }
        List<ReportRequestParser.Item> items = new ArrayList<>(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            try {
                // a bundle's unreferenced actors belong to its report only when it carries just one
                items.add(new ReportRequestParser.Item(i, submission(reports.get(i), byId,
                        reports.size() == 1 ? actors : List.of()), null));
            } catch (InvalidSubmissionException e) {
                items.add(new ReportRequestParser.Item(i, null, e));
            }
        }
        return items;
    }

    private static Submission submission(JsonNode report, Map<String, JsonNode> byId, List<JsonNode> actors) {
        String id = text(report, "id");
        String name = text(report, "name");
        String description = text(report, "description");
        Set<String> referenced = new LinkedHashSet<>();
        JsonNode refs = report.get("object_refs");
        if (refs != null && refs.isArray()) {
            for (JsonNode ref : refs) {
                JsonNode target = ref.isTextual() ? byId.get(ref.textValue()) : null;
                String targetName = target == null ? null : text(target, "name");
                if (targetName != null && !targetName.isBlank()) {
                    referenced.add(target.path("type").asText("object") + ": " + targetName.strip());
                }
            }
        }
        StringBuilder text = new StringBuilder(description == null ? "" : description.strip());
        if (!referenced.isEmpty()) {
            text.append(text.length() == 0 ? "" : "\n\n").append("Referenced objects:\n")
                    .append(String.join("\n", referenced));
        }
        if (text.length() == 0 && name != null) {
            text.append(name);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "stix.id", id);
        put(attributes, "stix.spec_version", text(report, "spec_version"));
        put(attributes, "stix.modified", text(report, "modified"));
        put(attributes, "stix.report_types", joined(report.get("report_types")));
        put(attributes, "stix.labels", joined(report.get("labels")));
        put(attributes, ReportAttributes.SOURCE_THREAT_ACTORS, actorNames(report, byId, actors));
        JsonNode author = byId.get(report.path("created_by_ref").asText(""));
        String sourceName = author == null ? null : text(author, "name");
        return Submission.builder()
                .title(name)
                .text(text.toString())
                .url(externalUrl(report.get("external_references")))
                .source(KIND, sourceName == null || sourceName.isBlank() ? "STIX bundle" : sourceName, null)
                .itemId(id)
                .publishedAt(published(report.get("published")))
                .attributes(attributes)
                .build();
    }

    /**
     * The names and aliases of the intrusion sets and threat actors the report references; when it references
     * none, {@code fallback} (the bundle's actors when it carries only this report). Null when none.
     */
    static String actorNames(JsonNode report, Map<String, JsonNode> byId, List<JsonNode> fallback) {
        List<JsonNode> chosen = new ArrayList<>();
        JsonNode refs = report.get("object_refs");
        if (refs != null && refs.isArray()) {
            for (JsonNode ref : refs) {
                JsonNode target = ref.isTextual() ? byId.get(ref.textValue()) : null;
                if (target != null && ACTOR_TYPES.contains(target.path("type").asText(""))) {
                    chosen.add(target);
                }
            }
        }
        if (chosen.isEmpty()) {
            chosen = fallback;
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode actor : chosen) {
            addName(names, text(actor, "name"));
            JsonNode aliases = actor.get("aliases");
            if (aliases != null && aliases.isArray()) {
                aliases.forEach(a -> addName(names, a.isTextual() ? a.textValue() : null));
            }
        }
        return names.isEmpty() ? null : String.join("\n", names);
    }

    private static void addName(Set<String> names, String name) {
        if (name != null && !name.isBlank() && names.size() < MAX_ACTOR_NAMES) {
            names.add(name.strip().replace('\n', ' '));
        }
    }

    private static Instant published(JsonNode value) {
        try {
            return ReportRequestParser.instant(value);
        } catch (InvalidSubmissionException e) {
            throw new InvalidSubmissionException("published", "\"published\" is not a STIX timestamp",
                    "Use an RFC 3339 timestamp such as 2024-05-01T12:00:00.000Z");
        }
    }

    private static String externalUrl(JsonNode references) {
        if (references == null || !references.isArray()) {
            return null;
        }
        for (JsonNode reference : references) {
            String url = text(reference, "url");
            if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
                return url;
            }
        }
        return null;
    }

    private static String joined(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(v -> {
            if (v.isTextual()) {
                values.add(v.textValue());
            }
        });
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(key, value);
        }
    }

    /** A string property, or null; a property of another type is refused, naming it. */
    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidSubmissionException(name, "\"" + name + "\" must be a string", HINT);
        }
        return value.textValue();
    }
}
