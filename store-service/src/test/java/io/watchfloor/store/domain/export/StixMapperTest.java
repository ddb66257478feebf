package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.store.SampleReports;
import io.watchfloor.store.TestReports;
import io.watchfloor.store.catalog.CatalogGroupDirectory;
import io.watchfloor.store.domain.StoredReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StixMapperTest {
    private static final StixMapper MAPPER = new StixMapper(CatalogGroupDirectory.fromClasspath());

    @Test
    void shouldExportTheSeedArticlesThreeGroupsWithTheirUnReferences() {
        List<Map<String, Object>> objects = MAPPER.objects(TestReports.seedArticle("seed-1"));

        Map<String, Map<String, Object>> groups = byGroupId(objects);
        assertTrue(groups.keySet().containsAll(Set.of("iskp", "ttp", "al-qaeda")), groups.keySet().toString());
        assertEquals("QDe.161", externalId(groups.get("iskp"), "un-sc-consolidated-list"));
        assertEquals("QDe.132", externalId(groups.get("ttp"), "un-sc-consolidated-list"));
        assertEquals("QDe.004", externalId(groups.get("al-qaeda"), "un-sc-consolidated-list"));
        assertEquals("37", externalId(groups.get("iskp"), "canada-listed-terrorist-entities"));
        assertEquals("threat-actor", groups.get("iskp").get("type"));
        assertEquals(List.of("terrorist"), groups.get("iskp").get("threat_actor_types"));
        assertTrue(((List<?>) groups.get("iskp").get("aliases")).contains("ISIS-K"));
        Map<String, Object> report = objects.get(0);
        assertEquals("report", report.get("type"));
        List<?> refs = (List<?>) report.get("object_refs");
        for (Map<String, Object> g : groups.values()) {
            assertTrue(refs.contains(g.get("id")), "report must reference " + g.get("id"));
        }
    }

    @Test
    void shouldGiveTheSameIdsWhenExportedTwiceAndShareGroupIdsBetweenReports() {
        List<String> first = ids(MAPPER.objects(TestReports.sample("stable-1")));
        List<String> second = ids(MAPPER.objects(TestReports.sample("stable-1")));
        List<String> other = ids(MAPPER.objects(TestReports.sample("stable-2")));

        assertEquals(first, second);
        assertEquals(MAPPER.bundle(TestReports.sample("stable-1")).get("id"),
                MAPPER.bundle(TestReports.sample("stable-1")).get("id"));
        assertTrue(other.contains(StixMapper.groupId("iskp", "terrorist")));
        assertTrue(first.contains(StixMapper.groupId("iskp", "terrorist")));
        assertFalse(other.contains(StixMapper.reportId("stable-1")));
        assertEquals(StixMapper.reportId("stable-1"), first.get(0));
        assertEquals("report--" + Uuid5.of(StixMapper.NAMESPACE, "report:stable-1"), first.get(0));
    }

    @Test
    void shouldRelateTheReportedIncidentToGroupsByRole() {
        StoredReport base = TestReports.sample("roles");
        String text = base.text();
        StoredReport r = TestReports.withGroups(base, List.of(
                TestReports.group("iskp", "ISKP", "terrorist", "claimed", "ISIS-K", text),
                TestReports.group("ttp", "TTP", "terrorist", "targeted", "TTP", text),
                TestReports.group("al-qaeda", "Al-Qaeda", "terrorist", "attributed", "Al-Qaeda", text),
                TestReports.group("mitre-g0007", "APT28", "cyber", "mentioned", "Pakistan", text)));

        List<Map<String, Object>> objects = MAPPER.objects(r);

        String incident = StixMapper.id("incident", "report|roles");
        Map<String, String> typeByTarget = objects.stream().filter(o -> "relationship".equals(o.get("type")))
                .peek(o -> assertEquals(incident, o.get("source_ref")))
                .collect(Collectors.toMap(o -> (String) o.get("target_ref"), o -> (String) o.get("relationship_type")));
        assertEquals(Map.of(
                StixMapper.groupId("iskp", "terrorist"), "attributed-to",
                StixMapper.groupId("al-qaeda", "terrorist"), "attributed-to",
                StixMapper.groupId("ttp", "terrorist"), "targets"), typeByTarget);
        assertTrue(ids(objects).contains(incident));
    }

    @Test
    void shouldExportCyberGroupsAsIntrusionSetsWithTheirAttackReference() {
        StoredReport base = TestReports.sample("cyber");
        StoredReport r = TestReports.withGroups(base, List.of(
                TestReports.group("mitre-g0007", "APT28", "cyber", "attributed", "Pakistan", base.text())));

        Map<String, Object> apt28 = byGroupId(MAPPER.objects(r)).get("mitre-g0007");

        assertEquals("intrusion-set", apt28.get("type"));
        assertEquals("G0007", externalId(apt28, "mitre-attack"));
        assertTrue(externalReferences(apt28).stream()
                .anyMatch(ref -> "https://attack.mitre.org/groups/G0007/".equals(ref.get("url"))));
        assertFalse(apt28.containsKey("threat_actor_types"));
    }

    @Test
    void shouldMapGazetteerIdsToStixLocations() {
        Map<String, Object> country = StixMapper.location(entity("geo:country:PK", "Pakistan"));
        Map<String, Object> city = StixMapper.location(entity("geo:city:AF:kabul", "Kabul"));
        Map<String, Object> province = StixMapper.location(entity("geo:admin1:PK.02", "Balochistan"));
        Map<String, Object> region = StixMapper.location(entity("geo:region:af-pak", "Af-Pak"));

        assertEquals("PK", country.get("country"));
        assertEquals("Kabul", city.get("city"));
        assertEquals("AF", city.get("country"));
        assertEquals("PK", province.get("country"));
        assertEquals("Balochistan", province.get("administrative_area"));
        assertEquals("Af-Pak", region.get("region"));
        assertNull(StixMapper.location(entity(null, "the frontier")));
    }

    @Test
    void shouldMapAPlaceGivenByCoordinatesToAStixLocationWithLatitudeAndLongitude() {
        StoredReport.Entity point = new StoredReport.Entity("LOCATION", "geo:coord:33.78,44.50", "33.7833, 44.5000",
                0.95, new StoredReport.Provenance("t", "1"), List.of(),
                Map.of("kind", "coordinates", "lat", "33.783333", "lon", "44.500000"));

        Map<String, Object> fromAttributes = StixMapper.location(point);
        Map<String, Object> fromId = StixMapper.location(entity("geo:coord:-12.50,130.84", "-12.5000, 130.8400"));

        assertEquals(33.783333, (Double) fromAttributes.get("latitude"), 1e-9);
        assertEquals(44.5, (Double) fromAttributes.get("longitude"), 1e-9);
        assertFalse(fromAttributes.containsKey("region"), fromAttributes.toString());
        assertEquals(-12.5, (Double) fromId.get("latitude"), 1e-9);
        assertEquals(130.84, (Double) fromId.get("longitude"), 1e-9);
        assertNull(StixMapper.location(entity("geo:coord:95.00,10.00", "95, 10")), "no latitude beyond 90");
    }

    @Test
    void shouldLeaveOutUrlsThatAreNotHttp() {
        Map<String, Object> report = MAPPER.objects(TestReports.hostile("hostile")).get(0);

        assertFalse(report.containsKey("external_references"), report.toString());
        assertTrue(((String) report.get("name")).contains("<script>"), "the name is data, kept as is");
        assertNull(StixMapper.httpUrl("javascript:alert(1)"));
        assertEquals("https://example.org/a?b=c", StixMapper.httpUrl(" https://example.org/a?b=c "));
    }

    @Test
    void shouldKeepTheEvidenceAndAliasPathOfEveryTagOnTheReport() {
        Map<String, Object> report = MAPPER.objects(TestReports.sample("tags")).get(0);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tags = (List<Map<String, Object>>) report.get("x_watchfloor_tags");
        Map<String, Object> iskp = tags.stream().filter(t -> "iskp".equals(t.get("group_id"))).findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> evidence = (List<Map<String, Object>>) iskp.get("evidence");
        assertEquals("ISIS-K", evidence.get(0).get("text"));
        assertEquals(SampleReports.TEXT.indexOf("ISIS-K"), evidence.get(0).get("start"));
        assertEquals("mentioned", iskp.get("role"));
        assertTrue(tags.stream().anyMatch(t -> "topic".equals(t.get("tag")) && "arrest".equals(t.get("name"))));
    }

    private static StoredReport.Entity entity(String id, String name) {
        return new StoredReport.Entity("LOCATION", id, name, 0.7, new StoredReport.Provenance("t", "1"), List.of(),
                Map.of());
    }

    static Map<String, Map<String, Object>> byGroupId(List<Map<String, Object>> objects) {
        return objects.stream().filter(o -> o.containsKey("x_watchfloor_group_id"))
                .collect(Collectors.toMap(o -> (String) o.get("x_watchfloor_group_id"), o -> o));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> externalReferences(Map<String, Object> o) {
        return (List<Map<String, Object>>) o.getOrDefault("external_references", List.of());
    }

    static String externalId(Map<String, Object> o, String sourceName) {
        return externalReferences(o).stream().filter(r -> sourceName.equals(r.get("source_name")))
                .map(r -> (String) r.get("external_id")).findFirst().orElse(null);
    }

    static List<String> ids(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> (String) o.get("id")).toList();
    }
}
