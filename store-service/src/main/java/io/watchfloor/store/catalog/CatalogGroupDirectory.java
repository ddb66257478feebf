package io.watchfloor.store.catalog;

import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.store.domain.export.GroupDirectory;
import io.watchfloor.store.domain.export.GroupProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The group catalog bundled with enrich-domain, with the MISP galaxy clusters its references name. */
public final class CatalogGroupDirectory implements GroupDirectory {
    private final GroupCatalog catalog;
    private final MispGalaxyClusters clusters;
    private final Map<String, Optional<GroupProfile>> cache = new ConcurrentHashMap<>();

    public CatalogGroupDirectory(GroupCatalog catalog, MispGalaxyClusters clusters) {
        this.catalog = catalog;
        this.clusters = clusters;
    }

    /** The catalog committed with this build. */
    public static CatalogGroupDirectory fromClasspath() {
        return new CatalogGroupDirectory(GroupCatalog.fromClasspath(), MispGalaxyClusters.fromClasspath());
    }

    @Override
    public Optional<GroupProfile> profile(String groupId) {
        if (groupId == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(groupId, id -> catalog.group(id).map(this::profile));
    }

    @Override
    public String version() {
        return catalog.version();
    }

    private GroupProfile profile(CatalogGroup g) {
        Set<String> aliases = new LinkedHashSet<>();
        for (CatalogAlias a : g.aliases()) {
            aliases.add(a.text());
        }
        List<String> tags = new ArrayList<>();
        for (String ref : List.of("canada", "mitre")) {
            String id = g.externalRefs().get(ref);
            if (id != null) {
                clusters.find(ref, id).ifPresent(c -> tags.add(c.tag()));
            }
        }
        return new GroupProfile(g.id(), g.name(), g.kind(), g.affiliation(), List.copyOf(aliases),
                g.externalRefs(), tags);
    }
}
