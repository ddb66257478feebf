package io.watchfloor.enrich.domain.entities;

import java.util.List;
import java.util.Set;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.NATIONALITY;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.ORGANIZATION;

/**
 * Rule set: organisations from head words ("... Ministry", "Ministry of ..."), acronym definitions and unknown
 * acronyms.
 */
final class OrganizationRules {

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
    private static final Set<String> OF_FOR = Set.of("of", "for");
    private static final Set<String> ORG_JOINERS = Set.of("and", "of", "&", "the", "for");
    private static final Set<String> PERSONAL_STOPS = Set.of("mr", "mrs", "ms", "dr", "sir", "dame");

    private final Vocabulary voc;
    private final GazetteerRules gaz;
    private final Set<String> skipLeading;

    OrganizationRules(Vocabulary voc, GazetteerRules gaz) {
        this.voc = voc;
        this.gaz = gaz;
        this.skipLeading = voc.section("skip-leading");
    }

    void orgHead(FieldState f, int h) {
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
                    && !voc.has(t, p - 1, Lexicon.ORG_HEAD) && !gaz.endsPlace(t, p)) {
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
        while (left < h && t.sentenceStart(left) && voc.has(t, left, Lexicon.COMMON)
                && !voc.has(t, left, Lexicon.ORG_HEAD)) {
            left++;
        }
        if (Tokens.words(t, left, right) < 2) {
            return;
        }
        String surface = t.text.substring(t.start[left], t.end[right - 1]);
        f.cands.add(new Candidate(left, right, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t, left, right),
                null, surface,
                0.7, 4, "org-head"));
    }

    /** An all-capitals word no list knows ("NCAA", "AQI") is most often an organisation: a weak guess. */
    void unknownAcronym(FieldState f, int i) {
        TokenSeq t = f.t;
        int len = t.end[i] - t.start[i];
        if (len < 3 || len > 6 || (voc.bits(t, i) & (Lexicon.PHRASE | Lexicon.COMMON)) != 0
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
        f.cands.add(new Candidate(i, i + 1, ORGANIZATION, ORGANIZATION + "|" + t.key(i), null, t.surface(i), 0.4, 0,
                "unknown-acronym"));
    }

    static boolean romanNumeral(String k) {
        for (int i = 0; i < k.length(); i++) {
            if ("ivxlcdm".indexOf(k.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    void acronymDefinition(FieldState f, int open, List<Candidate> endingHere) {
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
        Candidate best = null;
        for (Candidate c : endingHere) {
            if (c.e == open && (c.type.equals(ORGANIZATION) || initialsMatch(t, c.s, c.e, letters))
                    && !c.type.equals(NATIONALITY) && (best == null || c.e - c.s > best.e - best.s)) {
                best = c;
            }
        }
        int longStart = -1;
        if (best == null || !initialsMatch(t, best.s, best.e, letters)) {
            longStart = initialsStart(t, open, letters);
        }
        Candidate target = best;
        if (longStart >= 0 && (best == null || longStart < best.s)) {
            String surface = t.text.substring(t.start[longStart], t.end[open - 1]);
            target = new Candidate(longStart, open, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t,
                    longStart, open), null,
                    surface, 0.8, 5, "acronym-definition");
            f.cands.add(target);
        }
        if (target == null) {
            return;
        }
        target.attr("acronym", acronym).attr("definedAs", t.text.substring(t.start[target.s], t.end[target.e - 1]));
        Candidate a = new Candidate(open + 1, close, target.type, target.key, target.id, target.name, target.score, 5,
                "acronym");
        a.attrs = target.attrs;
        a.linkS = target.s;
        a.linkE = target.e;
        f.cands.add(a);
    }

    boolean initialsMatch(TokenSeq t, int s, int e, CharSequence letters) {
        return initials(t, s, e).equals(letters.toString());
    }

    String initials(TokenSeq t, int s, int e) {
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
    int initialsStart(TokenSeq t, int open, CharSequence letters) {
        int s = open;
        for (int steps = 0; steps < 16 && s - 1 >= 0 && !t.lineBreakAfter(s - 1); steps++) {
            int p = s - 1;
            boolean ok = t.isCap(p) || t.isAllCaps(p) || (t.isHyphen(p) && t.glued(p))
                    || (t.isWord(p) && Tokens.CONNECTORS.contains(t.key(p)) && !t.isCap(p));
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
}
