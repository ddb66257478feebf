package io.watchfloor.store.domain.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.store.TestReports;
import io.watchfloor.store.catalog.CatalogGroupDirectory;
import io.watchfloor.store.domain.StoredReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MispMapperTest {
    /**
     * The attribute types this export writes and the categories MISP allows for each, from MISP's
     * describeTypes.json ({@code category_type_mappings}, as shipped with PyMISP): MISP refuses any other pair.
     */
    private static final Map<String, Set<String>> CATEGORIES = Map.of(
            "link", Set.of("Antivirus detection", "External analysis", "Internal reference", "Payload delivery",
                    "Support Tool"),
            "threat-actor", Set.of("Attribution"),
            "text", Set.of("Antivirus detection", "Artifacts dropped", "Attribution", "External analysis",
                    "Financial fraud", "Internal reference", "Network activity", "Other", "Payload delivery",
                    "Payload installation", "Payload type", "Persistence mechanism", "Person", "Social network",
                    "Support Tool"),
            "first-name", Set.of("Person"),
            "last-name", Set.of("Person"));
    /** The object relations of the misp-objects templates used (objects/person, objects/geolocation). */
    private static final Map<String, Set<String>> RELATIONS = Map.of(
            "person", Set.of("first-name", "last-name", "middle-name", "alias", "title", "text"),
            "geolocation", Set.of("country", "city", "region", "text", "latitude", "longitude"));
    private static final Pattern GALAXY_TAG = Pattern.compile("misp-galaxy:[a-z-]+=\"[^\"]+\"");
    private final MispMapper mapper = new MispMapper(CatalogGroupDirectory.fromClasspath());

    @Test
    void shouldWriteAnEventMispAcceptsWithGroupsPlacesAndPeople() {
        Map<String, Object> event = event(TestReports.seedArticle("misp-seed"));

        assertEquals(MispMapper.eventUuid("misp-seed"), event.get("uuid"));
        assertEquals(TestReports.SEED_TITLE, event.get("info"));
        assertEquals("2025-07-20", event.get("date"));
        assertTrue(((String) event.get("timestamp")).matches("\\d+"));
        for (Map<String, Object> a : list(event, "Attribute")) {
            assertValidAttribute(a);
        }
        List<String> actors = list(event, "Attribute").stream().filter(a -> "threat-actor".equals(a.get("type")))
                .map(a -> (String) a.get("value")).toList();
        assertTrue(actors.containsAll(List.of("Islamic State – Khorasan Province", "Tehrik-i-Taliban Pakistan",
                "Al-Qaeda")), actors.toString());
        for (Map<String, Object> o : list(event, "Object")) {
            assertTrue(RELATIONS.containsKey((String) o.get("name")), o.toString());
            for (Map<String, Object> a : list(o, "Attribute")) {
                assertTrue(RELATIONS.get((String) o.get("name")).contains((String) a.get("object_relation")),
                        a.toString());
                assertValidAttribute(a);
            }
        }
        assertTrue(list(event, "Object").stream().anyMatch(o -> "geolocation".equals(o.get("name"))
                && list(o, "Attribute").stream().anyMatch(a -> "PK".equals(a.get("value")))));
        Map<String, Object> kurilla = list(event, "Object").stream().filter(o -> "person".equals(o.get("name"))
                && list(o, "Attribute").stream().anyMatch(a -> "Kurilla".equals(a.get("value")))).findFirst()
                .orElseThrow();
        assertTrue(list(kurilla, "Attribute").stream().anyMatch(a -> "first-name".equals(a.get("object_relation"))
                && "Michael".equals(a.get("value"))));
    }

    @Test
    void shouldTagGroupsWithTheGalaxyClustersTheCatalogLinks() {
        StoredReport sample = TestReports.sample("misp-tags");
        StoredReport r = TestReports.withGroups(sample, List.of(
                TestReports.group("iskp", "ISKP", "terrorist", "claimed", "ISIS-K", sample.text()),
                TestReports.group("mitre-g0007", "APT28", "cyber", "attributed", "Pakistan", sample.text())));

        List<String> tags = list(event(r), "Tag").stream().map(t -> (String) t.get("name")).toList();

        assertTrue(tags.contains("misp-galaxy:canada-listed-terrorist-entities=\"Islamic State Khorasan Province\""),
                tags.toString());
        assertTrue(tags.contains("misp-galaxy:mitre-intrusion-set=\"APT28 - G0007\""), tags.toString());
        assertTrue(tags.contains("watchfloor:group=\"iskp\""));
        assertTrue(tags.contains("watchfloor:topic=\"arrest\""));
        tags.stream().filter(t -> t.startsWith("misp-galaxy:"))
                .forEach(t -> assertTrue(GALAXY_TAG.matcher(t).matches(), t));
    }

    @Test
    void shouldGiveTheSameUuidsTwiceAndKeepHostileTextAsData() {
        String first = Json.write(mapper.event(TestReports.hostile("misp-hostile")));
        String second = Json.write(mapper.event(TestReports.hostile("misp-hostile")));

        assertEquals(first, second);
        Map<String, Object> event = event(TestReports.hostile("misp-hostile"));
        assertTrue(list(event, "Attribute").stream().noneMatch(a -> "link".equals(a.get("type"))),
                "a javascript: URL is not exported as a link");
        assertTrue(((String) event.get("info")).startsWith("<script>"));
    }

    private static void assertValidAttribute(Map<String, Object> a) {
        String type = (String) a.get("type");
        assertTrue(CATEGORIES.containsKey(type), "unexpected type " + type);
        assertTrue(CATEGORIES.get(type).contains((String) a.get("category")), a.toString());
        UUID.fromString((String) a.get("uuid"));
        assertTrue(a.get("value") instanceof String v && !v.isBlank(), a.toString());
        assertEquals(false, a.get("to_ids"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> event(StoredReport r) {
        return (Map<String, Object>) mapper.event(r).get("Event");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> o, String key) {
        return (List<Map<String, Object>>) o.getOrDefault(key, List.of());
    }
}
