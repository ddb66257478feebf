package io.watchfloor.enrich.domain.catalog;

import io.watchfloor.enrich.domain.groups.NormalizedText;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCatalogTest {

    private final GroupCatalog catalog = GroupCatalog.fromClasspath();

    @Test
    void shouldCarryAVersionAndTheNewsGroups() {
        assertTrue(catalog.version().matches("groups-[0-9a-f]{12}"), catalog.version());
        for (String id : List.of("islamic-state", "iskp", "iswap", "is-sahel", "is-somalia", "is-mozambique",
                "al-qaeda", "aqap", "aqim", "aqis", "jnim", "al-shabaab", "hts", "ttp", "haqqani-network", "taliban",
                "lashkar-e-taiba", "jaish-e-mohammed", "bla", "hamas", "pij", "hezbollah", "houthis",
                "kataib-hezbollah", "pkk", "boko-haram", "adf", "m23", "rsf", "wagner-group", "africa-corps", "lra",
                "farc-dissidents", "eln", "tren-de-aragua", "sinaloa-cartel", "cjng", "arakan-army")) {
            assertTrue(catalog.group(id).isPresent(), "missing group " + id);
        }
    }

    @Test
    void shouldKeepAffiliationsAndExternalRefs() {
        CatalogGroup iskp = catalog.group("iskp").orElseThrow();
        assertEquals("islamic-state", iskp.affiliation());
        assertEquals("QDe.161", iskp.externalRefs().get("un"));
        assertEquals("37", iskp.externalRefs().get("canada"));
        assertEquals("Islamic State – Khorasan Province", iskp.wikipedia());
        assertEquals("al-qaeda", catalog.group("aqis").orElseThrow().affiliation());
        assertEquals("QDe.132", catalog.group("ttp").orElseThrow().externalRefs().get("un"));
        assertEquals("TAe.012", catalog.group("haqqani-network").orElseThrow().externalRefs().get("un"));
        assertTrue(catalog.group("mitre-g0007").orElseThrow().externalRefs().containsValue("G0007"));
        assertEquals("cyber", catalog.group("mitre-g0007").orElseThrow().kind());
    }

    @Test
    void shouldResolveWikipediaTitlesAndRedirects() {
        assertEquals("ttp", catalog.groupIdForWikipediaTitle("Pakistani Taliban").orElseThrow());
        assertEquals("ttp", catalog.groupIdForWikipediaTitle("Tehrik-i-Taliban Pakistan").orElseThrow());
        assertEquals("houthis", catalog.groupIdForWikipediaTitle("Houthi").orElseThrow());
        assertEquals("al-shabaab", catalog.groupIdForWikipediaTitle("Al-Shabaab (militant group)").orElseThrow());
        assertFalse(catalog.groupIdForWikipediaTitle("Pakistan").isPresent());
    }

    @Test
    void shouldGiveEveryAliasKeyToExactlyOneGroup() {
        Map<String, String> owner = new HashMap<>();
        for (CatalogGroup g : catalog.groups()) {
            for (CatalogAlias a : g.aliases()) {
                String key = NormalizedText.foldKey(a.text());
                String previous = owner.putIfAbsent(key, g.id());
                assertTrue(previous == null || previous.equals(g.id()),
                        "alias '" + a.text() + "' is in " + previous + " and " + g.id());
            }
        }
        assertEquals("al-shabaab", owner.get(NormalizedText.foldKey("Al-Shabaab")));
        assertEquals("houthis", owner.get(NormalizedText.foldKey("Ansar Allah")));
    }

    @Test
    void shouldMarkAmbiguousAcronymsAndKeepJunkOut() {
        CatalogAlias ttp = catalog.group("ttp").orElseThrow().aliases().stream()
                .filter(a -> a.text().equals("TTP")).findFirst().orElseThrow();
        assertTrue(ttp.ambiguous());
        assertTrue(ttp.caseSensitive());
        assertEquals("cyber", ttp.negativeCueSet());
        CatalogAlias hamas = catalog.group("hamas").orElseThrow().aliases().stream()
                .filter(a -> a.text().equals("Hamas")).findFirst().orElseThrow();
        assertFalse(hamas.ambiguous());
        for (CatalogGroup g : catalog.groups()) {
            for (CatalogAlias a : g.aliases()) {
                assertFalse(List.of("federation", "freedom", "ai", "muhammad", "the youth", "base")
                        .contains(a.text().toLowerCase()), g.id() + " has junk alias " + a.text());
            }
        }
    }
}
