package io.watchfloor.alert.domain.subscription;

import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog as a directory: transitive affiliates, names and aliases resolved to ids. */
class CatalogGroupDirectoryTest {

    private static CatalogGroup group(String id, String affiliation, String... aliases) {
        return new CatalogGroup(id, id.toUpperCase(), "terrorist", affiliation, null, List.of(), Map.of(),
                Arrays.stream(aliases).map(a -> CatalogAlias.plain(a, false, "curated")).toList());
    }

    @Test
    void shouldListAffiliatesTransitivelyAndSurviveACycle() {
        GroupCatalog catalog = new GroupCatalog("v1", List.of(group("root", null), group("child", "root"),
                group("grandchild", "child"), group("other", null), group("a", "b"), group("b", "a")),
                Map.of());
        CatalogGroupDirectory d = new CatalogGroupDirectory(catalog);
        assertEquals(Set.of("child", "grandchild"), d.affiliatesOf("root"));
        assertEquals(Set.of("grandchild"), d.affiliatesOf("child"));
        assertEquals(Set.of(), d.affiliatesOf("other"));
        assertEquals(Set.of(), d.affiliatesOf("unknown"));
        assertEquals(Set.of("b"), d.affiliatesOf("a"), "a cycle ends without including the group itself");
        assertEquals(Optional.of("child"), d.affiliation("grandchild"));
        assertEquals("v1", d.version());
    }

    @Test
    void shouldResolveUniqueNamesAndAliasesButNotSharedOnes() {
        GroupCatalog catalog = new GroupCatalog("v1", List.of(group("one", null, "The Front", "Shared"),
                group("two", null, "Shared")), Map.of());
        CatalogGroupDirectory d = new CatalogGroupDirectory(catalog);
        assertEquals(Optional.of("one"), d.resolve("the-front"));
        assertEquals(Optional.of("two"), d.resolve("TWO"), "canonical name");
        assertEquals(Optional.of("one"), d.resolve("one"));
        assertEquals(Optional.empty(), d.resolve("Shared"), "ambiguous");
        assertEquals(List.of("The Front", "Shared"), d.aliases("one"));
    }

    @Test
    void shouldKnowTheIslamicStateProvincesInTheRealCatalog() {
        CatalogGroupDirectory d = CatalogGroupDirectory.fromClasspath();
        assertTrue(d.affiliatesOf("islamic-state").containsAll(Set.of("iskp", "iswap", "is-sahel",
                "is-somalia")),
                d.affiliatesOf("islamic-state").toString());
        assertEquals(Optional.of("iskp"), d.resolve("ISIS-K"));
        assertTrue(d.affiliatesOf("farc").contains("segunda-marquetalia"));
    }
}
