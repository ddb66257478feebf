package io.watchfloor.enrich.domain.catalog;

import java.util.List;

/**
 * One spelling of a group. Ambiguous aliases count only with context: the group named unambiguously elsewhere in the
 * report, an adjacent cue word (adjacentCues after it, previousCues before it), or a cue word nearby (cueSet plus cues), and no negative cue nearby.
 */
public record CatalogAlias(String text, boolean caseSensitive, boolean ambiguous, String cueSet, List<String> cues,
                           String negativeCueSet, List<String> negativeCues, List<String> adjacentCues,
                           List<String> previousCues, String source) {

    public CatalogAlias {
        cues = cues == null ? List.of() : List.copyOf(cues);
        negativeCues = negativeCues == null ? List.of() : List.copyOf(negativeCues);
        adjacentCues = adjacentCues == null ? List.of() : List.copyOf(adjacentCues);
        previousCues = previousCues == null ? List.of() : List.copyOf(previousCues);
    }

    /** A plain alias with no context rule. */
    public static CatalogAlias plain(String text, boolean caseSensitive, String source) {
        return new CatalogAlias(text, caseSensitive, false, null, List.of(), null, List.of(), List.of(), List.of(),
                source);
    }
}
