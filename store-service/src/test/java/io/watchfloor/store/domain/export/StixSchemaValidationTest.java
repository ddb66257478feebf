package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.store.StixSchemas;
import io.watchfloor.store.TestReports;
import io.watchfloor.store.catalog.CatalogGroupDirectory;
import io.watchfloor.store.domain.StoredReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every bundle the exporter writes validates against the OASIS STIX 2.1 JSON schemas. */
class StixSchemaValidationTest {
    private static final StixMapper MAPPER = new StixMapper(CatalogGroupDirectory.fromClasspath());

    static Stream<Arguments> reports() {
        StoredReport sample = TestReports.sample("schema-sample");
        String text = sample.text();
        return Stream.of(
                Arguments.of("sample", sample),
                Arguments.of("hostile", TestReports.hostile("schema-hostile")),
                Arguments.of("every role and a cyber group", TestReports.withGroups(sample, List.of(
                        TestReports.group("iskp", "ISKP", "terrorist", "claimed", "ISIS-K", text),
                        TestReports.group("ttp", "TTP", "terrorist", "targeted", "TTP", text),
                        TestReports.group("mitre-g0007", "APT28", "cyber", "attributed", "Pakistan", text),
                        TestReports.group("unknown-id", "Unknown", null, "mentioned", "Kabul", text)))),
                Arguments.of("no tags at all", TestReports.withGroups(TestReports.hostile("schema-bare"),
                        List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void shouldValidateAgainstTheOasisSchemas(String name, StoredReport report) {
        String json = Json.write(MAPPER.bundle(report));

        assertEquals(List.of(), StixSchemas.bundleErrors(json), json);
    }

    @Test
    void shouldValidateTheSeedArticleEnrichedByTheRealEnricher() {
        Map<String, Object> bundle = MAPPER.bundle(TestReports.seedArticle("schema-seed"));

        assertEquals(List.of(), StixSchemas.bundleErrors(Json.write(bundle)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) bundle.get("objects");
        assertTrue(objects.stream().anyMatch(o -> "location".equals(o.get("type"))));
        assertTrue(objects.stream().anyMatch(o -> "identity".equals(o.get("type"))
                && "individual".equals(o.get("identity_class"))));
    }

    @Test
    void shouldNeedTheCorrectedBundleSchemaBecauseTheUpstreamOneRejectsEveryLocation() {
        Map<String, Object> location = new java.util.LinkedHashMap<>();
        location.put("type", "location");
        location.put("spec_version", "2.1");
        location.put("id", StixMapper.id("location", "geo:country:PK"));
        location.put("created", "2025-01-01T00:00:00.000Z");
        location.put("modified", "2025-01-01T00:00:00.000Z");
        location.put("country", "PK");
        String bundle = Json.write(Map.of("type", "bundle", "id", StixMapper.id("bundle", "one-location"),
                "objects", List.of(location)));

        assertEquals(List.of(), StixSchemas.errors("sdos/location.json", Json.write(location)));
        assertEquals(List.of(), StixSchemas.bundleErrors(bundle));
        assertFalse(StixSchemas.upstreamBundleErrors(bundle).isEmpty(),
                "upstream bundle.json now accepts locations: validate against it and drop bundle-corrected.json");
    }

    @Test
    void shouldRejectABundleThatBreaksTheSchemaSoTheCheckIsReal() {
        Map<String, Object> bundle = new HashMap<>(MAPPER.bundle(TestReports.sample("schema-broken")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) bundle.get("objects");
        Map<String, Object> report = new HashMap<>(objects.get(0));
        report.remove("published");
        report.put("id", "report--not-a-uuid");
        bundle.put("objects", List.of(report));

        List<String> errors = StixSchemas.bundleErrors(Json.write(bundle));

        assertFalse(errors.isEmpty());
    }
}
