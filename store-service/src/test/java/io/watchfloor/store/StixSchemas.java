package io.watchfloor.store;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * The OASIS STIX 2.1 JSON schemas (test resources, BSD-3-Clause) as a validator: their {@code $id}s are mapped to
 * the classpath, so nothing is fetched from the network.
 */
public final class StixSchemas {
    private static final String ID_PREFIX =
            "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(ID_PREFIX, "classpath:stix-2.1-json-schemas/schemas/")));
    /** bundle.json with the SDOs upstream forgets (location, incident, ...) added; see the resources' README. */
    private static final Schema BUNDLE = REGISTRY.getSchema(
            SchemaLocation.of(ID_PREFIX + "common/bundle-corrected.json"));
    private static final Schema UPSTREAM_BUNDLE = REGISTRY.getSchema(
            SchemaLocation.of(ID_PREFIX + "common/bundle.json"));

    private StixSchemas() {
    }

    /**
     * What the (corrected) bundle schema finds wrong with this JSON, and what the schema of each object's own type
     * finds wrong with it (empty when everything validates).
     */
    public static List<String> bundleErrors(String json) {
        List<String> out = new java.util.ArrayList<>(BUNDLE.validate(json, InputFormat.JSON).stream()
                .map(Error::toString).toList());
        tools.jackson.databind.JsonNode bundle = new tools.jackson.databind.ObjectMapper().readTree(json);
        for (tools.jackson.databind.JsonNode object : bundle.path("objects")) {
            String type = object.path("type").asString();
            String schema = type.equals("relationship") || type.equals("sighting") ? "sros/" + type + ".json"
                    : "sdos/" + type + ".json";
            if (STIX_SDOS_AND_SROS.contains(type)) {
                REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + schema)).validate(object).forEach(
                        e -> out.add(object.path("id").asString() + ": " + e));
            }
        }
        return out;
    }

    /** What the bundle schema exactly as published upstream finds wrong with this JSON. */
    public static List<String> upstreamBundleErrors(String json) {
        return UPSTREAM_BUNDLE.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static final java.util.Set<String> STIX_SDOS_AND_SROS = java.util.Set.of("attack-pattern", "campaign",
            "course-of-action", "grouping", "identity", "incident", "indicator", "infrastructure", "intrusion-set",
            "location", "malware", "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor",
            "tool", "vulnerability", "relationship", "sighting");

    /** What the schema of one object type (e.g. {@code sdos/report.json}) finds wrong with this JSON. */
    public static List<String> errors(String schemaPath, String json) {
        return REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + schemaPath)).validate(json, InputFormat.JSON)
                .stream().map(Error::toString).toList();
    }
}
