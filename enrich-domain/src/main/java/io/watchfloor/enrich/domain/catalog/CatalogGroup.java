package io.watchfloor.enrich.domain.catalog;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A threat group in the catalog: stable id, canonical name, kind, affiliation, external references and aliases. */
public record CatalogGroup(String id, String name, String kind, String affiliation, String wikipedia,
                           List<String> wikipediaRedirects, Map<String, String> externalRefs,
                           List<CatalogAlias> aliases) {

    public CatalogGroup {
        wikipediaRedirects = wikipediaRedirects == null ? List.of() : List.copyOf(wikipediaRedirects);
        // sorted so the catalog serialises the same bytes on every JVM (Map.copyOf order varies per run)
        externalRefs = externalRefs == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(externalRefs));
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
