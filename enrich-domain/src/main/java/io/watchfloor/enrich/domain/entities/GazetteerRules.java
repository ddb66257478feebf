package io.watchfloor.enrich.domain.entities;

import java.util.Locale;
import java.util.Set;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.LOCATION;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.NATIONALITY;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.ORGANIZATION;

/** Rule set: gazetteer phrases (places, demonyms, curated organisations) and the place-context guards. */
final class GazetteerRules {

    private static final Set<String> PLACE_NOUNS = Set.of("city", "town", "village", "district", "province",
            "governorate", "region", "area", "outskirts", "suburbs", "suburb", "capital", "port", "county",
            "municipality", "state", "neighbourhood", "neighborhood", "centre", "center");

    /** Capitalised words that name a part of a place: "Northern Iraq", "Upper Egypt", "Old Goa". */
    static final Set<String> DIRECTIONS = Set.of("north", "south", "east", "west", "northern", "southern",
            "eastern", "western", "central", "upper", "lower", "greater", "old", "northeast", "northwest",
            "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern");

    /** Heads of event and agreement names a place name can start: "Gulf War", "Davis Cup", "Minsk agreements". */
    private static final Set<String> EVENT_HEADS = Set.of("war", "wars", "cup", "prix", "festival", "awards",
            "award", "prize", "games", "championship", "championships", "olympics", "uprising", "revolution",
            "accords", "accord", "agreement", "agreements", "treaty", "marathon", "protocol", "convention");

    private final Vocabulary voc;
    private final Set<String> ctxBefore;

    GazetteerRules(Vocabulary voc) {
        this.voc = voc;
        this.ctxBefore = voc.section("context-before");
    }

    void gazetteer(FieldState f, int i, Object[] out) {
        TokenSeq t = f.t;
        if (f.acceptable == null) {
            f.acceptable = (e, first, last) -> acceptable(t, e, first, last); // one check object per field
        }
        int end = voc.phrases().longest(voc.first(t, i), t, i, f.acceptable, out, voc);
        if (end < 0) {
            return;
        }
        Lexicon.Entry e = (Lexicon.Entry) out[0];
        if (e.type().equals(LOCATION) && !e.kind().equals("country") && !e.kind().equals("capital")
                && insideLongerName(t, i, end)) {
            int team = pluralNameAfter(t, end);
            if (team > 0) {
                // a town's name with a plural nickname is a club or team: "Pittsburgh Pirates", "Montreal Canadiens"
                f.cands.add(new Candidate(i, team, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t, i, team), null,
                        t.text.substring(t.start[i], t.end[team - 1]), 0.6, 4, "place-team"));
            }
            return; // "Miami Vice", "MTV Europe Music Award"
        }
        if (e.type().equals(LOCATION) && beforeEventName(t, end)) {
            return; // "the Bangladesh Liberation War", "the Minsk agreements", "Zandvoort Grand Prix"
        }
        int from = i;
        if (e.type().equals(LOCATION) && i > 0 && !t.lineBreakAfter(i - 1)) {
            if ((t.is(i - 1, "Al") || t.is(i - 1, "El")) && !t.glued(i - 1)) {
                from = i - 1; // "Al Anbar": the article is part of the name
            } else if (t.isHyphen(i - 1) && t.glued(i - 1) && i >= 2 && t.glued(i - 2) && t.isWord(i - 2)
                    && Tokens.ARABIC_ARTICLES.contains(t.key(i - 2))) {
                from = i - 2; // "al-Anbar"
            }
        }
        Candidate c = new Candidate(from, end, e.type(), e.candKey(), e.id(), e.name(), e.score(),
                e.type().equals(ORGANIZATION) ? 5 : 3, e.rule());
        if (e.type().equals(NATIONALITY)) {
            c.attr("role", "demonym").attr("country", e.id().substring(e.id().lastIndexOf(':') + 1));
        } else if (e.type().equals(LOCATION)) {
            c.attr("kind", e.kind());
        }
        if (e.ctx() && !locativeContext(t, from, end)) {
            f.pending.add(c);
        } else {
            f.cands.add(c);
        }
        int p = i - 1;
        if (e.type().equals(LOCATION) && t.isCap(p) && !t.lineBreakAfter(p) && DIRECTIONS.contains(t.key(p))) {
            // "Northern Iraq", "North Vancouver", "Old Goa": a part of the place, named after it
            f.cands.add(new Candidate(p, end, LOCATION, LOCATION + "|" + Tokens.norm(t, p, end), null,
                    t.text.substring(t.start[p], t.end[end - 1]), e.score() - 0.05, 3, "location-direction")
                    .attr("partOf", e.id()));
        }
    }

    /** Plural words of geography, not nicknames: "Golan Heights", "Cayman Islands", "Victoria Falls". */
    private static final Set<String> GEO_PLURALS = Set.of("islands", "isles", "mountains", "hills", "heights",
            "falls", "springs", "lakes", "plains", "highlands", "lowlands", "territories", "keys", "rocks", "sands",
            "straits", "narrows", "flats", "woods", "fields", "gardens", "docks", "banks", "marshes", "glades",
            "downs", "shoals", "cays", "ranges", "alps", "emirates", "states", "provinces", "districts", "towers",
            "apartments", "barracks", "mosques", "churches", "schools", "streets", "roads", "gates", "walls");

    /**
     * The end of one or two capitalised words right after a place whose last word is a plural ("Pirates",
     * "Blue Jays", "Canadiens", "Athletics"), ending the capitalised run; -1 otherwise.
     */
    static int pluralNameAfter(TokenSeq t, int e) {
        int k = e;
        while (k < t.size && k - e < 2 && t.isWord(k) && t.isCap(k) && !t.isAllCaps(k) && !t.lineBreakAfter(k - 1)) {
            k++;
        }
        if (k == e || (k < t.size && t.isWord(k) && (t.isCap(k) || t.isAllCaps(k)) && !t.lineBreakAfter(k - 1))) {
            return -1;
        }
        String last = t.key(k - 1);
        if (last.length() < 4 || !last.endsWith("s") || last.endsWith("ss") || last.endsWith("us")
                || last.endsWith("is") || GEO_PLURALS.contains(last) || EVENT_HEADS.contains(last)) {
            return -1;
        }
        return k;
    }

    /** A place name glued into a longer capitalised name that is not a place or organisation head. */
    boolean insideLongerName(TokenSeq t, int s, int e) {
        if (e < t.size && t.isCap(e) && !t.lineBreakAfter(e - 1) && !t.isAllCaps(e)
                && (voc.bits(t, e) & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.COMMON | Lexicon.SKIP
                | Lexicon.PHRASE | Lexicon.TITLE)) == 0) {
            return true;
        }
        int p = s - 1;
        return p >= 0 && t.isCap(p) && !t.isAllCaps(p) && !t.lineBreakAfter(p) && !t.sentenceStart(p)
                && (voc.bits(t, p) & (Lexicon.COMMON | Lexicon.SKIP | Lexicon.PHRASE | Lexicon.TITLE
                | Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.LOC_PREFIX)) == 0;
    }

    boolean acceptable(TokenSeq t, Lexicon.Entry e, int first, int last) {
        if (e.cs()) {
            return t.text.regionMatches(t.start[first], e.surface(), 0, e.surface().length())
                    && t.end[last] - t.start[first] == e.surface().length();
        }
        if (!t.isCap(first) && !t.isAllCaps(first)) {
            return false;
        }
        if (first == last && t.isAllCaps(first) && t.end[first] - t.start[first] <= 4
                && !e.surface().equals(e.surface().toUpperCase(Locale.ROOT))) {
            return false; // "EST" is not "Est"
        }
        for (int k = first + 1; k <= last; k++) {
            if (t.isWord(k) && !t.isCap(k) && !(k < last && Tokens.CONNECTORS.contains(t.key(k)))
                    && !Character.isDigit(t.chars[t.start[k]])) {
                return false;
            }
        }
        return true;
    }

    boolean locativeContext(TokenSeq t, int s, int e) {
        int p = s - 1;
        if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1) && (t.is(p - 1, "al") || t.is(p - 1, "el"))) {
            p -= 2; // "in al-Hilla"
        }
        if (p >= 0 && t.isWord(p) && t.key(p).equals("the")) {
            p--;
        }
        if (p >= 0 && t.isWord(p) && t.isLower(p)) {
            String k = t.key(p);
            if (k.equals("of")) {
                return p - 1 >= 0 && t.isWord(p - 1) && PLACE_NOUNS.contains(t.key(p - 1));
            }
            if (ctxBefore.contains(k)) {
                return true;
            }
        }
        if (e < t.size && t.isWord(e) && t.isLower(e) && PLACE_NOUNS.contains(t.key(e))) {
            return true;
        }
        if (t.isPunct(e, ',') && e + 1 < t.size && t.isCap(e + 1)) {
            Object[] out = new Object[1];
            int end = voc.phrases().longest(voc.first(t, e + 1), t, e + 1,
                    (x, a, b) -> x.type().equals(LOCATION) && !x.ctx(), out, voc);
            return end > 0;
        }
        return false;
    }

    boolean knownPhrase(TokenSeq t, int s, int e) {
        Object[] out = new Object[1];
        for (int i = s; i < e; i++) {
            int end = voc.phrases().longest(voc.first(t, i), t, i, (x, a, b) -> true, out, voc);
            if (end > 0 && ((Lexicon.Entry) out[0]).type() != null
                    && !((Lexicon.Entry) out[0]).kind().equals("city")) {
                return true;
            }
        }
        return false;
    }

    boolean endsPlace(TokenSeq t, int and) {
        // "Pakistan and the Ministry ..." must not join: the word before "and" ends a known place
        for (int s = Math.max(0, and - 4); s < and; s++) {
            Object[] out = new Object[1];
            int e = voc.phrases().longest(voc.first(t, s), t, s, (x, a, b) -> b == and - 1, out, voc);
            if (e == and) {
                return true;
            }
        }
        return false;
    }

    /**
     * Context that makes a place reading of an ambiguous word certain: "X, Indonesia" (a country or region follows
     * after a comma) or "the island / province / city of X".
     */
    boolean strongPlaceContext(TokenSeq t, int s, int e) {
        if (t.isPunct(e, ',') && e + 1 < t.size && t.isCap(e + 1)) {
            Object[] out = new Object[1];
            int end = voc.phrases().longest(voc.first(t, e + 1), t, e + 1, (x, a, b) -> x.type().equals(LOCATION)
                    && (x.kind().equals("country") || x.kind().equals("region")), out, voc);
            if (end > 0) {
                return true;
            }
        }
        int p = s - 1;
        return p >= 1 && t.is(p, "of") && t.isWord(p - 1)
                && (t.key(p - 1).equals("island") || PLACE_NOUNS.contains(t.key(p - 1)));
    }

    /** An event or agreement name continues after the place: up to two capitalised words, then an event head. */
    private static boolean beforeEventName(TokenSeq t, int e) {
        for (int k = e; k < t.size && k <= e + 2 && !t.lineBreakAfter(k - 1); k++) {
            if (!t.isWord(k)) {
                return false;
            }
            boolean head = EVENT_HEADS.contains(t.key(k));
            if (head && (t.isCap(k) || k == e)) {
                return true;
            }
            if (!t.isCap(k)) {
                return false;
            }
        }
        return false;
    }
}
