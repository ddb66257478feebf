package io.watchfloor.enrich.domain.catalog;

import java.util.List;
import java.util.Map;

/** A threat group in the catalog: stable id, canonical name, kind, affiliation, external references and aliases. */
public record CatalogGroup(String id, String name, String kind, String affiliation, String wikipedia,
                           List<String> wikipediaRedirects, Map<String, String> externalRefs,
                           List<CatalogAlias> aliases) {

    public CatalogGroup {
        wikipediaRedirects = wikipediaRedirects == null ? List.of() : List.copyOf(wikipediaRedirects);
        externalRefs = externalRefs == null ? Map.of() : Map.copyOf(externalRefs);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
