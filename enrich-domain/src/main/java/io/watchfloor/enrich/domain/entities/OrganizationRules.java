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
    /** Heads whose name goes on with "on": "Commission on Human Rights", "Council on Foreign Relations". */
    private static final Set<String> ON_HEADS = Set.of("commission", "committee", "council", "conference",
            "convention", "panel", "forum", "institute", "centre", "center", "task");
    /** Capitalised words after "on" that are a date, not a name: "the Council on Monday". */
    private static final Set<String> CALENDAR = Set.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december", "christmas", "easter", "eid");
    private static final Set<String> ORG_JOINERS = Set.of("and", "of", "&", "the", "for");
    private static final Set<String> PERSONAL_STOPS = Set.of("mr", "mrs", "ms", "dr", "sir", "dame");
    /** Collective nouns whose possessive is part of an organisation's name ("People's Party"). */
    private static final Set<String> COLLECTIVE_POSSESSIVES = Set.of("people", "women", "men", "children",
            "workers", "farmers", "peasants", "citizens", "veterans", "martyrs", "mothers", "nation", "students");
    /** Heads of military and security units, which take a number: "Unit 61398", "3 Air Division". */
    private static final Set<String> UNIT_HEADS = Set.of("unit", "division", "brigade", "brigades", "battalion",
            "regiment", "squadron", "wing", "corps", "fleet", "army", "group", "force", "command", "detachment");

    /** Organisation heads too generic to stand alone as a short name ("the Group", "the Service"). */
    private static final Set<String> GENERIC_HEADS = Set.of("international", "media", "press", "network", "group",
            "program", "programme", "service", "services", "team", "school", "society", "office", "center",
            "centre", "fund", "trust", "mission", "force", "institute", "foundation", "records", "studios",
            "company", "enterprises", "co", "inc", "ltd", "llc", "plc", "corp", "club", "conference",
            "union", "board", "committee", "department", "division", "unit", "wing", "command", "squad", "front");

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
            if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1) && t.isLower(p - 1)
                    && Tokens.ARABIC_ARTICLES.contains(t.key(p - 1))) {
                left = p - 1; // "al-Ghuraba Brigades", "Saray al-Jihad Group": the article is part of the name
                continue;
            }
            if (t.isWord(p) && (t.isCap(p) || t.isAllCaps(p))) {
                String k = t.key(p);
                if (k.equals("the") && t.isCap(p) && !t.sentenceStart(p)) {
                    left = p; // a capitalised "The" inside a sentence is part of the name: "The Scout Association"
                    break;
                }
                if (skipLeading.contains(k) || PERSONAL_STOPS.contains(k)) {
                    break;
                }
                left = p;
                continue;
            }
            if (t.kind[p] == TokenSeq.POSS && t.glued(p - 1) && t.isCap(p - 1) && t.isCap(left)
                    && COLLECTIVE_POSSESSIVES.contains(t.key(p - 1))) {
                left = p - 1; // "People's Liberation Army", "Women's Action Forum"
                continue;
            }
            if (t.isWord(p) && (t.key(p).equals("and") || t.key(p).equals("&")) && t.isCap(p - 1)
                    && !voc.has(t, p - 1, Lexicon.ORG_HEAD) && !gaz.endsPlace(t, p) && !t.isPunct(p - 2, ',')) {
                // "Procter and Gamble Company", not "Siemens, Airbus and Deutsche Bank" (a list)
                left = p - 1;
                continue;
            }
            break;
        }
        if (ordinal(t, left - 1) || (UNIT_HEADS.contains(t.key(h)) && number(t, left - 1))) {
            left--; // "82nd Airborne Division", "3 Air Division": the number is part of a unit's name
        }
        int right = h + 1;
        if (t.isHyphen(right) && t.glued(h)) {
            return; // "Conference Co-Lineman"
        }
        if (UNIT_HEADS.contains(t.key(h)) && number(t, right) && !t.lineBreakAfter(h)) {
            right++; // "Unit 61398", "Task Force 121"
        }
        boolean on = t.is(right, "on") && ON_HEADS.contains(t.key(h));
        if (right + 1 < t.size && t.isLower(right) && (on || OF_FOR.contains(t.key(right)))) {
            int q = right + 1;
            if (t.isWord(q) && t.key(q).equals("the")) {
                q++;
            }
            if (t.isCap(q) && !t.lineBreakAfter(right) && !(on && CALENDAR.contains(t.key(q)))) {
                int headEnd = right;
                right = q;
                while (right < t.size && !t.lineBreakAfter(right - 1)) {
                    if (right > q && voc.has(t, right, Lexicon.ROLE) && voc.has(t, right + 1, Lexicon.FIRST)
                            && !voc.has(t, right, Lexicon.ORG_HEAD)) {
                        break; // "Center for Countering Digital Hate CEO Imran Ahmed": a role and a name follow
                    } else if (t.isCap(right) || t.isAllCaps(right)) {
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
                if (right < t.size && t.kind[right] == TokenSeq.POSS) {
                    right = headEnd; // "2nd Bureau of the People's Liberation Army": the "of" part is another name
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
                    || (t.isWord(p) && !t.isCap(p) && (Tokens.CONNECTORS.contains(t.key(p)) || t.is(p, "in")));
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

    /** "82nd", "3rd", "102d": an ordinal number written with digits. */
    static boolean ordinal(TokenSeq t, int i) {
        if (!t.isWord(i) || !Character.isDigit(t.chars[t.start[i]])) {
            return false;
        }
        int k = t.start[i];
        while (k < t.end[i] && Character.isDigit(t.chars[k])) {
            k++;
        }
        String suffix = t.text.substring(k, t.end[i]);
        return k > t.start[i] && (suffix.equals("st") || suffix.equals("nd") || suffix.equals("rd")
                || suffix.equals("th") || suffix.equals("d"));
    }

    /** A plain number of one to six digits ("61398"), not a year-like four-digit number before a unit head. */
    private static boolean number(TokenSeq t, int i) {
        if (!t.isWord(i)) {
            return false;
        }
        int len = t.end[i] - t.start[i];
        if (len > 6) {
            return false;
        }
        for (int k = t.start[i]; k < t.end[i]; k++) {
            if (!Character.isDigit(t.chars[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * "the Iraqi government", "Iraqi security forces", "the UK government", "the Assad regime": a state institution
     * named by its country (a demonym or country name ending at token {@code i}) or, for a regime, by its leader.
     * The organisation's span runs from the name to the institution noun ("the" stays outside, like every name).
     */
    /** Institutions named by their leader: "the Assad regime", "the Trump administration". */
    private static final java.util.Set<String> LEADER_HEADS = java.util.Set.of("regime", "administration",
            "government", "cabinet");

    /** Words that say what kind of government it is, not whose: "Coalition government", "Third cabinet". */
    private static final java.util.Set<String> GOVERNMENT_KINDS = java.util.Set.of("provisional", "majority",
            "minority", "caretaker", "unity", "new", "former", "current", "previous", "civilian", "first", "second",
            "third", "fourth", "fifth", "local", "regional", "shadow", "puppet", "rebel", "de", "exile");

    private boolean kindOfGovernment(TokenSeq t, int i) {
        return voc.has(t, i, Lexicon.INSTITUTION) || voc.has(t, i, Lexicon.INSTITUTION_MODIFIER)
                || GOVERNMENT_KINDS.contains(t.key(i));
    }

    /** Plural heads that make "coalition" the multinational force of a conflict: "coalition forces". */
    private static final java.util.Set<String> COALITION_HEADS = java.util.Set.of("forces", "troops", "soldiers");

    /**
     * "coalition forces", "Coalition troops": the multinational force of a conflict (the US-led coalition in Iraq
     * and Syria, the Saudi-led one in Yemen), one actor per document whatever its head noun; not "anti-coalition
     * forces" and not a political coalition ("the coalition government").
     */
    void coalitionForces(FieldState f, int i) {
        TokenSeq t = f.t;
        int j = i + 1;
        if (!t.isLower(j) || t.lineBreakAfter(i) || !COALITION_HEADS.contains(t.key(j))
                || i > 0 && t.isHyphen(i - 1) && t.glued(i - 1)) {
            return;
        }
        f.cands.add(new Candidate(i, j + 1, ORGANIZATION, ORGANIZATION + "|coalition forces", null,
                t.text.substring(t.start[i], t.end[j]), 0.6, 4, "coalition"));
    }

    void nominalInstitution(FieldState f, int i) {
        TokenSeq t = f.t;
        int j = i + 1;
        if (!t.isLower(j) || t.lineBreakAfter(i)) {
            return;
        }
        int bj = voc.bits(t, j);
        if ((bj & Lexicon.INSTITUTION_MODIFIER) != 0 && t.isLower(j + 1) && voc.has(t, j + 1, Lexicon.INSTITUTION)) {
            j++;
        } else if ((bj & Lexicon.INSTITUTION) == 0) {
            return;
        }
        String head = t.key(j);
        int s = i;
        while (s - 1 >= 0 && s > i - 3 && (t.isCap(s - 1) || t.isAllCaps(s - 1)) && !t.lineBreakAfter(s - 1)
                && !skipLeading.contains(t.key(s - 1))) {
            s--;
        }
        int start = -1;
        for (int k = s; k <= i && start < 0; k++) {
            Object[] out = new Object[1];
            int end = voc.phrases().longest(voc.first(t, k), t, k, (x, a, b) -> b == i
                    && (x.type().equals(NATIONALITY) || x.kind().equals("country")), out, voc);
            if (end == i + 1) {
                start = k;
            }
        }
        String rule = "institution";
        if (start < 0 && LEADER_HEADS.contains(head) && j == i + 1 && t.isCap(i) && !t.isAllCaps(i)
                && !(t.sentenceStart(s) && voc.has(t, s, Lexicon.COMMON)) && !gaz.knownPhrase(t, s, i + 1)
                && (head.equals("regime") || !kindOfGovernment(t, i))) {
            start = s; // "the Assad regime", "the Trump administration", "the Netanyahu government"
            rule = head.equals("regime") ? "leader-regime" : "leader-institution";
        }
        if (start < 0) {
            return;
        }
        String surface = t.text.substring(t.start[start], t.end[j]);
        f.cands.add(new Candidate(start, j + 1, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t, start, j + 1),
                null, surface, 0.6, 4, rule));
    }

    /**
     * "Jaish al-Adl", "Lashkar-e-Taiba", "Kata'ib Hezbollah": a transliterated organisation word ({@code
     * [org-prefixes]}) followed by particles, hyphens and capitalised words (at least one).
     */
    void transliterated(FieldState f, int i) {
        TokenSeq t = f.t;
        int j = i + 1;
        int lastCap = -1;
        while (j < t.size && j - i <= 8 && !t.lineBreakAfter(j - 1)) {
            if (t.isCap(j) && !voc.has(t, j, Lexicon.SKIP)) {
                lastCap = j;
                j++;
            } else if (t.isHyphen(j) && t.glued(j) && t.glued(j - 1)) {
                j++;
            } else if (t.isWord(j) && t.isLower(j) && (voc.has(t, j, Lexicon.PARTICLE) || t.is(j, "e")
                    || t.is(j, "i") || t.is(j, "ul")) && (t.isCap(j + 1) || t.isHyphen(j + 1))) {
                j++;
            } else {
                break;
            }
        }
        if (lastCap < 0) {
            return;
        }
        int e = lastCap + 1;
        String surface = t.text.substring(t.start[i], t.end[e - 1]);
        f.cands.add(new Candidate(i, e, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t, i, e), null, surface,
                0.7, 4, "org-prefix"));
    }

    /** "the German company Zublin", "the band Gigi": capitalised words right after an organisation class noun. */
    void afterClassNoun(FieldState f, int i) {
        TokenSeq t = f.t;
        int p = i - 1;
        if (!t.isLower(p) || t.lineBreakAfter(p) || !voc.has(t, p, Lexicon.CLASS_NOUN)) {
            return;
        }
        int e = i;
        while (e < t.size && e - i < 5 && !(e > i && t.lineBreakAfter(e - 1))) {
            if ((t.isCap(e) || t.isAllCaps(e)) && !(e > i && voc.has(t, e, Lexicon.SKIP))) {
                e++;
            } else if ((t.is(e, "and") || t.isPunct(e, '&') || t.is(e, "of")) && t.isCap(e + 1) && e > i) {
                e++;
            } else {
                break;
            }
        }
        while (e > i && !(t.isCap(e - 1) || t.isAllCaps(e - 1))) {
            e--;
        }
        if (e == i || voc.has(t, i, Lexicon.TITLE)) {
            return;
        }
        String surface = t.text.substring(t.start[i], t.end[e - 1]);
        f.cands.add(new Candidate(i, e, ORGANIZATION, ORGANIZATION + "|" + Tokens.norm(t, i, e), null, surface,
                0.6, 2, "class-noun"));
    }

    /**
     * "the Coalition", "the Navy", "the League": a capitalised institutional head alone after "the" is the short name
     * of an organisation named in full elsewhere or known to the reader (weak: score 0.5, loses every overlap).
     */
    void shortName(FieldState f, int h) {
        TokenSeq t = f.t;
        if (!t.isCap(h) || t.isAllCaps(h) || !t.is(h - 1, "the") || GENERIC_HEADS.contains(t.key(h))
                || t.lineBreakAfter(h - 1)) {
            return;
        }
        if (h + 1 < t.size && (t.is(h + 1, "of") || t.is(h + 1, "for") || t.is(h + 1, "on") || t.isHyphen(h + 1))) {
            return; // "the Council of ...": the head rule reads the whole name
        }
        f.cands.add(new Candidate(h, h + 1, ORGANIZATION, ORGANIZATION + "|" + t.key(h), null, t.surface(h), 0.5, 0,
                "short-name"));
    }
}
