package io.watchfloor.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.schemas.ReportAttributes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads MISP event JSON ({@code {"Event": {...}}}, a list of those, or a search answer {@code {"response": [...]}})
 * into {@link Submission}s: info = title; text = info, the values of text-like attributes, attribute comments and
 * galaxy cluster names (galaxies and {@code misp-galaxy:} tags).
 */
public final class MispEventParser {
    static final String KIND = "misp";
    /** Attribute types whose value is prose or a name worth tagging, not an indicator. */
    static final Set<String> TEXT_TYPES = Set.of("text", "comment", "other", "threat-actor", "campaign-name",
            "campaign-id", "vulnerability", "weakness", "malware-type", "target-org", "target-location",
            "target-machine", "target-user", "target-external", "pattern-in-file");
    private static final String HINT = "Send a MISP event export: {\"Event\": {\"info\": \"...\", \"Attribute\": "
            + "[...], \"Galaxy\": [...]}} (or a JSON array of those)";
    private static final int MAX_TEXT_CHARS = 1_000_000;

    private final ReportRequestParser json;

    public MispEventParser(ReportRequestParser json) {
        this.json = json;
    }

    /** One batch item per event, in input order; an invalid event is a rejected item. */
    public List<ReportRequestParser.Item> parse(byte[] body, int maxEvents) {
        return parse(json.readJson(body), maxEvents);
    }

    List<ReportRequestParser.Item> parse(JsonNode root, int maxEvents) {
        List<JsonNode> wrappers = new ArrayList<>();
        if (root.isObject() && root.has("response") && root.get("response").isArray()) {
            root.get("response").forEach(wrappers::add);
        } else if (root.isArray()) {
            root.forEach(wrappers::add);
        } else if (root.isObject()) {
            wrappers.add(root);
        } else {
            throw new InvalidSubmissionException("Event", "The body is not a MISP event", HINT);
        }
        if (wrappers.isEmpty()) {
            throw new InvalidSubmissionException("Event", "The body holds no MISP event", HINT);
        }
        if (wrappers.size() > maxEvents) {
            throw new InvalidSubmissionException("Event", "The body holds more than " + maxEvents + " events",
                    "Send at most " + maxEvents + " events per request");
        }
        List<ReportRequestParser.Item> items = new ArrayList<>(wrappers.size());
        for (int i = 0; i < wrappers.size(); i++) {
            try {
                JsonNode event = wrappers.get(i).get("Event");
                if (event == null || !event.isObject()) {
                    throw new InvalidSubmissionException("Event", "Item " + i + " has no \"Event\" object", HINT);
                }
                items.add(new ReportRequestParser.Item(i, submission(event), null));
            } catch (InvalidSubmissionException e) {
                items.add(new ReportRequestParser.Item(i, null, e));
            }
        }
        return items;
    }

    private static Submission submission(JsonNode event) {
        String info = StixBundleParser.text(event, "info");
        if (info == null || info.isBlank()) {
            throw new InvalidSubmissionException("Event.info", "The event has no \"info\"",
                    "Every MISP event needs its \"info\" line; it becomes the report title");
        }
        Set<String> lines = new LinkedHashSet<>();
        attributes(event.get("Attribute"), lines);
        JsonNode objects = event.get("Object");
        if (objects != null && objects.isArray()) {
            for (JsonNode object : objects) {
                attributes(object.get("Attribute"), lines);
            }
        }
        Set<String> clusters = new LinkedHashSet<>();
        galaxies(event.get("Galaxy"), clusters);
        Set<String> actors = new LinkedHashSet<>();
        actorGalaxies(event.get("Galaxy"), actors);
        List<String> plainTags = new ArrayList<>();
        JsonNode tags = event.get("Tag");
        if (tags != null && tags.isArray()) {
            for (JsonNode tag : tags) {
                String name = tag.path("name").asText("");
                String cluster = galaxyTagValue(name);
                if (cluster != null) {
                    clusters.add(cluster);
                    if (ACTOR_GALAXIES.contains(galaxyType(name))) {
                        actors.add(cluster);
                    }
                } else if (!name.isBlank()) {
                    plainTags.add(name);
                }
            }
        }
        StringBuilder text = new StringBuilder(info.strip());
        append(text, lines);
        if (!clusters.isEmpty()) {
            append(text, Set.of("Galaxy clusters: " + String.join(", ", clusters)));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "misp.uuid", event.path("uuid").asText(null));
        put(attributes, "misp.id", event.path("id").asText(null));
        put(attributes, "misp.threat_level_id", event.path("threat_level_id").asText(null));
        put(attributes, "misp.analysis", event.path("analysis").asText(null));
        put(attributes, "misp.tags", plainTags.isEmpty() ? null : String.join(",", plainTags));
        put(attributes, ReportAttributes.SOURCE_THREAT_ACTORS, actors.isEmpty() ? null : String.join("\n", actors));
        String org = event.path("Orgc").path("name").asText(null);
        return Submission.builder()
                .title(info.strip())
                .text(text.toString())
                .source(KIND, org == null || org.isBlank() ? "MISP" : org, null)
                .itemId(event.path("uuid").asText(null))
                .publishedAt(published(event))
                .attributes(attributes)
                .build();
    }

    private static void attributes(JsonNode attributes, Set<String> lines) {
        if (attributes == null || !attributes.isArray()) {
            return;
        }
        for (JsonNode attribute : attributes) {
            String type = attribute.path("type").asText("");
            String value = attribute.path("value").asText("");
            String comment = attribute.path("comment").asText("");
            if (TEXT_TYPES.contains(type) && !value.isBlank()) {
                lines.add(value.strip());
            }
            if (!comment.isBlank()) {
                lines.add(comment.strip());
            }
            galaxies(attribute.get("Galaxy"), lines);
        }
    }

    private static void galaxies(JsonNode galaxies, Set<String> into) {
        if (galaxies == null || !galaxies.isArray()) {
            return;
        }
        for (JsonNode galaxy : galaxies) {
            JsonNode clusters = galaxy.get("GalaxyCluster");
            if (clusters != null && clusters.isArray()) {
                for (JsonNode cluster : clusters) {
                    String value = cluster.path("value").asText("");
                    if (!value.isBlank()) {
                        into.add(value.strip());
                    }
                }
            }
        }
    }

    /** Galaxies whose clusters name threat actors. */
    static final Set<String> ACTOR_GALAXIES = Set.of("threat-actor", "mitre-intrusion-set",
            "mitre-enterprise-attack-intrusion-set", "mitre-mobile-attack-intrusion-set");

    /** The threat-actor clusters of an event's (or attribute's) galaxies, with their synonyms. */
    private static void actorGalaxies(JsonNode galaxies, Set<String> into) {
        if (galaxies == null || !galaxies.isArray()) {
            return;
        }
        for (JsonNode galaxy : galaxies) {
            if (!ACTOR_GALAXIES.contains(galaxy.path("type").asText(""))) {
                continue;
            }
            for (JsonNode cluster : galaxy.path("GalaxyCluster")) {
                String value = cluster.path("value").asText("");
                if (!value.isBlank()) {
                    into.add(value.strip());
                }
                for (JsonNode synonym : cluster.path("meta").path("synonyms")) {
                    if (synonym.isTextual() && !synonym.asText().isBlank() && into.size() < 100) {
                        into.add(synonym.asText().strip());
                    }
                }
            }
        }
    }

    /** {@code misp-galaxy:threat-actor="APT28"} -> {@code threat-actor}; other tags -> "". */
    static String galaxyType(String tag) {
        int eq = tag.indexOf('=');
        return tag.startsWith("misp-galaxy:") && eq > 12 ? tag.substring(12, eq) : "";
    }

    /** {@code misp-galaxy:threat-actor="APT28"} -> {@code APT28}; other tags -> null. */
    static String galaxyTagValue(String tag) {
        if (!tag.startsWith("misp-galaxy:")) {
            return null;
        }
        int start = tag.indexOf('"');
        int end = tag.lastIndexOf('"');
        return start >= 0 && end > start + 1 ? tag.substring(start + 1, end) : null;
    }

    private static void append(StringBuilder text, Set<String> lines) {
        for (String line : lines) {
            if (text.length() + line.length() + 2 > MAX_TEXT_CHARS) {
                return;
            }
            text.append(text.length() == 0 ? "" : "\n\n").append(line);
        }
    }

    /** {@code date} (YYYY-MM-DD), else {@code publish_timestamp} / {@code timestamp} (epoch seconds). */
    private static Instant published(JsonNode event) {
        String date = event.path("date").asText("");
        if (!date.isBlank()) {
            try {
                return LocalDate.parse(date.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidSubmissionException("Event.date", "\"date\" is not a YYYY-MM-DD date",
                        "Use the MISP date format, e.g. 2024-05-01");
            }
        }
        for (String field : List.of("publish_timestamp", "timestamp")) {
            String seconds = event.path(field).asText("");
            if (seconds.matches("[0-9]{1,12}") && !"0".equals(seconds)) {
                return Instant.ofEpochSecond(Long.parseLong(seconds));
            }
        }
        return null;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(key, value);
        }
    }
}
