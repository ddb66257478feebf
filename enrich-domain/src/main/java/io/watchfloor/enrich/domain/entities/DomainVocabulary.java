package io.watchfloor.enrich.domain.entities;

import java.util.List;

/**
 * Rule set: technical and cyber-security vocabulary ({@code tech-terms.txt}: jargon acronyms, ATT&CK tactics,
 * software and products) is no person, organisation or place. Drops every candidate whose span lies inside such a
 * phrase, unless a place reading has strong context ("the island of Java", "Java, Indonesia").
 */
final class DomainVocabulary {

    private final Vocabulary voc;
    private final GazetteerRules gaz;

    DomainVocabulary(Vocabulary voc, GazetteerRules gaz) {
        this.voc = voc;
        this.gaz = gaz;
    }

    /** Removes the field's candidates that are technical terms. */
    void filter(FieldState f) {
        drop(f, f.cands);
        drop(f, f.pending);
    }

    private void drop(FieldState f, List<Candidate> cands) {
        TokenSeq t = f.t;
        cands.removeIf(c -> operationName(t, c.s) || (inside(t, c.s, c.e)
                && !(c.type.equals(EntityRecognizer.LOCATION) && gaz.strongPlaceContext(t, c.s, c.e))));
    }

    /**
     * "Operation Steel Curtain", "Operation: Iron Fist": a military operation's code name is neither a person nor a
     * place nor an organisation (candidates starting with "Operation" or right after it are dropped).
     */
    static boolean operationName(TokenSeq t, int s) {
        int p = s - 1;
        while (p >= 0 && s - p <= 3 && (t.isPunct(p, ':') || t.isPunct(p, '"') || t.isPunct(p, '\u201C'))) {
            p--;
        }
        return t.is(s, "Operation") && t.isCap(s + 1) || t.is(p, "Operation");
    }

    /** True when tokens [s, e) lie inside a technical phrase starting at most four tokens earlier. */
    boolean inside(TokenSeq t, int s, int e) {
        boolean technical = false;
        for (int k = s; k < e && !technical; k++) {
            technical = voc.has(t, k, Lexicon.TECH);
        }
        if (!technical) {
            return false; // the usual case: no word of the span occurs in any technical phrase
        }
        Object[] out = new Object[1];
        for (int k = s; k >= 0 && k >= s - 4; k--) {
            if (!t.isWord(k) && k < s) {
                continue;
            }
            String key = voc.tableKey(t, k);
            int end = key == null ? -1 : voc.techTerms().longest(voc.techTerms().root().child(key), t, k,
                    (v, a, b) -> true, out, voc);
            if (end >= e) {
                return true;
            }
        }
        return false;
    }
}
