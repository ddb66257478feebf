package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.AliasPath;
import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Threat actors the source asserts ({@link ReportText#sourceActors()}): resolved to catalog groups through their
 * names, aliases and MITRE ids, kept beside Watchfloor's own findings with producer {@code source}. Evidence is
 * every whole-word occurrence of the asserted name in the title and text (empty when the text never names it).
 */
public final class SourceActors {

    /** Provenance name of every source-asserted finding. */
    public static final String SOURCE = "source";
    /** Method recorded in the resolution path of a source-asserted group. */
    public static final String METHOD = "source-asserted";

    /** What the source asserted: resolved groups, and THREAT_GROUP entities for names no alias matches. */
    public record Asserted(List<GroupFinding> groups, List<EntityFinding> unresolved) {
    }

    private final GroupCatalog catalog;
    private final Provenance producer;
    private final Map<String, CatalogGroup> byKey = new HashMap<>();
    private final Map<String, String> aliasText = new HashMap<>();

    public SourceActors(GroupCatalog catalog, Provenance producer) {
        this.catalog = catalog;
        this.producer = producer;
        for (CatalogGroup g : catalog.groups()) {
            index(g.name(), g);
            for (CatalogAlias a : g.aliases()) {
                index(a.text(), g);
            }
            String mitre = g.externalRefs().get("mitre");
            if (mitre != null) {
                index(mitre, g);
            }
        }
    }

    private void index(String text, CatalogGroup g) {
        String key = NormalizedText.foldKey(text);
        if (!key.isEmpty() && byKey.putIfAbsent(key, g) == null) {
            aliasText.put(key, text);
        }
    }

    /** The catalog group an asserted name resolves to, or null. */
    public CatalogGroup resolve(String name) {
        return name == null ? null : byKey.get(NormalizedText.foldKey(name));
    }

    public Asserted findings(ReportText report) {
        if (report.sourceActors().isEmpty()) {
            return new Asserted(List.of(), List.of());
        }
        Map<String, List<String>> namesByGroup = new LinkedHashMap<>();
        List<String> unresolvedNames = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : report.sourceActors()) {
            String name = raw == null ? "" : raw.strip();
            if (name.isEmpty() || !seen.add(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            CatalogGroup g = resolve(name);
            if (g != null) {
                namesByGroup.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(name);
            } else {
                unresolvedNames.add(name);
            }
        }
        List<GroupFinding> groups = new ArrayList<>();
        namesByGroup.forEach((id, names) -> {
            CatalogGroup g = catalog.group(id).orElseThrow();
            List<Evidence> evidence = new ArrayList<>();
            List<AliasPath> resolutions = new ArrayList<>();
            for (String name : names) {
                evidence.addAll(occurrences(report, name));
                resolutions.add(new AliasPath(name, aliasText.get(NormalizedText.foldKey(name)), METHOD, SOURCE));
            }
            evidence.sort(EVIDENCE_ORDER);
            groups.add(new GroupFinding(g.id(), g.name(), g.kind(), 1.0, GroupClassifier.MENTIONED,
                    List.copyOf(evidence), List.copyOf(resolutions), g.affiliation(), g.externalRefs(), producer));
        });
        List<EntityFinding> unresolved = new ArrayList<>();
        for (String name : unresolvedNames) {
            unresolved.add(new EntityFinding("THREAT_GROUP", null, name, 1.0, producer,
                    occurrences(report, name), Map.of("role", GroupClassifier.MENTIONED, "asserted", SOURCE)));
        }
        return new Asserted(List.copyOf(groups), List.copyOf(unresolved));
    }

    private static final java.util.Comparator<Evidence> EVIDENCE_ORDER = java.util.Comparator
            .comparing((Evidence e) -> Evidence.TITLE.equals(e.field()) ? 0 : 1).thenComparingInt(Evidence::start);

    /** Whole-word, case-insensitive occurrences of {@code name} in the title and the text. */
    static List<Evidence> occurrences(ReportText report, String name) {
        List<Evidence> out = new ArrayList<>();
        find(report.title(), Evidence.TITLE, name, out);
        find(report.text(), Evidence.TEXT, name, out);
        return out;
    }

    private static void find(String source, String field, String name, List<Evidence> out) {
        if (source == null || name.isEmpty()) {
            return;
        }
        int n = name.length();
        for (int i = 0; i + n <= source.length(); i++) {
            if (source.regionMatches(true, i, name, 0, n) && boundary(source, i - 1) && boundary(source, i + n)) {
                out.add(new Evidence(field, i, i + n, source.substring(i, i + n)));
                i += n - 1;
            }
        }
    }

    private static boolean boundary(String s, int i) {
        return i < 0 || i >= s.length() || !Character.isLetterOrDigit(s.charAt(i));
    }
}
