package io.watchfloor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry knows, rebuilt by applying log records in order. Records use the key/value JSON of
 * Confluent's {@code _schemas} topic (SCHEMA and CONFIG keys); other key types are ignored. Thread-safe.
 */
final class RegistryState {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryState.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, SubjectVersion>> subjects = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    // ---- log record formats

    static String schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1);
        return key.toString();
    }

    static String schemaValue(SubjectVersion v) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema()).put("deleted", v.deleted());
        return value.toString();
    }

    static String configKey(String subjectOrNull) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "CONFIG");
        if (subjectOrNull == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subjectOrNull);
        }
        key.put("magic", 0);
        return key.toString();
    }

    static String configValue(CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
    }

    // ---- applying the log

    synchronized void apply(String key, String value) {
        JsonNode k = readTree(key);
        if (k == null) {
            LOG.warn("Ignoring a registry log record with an unreadable key: {}", key);
            return;
        }
        String type = k.path("keytype").asText("");
        switch (type) {
            case "SCHEMA" -> applySchema(k, value);
            case "CONFIG" -> applyConfig(k, value);
            default -> LOG.debug("Ignoring registry log record of key type {}", type);
        }
    }

    private void applySchema(JsonNode key, String value) {
        String subject = key.path("subject").asText();
        int version = key.path("version").asInt();
        if (value == null) {
            TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
            if (versions != null) {
                versions.remove(version);
            }
            return;
        }
        JsonNode v = readTree(value);
        if (v == null || !v.has("id") || !v.hasNonNull("schema")) {
            LOG.warn("Ignoring an unreadable schema record for {} v{}", subject, version);
            return;
        }
        int id = v.get("id").asInt();
        String schema = v.get("schema").asText();
        schemaById.putIfAbsent(id, schema);
        idBySchema.putIfAbsent(schema, id);
        maxId = Math.max(maxId, id);
        subjects.computeIfAbsent(subject, s -> new TreeMap<>())
                .put(version, new SubjectVersion(subject, version, id, schema, v.path("deleted").asBoolean(false)));
    }

    private void applyConfig(JsonNode key, String value) {
        JsonNode subject = key.get("subject");
        boolean global = subject == null || subject.isNull();
        CompatibilityLevel level = null;
        if (value != null) {
            JsonNode v = readTree(value);
            if (v != null && v.hasNonNull("compatibilityLevel")) {
                try {
                    level = CompatibilityLevel.parse(v.get("compatibilityLevel").asText());
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring config record with unknown level: {}", value);
                    return;
                }
            }
        }
        if (global) {
            globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
        } else if (level == null) {
            subjectLevels.remove(subject.asText());
        } else {
            subjectLevels.put(subject.asText(), level);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- queries

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    synchronized Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idBySchema.get(canonicalSchema));
    }

    synchronized int nextId() {
        return maxId + 1;
    }

    /** Versions of a subject, oldest first; soft-deleted ones only when asked for. */
    synchronized List<SubjectVersion> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }

    /** The highest version number ever used under the subject, deleted or not; 0 when none. */
    synchronized int maxVersion(String subject) {
        TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        TreeSet<String> names = new TreeSet<>();
        subjects.forEach((name, versions) -> {
            if (versions.values().stream().anyMatch(v -> includeDeleted || !v.deleted())) {
                names.add(name);
            }
        });
        return new ArrayList<>(names);
    }

    /** Live (subject, version) pairs that use a schema id. */
    synchronized List<SubjectVersion> usesOf(int id) {
        List<SubjectVersion> uses = new ArrayList<>();
        new TreeMap<>(subjects).forEach((name, versions) -> versions.values().stream()
                .filter(v -> v.id() == id && !v.deleted()).forEach(uses::add));
        return uses;
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
