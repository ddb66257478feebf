package io.watchfloor.alert.domain.subscription;

import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.groups.NormalizedText;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@link GroupDirectory} of one version of the enricher's threat-group catalog; immutable. */
public final class CatalogGroupDirectory implements GroupDirectory {

    private final String version;
    private final Map<String, CatalogGroup> groups;
    private final Map<String, Set<String>> affiliates;
    private final Map<String, String> idByName;

    public CatalogGroupDirectory(GroupCatalog catalog) {
        this.version = catalog.version();
        Map<String, CatalogGroup> byId = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        Map<String, Set<String>> idsByName = new HashMap<>();
        for (CatalogGroup g : catalog.groups()) {
            byId.put(g.id(), g);
            if (g.affiliation() != null) {
                children.computeIfAbsent(g.affiliation(), k -> new ArrayList<>()).add(g.id());
            }
            addName(idsByName, g.id(), g.id());
            addName(idsByName, g.name(), g.id());
            for (CatalogAlias a : g.aliases()) {
                addName(idsByName, a.text(), g.id());
            }
        }
        Map<String, Set<String>> below = new HashMap<>();
        for (String id : byId.keySet()) {
            below.put(id, Collections.unmodifiableSet(descendants(id, children)));
        }
        Map<String, String> unique = new HashMap<>();
        idsByName.forEach((name, ids) -> {
            if (ids.size() == 1) {
                unique.put(name, ids.iterator().next());
            }
        });
        this.groups = Map.copyOf(byId);
        this.affiliates = Map.copyOf(below);
        this.idByName = Map.copyOf(unique);
    }

    /** The directory of the catalog committed with the enricher. */
    public static CatalogGroupDirectory fromClasspath() {
        return new CatalogGroupDirectory(GroupCatalog.fromClasspath());
    }

    private static void addName(Map<String, Set<String>> idsByName, String name, String id) {
        String key = NormalizedText.foldKey(name);
        if (!key.isEmpty()) {
            idsByName.computeIfAbsent(key, k -> new TreeSet<>()).add(id);
        }
    }

    private static Set<String> descendants(String id, Map<String, List<String>> children) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(id, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.poll();
            // the visited check also ends a (malformed) affiliation cycle
            if (!next.equals(id) && found.add(next)) {
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    /** The catalog version this directory was built from. */
    public String version() {
        return version;
    }

    @Override
    public Set<String> ids() {
        return groups.keySet();
    }

    @Override
    public Optional<String> name(String id) {
        CatalogGroup g = id == null ? null : groups.get(id);
        return g == null ? Optional.empty() : Optional.ofNullable(g.name());
    }

    @Override
    public List<String> aliases(String id) {
        CatalogGroup g = id == null ? null : groups.get(id);
        return g == null ? List.of() : g.aliases().stream().map(CatalogAlias::text).toList();
    }

    @Override
    public Optional<String> affiliation(String id) {
        CatalogGroup g = id == null ? null : groups.get(id);
        return g == null ? Optional.empty() : Optional.ofNullable(g.affiliation());
    }

    @Override
    public Set<String> affiliatesOf(String id) {
        return id == null ? Set.of() : affiliates.getOrDefault(id, Set.of());
    }

    @Override
    public Optional<String> resolve(String nameOrAlias) {
        if (nameOrAlias == null) {
            return Optional.empty();
        }
        if (groups.containsKey(nameOrAlias)) {
            return Optional.of(nameOrAlias);
        }
        return Optional.ofNullable(idByName.get(NormalizedText.foldKey(nameOrAlias)));
    }
}
