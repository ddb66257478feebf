package io.watchfloor.enrich.domain.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The merged, versioned threat-group catalog (catalog/groups.json), immutable and safe to share between threads. */
public final class GroupCatalog {

    /** Classpath location of the committed catalog. */
    public static final String RESOURCE = "/catalog/groups.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String version;
    private final Map<String, CatalogGroup> byId;
    private final Map<String, List<String>> cueSets;
    private final Map<String, String> idByWikipediaTitle;
    private final List<CatalogGroup> orderedGroups;
    private final List<ContextVariant> contextVariants;

    public GroupCatalog(String version, List<CatalogGroup> groups, Map<String, List<String>> cueSets) {
        this(version, groups, cueSets, List.of());
    }

    public GroupCatalog(String version, List<CatalogGroup> groups, Map<String, List<String>> cueSets,
                        List<ContextVariant> contextVariants) {
        this.version = version;
        this.contextVariants = contextVariants == null ? List.of() : List.copyOf(contextVariants);
        Map<String, CatalogGroup> ids = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (CatalogGroup group : groups) {
            if (ids.put(group.id(), group) != null) {
                throw new IllegalArgumentException("Duplicate group id in catalog: " + group.id());
            }
            if (group.wikipedia() != null) {
                titles.put(titleKey(group.wikipedia()), group.id());
            }
            for (String redirect : group.wikipediaRedirects()) {
                titles.putIfAbsent(titleKey(redirect), group.id());
            }
        }
        this.byId = Map.copyOf(ids);
        this.idByWikipediaTitle = Map.copyOf(titles);
        this.cueSets = cueSets == null ? Map.of() : Map.copyOf(cueSets);
        this.orderedGroups = List.copyOf(ids.values());
        for (ContextVariant v : this.contextVariants) {
            if (!ids.containsKey(v.group()) || !ids.containsKey(v.variant())) {
                throw new IllegalArgumentException("Context variant " + v.group() + " -> " + v.variant()
                        + " names a group that is not in the catalog");
            }
        }
    }

    /** Loads the committed catalog from the classpath; fails with a hint if it was never built. */
    public static GroupCatalog fromClasspath() {
        try (InputStream in = GroupCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Catalog " + RESOURCE + " is not on the classpath; build it with "
                        + "io.watchfloor.enrich.catalog.CatalogBuilder (see groups-README.md)");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read catalog " + RESOURCE, e);
        }
    }

    /** The bytes of the catalog bundled with this build (groups.json format). */
    public static byte[] bundledJson() {
        try (InputStream in = GroupCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** Reads a catalog in the groups.json format. */
    public static GroupCatalog read(InputStream in) throws IOException {
        CatalogFile file = MAPPER.readValue(in, CatalogFile.class);
        return new GroupCatalog(file.version(), file.groups(), file.cueSets(), file.contextVariants());
    }

    public String version() {
        return version;
    }

    public Collection<CatalogGroup> groups() {
        return orderedGroups;
    }

    public Optional<CatalogGroup> group(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Sentence-level re-readings of one group as another (see {@link ContextVariant}). */
    public List<ContextVariant> contextVariants() {
        return contextVariants;
    }

    public List<String> cueSet(String name) {
        return name == null ? List.of() : cueSets.getOrDefault(name, List.of());
    }

    /** The group whose English Wikipedia article (or a redirect to it) has this title. */
    public Optional<String> groupIdForWikipediaTitle(String title) {
        return title == null ? Optional.empty() : Optional.ofNullable(idByWikipediaTitle.get(titleKey(title)));
    }

    private static String titleKey(String title) {
        String t = title.replace('_', ' ').replace('\u2013', '-').replace('\u2014', '-').replace('\u2019', '\'')
                .trim();
        return t.isEmpty() ? t : t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
    }

    /** The on-disk shape of groups.json. */
    public record CatalogFile(String version, List<Map<String, String>> sources, Map<String, List<String>> cueSets,
                              List<ContextVariant> contextVariants, List<CatalogGroup> groups) {
    }
}
