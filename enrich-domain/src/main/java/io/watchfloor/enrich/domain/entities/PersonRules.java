package io.watchfloor.enrich.domain.entities;

import java.util.Set;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.ORGANIZATION;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.PERSON;

/** Rule set: people from titles and ranks, first names, appositions, speech verbs and role-only offices. */
final class PersonRules {

    private static final Set<String> APPOSITION_DETERMINERS = Set.of("a", "an", "the", "his", "her", "its",
            "their", "another", "one", "former", "our", "then");
    private static final Set<String> ROLE_HEADS = Set.of("secretary", "minister", "president", "ambassador",
            "envoy", "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "governor", "mayor",
            "commander", "king", "queen", "prince", "emir", "pope");
    /** The articles before a person named only by office ("the Foreign Secretary"). */
    static final Set<String> DETERMINERS = Set.of("the", "a", "an");
    /** The role attribute of a person named only by office ("the Foreign Secretary"). */
    static final String TITLE_ONLY = "title-only";
    /** What only a person has, right after a two-word name's possessive: "Ilvar Maddoch's election". */
    private static final Set<String> PERSONAL_NOUNS = Set.of("election", "re-election", "reelection",
            "inauguration", "resignation", "death", "funeral", "assassination", "arrest", "wife", "husband", "widow",
            "son", "daughter", "sons", "daughters", "brother", "sister", "mother", "father", "lawyer", "lawyers",
            "presidency", "premiership", "candidacy", "impeachment", "birthday", "memoir", "biography");
    /** Title words that only modify a title ("Foreign Minister", "Deputy Chief"): a chain of these alone is none. */
    private static final Set<String> TITLE_MODIFIERS = Set.of("prime", "foreign", "defence", "defense", "interior",
            "home", "deputy", "acting", "former", "late", "vice", "field", "staff");

    private final Vocabulary voc;
    private final GazetteerRules gaz;

    PersonRules(Vocabulary voc, GazetteerRules gaz) {
        this.voc = voc;
        this.gaz = gaz;
    }

    /** A capitalised word that can be part of a person's name. */
    boolean nameToken(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i) || Character.isDigit(t.chars[t.start[i]])) {
            return false;
        }
        int b = voc.bits(t, i);
        if ((b & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.TITLE | Lexicon.SKIP | Lexicon.NOT_SURNAME)) != 0) {
            return false;
        }
        if ((b & Lexicon.COMMON) != 0 && (b & Lexicon.FIRST) == 0) {
            return false;
        }
        if ((b & Lexicon.PHRASE) == 0) {
            return true;
        }
        PhraseTrie.Node<Lexicon.Entry> node = voc.first(t, i);
        Lexicon.Entry e = node == null ? null : node.value;
        return e == null || !(e.kind().equals("country") || e.kind().equals("demonym")
                || e.kind().equals("region") || e.kind().equals("continent") || e.type().equals(ORGANIZATION));
    }

    /** Reads a name starting at i: up to 4 name words joined by particles and hyphens; returns end or -1. */
    int readName(TokenSeq t, int i) {
        return readName(t, i, false);
    }

    /** Like {@link #nameToken} but a known place may be a surname too ("Michael Jordan"), after a first name. */
    boolean surnameToken(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i)) {
            return false;
        }
        int b = voc.bits(t, i);
        return (b & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.TITLE | Lexicon.SKIP | Lexicon.NOT_SURNAME)) == 0
                && ((b & Lexicon.COMMON) == 0 || (b & Lexicon.FIRST) != 0);
    }

    int readName(TokenSeq t, int i, boolean permissive) {
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
            } else if (words > 0 && j == lastGood && (commonSurname(t, j) || titleSurname(t, j))) {
                // "Gen. Jubal Early's attack", "Julie Bishop met": an ordinary or a title word closing the name
                words++;
                j++;
                lastGood = j;
                break;
            } else if (t.isWord(j) && voc.has(t, j, Lexicon.PARTICLE) && j > i || (t.isWord(j)
                    && voc.has(t, j, Lexicon.PARTICLE) && t.isHyphen(j + 1) && t.glued(j))) {
                j++;
            } else if (t.isHyphen(j) && t.glued(j) && t.glued(j - 1) && j > i) {
                j++;
            } else {
                break;
            }
        }
        return words == 0 ? -1 : withSuffix(t, lastGood);
    }

    /**
     * A capitalised title word right after a name word, closing the name (a lower-case word, punctuation other than
     * a dot, or the end follows): "Foreign Minister Julie Bishop met", not "Gen. Ali Khan Chief of Staff".
     */
    private boolean titleSurname(TokenSeq t, int j) {
        if (!t.isCap(j) || t.isAllCaps(j) || t.lineBreakAfter(j - 1) || !voc.has(t, j, Lexicon.TITLE)
                || TITLE_MODIFIERS.contains(t.key(j)) || t.end[j] - t.start[j] < 4) {
            return false;
        }
        return closesName(t, j, false);
    }

    /**
     * An ordinary word, capitalised inside a sentence right after a name word and closing the name (a lower-case
     * word, a possessive or punctuation other than a dot or hyphen follows): a surname. Not in title-cased headlines.
     */
    private boolean commonSurname(TokenSeq t, int j) {
        if (!t.isCap(j) || t.isAllCaps(j) || t.lineBreakAfter(j - 1) || t.sentenceStart(j) || t.titleCased()
                || t.end[j] - t.start[j] < 3) {
            return false;
        }
        int b = voc.bits(t, j);
        if ((b & Lexicon.COMMON) == 0 || (b & (Lexicon.ORG_HEAD | Lexicon.LOC_HEAD | Lexicon.TITLE | Lexicon.SKIP
                | Lexicon.PHRASE)) != 0) {
            return false; // also no word that starts a gazetteer name ("Black Sea", "Jordan")
        }
        return closesName(t, j, true);
    }

    /**
     * Whether the word at j would close a name: the end, a line break, a lower-case word other than "of"/"for", or
     * punctuation other than a dot or a hyphen (a possessive only when {@code possessiveCloses}).
     */
    private static boolean closesName(TokenSeq t, int j, boolean possessiveCloses) {
        int n = j + 1;
        if (n >= t.size || t.lineBreakAfter(j)) {
            return true;
        }
        if (t.isWord(n)) {
            return t.isLower(n) && !t.is(n, "of") && !t.is(n, "for");
        }
        if (t.kind[n] == TokenSeq.POSS) {
            return possessiveCloses;
        }
        return !t.isPunct(n, '.') && !t.isHyphen(n);
    }

    /** A generational suffix stays with the name: "Clay Tice Jr.", "Glenn A. Profitt II". */
    private static int withSuffix(TokenSeq t, int e) {
        if (e >= t.size || t.lineBreakAfter(e - 1)) {
            return e;
        }
        if ((t.is(e - 1, "Jr") || t.is(e - 1, "Sr")) && t.isPunct(e, '.') && t.glued(e - 1)) {
            return e + 1; // read as a name word already; its dot belongs to it
        }
        if (t.is(e, "Jr") || t.is(e, "Sr")) {
            return t.isPunct(e + 1, '.') && t.glued(e) ? e + 2 : e + 1;
        }
        if (t.isAllCaps(e) || t.is(e, "V")) {
            return romanNumeral(t, e) ? e + 1 : e;
        }
        return e;
    }

    /** A PERSON candidate over tokens [s, e), named by its surface text. */
    private static Candidate person(TokenSeq t, int s, int e, double score, int prio, String rule) {
        return new Candidate(s, e, PERSON, PERSON + "|" + Tokens.norm(t, s, e), null,
                t.text.substring(t.start[s], t.end[e - 1]), score, prio, rule);
    }

    int nameWords(TokenSeq t, int s, int e) {
        int n = 0;
        for (int i = s; i < e; i++) {
            if (nameToken(t, i)) {
                n++;
            }
        }
        return n;
    }

    void title(FieldState f, int i) {
        TokenSeq t = f.t;
        int j = i + 1;
        if (t.isPunct(j, '.') && t.glued(i)) {
            j++;
        }
        while (j < t.size && t.isCap(j) && voc.has(t, j, Lexicon.TITLE) && !t.lineBreakAfter(j - 1)) {
            j++;
            if (t.isPunct(j, '.') && t.glued(j - 1)) {
                j++;
            }
        }
        int chainEnd = j;
        int lastTitle = chainEnd - 1;
        while (lastTitle > i && t.kind[lastTitle] == TokenSeq.PUNCT) {
            lastTitle--;
        }
        if (t.isCap(lastTitle) && TITLE_MODIFIERS.contains(t.key(lastTitle))) {
            return; // "Minister of Foreign Affairs": "Foreign" alone titles no one
        }
        boolean comma = false;
        if (t.isPunct(j, ',')) {
            j++; // "Minister, Ali Khan" and "the German chancellor, Olaf Scholz, said"
            comma = true;
        }
        // "vice president JD Vance": two capital initials written as one word open the name
        boolean initials = j + 1 < t.size && t.isAllCaps(j) && t.end[j] - t.start[j] == 2 && !t.glued(j)
                && !t.lineBreakAfter(j) && nameToken(t, j + 1) && !gaz.knownPhrase(t, j, j + 1)
                && !voc.has(t, j, Lexicon.IN_TABLE);
        int e = j >= t.size || t.lineBreakAfter(j - 1) ? -1 : initials ? readName(t, j + 1) : readName(t, j);
        if (e < 0 && !comma) {
            roleOnly(f, i, chainEnd);
        }
        if (e < 0 || (comma && nameWords(t, j, e) + (initials ? 1 : 0) < 2)) {
            return;
        }
        if (comma && !t.isCap(i) && !(t.isPunct(e, ',') || t.isPunct(e, '.'))) {
            return; // after a lower-case role the name must close the apposition
        }
        if (!t.isCap(i) && nameWords(t, j, e) + (initials ? 1 : 0) < 2 && !t.isPunct(e, ',')) {
            return; // "commander Ali" is weak; "spokesman Zabihullah Mujahid" is not
        }
        if (e < t.size && (t.isCap(e) || t.isAllCaps(e)) && voc.has(t, e, Lexicon.ORG_HEAD)) {
            return; // "General Electric Company": the name runs into an organisation
        }
        if (j - i <= 2 && (t.is(i, "St") || t.is(i, "Saint")) && nameWords(t, j, e) < 2) {
            return; // "St. Louis", "St. Gallen", "St. Kitts": in news a place far more often than a saint
        }
        f.cands.add(person(t, j, e, 0.85, 4, "title")
                .attr("title", t.text.substring(t.start[i], t.end[Math.max(i, j - (comma ? 2 : 1))])));
    }

    /**
     * "the Foreign Secretary", "the Iraqi Foreign Minister": a capitalised office after a determiner and with no
     * name is a person referred to by role (weak; one entity per wording and document).
     */
    void roleOnly(FieldState f, int i, int end) {
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
        if (p >= 0 && t.isCap(p) && (voc.bits(t, p) & Lexicon.PHRASE) != 0 && !t.sentenceStart(p)) {
            s = p; // "Iraqi Foreign Minister", "US Secretary"
            p--;
        }
        boolean headline = s == i && t.sentenceStart(s) && i + 1 < end && t.isLower(end);
        boolean possessor = p > 0 && t.kind[p] == TokenSeq.POSS && (t.isCap(p - 1) || t.isAllCaps(p - 1));
        if (!headline && !possessor && (p < 0 || !t.isWord(p) || !DETERMINERS.contains(t.key(p)))) {
            return; // without a determiner only a sentence-initial two-word office: "Foreign Secretary welcomes"
        }
        if (end < t.size && (t.isCap(end) || t.isAllCaps(end))) {
            return; // "the Foreign Minister Office ...": part of a longer name
        }
        last = officeOf(t, last);
        f.cands.add(person(t, s, last + 1, 0.45, 0, "role").attr("role", TITLE_ONLY));
    }

    /**
     * The portfolio after an office: "the Minister of Foreign Affairs", "the Minister for Defence", "the Secretary of
     * State", "the Minister of the Interior"; it stops before a place ("... of Foreign Affairs of Iraq": Iraq stays a
     * place). Returns the new last token.
     */
    private int officeOf(TokenSeq t, int last) {
        int k = last + 1;
        if (!(t.is(k, "of") || t.is(k, "for")) || t.lineBreakAfter(last) || t.lineBreakAfter(k)) {
            return last;
        }
        int q = k + 1;
        if (t.is(q, "the") && !t.lineBreakAfter(k + 1)) {
            q++;
        }
        int e = q;
        while (e < t.size && t.isCap(e) && !t.isAllCaps(e) && !placeStart(t, e) && (e == q || !t.lineBreakAfter(e - 1))) {
            e++;
        }
        return e > q ? e - 1 : last;
    }

    private boolean placeStart(TokenSeq t, int i) {
        if ((voc.bits(t, i) & Lexicon.PHRASE) == 0) {
            return false;
        }
        PhraseTrie.Node<Lexicon.Entry> node = voc.first(t, i);
        Lexicon.Entry e = node == null ? null : node.value;
        return e != null && !e.type().equals(PERSON);
    }

    void firstName(FieldState f, int i) {
        TokenSeq t = f.t;
        if (i + 1 < t.size && t.isAllCaps(i + 1) && romanNumeral(t, i + 1) && !t.lineBreakAfter(i) && !t.is(i, "Mark")
                && !gaz.knownPhrase(t, i, i + 1) && !(t.sentenceStart(i) && voc.has(t, i, Lexicon.COMMON))) {
            // "Louis XIV", "Henry VIII": a given name with a regnal numeral ("Mark IV" is a model, not a king)
            f.cands.add(person(t, i, i + 2, 0.7, 2, "regnal-name"));
            return;
        }
        if (t.is(i + 1, "St") && t.isPunct(i + 2, '.') && t.glued(i + 1) && i + 3 < t.size && t.isCap(i + 3)
                && surnameToken(t, i + 3) && !t.lineBreakAfter(i) && !gaz.knownPhrase(t, i, i + 1)) {
            // "Ashley St. Clair": a surname that starts with "St."
            f.cands.add(person(t, i, i + 4, 0.75, 3, "first-name"));
            return;
        }
        if (!surnameToken(t, i + 1) && !(t.isWord(i + 1) && voc.has(t, i + 1, Lexicon.PARTICLE))) {
            loneGivenName(f, i);
            return;
        }
        int e = readName(t, i, true);
        if (e < 0 || e - i < 2) {
            return;
        }
        if (e < t.size && (t.isCap(e) || t.isAllCaps(e)) && voc.has(t, e, Lexicon.ORG_HEAD)) {
            return;
        }
        f.cands.add(person(t, i, e, 0.75, 3, "first-name"));
    }

    /**
     * "Orvel T. Brannagh", "Quintas R. Velloor II": a given name, a middle initial with its dot and a surname is a
     * person whether or not the given name is on the list (not a known place or organisation: "Washington D.C.").
     */
    void middleInitial(FieldState f, int i) {
        TokenSeq t = f.t;
        int m = i + 1;
        if (m + 2 >= t.size || !t.isCap(m) || t.end[m] - t.start[m] != 1 || !t.isPunct(m + 1, '.')
                || !t.glued(m) || t.lineBreakAfter(i) || !nameToken(t, i) || !nameToken(t, m + 2)
                || t.end[m + 2] - t.start[m + 2] < 2 || gaz.knownPhrase(t, i, i + 1)) {
            return;
        }
        int e = readName(t, i, true);
        if (e <= m + 2) {
            return;
        }
        f.cands.add(person(t, i, e, 0.7, 2, "middle-initial"));
    }

    /** "Sharifullah, a key ISIS-K planner": a name followed by a comma and a person role. */
    void apposition(FieldState f, int comma) {
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
        } else if (age(t, k) && t.isPunct(k + 1, ',') && nameWords(t, s, e) >= 2) {
            score = 0.65; // "Ahmad Shah, 32, was arrested": an age in apposition
        } else if (APPOSITION_DETERMINERS.contains(d)) {
            score = 0.0;
            for (int m = k + 1; m < t.size && m <= k + 6; m++) {
                if (t.kind[m] == TokenSeq.PUNCT && !t.isHyphen(m)) {
                    break;
                }
                if (t.isWord(m) && voc.has(t, m, Lexicon.ROLE)) {
                    score = 0.7;
                    break;
                }
            }
        } else {
            return;
        }
        if (score == 0.0 || gaz.knownPhrase(t, s, e)) {
            return;
        }
        if (nameWords(t, s, e) == 1 && t.sentenceStart(s) && voc.has(t, s, Lexicon.COMMON)) {
            return;
        }
        f.cands.add(person(t, s, e, score, 2, "apposition"));
    }

    /**
     * A sentence's first word that is capitalised for its position only and stands before a name: an adverb
     * ("Apparently", "Separately", "Reportedly": not a listed given name, nor "Beverly" or "Donnelly") or a person's
     * role ("Analyst", "Engineer", "Activist": the role nouns of entity-rules.txt). Time words ("Yesterday",
     * "Earlier") are in its [skip-leading] list, which no name starts with.
     */
    private boolean sentenceLead(TokenSeq t, int s) {
        if (!t.sentenceStart(s) || voc.has(t, s, Lexicon.FIRST)) {
            return false;
        }
        String w = t.key(s);
        return adverb(w) || voc.has(t, s, Lexicon.ROLE);
    }

    /** Adverb endings (apparently, reportedly, finally, notably, publicly); not the -erly/-elly/-olly of names. */
    private static final String[] ADVERB_ENDINGS = {"ally", "tely", "edly", "ntly", "ngly", "usly", "vely", "bly",
        "icly", "arly"};

    private static boolean adverb(String w) {
        if (w.length() < 6) {
            return false;
        }
        for (String ending : ADVERB_ENDINGS) {
            if (w.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    /** Start of a name that ends just before token e, or -1. */
    int nameStartBefore(TokenSeq t, int e) {
        int s = e;
        int words = 0;
        while (s - 1 >= 0 && words < 4 && !t.lineBreakAfter(s - 1)) {
            int p = s - 1;
            if (nameToken(t, p)) {
                words++;
                s = p;
            } else if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1)) {
                s = p;
            } else if (t.isWord(p) && voc.has(t, p, Lexicon.PARTICLE) && words > 0) {
                s = p;
            } else {
                break;
            }
        }
        while (s < e && !nameToken(t, s) && !(t.isWord(s) && voc.has(t, s, Lexicon.PARTICLE) && t.isHyphen(s + 1))) {
            s++;
        }
        if (words == 0 || s >= e) {
            return -1;
        }
        if (words >= 3 && sentenceLead(t, s)) {
            s++; // "Apparently Edward Davis said", "Analyst Edward Davis said": the name starts after the lead word
        }
        // the name must not continue to the left with a capitalised word we could not use
        if (s - 1 >= 0 && (t.isCap(s - 1) || t.isAllCaps(s - 1)) && !t.lineBreakAfter(s - 1)
                && !t.sentenceStart(s - 1) && !voc.has(t, s - 1, Lexicon.TITLE)) {
            return -1;
        }
        return s;
    }

    /** "Tobias Ellwood said" / "said Tobias Ellwood.": a two- to four-word name next to a speech verb. */
    void speaker(FieldState f, int v) {
        TokenSeq t = f.t;
        int e = v;
        if (t.isPunct(e - 1, ',')) {
            e--;
        }
        int s = nameStartBefore(t, e);
        if (s >= 0 && nameWords(t, s, e) >= 2 && !gaz.knownPhrase(t, s, e)) {
            f.cands.add(person(t, s, e, 0.6, 1, "speaker"));
        }
        int a = v + 1;
        if (a < t.size && nameToken(t, a)) {
            int end = readName(t, a);
            if (end > 0 && nameWords(t, a, end) >= 2 && (end >= t.size || t.kind[end] == TokenSeq.PUNCT)
                    && !gaz.knownPhrase(t, a, end)) {
                f.cands.add(person(t, a, end, 0.6, 1, "speaker"));
            }
        }
    }

    /**
     * "Assad's brutal regime", "Maduro's government": a name whose possessive governs a regime or government is
     * the leader, a person (not when the name is a known place or organisation: "Syria's government"); so is a name
     * of two words or more whose possessive governs what only a person has ("Ilvar Maddoch's resignation", "... 's
     * lawyers").
     */
    void leaderPossessive(FieldState f, int i) {
        TokenSeq t = f.t;
        int poss = i + 1;
        if (poss >= t.size || t.kind[poss] != TokenSeq.POSS || !nameToken(t, i)) {
            return;
        }
        boolean governs = false;
        boolean personal = false;
        for (int k = poss + 1; k < t.size && k <= poss + 3 && t.isLower(k); k++) {
            if (t.is(k, "regime") || t.is(k, "government") || t.is(k, "administration")) {
                governs = true;
                break;
            }
            if (k == poss + 1 && PERSONAL_NOUNS.contains(t.key(k))) {
                personal = true;
                break;
            }
        }
        int s = i;
        while (s - 1 >= 0 && nameToken(t, s - 1) && !t.lineBreakAfter(s - 1) && i - s < 3) {
            s--;
        }
        if (!(governs || (personal && i > s)) || gaz.knownPhrase(t, s, i + 1)
                || (t.sentenceStart(s) && voc.has(t, s, Lexicon.COMMON))) {
            return;
        }
        f.cands.add(person(t, s, i + 1, 0.6, 2, "leader-possessive"));
    }

    /**
     * "Mohan al-Freiji", "Abu Omar al-Ansari": a capitalised word, a hyphenated Arabic particle and a capitalised
     * word make a person's name even when the given name is in no list (not a known place or organisation).
     */
    void particleName(FieldState f, int i) {
        TokenSeq t = f.t;
        boolean hyphenated = t.isHyphen(i + 2) && t.glued(i + 1) && t.glued(i + 2) && t.isCap(i + 3);
        if (!t.isLower(i + 1) || !(hyphenated || separateParticle(t, i + 1))
                || !voc.has(t, i + 1, Lexicon.PARTICLE) || !nameToken(t, i)
                || (t.sentenceStart(i) && voc.has(t, i, Lexicon.COMMON))) {
            return;
        }
        int s = i;
        while (s - 1 >= 0 && i - s < 2 && nameToken(t, s - 1) && !t.lineBreakAfter(s - 1)
                && !(t.sentenceStart(s - 1) && voc.has(t, s - 1, Lexicon.COMMON))) {
            s--;
        }
        if (s >= 2 && t.isHyphen(s - 1) && t.glued(s - 1) && t.glued(s - 2) && nameToken(t, s - 2)) {
            s -= 2; // "Anna-Lena von Hodenberg"
        }
        if (!hyphenated && ARTICLES.contains(t.surface(s))) {
            return; // "Ein Lied von Liebe": a title, not a name
        }
        int e = readName(t, s, true);
        if (e < i + (hyphenated ? 4 : 3) || gaz.knownPhrase(t, s, e) || gaz.knownPhrase(t, s, s + 1)
                || voc.has(t, s, Lexicon.ORG_PREFIX)) {
            return;
        }
        f.cands.add(person(t, s, e, 0.6, 2, "particle-name"));
    }

    /** German and Dutch articles, which start titles before "von"/"van" but are no given names. */
    private static final java.util.Set<String> ARTICLES = java.util.Set.of("Ein", "Eine", "Der", "Die", "Das",
            "Het", "De", "Een");

    /** Particles that, written apart, join a given name to a surname: "Dorvan von Kessel", "Hamza bin Laden". */
    private static final java.util.Set<String> SEPARATE_PARTICLES = java.util.Set.of("von", "van", "bin", "ibn",
            "bint");

    /** "von Kessel", "van der Voss", "bin Laden": a separate person particle (and "der"/"den") before a surname. */
    private boolean separateParticle(TokenSeq t, int p) {
        if (!SEPARATE_PARTICLES.contains(t.key(p)) || t.lineBreakAfter(p)) {
            return false;
        }
        int n = (t.is(p + 1, "der") || t.is(p + 1, "den")) && !t.lineBreakAfter(p + 1) ? p + 2 : p + 1;
        return t.isCap(n) && surnameToken(t, n);
    }

    /** Roman numerals after a name: regnal and generational ("Leo XIV", "Louis XVIII", "Glenn Profitt II"). */
    static boolean romanNumeral(TokenSeq t, int i) {
        if (!t.isWord(i) || t.glued(i) && t.isHyphen(i + 1)) {
            return false;
        }
        int s = t.start[i];
        int len = t.end[i] - s;
        if (len == 1) {
            return t.chars[s] == 'V'; // "I" is the pronoun, "X" a letter or a platform
        }
        return len <= 6 && ROMAN.matcher(t.text).region(s, t.end[i]).matches();
    }

    private static final java.util.regex.Pattern ROMAN = java.util.regex.Pattern.compile("X{0,3}(IX|IV|V?I{0,3})");

    /** Languages whose script a name is given in, in parentheses: "Abboud Qanbar (Arabic: ...)". */
    private static final java.util.Set<String> SCRIPTS = java.util.Set.of("arabic", "persian", "farsi", "pashto",
            "urdu", "kurdish", "turkish", "hebrew", "russian", "ukrainian", "chinese", "somali", "dari", "syriac",
            "amharic", "tigrinya", "hausa", "georgian", "armenian", "greek", "korean", "japanese", "hindi", "bengali");

    /**
     * "Abboud Qanbar (Arabic: ...)", "Hibhib (Arabic: ...)": a capitalised name right before its original script
     * in parentheses is a name: a person when it has two or more name words, else a place (weak).
     */
    void scriptGloss(FieldState f, int open) {
        TokenSeq t = f.t;
        if (!t.isPunct(open, '(') || !t.isWord(open + 1) || !t.isPunct(open + 2, ':')
                || !SCRIPTS.contains(t.key(open + 1))) {
            return;
        }
        int e = open;
        int s = e;
        while (s - 1 >= 0 && e - s < 6 && !t.lineBreakAfter(s - 1) && (t.isCap(s - 1) || (t.isHyphen(s - 1)
                && t.glued(s - 1)) || (t.isLower(s - 1) && voc.has(t, s - 1, Lexicon.PARTICLE)))) {
            s--;
        }
        while (s < e && !t.isCap(s)) {
            s++;
        }
        if (s == e || voc.has(t, s, Lexicon.SKIP) || gaz.knownPhrase(t, s, e)) {
            return;
        }
        boolean person = nameWords(t, s, e) >= 2;
        String type = person ? PERSON : EntityRecognizer.LOCATION;
        f.cands.add(new Candidate(s, e, type, type + "|" + Tokens.norm(t, s, e), null,
                t.text.substring(t.start[s], t.end[e - 1]), 0.5, 1, "script-gloss"));
    }

    /** A number a person's age can be: one to three digits, at most 120. */
    private static boolean age(TokenSeq t, int i) {
        if (!t.isWord(i) || t.end[i] - t.start[i] > 3) {
            return false;
        }
        int n = 0;
        for (int k = t.start[i]; k < t.end[i]; k++) {
            char c = t.chars[k];
            if (c < '0' || c > '9') {
                return false;
            }
            n = n * 10 + (c - '0');
        }
        return n > 0 && n <= 120;
    }

    private static boolean year(TokenSeq t, int i) {
        if (!t.isWord(i) || t.end[i] - t.start[i] < 3 || t.end[i] - t.start[i] > 4) {
            return false;
        }
        for (int k = t.start[i]; k < t.end[i]; k++) {
            if (t.chars[k] < '0' || t.chars[k] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * "Candace Savage (born 1949)", "Agnieszka Baranowska (1819 - 1890)": a capitalised name right before its birth
     * or its life's years in parentheses is a person (one name word: weaker).
     */
    void lifeGloss(FieldState f, int open) {
        TokenSeq t = f.t;
        if (!t.isPunct(open, '(')) {
            return;
        }
        int q = open + 1;
        boolean born = t.is(q, "born") || t.is(q, "née") || t.is(q, "nee");
        boolean years = false;
        if (!born && year(t, q)) {
            int r = q + 1;
            while (r < t.size && r <= q + 2 && t.kind[r] == TokenSeq.PUNCT && !t.isPunct(r, ')')) {
                r++; // "-", "--", "–"
            }
            years = r > q + 1 && year(t, r) && t.isPunct(r + 1, ')');
        }
        if (!born && !years) {
            return;
        }
        int e = open;
        if (e - 1 < 0 || t.lineBreakAfter(e - 1)) {
            return;
        }
        int s = nameStartBefore(t, e);
        if (s < 0 || gaz.knownPhrase(t, s, e)) {
            return;
        }
        int words = nameWords(t, s, e);
        if (words == 1 && (voc.has(t, s, Lexicon.COMMON) || voc.has(t, s, Lexicon.SKIP))) {
            return;
        }
        f.cands.add(person(t, s, e, words >= 2 ? 0.7 : 0.55, 2, "life-gloss"));
    }

    /**
     * "... his brother Shannon joined": a listed given name standing alone inside a sentence (not sentence-initial,
     * no capitalised word on either side, not a place or an ordinary word) is a person (weak: score 0.5).
     */
    private void loneGivenName(FieldState f, int i) {
        TokenSeq t = f.t;
        if (t.sentenceStart(i) || t.isCap(i - 1) || t.isAllCaps(i - 1) || t.isCap(i + 1) || t.isAllCaps(i + 1)
                || t.isHyphen(i + 1) || t.isHyphen(i - 1) || !nameToken(t, i) || voc.has(t, i, Lexicon.COMMON)
                || voc.has(t, i, Lexicon.PHRASE) || t.end[i] - t.start[i] < 3) {
            return;
        }
        f.cands.add(new Candidate(i, i + 1, PERSON, PERSON + "|" + t.key(i), null, t.surface(i), 0.5, 0,
                "given-name-alone"));
    }
}
