package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recognises PERSON, ORGANIZATION and LOCATION entities (plus NATIONALITY for demonyms) with gazetteers and
 * rules read from the text itself: titles, organisation heads, acronym definitions, later short mentions.
 * Thread-safe: all state is per call; the lexicon is immutable after loading.
 */
public final class EntityRecognizer {

    /** Provenance recorded on every tag this recogniser emits. */
    public static final Provenance PRODUCER = new Provenance("watchfloor-entities", "1.0.0");

    public static final String PERSON = "PERSON";
    public static final String ORGANIZATION = "ORGANIZATION";
    public static final String LOCATION = "LOCATION";
    public static final String NATIONALITY = "NATIONALITY";

    private static volatile EntityRecognizer shared;

    private static final Set<String> CONNECTORS = Set.of("of", "the", "and", "de", "al", "el", "e", "i", "ul",
            "ur", "ez", "ad", "as", "an", "da", "du", "des", "la", "le", "y", "d", "bin", "dar", "-", "for", "on",
            "at", "&", "upon", "del", "di", "van", "von", "der", "den");
    private static final Set<String> PLACE_NOUNS = Set.of("city", "town", "village", "district", "province",
            "governorate", "region", "area", "outskirts", "suburbs", "suburb", "capital", "port", "county",
            "municipality", "state", "neighbourhood", "neighborhood", "centre", "center");
    private static final Set<String> APPOSITION_DETERMINERS = Set.of("a", "an", "the", "his", "her", "its",
            "their", "another", "one", "former", "our", "then");
    private static final String[] LOCATIVE_WORDS = {"in", "near", "outside", "into", "towards", "toward"};
    /** All-capital words that are not organisations. */
    private static final Set<String> NOT_ORGS = Set.copyOf(List.of("tv", "cd", "cds", "dvd", "ep", "lp", "am",
            "pm", "ok", "gdp", "id", "ceo", "cfo", "mp", "mps", "pc", "usb", "hiv", "aids", "dna", "rna", "pdf",
            "url", "html",
            "gps", "uav", "ied", "ieds", "km", "kg", "mw", "bc", "ad", "ce", "rpg", "ak", "ii", "iii", "iv", "vip",
            "faq", "ps", "nb", "mph", "hq", "rip", "est", "gmt", "utc", "edt", "pst", "aka", "vs", "etc", "usd",
            "eur", "gbp", "a", "i", "mr", "dr", "st", "no", "non", "sms", "ip", "dns", "vpn", "api", "cpu", "ai",
            "ttp", "ttps", "ioc", "iocs", "cve", "apt", "mvp", "ufo", "lol", "omg", "fm", "uk", "us", "usa", "eu",
            "un", "the", "and", "of", "to", "in", "isbn", "dj", "suv", "bmx", "ost", "swat", "mvp", "lgbt", "rpm",
            "bpm", "fps", "hd", "led", "lcd", "gsm", "atm", "sim", "ngo", "ngos", "pow", "pows", "idp", "idps",
            "issn", "pkr", "inr", "rs", "jr", "sr", "ltd", "inc"));
    private static final Set<String> ROLE_HEADS = Set.of("secretary", "minister", "president", "ambassador",
            "envoy", "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "governor", "mayor",
            "commander", "king", "queen", "prince", "emir", "pope");
    private static final Set<String> DETERMINERS = Set.of("the", "a", "an");
    private static final Set<String> OF_FOR = Set.of("of", "for");
    private static final Set<String> ORG_JOINERS = Set.of("and", "of", "&", "the", "for");
    private static final Set<String> PERSONAL_STOPS = Set.of("mr", "mrs", "ms", "dr", "sir", "dame");
    private static final Set<String> LOWER_TITLES = Set.of("spokesman", "spokeswoman", "spokesperson",
            "commander", "leader", "chief", "founder", "minister", "president", "envoy", "cleric", "militant",
            "emir", "deputy", "governor", "general");

    private final Lexicon lex;
    private final Set<String> cues;
    private final Set<String> ctxBefore;
    private final Set<String> skipLeading;

    private EntityRecognizer(Lexicon lex) {
        this.lex = lex;
        this.cues = lex.section("person-cues");
        this.ctxBefore = lex.section("context-before");
        this.skipLeading = lex.section("skip-leading");
        for (Set<String> words : List.of(LOWER_TITLES, cues)) {
            for (String w : words) {
                char c = w.charAt(0);
                if (c >= 'a' && c <= 'z' && w.length() < 32) {
                    lowerShapes[(c - 'a') * 32 + w.length()] = true;
                }
            }
        }
        for (String w : LOWER_TITLES) {
            int shape = (w.charAt(0) - 'a') * 32 + w.length();
            String[] old = lowerTitleShapes[shape];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = w;
            lowerTitleShapes[shape] = grown;
        }
    }

    private final boolean[] lowerShapes = new boolean[26 * 32];
    /** LOWER_TITLES by first letter and length, compared in place for ASCII tokens. */
    private final String[][] lowerTitleShapes = new String[26 * 32][];

    /** Loads the gazetteers shipped on the classpath once and returns the shared recogniser. */
    public static EntityRecognizer fromClasspath() {
        EntityRecognizer r = shared;
        if (r == null) {
            synchronized (EntityRecognizer.class) {
                r = shared;
                if (r == null) {
                    r = new EntityRecognizer(Lexicon.fromClasspath());
                    shared = r;
                }
            }
        }
        return r;
    }

    /** Number of gazetteer phrases loaded (places, demonyms, curated organisations). */
    public int gazetteerSize() {
        return lex.phrases.size();
    }

    /** Returns one tag per entity, each with all its mentions in the report's title and text. */
    public List<EntityFinding> recognize(ReportText report) {
        List<Field> fields = new ArrayList<>(2);
        if (report.title() != null && !report.title().isBlank()) {
            fields.add(new Field(Evidence.TITLE, TokenSeq.of(report.title())));
        }
        if (report.text() != null && !report.text().isEmpty()) {
            fields.add(new Field(Evidence.TEXT, TokenSeq.of(report.text())));
        }
        for (Field f : fields) {
            collect(f);
            select(f);
        }
        Set<String> confirmed = new HashSet<>();
        for (Field f : fields) {
            for (Cand c : f.selected) {
                if (c.id != null) {
                    confirmed.add(c.id);
                }
            }
        }
        for (Field f : fields) {
            for (Cand c : f.pending) {
                if (confirmed.contains(c.id) && f.free(c.s, c.e)) {
                    f.take(c);
                }
            }
        }
        for (Field f : fields) {
            coordinate(f);
        }
        propagate(fields);
        return build(fields);
    }

    // ---------------------------------------------------------------- candidates

    /** A possible entity mention over tokens [s, e). */
    static final class Cand {
        final int s;
        final int e;
        String type;
        String key;
        int linkS = -1;
        int linkE = -1;
        String id;
        String name;
        final double score;
        final int prio;
        final String rule;
        Map<String, String> attrs;

        Cand(int s, int e, String type, String key, String id, String name, double score, int prio, String rule) {
            this.s = s;
            this.e = e;
            this.type = type;
            this.key = key;
            this.id = id;
            this.name = name;
            this.score = score;
            this.prio = prio;
            this.rule = rule;
        }

        Cand attr(String k, String v) {
            if (attrs == null) {
                attrs = new LinkedHashMap<>(8);
            }
            attrs.put(k, v);
            return this;
        }
    }

    /** Per-field working state. */
    private static final class Field {
        final String name;
        final TokenSeq t;
        final List<Cand> cands = new ArrayList<>();
        final List<Cand> pending = new ArrayList<>();
        final List<Cand> selected = new ArrayList<>();
        final boolean[] covered;

        Field(String name, TokenSeq t) {
            this.name = name;
            this.t = t;
            this.covered = new boolean[t.size];
        }

        boolean free(int s, int e) {
            for (int i = s; i < e; i++) {
                if (covered[i]) {
                    return false;
                }
            }
            return true;
        }

        void take(Cand c) {
            for (int i = c.s; i < c.e; i++) {
                covered[i] = true;
            }
            selected.add(c);
        }
    }

    private void collect(Field f) {
        TokenSeq t = f.t;
        Object[] out = new Object[1];
        for (int i = 0; i < t.size; i++) {
            if (t.isPunct(i, ',')) {
                apposition(f, i);
                continue;
            }
            if (!t.isWord(i)) {
                continue;
            }
            boolean cap = t.isCap(i);
            if (cap || t.isAllCaps(i)) {
                gazetteer(f, i, out);
                if (t.isAllCaps(i)) {
                    unknownAcronym(f, i);
                }
                int b = bits(t, i);
                if ((b & Lexicon.ORG_HEAD) != 0) {
                    orgHead(f, i);
                }
                if ((b & Lexicon.LOC_HEAD) != 0) {
                    locationHead(f, i);
                }
                if ((b & Lexicon.LOC_PREFIX) != 0) {
                    locationPrefix(f, i);
                }
                if ((b & Lexicon.TITLE) != 0) {
                    title(f, i);
                } else if ((b & Lexicon.FIRST) != 0) {
                    firstName(f, i);
                }
            } else if (t.isLower(i) && lowerHint(t, i) && lowerTitle(t, i)) {
                title(f, i);
            }
        }
        for (int i = 0; i < t.size; i++) {
            if (t.isLower(i) && lowerHint(t, i) && has(t, i, Lexicon.CUE)) {
                speaker(f, i);
            }
        }
        Map<Integer, List<Cand>> byEnd = null;
        for (int i = 0; i < t.size; i++) {
            if (t.isPunct(i, '(')) {
                if (byEnd == null) {
                    byEnd = new HashMap<>();
                    for (Cand c : f.cands) {
                        byEnd.computeIfAbsent(c.e, k -> new ArrayList<>(2)).add(c);
                    }
                }
                acronymDefinition(f, i, byEnd.getOrDefault(i, List.of()));
            } else if (t.isLower(i) && t.end[i] - t.start[i] <= 8 && locative(t, i)) {
                unknownPlace(f, i);
            }
        }
    }

    // ---------------------------------------------------------------- gazetteer

    private void gazetteer(Field f, int i, Object[] out) {
        TokenSeq t = f.t;
        int end = lex.phrases.longest(first(t, i), t, i, (e, first, last) -> acceptable(t, e, first, last), out);
        if (end < 0) {
            return;
        }
        Lexicon.Entry e = (Lexicon.Entry) out[0];
        if (e.type().equals(LOCATION) && !e.kind().equals("country") && !e.kind().equals("capital")
                && insideLongerName(t, i, end)) {
            return; // "Montreal Canadiens", "Miami Vice", "MTV Europe Music Award"
        }
        Cand c = new Cand(i, end, e.type(), e.candKey(), e.id(), e.name(), e.score(),
                e.type().equals(ORGANIZATION) ? 5 : 3, e.rule());
        if (e.type().equals(NATIONALITY)) {
            c.attr("role", "demonym").attr("country", e.id().substring(e.id().lastIndexOf(':') + 1));
        } else if (e.type().equals(LOCATION)) {
            c.attr("kind", e.kind());
        }
        if (e.ctx() && !locativeContext(t, i, end)) {
            f.pending.add(c);
        } else {
            f.cands.add(c);
        }
    }

    /** A place name glued into a longer capitalised name that is not a place or organisation head. */
    private boolean insideLongerName(TokenSeq t, int s, int e) {
        if (e < t.size && t.isCap(e) && !t.lineBreakAfter(e - 1) && !t.isAllCaps(e)
                && (bits(t, e) & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.COMMON | Lexicon.SKIP
                | Lexicon.PHRASE | Lexicon.TITLE)) == 0) {
            return true;
        }
        int p = s - 1;
        return p >= 0 && t.isCap(p) && !t.isAllCaps(p) && !t.lineBreakAfter(p) && !t.sentenceStart(p)
                && (bits(t, p) & (Lexicon.COMMON | Lexicon.SKIP | Lexicon.PHRASE | Lexicon.TITLE
                | Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.LOC_PREFIX)) == 0;
    }

    private boolean acceptable(TokenSeq t, Lexicon.Entry e, int first, int last) {
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
            if (t.isWord(k) && !t.isCap(k) && !(k < last && CONNECTORS.contains(t.key(k)))
                    && !Character.isDigit(t.chars[t.start[k]])) {
                return false;
            }
        }
        return true;
    }

    private boolean locativeContext(TokenSeq t, int s, int e) {
        int p = s - 1;
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
            int end = lex.phrases.longest(first(t, e + 1), t, e + 1, (x, a, b) -> x.type().equals(LOCATION) && !x.ctx(),
                    out);
            return end > 0;
        }
        return false;
    }

    // ---------------------------------------------------------------- organisations and places by rule

    private void orgHead(Field f, int h) {
        TokenSeq t = f.t;
        int left = h;
        while (true) {
            int p = left - 1;
            if (p < 0 || t.lineBreakAfter(p)) {
                break;
            }
            if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1) && (t.isCap(p - 1) || t.isAllCaps(p - 1))) {
                left = p - 1;
                continue;
            }
            if (t.isWord(p) && (t.isCap(p) || t.isAllCaps(p))) {
                String k = t.key(p);
                if (skipLeading.contains(k) || PERSONAL_STOPS.contains(k)) {
                    break;
                }
                left = p;
                continue;
            }
            if (t.isWord(p) && (t.key(p).equals("and") || t.key(p).equals("&")) && t.isCap(p - 1)
                    && !has(t, p - 1, Lexicon.ORG_HEAD) && !endsPlace(t, p)) {
                left = p - 1;
                continue;
            }
            break;
        }
        int right = h + 1;
        if (t.isHyphen(right) && t.glued(h)) {
            return; // "Conference Co-Lineman"
        }
        if (right + 1 < t.size && t.isLower(right) && OF_FOR.contains(t.key(right))) {
            int q = right + 1;
            if (t.isWord(q) && t.key(q).equals("the")) {
                q++;
            }
            if (t.isCap(q) && !t.lineBreakAfter(right)) {
                right = q;
                while (right < t.size && !t.lineBreakAfter(right - 1)) {
                    if (t.isCap(right) || t.isAllCaps(right)) {
                        right++;
                    } else if (t.isWord(right) && ORG_JOINERS.contains(t.key(right))
                            && t.isCap(right + 1) && !t.lineBreakAfter(right)) {
                        right++;
                    } else if (t.isHyphen(right) && t.glued(right) && t.glued(right - 1) && t.isCap(right + 1)) {
                        right++;
                    } else {
                        break;
                    }
                }
            }
        }
        // drop a leading sentence-initial word that is an ordinary word ("Police", "Army" heads stay)
        while (left < h && t.sentenceStart(left) && has(t, left, Lexicon.COMMON)
                && !has(t, left, Lexicon.ORG_HEAD)) {
            left++;
        }
        if (words(t, left, right) < 2) {
            return;
        }
        String surface = t.text.substring(t.start[left], t.end[right - 1]);
        f.cands.add(new Cand(left, right, ORGANIZATION, ORGANIZATION + "|" + norm(t, left, right), null, surface,
                0.7, 4, "org-head"));
    }

    private boolean endsPlace(TokenSeq t, int and) {
        // "Pakistan and the Ministry ..." must not join: the word before "and" ends a known place
        for (int s = Math.max(0, and - 4); s < and; s++) {
            Object[] out = new Object[1];
            int e = lex.phrases.longest(first(t, s), t, s, (x, a, b) -> b == and - 1, out);
            if (e == and) {
                return true;
            }
        }
        return false;
    }

    private void locationHead(Field f, int h) {
        TokenSeq t = f.t;
        if (!t.isCap(h)) {
            return;
        }
        int left = h;
        while (left - 1 >= 0 && !t.lineBreakAfter(left - 1)) {
            int p = left - 1;
            if (t.isCap(p) && !has(t, p, Lexicon.SKIP) && !has(t, p, Lexicon.TITLE)) {
                left = p;
            } else if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1) && t.isCap(p - 1)) {
                left = p - 1;
            } else {
                break;
            }
        }
        if (left == h || (left == h - 1 && has(t, left, Lexicon.COMMON))) {
            return;
        }
        String surface = t.text.substring(t.start[left], t.end[h]);
        f.cands.add(new Cand(left, h + 1, LOCATION, LOCATION + "|" + norm(t, left, h + 1), null, surface, 0.65, 3,
                "location-head"));
    }

    private void locationPrefix(Field f, int i) {
        TokenSeq t = f.t;
        int e = i + 1;
        while (e < t.size && e - i <= 3 && t.isCap(e) && !t.lineBreakAfter(e - 1)
                && !has(t, e, Lexicon.COMMON)) {
            e++;
        }
        if (e == i + 1) {
            return;
        }
        String surface = t.text.substring(t.start[i], t.end[e - 1]);
        f.cands.add(new Cand(i, e, LOCATION, LOCATION + "|" + norm(t, i, e), null, surface, 0.65, 3,
                "location-prefix"));
    }

    /**
     * "attacks in Qamenas, Sarmin and Talamenes": capitalised words no list knows, right after a locative
     * preposition and ending at punctuation or a lower-case word, are places (weakest rule, loses every overlap).
     */
    private void unknownPlace(Field f, int prep) {
        TokenSeq t = f.t;
        int s = prep + 1;
        if (t.isLower(s) && t.key(s).equals("the")) {
            return; // "in the Foo Bar" is more often an organisation or event than a place
        }
        while (s < t.size) {
            int e = s;
            while (e < t.size && e - s < 3 && placeWord(t, e) && (e == s || !t.lineBreakAfter(e - 1))) {
                e++;
            }
            if (e == s || !(e >= t.size || t.kind[e] == TokenSeq.PUNCT || t.isLower(e)) || t.isPunct(e, '(')
                    || (e < t.size && t.kind[e] == TokenSeq.POSS)) {
                return;
            }
            f.cands.add(new Cand(s, e, LOCATION, LOCATION + "|" + norm(t, s, e), null,
                    t.text.substring(t.start[s], t.end[e - 1]), 0.5, 0, "locative-context"));
            int sep = separator(t, e);
            if (sep == 0) {
                return;
            }
            s = e + sep;
        }
    }

    /** An all-capitals word no list knows ("NCAA", "AQI") is most often an organisation: a weak guess. */
    private void unknownAcronym(Field f, int i) {
        TokenSeq t = f.t;
        int len = t.end[i] - t.start[i];
        if (len < 3 || len > 6 || (bits(t, i) & (Lexicon.PHRASE | Lexicon.COMMON)) != 0
                || NOT_ORGS.contains(t.key(i)) || romanNumeral(t.key(i))) {
            return;
        }
        int letters = 0;
        for (int k = t.start[i]; k < t.end[i]; k++) {
            char c = t.chars[k];
            if (Character.isLetter(c)) {
                letters++;
            } else if (c != '&') {
                return; // "U.S." style abbreviations and model numbers ("MP500") are not organisations
            }
        }
        // a run of capitals is a shouted headline, not a name
        if (letters < 2 || (t.isAllCaps(i - 1) && t.end[i - 1] - t.start[i - 1] > 6)
                || (t.isAllCaps(i + 1) && t.end[i + 1] - t.start[i + 1] > 6)
                || (t.isWord(i + 1) && t.isAllCaps(i + 1) && t.isWord(i + 2) && t.isAllCaps(i + 2))) {
            return;
        }
        f.cands.add(new Cand(i, i + 1, ORGANIZATION, ORGANIZATION + "|" + t.key(i), null, t.surface(i), 0.4, 0,
                "unknown-acronym"));
    }

    private static boolean romanNumeral(String k) {
        for (int i = 0; i < k.length(); i++) {
            if ("ivxlcdm".indexOf(k.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean locative(TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        if (c != 'i' && c != 'n' && c != 'o' && c != 't') {
            return false; // no locative word starts otherwise
        }
        for (String w : LOCATIVE_WORDS) {
            if (t.is(i, w)) {
                return true;
            }
        }
        return false;
    }

    private boolean placeWord(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i)) {
            return false;
        }
        if ((bits(t, i) & (Lexicon.COMMON | Lexicon.FIRST | Lexicon.TITLE | Lexicon.ORG_HEAD | Lexicon.SKIP
                | Lexicon.NOT_PLACE)) != 0) {
            return false;
        }
        String k = t.key(i);
        for (String suffix : NOT_PLACE_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return false; // "in Marketing", "in Management", "in Buddhism"
            }
        }
        return true;
    }

    private static final String[] NOT_PLACE_SUFFIXES = {"ing", "ment", "tion", "ness", "ism", "ics", "ity"};

    // ---------------------------------------------------------------- people

    /** A capitalised word that can be part of a person's name. */
    private boolean nameToken(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i) || Character.isDigit(t.chars[t.start[i]])) {
            return false;
        }
        int b = bits(t, i);
        if ((b & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.TITLE | Lexicon.SKIP)) != 0) {
            return false;
        }
        if ((b & Lexicon.COMMON) != 0 && (b & Lexicon.FIRST) == 0) {
            return false;
        }
        if ((b & Lexicon.PHRASE) == 0) {
            return true;
        }
        PhraseTrie.Node<Lexicon.Entry> node = first(t, i);
        Lexicon.Entry e = node == null ? null : node.value;
        return e == null || !(e.kind().equals("country") || e.kind().equals("demonym")
                || e.kind().equals("region") || e.kind().equals("continent") || e.type().equals(ORGANIZATION));
    }

    /** Reads a name starting at i: up to 4 name words joined by particles and hyphens; returns end or -1. */
    private int readName(TokenSeq t, int i) {
        return readName(t, i, false);
    }

    /** Like {@link #nameToken} but a known place may be a surname too ("Michael Jordan"), after a first name. */
    private boolean surnameToken(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i)) {
            return false;
        }
        int b = bits(t, i);
        return (b & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.TITLE | Lexicon.SKIP)) == 0
                && ((b & Lexicon.COMMON) == 0 || (b & Lexicon.FIRST) != 0);
    }

    private int readName(TokenSeq t, int i, boolean permissive) {
        int j = i;
        int words = 0;
        int lastGood = -1;
        while (j < t.size && words < 4) {
            if (j > i && t.lineBreakAfter(j - 1)) {
                break;
            }
            if (j > i && t.isCap(j) && t.end[j] - t.start[j] == 1 && t.isPunct(j + 1, '.')
                    && (nameToken(t, j + 2) || permissive && surnameToken(t, j + 2))) {
                j += 2; // middle initial: "William L. Curry"
            } else if (nameToken(t, j) || (permissive && j > i && surnameToken(t, j))) {
                words++;
                j++;
                lastGood = j;
            } else if (t.isWord(j) && has(t, j, Lexicon.PARTICLE) && j > i || (t.isWord(j)
                    && has(t, j, Lexicon.PARTICLE) && t.isHyphen(j + 1) && t.glued(j))) {
                j++;
            } else if (t.isHyphen(j) && t.glued(j) && t.glued(j - 1) && j > i) {
                j++;
            } else {
                break;
            }
        }
        return words == 0 ? -1 : lastGood;
    }

    private int nameWords(TokenSeq t, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (nameToken(t, i)) {
                n++;
            }
        }
        return n;
    }

    private void title(Field f, int i) {
        TokenSeq t = f.t;
        int j = i + 1;
        if (t.isPunct(j, '.') && t.glued(i)) {
            j++;
        }
        while (j < t.size && t.isCap(j) && has(t, j, Lexicon.TITLE) && !t.lineBreakAfter(j - 1)) {
            j++;
            if (t.isPunct(j, '.') && t.glued(j - 1)) {
                j++;
            }
        }
        int chainEnd = j;
        boolean comma = false;
        if (t.isPunct(j, ',') && t.isCap(i)) {
            j++;
            comma = true;
        }
        int e = j >= t.size || t.lineBreakAfter(j - 1) ? -1 : readName(t, j);
        if (e < 0 && !comma) {
            roleOnly(f, i, chainEnd);
        }
        if (e < 0 || (comma && nameWords(t, j, e) < 2)) {
            return;
        }
        if (!t.isCap(i) && nameWords(t, j, e) < 2 && !t.isPunct(e, ',')) {
            return; // "commander Ali" is weak; "spokesman Zabihullah Mujahid" is not
        }
        if (e < t.size && (t.isCap(e) || t.isAllCaps(e)) && has(t, e, Lexicon.ORG_HEAD)) {
            return; // "General Electric Company": the name runs into an organisation
        }
        String surface = t.text.substring(t.start[j], t.end[e - 1]);
        f.cands.add(new Cand(j, e, PERSON, PERSON + "|" + norm(t, j, e), null, surface, 0.85, 4, "title")
                .attr("title", t.text.substring(t.start[i], t.end[Math.max(i, j - (comma ? 2 : 1))])));
    }

    /**
     * "the Foreign Secretary", "the Iraqi Foreign Minister": a capitalised office after a determiner and with no
     * name is a person referred to by role (weak; one entity per wording and document).
     */
    private void roleOnly(Field f, int i, int end) {
        TokenSeq t = f.t;
        int last = end - 1;
        while (last > i && t.kind[last] == TokenSeq.PUNCT) {
            last--;
        }
        if (!t.isCap(i) || !t.isCap(last) || !ROLE_HEADS.contains(t.key(last))) {
            return;
        }
        int s = i;
        int p = i - 1;
        if (p >= 0 && t.isCap(p) && (bits(t, p) & Lexicon.PHRASE) != 0 && !t.sentenceStart(p)) {
            s = p; // "Iraqi Foreign Minister", "US Secretary"
            p--;
        }
        if (p < 0 || !t.isWord(p) || !DETERMINERS.contains(t.key(p))) {
            return;
        }
        if (end < t.size && (t.isCap(end) || t.isAllCaps(end))) {
            return; // "the Foreign Minister Office ...": part of a longer name
        }
        String surface = t.text.substring(t.start[s], t.end[last]);
        f.cands.add(new Cand(s, last + 1, PERSON, PERSON + "|" + norm(t, s, last + 1), null, surface, 0.45, 0,
                "role").attr("role", "title-only"));
    }

    private void firstName(Field f, int i) {
        TokenSeq t = f.t;
        if (!surnameToken(t, i + 1) && !(t.isWord(i + 1) && has(t, i + 1, Lexicon.PARTICLE))) {
            return;
        }
        int e = readName(t, i, true);
        if (e < 0 || e - i < 2) {
            return;
        }
        if (e < t.size && (t.isCap(e) || t.isAllCaps(e)) && has(t, e, Lexicon.ORG_HEAD)) {
            return;
        }
        String surface = t.text.substring(t.start[i], t.end[e - 1]);
        f.cands.add(new Cand(i, e, PERSON, PERSON + "|" + norm(t, i, e), null, surface, 0.75, 3, "first-name"));
    }

    /** "Sharifullah, a key ISIS-K planner": a name followed by a comma and a person role. */
    private void apposition(Field f, int comma) {
        TokenSeq t = f.t;
        int e = comma;
        int s = nameStartBefore(t, e);
        if (s < 0) {
            return;
        }
        int k = comma + 1;
        if (!t.isWord(k)) {
            return;
        }
        String d = t.key(k);
        double score;
        if (d.equals("who")) {
            score = 0.6;
        } else if (APPOSITION_DETERMINERS.contains(d)) {
            score = 0.0;
            for (int m = k + 1; m < t.size && m <= k + 6; m++) {
                if (t.kind[m] == TokenSeq.PUNCT && !t.isHyphen(m)) {
                    break;
                }
                if (t.isWord(m) && has(t, m, Lexicon.ROLE)) {
                    score = 0.7;
                    break;
                }
            }
        } else {
            return;
        }
        if (score == 0.0 || knownPhrase(t, s, e)) {
            return;
        }
        if (nameWords(t, s, e) == 1 && t.sentenceStart(s) && has(t, s, Lexicon.COMMON)) {
            return;
        }
        String surface = t.text.substring(t.start[s], t.end[e - 1]);
        f.cands.add(new Cand(s, e, PERSON, PERSON + "|" + norm(t, s, e), null, surface, score, 2, "apposition"));
    }

    /** Start of a name that ends just before token e, or -1. */
    private int nameStartBefore(TokenSeq t, int e) {
        int s = e;
        int words = 0;
        while (s - 1 >= 0 && words < 4 && !t.lineBreakAfter(s - 1)) {
            int p = s - 1;
            if (nameToken(t, p)) {
                words++;
                s = p;
            } else if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1)) {
                s = p;
            } else if (t.isWord(p) && has(t, p, Lexicon.PARTICLE) && words > 0) {
                s = p;
            } else {
                break;
            }
        }
        while (s < e && !nameToken(t, s) && !(t.isWord(s) && has(t, s, Lexicon.PARTICLE) && t.isHyphen(s + 1))) {
            s++;
        }
        if (words == 0 || s >= e) {
            return -1;
        }
        // the name must not continue to the left with a capitalised word we could not use
        if (s - 1 >= 0 && (t.isCap(s - 1) || t.isAllCaps(s - 1)) && !t.lineBreakAfter(s - 1)
                && !t.sentenceStart(s - 1) && !has(t, s - 1, Lexicon.TITLE)) {
            return -1;
        }
        return s;
    }

    private boolean knownPhrase(TokenSeq t, int s, int e) {
        Object[] out = new Object[1];
        for (int i = s; i < e; i++) {
            int end = lex.phrases.longest(first(t, i), t, i, (x, a, b) -> true, out);
            if (end > 0 && ((Lexicon.Entry) out[0]).type() != null
                    && !((Lexicon.Entry) out[0]).kind().equals("city")) {
                return true;
            }
        }
        return false;
    }

    /** "Tobias Ellwood said" / "said Tobias Ellwood.": a two- to four-word name next to a speech verb. */
    private void speaker(Field f, int v) {
        TokenSeq t = f.t;
        int e = v;
        if (t.isPunct(e - 1, ',')) {
            e--;
        }
        int s = nameStartBefore(t, e);
        if (s >= 0 && nameWords(t, s, e) >= 2 && !knownPhrase(t, s, e)) {
            f.cands.add(new Cand(s, e, PERSON, PERSON + "|" + norm(t, s, e), null,
                    t.text.substring(t.start[s], t.end[e - 1]), 0.6, 1, "speaker"));
        }
        int a = v + 1;
        if (a < t.size && nameToken(t, a)) {
            int end = readName(t, a);
            if (end > 0 && nameWords(t, a, end) >= 2 && (end >= t.size || t.kind[end] == TokenSeq.PUNCT)
                    && !knownPhrase(t, a, end)) {
                f.cands.add(new Cand(a, end, PERSON, PERSON + "|" + norm(t, a, end), null,
                        t.text.substring(t.start[a], t.end[end - 1]), 0.6, 1, "speaker"));
            }
        }
    }

    // ---------------------------------------------------------------- acronyms

    private void acronymDefinition(Field f, int open, List<Cand> endingHere) {
        TokenSeq t = f.t;
        int close = open + 1;
        StringBuilder letters = new StringBuilder();
        boolean caps = false;
        while (close < t.size && close - open <= 4 && !t.isPunct(close, ')')) {
            if (t.isWord(close)) {
                caps |= t.isAllCaps(close);
                for (int k = t.start[close]; k < t.end[close]; k++) {
                    char c = t.chars[k];
                    if (Character.isLetter(c)) {
                        letters.append(Character.toUpperCase(c));
                    }
                }
            } else if (!t.isHyphen(close) && !t.isPunct(close, '&')) {
                return;
            }
            close++;
        }
        if (!t.isPunct(close, ')') || close == open + 1 || !caps || letters.length() < 2
                || letters.length() > 10 || open == 0) {
            return;
        }
        String acronym = t.text.substring(t.start[open + 1], t.end[close - 1]);
        // (a) a candidate ending right before "(" gets the acronym
        Cand best = null;
        for (Cand c : endingHere) {
            if (c.e == open && (c.type.equals(ORGANIZATION) || initialsMatch(t, c.s, c.e, letters))
                    && !c.type.equals(NATIONALITY) && (best == null || c.e - c.s > best.e - best.s)) {
                best = c;
            }
        }
        int longStart = -1;
        if (best == null || !initialsMatch(t, best.s, best.e, letters)) {
            longStart = initialsStart(t, open, letters);
        }
        Cand target = best;
        if (longStart >= 0 && (best == null || longStart < best.s)) {
            String surface = t.text.substring(t.start[longStart], t.end[open - 1]);
            target = new Cand(longStart, open, ORGANIZATION, ORGANIZATION + "|" + norm(t, longStart, open), null,
                    surface, 0.8, 5, "acronym-definition");
            f.cands.add(target);
        }
        if (target == null) {
            return;
        }
        target.attr("acronym", acronym).attr("definedAs", t.text.substring(t.start[target.s], t.end[target.e - 1]));
        Cand a = new Cand(open + 1, close, target.type, target.key, target.id, target.name, target.score, 5,
                "acronym");
        a.attrs = target.attrs;
        a.linkS = target.s;
        a.linkE = target.e;
        f.cands.add(a);
    }

    private boolean initialsMatch(TokenSeq t, int s, int e, CharSequence letters) {
        return initials(t, s, e).equals(letters.toString());
    }

    private String initials(TokenSeq t, int s, int e) {
        StringBuilder b = new StringBuilder();
        for (int i = s; i < e; i++) {
            if (t.isWord(i) && (t.isCap(i) || t.isAllCaps(i))) {
                if (t.isAllCaps(i) && t.end[i] - t.start[i] <= 4) {
                    for (int k = t.start[i]; k < t.end[i]; k++) {
                        if (Character.isLetter(t.chars[k])) {
                            b.append(t.chars[k]);
                        }
                    }
                } else {
                    b.append(Character.toUpperCase(t.chars[t.start[i]]));
                }
            }
        }
        return b.toString();
    }

    /** Start of the capitalised phrase before "(" whose initials spell the acronym, or -1. */
    private int initialsStart(TokenSeq t, int open, CharSequence letters) {
        int s = open;
        for (int steps = 0; steps < 16 && s - 1 >= 0 && !t.lineBreakAfter(s - 1); steps++) {
            int p = s - 1;
            boolean ok = t.isCap(p) || t.isAllCaps(p) || (t.isHyphen(p) && t.glued(p))
                    || (t.isWord(p) && CONNECTORS.contains(t.key(p)) && !t.isCap(p));
            if (!ok) {
                break;
            }
            s = p;
            if ((t.isCap(s) || t.isAllCaps(s)) && initialsMatch(t, s, open, letters)) {
                return s;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- selection and linking

    /** Cheap pre-filter (first letter and length) before a lower-case word is normalised and looked up. */
    private boolean lowerHint(TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        int len = t.end[i] - t.start[i];
        return c >= 'a' && c <= 'z' && len < 32 && lowerShapes[(c - 'a') * 32 + len];
    }

    /**
     * Same as {@code LOWER_TITLES.contains(t.key(i))} for a token that passed {@link #lowerHint}, without building
     * the key for plain ASCII tokens.
     */
    private boolean lowerTitle(TokenSeq t, int i) {
        int s = t.start[i];
        int len = t.end[i] - s;
        char[] a = t.chars;
        for (int k = s; k < s + len; k++) {
            if (a[k] >= 128) {
                return LOWER_TITLES.contains(t.key(i));
            }
        }
        String[] words = lowerTitleShapes[(a[s] - 'a') * 32 + len];
        if (words == null) {
            return false;
        }
        for (String w : words) {
            int k = 0;
            while (k < len) {
                char c = a[s + k];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != w.charAt(k)) {
                    break;
                }
                k++;
            }
            if (k == len) {
                return true;
            }
        }
        return false;
    }

    private int bits(TokenSeq t, int i) {
        int b = t.bits[i];
        return b != 0 ? b : lookup(t, i);
    }

    /** Gazetteer trie node of phrases starting with token i's word (same as the root's child for its key). */
    private PhraseTrie.Node<Lexicon.Entry> first(TokenSeq t, int i) {
        if (t.bits[i] == 0) {
            lookup(t, i);
        }
        return t.first[i];
    }

    /** One hash probe per token for both the rule bits and the gazetteer trie node; cached in the TokenSeq. */
    private int lookup(TokenSeq t, int i) {
        int slot = lex.slotAscii(t.chars, t.start[i], t.end[i]);
        int b = Lexicon.COMPUTED;
        if (slot >= 0) {
            b |= lex.slotBits(slot);
            t.first[i] = lex.slotFirst(slot);
        } else if (slot == Lexicon.NOT_ASCII) {
            Lexicon.Word w = lex.word(t.key(i));
            if (w != null) {
                b |= w.bits();
                t.first[i] = w.first();
            }
        }
        t.bits[i] = b;
        return b;
    }

    private boolean has(TokenSeq t, int i, int bit) {
        return i >= 0 && i < t.size && t.isWord(i) && (bits(t, i) & bit) != 0;
    }

    private static final Comparator<Cand> PRIORITY = Comparator
            .comparingInt((Cand c) -> -(c.e - c.s))
            .thenComparingInt((Cand c) -> c.id != null ? 0 : 1)
            .thenComparingInt(c -> -c.prio)
            .thenComparingDouble(c -> -c.score);

    private void select(Field f) {
        TokenSeq t = f.t;
        f.cands.sort(Comparator.comparingInt((Cand c) -> -(t.end[c.e - 1] - t.start[c.s]))
                .thenComparing(PRIORITY));
        for (Cand c : f.cands) {
            if (f.free(c.s, c.e)) {
                f.take(c);
            }
        }
        // an acronym belongs to whichever reading of its long form won
        for (Cand c : f.selected) {
            if (c.linkS < 0) {
                continue;
            }
            for (Cand d : f.selected) {
                if (d.s == c.linkS && d.e == c.linkE) {
                    c.type = d.type;
                    c.key = d.key;
                    c.id = d.id;
                    c.name = d.name;
                    Map<String, String> attrs = c.attrs;
                    if (attrs != null) {
                        attrs.forEach(d::attr);
                    }
                }
            }
        }
    }

    /**
     * Lists of people: "Jared Leto, Shannon Leto and Tomo Milicevic". A two- or three-word name coordinated
     * with a recognised person is a person too.
     */
    private void coordinate(Field f) {
        TokenSeq t = f.t;
        List<Cand> people = new ArrayList<>();
        for (Cand c : f.selected) {
            if (c.type.equals(PERSON) && nameWords(t, c.s, c.e) >= 2) {
                people.add(c);
            }
        }
        for (int idx = 0; idx < people.size(); idx++) {
            Cand c = people.get(idx);
            // to the right
            int j = c.e;
            int sep = separator(t, j);
            if (sep > 0) {
                int s = j + sep;
                int e = readName(t, s, true);
                if (e > 0 && e - s >= 2 && nameWords(t, s, e) >= 1 && f.free(s, e) && listEnd(t, e)
                        && !knownPhrase(t, s, e)) {
                    Cand n = new Cand(s, e, PERSON, PERSON + "|" + norm(t, s, e), null,
                            t.text.substring(t.start[s], t.end[e - 1]), 0.6, 1, "coordination");
                    f.take(n);
                    people.add(n);
                }
            }
            // to the left: "X, Y and <person>"
            int p = c.s - 1;
            int back = p >= 0 && (t.isPunct(p, ',') || t.isPunct(p, '&') || (t.isLower(p) && t.key(p).equals("and")))
                    ? 1 : 0;
            if (back == 1 && t.isPunct(p - 1, ',')) {
                back = 2;
            }
            if (back > 0) {
                int e = c.s - back;
                int s = nameStartBefore(t, e);
                if (s >= 0 && nameWords(t, s, e) >= 2 && f.free(s, e) && !knownPhrase(t, s, e)
                        && (s == 0 || !t.isCap(s - 1))) {
                    Cand n = new Cand(s, e, PERSON, PERSON + "|" + norm(t, s, e), null,
                            t.text.substring(t.start[s], t.end[e - 1]), 0.6, 1, "coordination");
                    f.take(n);
                    people.add(n);
                }
            }
        }
    }

    /** Tokens taken by a list separator at j (", ", "and", ", and", "&"), or 0. */
    private static int separator(TokenSeq t, int j) {
        if (t.isPunct(j, ',')) {
            return t.isLower(j + 1) && t.key(j + 1).equals("and") ? 2 : 1;
        }
        if (t.isPunct(j, '&') || (t.isLower(j) && t.key(j).equals("and"))) {
            return 1;
        }
        return 0;
    }

    private static boolean listEnd(TokenSeq t, int e) {
        return e >= t.size || t.kind[e] == TokenSeq.PUNCT || t.isLower(e);
    }

    /** Later short mentions: surnames of people, bare acronyms and repeated names found elsewhere. */
    private void propagate(List<Field> fields) {
        Map<String, Cand> fullBySurname = new HashMap<>();
        for (Field f : fields) {
            for (Cand c : f.selected) {
                if (c.type.equals(PERSON) && nameWords(f.t, c.s, c.e) >= 2) {
                    fullBySurname.putIfAbsent(f.t.key(c.e - 1), c);
                }
            }
        }
        for (Field f : fields) {
            for (Cand c : f.selected) {
                if (c.type.equals(PERSON) && nameWords(f.t, c.s, c.e) == 1) {
                    Cand full = fullBySurname.get(f.t.key(c.e - 1));
                    if (full != null) {
                        c.key = full.key;
                        c.name = full.name;
                    }
                }
            }
        }
        PhraseTrie<Cand> known = new PhraseTrie<>();
        for (Field f : fields) {
            for (Cand c : f.selected) {
                if (c.type.equals(NATIONALITY) || c.rule.startsWith("gazetteer")) {
                    continue;
                }
                known.put(keys(f.t, c.s, c.e), c);
                if (c.type.equals(PERSON)) {
                    int last = c.e - 1;
                    if (nameToken(f.t, last) && f.t.end[last] - f.t.start[last] >= 3
                            && !has(f.t, last, Lexicon.FIRST)) {
                        int from = last;
                        while (from - 1 > c.s && (f.t.isHyphen(from - 1) || has(f.t, from - 1, Lexicon.PARTICLE))) {
                            from--;
                        }
                        known.put(keys(f.t, from, c.e), c);
                        if (from != last) {
                            known.put(keys(f.t, last, c.e), c);
                        }
                    }
                }
            }
        }
        if (known.size() == 0) {
            return;
        }
        Object[] out = new Object[1];
        // weak guesses ("RTEP" as an unknown acronym) take the identity of a defined name spelled the same
        for (Field f : fields) {
            for (Cand c : f.selected) {
                if (c.prio == 0 && !c.rule.equals("same-document")) {
                    int end = known.longest(f.t, c.s, (x, a, b) -> x != c && x.prio > 0, out);
                    if (end == c.e) {
                        Cand ref = (Cand) out[0];
                        c.type = ref.type;
                        c.key = ref.key;
                        c.id = ref.id;
                        c.name = ref.name;
                    }
                }
            }
        }
        for (Field f : fields) {
            TokenSeq t = f.t;
            List<Cand> added = new ArrayList<>();
            for (int i = 0; i < t.size; i++) {
                if (f.covered[i] || !(t.isCap(i) || (t.isLower(i) && t.end[i] - t.start[i] <= 4
                        && (t.isHyphen(i + 1) || t.isCap(i + 1)) && has(t, i, Lexicon.PARTICLE)))) {
                    continue;
                }
                int end = known.longest(t, i, (c, a, b) -> f.free(a, b + 1) && (t.isCap(b) || t.isAllCaps(b)), out);
                if (end > 0) {
                    Cand ref = (Cand) out[0];
                    Cand m = new Cand(i, end, ref.type, ref.key, ref.id, ref.name, ref.score, 0, "same-document");
                    for (int k = i; k < end; k++) {
                        f.covered[k] = true;
                    }
                    added.add(m);
                    i = end - 1;
                }
            }
            f.selected.addAll(added);
        }
    }

    private static String[] keys(TokenSeq t, int s, int e) {
        String[] k = new String[e - s];
        for (int i = s; i < e; i++) {
            k[i - s] = t.key(i);
        }
        return k;
    }

    private static String norm(TokenSeq t, int s, int e) {
        StringBuilder b = new StringBuilder();
        for (int i = s; i < e; i++) {
            if (t.isWord(i)) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(t.key(i));
            }
        }
        return b.toString();
    }

    private static int words(TokenSeq t, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (t.isWord(i)) {
                n++;
            }
        }
        return n;
    }

    private List<EntityFinding> build(List<Field> fields) {
        Map<String, Agg> byKey = new LinkedHashMap<>();
        for (Field f : fields) {
            f.selected.sort(Comparator.comparingInt(c -> c.s));
        }
        // title first, then text: mentions come out in reading order
        for (Field f : fields) {
            for (Cand c : f.selected) {
                Agg a = byKey.computeIfAbsent(c.key, k -> new Agg(c));
                String text = f.t.text.substring(f.t.start[c.s], f.t.end[c.e - 1]);
                a.mentions.add(new Evidence(f.name, f.t.start[c.s], f.t.end[c.e - 1], text));
                a.score = Math.max(a.score, c.score);
                if (c.attrs != null) {
                    c.attrs.forEach(a.attrs::putIfAbsent);
                }
                if (a.id == null && text.length() > a.name.length() && !c.rule.equals("acronym")) {
                    a.name = text;
                }
                a.rules.add(c.rule);
            }
        }
        List<EntityFinding> tags = new ArrayList<>(byKey.size());
        for (Agg a : byKey.values()) {
            double score = Math.min(0.99, a.score + 0.03 * (a.mentions.size() - 1));
            a.attrs.put("rules", a.rules.size() == 1 ? a.rules.iterator().next() : String.join(",", sorted(a.rules)));
            // sorted and unmodifiable: the same report always serialises the same way
            tags.add(new EntityFinding(a.type, a.id, a.name, Math.round(score * 1000) / 1000.0, PRODUCER,
                    List.copyOf(a.mentions), java.util.Collections.unmodifiableMap(a.attrs)));
        }
        return tags;
    }

    private static List<String> sorted(Set<String> set) {
        List<String> list = new ArrayList<>(set);
        list.sort(null);
        return list;
    }

    /** Mentions of one entity being gathered. */
    private static final class Agg {
        final String type;
        final String id;
        String name;
        double score;
        final List<Evidence> mentions = new ArrayList<>();
        final Map<String, String> attrs = new TreeMap<>();
        final Set<String> rules = new HashSet<>(4);

        Agg(Cand c) {
            this.type = c.type;
            this.id = c.id;
            this.name = c.name;
            this.score = c.score;
        }
    }
}
