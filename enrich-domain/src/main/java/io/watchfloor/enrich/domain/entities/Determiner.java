package io.watchfloor.enrich.domain.entities;

import java.util.Set;

/**
 * The determiner of a name's mention extent: "the Mosul Dam", "The Islamic State", but not when the name only
 * modifies the noun after it ("the TTP militants", "the Syria-Iraq border"): there "the" belongs to that noun.
 */
public final class Determiner {

    /** Lower-case nouns a name often modifies (singular; a plural "s" is stripped before the lookup). */
    private static final Set<String> MODIFIED_NOUNS = Set.of("militant", "fighter", "force", "troop", "member",
            "official", "supporter", "leader", "leadership", "soldier", "government", "authority", "border",
            "side", "area", "region", "attack", "offensive", "operation", "campaign", "commander", "affiliate",
            "branch", "cell", "network", "faction", "group", "movement", "insurgent", "jihadist", "rebel",
            "army", "military", "police", "regime", "administration", "embassy", "ministry", "delegation",
            "spokesman", "spokesperson", "envoy", "ambassador", "president", "minister", "chief", "head", "citizen",
            "national", "resident", "people", "population", "economy", "parliament", "election", "crisis",
            "conflict", "war", "strike", "raid", "claim", "statement", "propaganda", "video", "camp", "base",
            "stronghold", "territory", "coast", "capital", "province", "city", "consulate", "mission",
            "law", "court", "case", "sanction", "designation", "plot", "cyberattack", "threat");

    private Determiner() {
    }

    /**
     * Where the extent of the name at [start, end) of text starts: at "the "/"The " directly before it (one space,
     * not after a letter or digit), else at start.
     */
    public static int start(String text, int start, int end) {
        if (start < 4 || text.charAt(start - 1) != ' ' || !text.regionMatches(true, start - 4, "the", 0, 3)
                || start > 4 && Character.isLetterOrDigit(text.charAt(start - 5))
                || modifies(text, end)) {
            return start;
        }
        return start - 4;
    }

    /** True when the name ending at end is a modifier: a hyphenated compound or a modified noun follows it. */
    static boolean modifies(String text, int end) {
        if (end + 1 < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '\u2010')
                && Character.isLetter(text.charAt(end + 1))) {
            return true;
        }
        if (end + 1 >= text.length() || text.charAt(end) != ' ' || !Character.isLowerCase(text.charAt(end + 1))) {
            return false;
        }
        int e = end + 1;
        while (e < text.length() && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '-')) {
            e++;
        }
        String word = text.substring(end + 1, e);
        if (MODIFIED_NOUNS.contains(word)) {
            return true;
        }
        String singular = word.endsWith("ies") ? word.substring(0, word.length() - 3) + "y"
                : word.endsWith("s") ? word.substring(0, word.length() - 1) : null;
        return singular != null && MODIFIED_NOUNS.contains(singular);
    }
}
