package io.watchfloor.enrich.domain.entities;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.NATIONALITY;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.PERSON;

/** Mention linking: coordinated names, surnames and acronyms linked to their full form, later short mentions. */
final class MentionLinking {

    private final Vocabulary voc;
    private final PersonRules personRules;
    private final GazetteerRules gaz;

    MentionLinking(Vocabulary voc, PersonRules people, GazetteerRules gaz) {
        this.voc = voc;
        this.personRules = people;
        this.gaz = gaz;
    }

    /**
     * Lists of people: "Jared Leto, Shannon Leto and Tomo Milicevic". A two- or three-word name coordinated
     * with a recognised person is a person too.
     */
    void coordinate(FieldState f) {
        TokenSeq t = f.t;
        List<Candidate> people = new ArrayList<>();
        for (Candidate c : f.selected) {
            if (c.type.equals(PERSON) && personRules.nameWords(t, c.s, c.e) >= 2) {
                people.add(c);
            }
        }
        for (int idx = 0; idx < people.size(); idx++) {
            Candidate c = people.get(idx);
            // to the right
            int j = c.e;
            int sep = Tokens.separator(t, j);
            if (sep > 0) {
                int s = j + sep;
                int e = personRules.readName(t, s, true);
                if (e > 0 && e - s >= 2 && personRules.nameWords(t, s, e) >= 1 && f.free(s, e) && Tokens.listEnd(t, e)
                        && !gaz.knownPhrase(t, s, e)) {
                    Candidate n = new Candidate(s, e, PERSON, PERSON + "|" + Tokens.norm(t, s, e), null,
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
                int s = personRules.nameStartBefore(t, e);
                if (s >= 0 && personRules.nameWords(t, s, e) >= 2 && f.free(s, e) && !gaz.knownPhrase(t, s, e)
                        && (s == 0 || !t.isCap(s - 1))) {
                    Candidate n = new Candidate(s, e, PERSON, PERSON + "|" + Tokens.norm(t, s, e), null,
                            t.text.substring(t.start[s], t.end[e - 1]), 0.6, 1, "coordination");
                    f.take(n);
                    people.add(n);
                }
            }
        }
    }

    /**
     * Lists of organisations and places: "bands such as Linkin Park, Cobra Starship and Head Automatica", "stops in
     * Chile, Portugal and Maui". Capitalised words coordinated to the right of a recognised organisation or place,
     * with no reading of their own, take its type (weak: score 0.5). A list needs three items or a second
     * separator, so "X and Y" alone is never enough.
     */
    void coordinateNames(FieldState f) {
        TokenSeq t = f.t;
        List<Candidate> known = new ArrayList<>();
        for (Candidate c : f.selected) {
            if ((c.type.equals(EntityRecognizer.ORGANIZATION) || c.type.equals(EntityRecognizer.LOCATION))
                    && c.prio > 0) {
                known.add(c);
            }
        }
        for (Candidate c : known) {
            int j = c.e;
            int items = 1;
            List<int[]> found = new ArrayList<>();
            boolean listed = false;
            while (true) {
                int sep = Tokens.separator(t, j);
                if (sep == 0 || t.lineBreakAfter(j - 1)) {
                    break;
                }
                listed |= t.isPunct(j, ',');
                int s = j + sep;
                int e = s;
                while (e < t.size && e - s < 4 && (t.isCap(e) || t.isAllCaps(e)) && !voc.has(t, e, Lexicon.SKIP)
                        && (e == s || !t.lineBreakAfter(e - 1))) {
                    e++;
                }
                if (e == s || !Tokens.listEnd(t, e) || !f.free(s, e)) {
                    break;
                }
                items++;
                found.add(new int[] {s, e});
                j = e;
            }
            if (found.isEmpty() || !(listed && items >= 3)) {
                continue;
            }
            for (int[] r : found) {
                if (gaz.knownPhrase(t, r[0], r[1]) || personRules.nameWords(t, r[0], r[1]) == 0
                        && voc.has(t, r[0], Lexicon.COMMON)) {
                    continue;
                }
                f.take(new Candidate(r[0], r[1], c.type, c.type + "|" + Tokens.norm(t, r[0], r[1]), null,
                        t.text.substring(t.start[r[0]], t.end[r[1] - 1]), 0.5, 1, "coordination"));
            }
        }
    }

    /** Later short mentions: surnames of people, bare acronyms and repeated names found elsewhere. */
    void propagate(List<FieldState> fields) {
        Map<String, Candidate> fullBySurname = new HashMap<>();
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if (c.type.equals(PERSON) && personRules.nameWords(f.t, c.s, c.e) >= 2) {
                    fullBySurname.putIfAbsent(f.t.key(c.e - 1), c);
                }
            }
        }
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if (c.type.equals(PERSON) && personRules.nameWords(f.t, c.s, c.e) == 1) {
                    Candidate full = fullBySurname.get(f.t.key(c.e - 1));
                    if (full != null) {
                        c.key = full.key;
                        c.name = full.name;
                    }
                }
            }
        }
        PhraseTrie<Candidate> known = new PhraseTrie<>();
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if (c.type.equals(NATIONALITY) || c.rule.startsWith("gazetteer") || c.rule.equals("role")) {
                    continue; // an office found by role ("the Minister") is a mention only where its rule finds it
                }
                known.put(Tokens.keys(f.t, c.s, c.e), c);
                if (c.rule.equals("leader-regime")) {
                    // "the Assad regime": later "Assad" alone is the leader, a person
                    Candidate leader = new Candidate(c.s, c.e - 1, PERSON, PERSON + "|" + Tokens.norm(f.t, c.s,
                            c.e - 1), null, f.t.text.substring(f.t.start[c.s], f.t.end[c.e - 2]), 0.6, 1,
                            "leader-regime");
                    known.put(Tokens.keys(f.t, c.s, c.e - 1), leader);
                }
                if (c.type.equals(PERSON)) {
                    int last = c.e - 1;
                    while (last > c.s && !personRules.nameToken(f.t, last)) {
                        last--; // past a suffix: "Clay Tice Jr."
                    }
                    if (personRules.nameToken(f.t, last) && f.t.end[last] - f.t.start[last] >= 3
                            && !voc.has(f.t, last, Lexicon.FIRST)) {
                        int from = last;
                        while (from - 1 > c.s && (f.t.isHyphen(from - 1) || voc.has(f.t, from - 1,
                                Lexicon.PARTICLE))) {
                            from--;
                        }
                        known.put(Tokens.keys(f.t, from, last + 1), c);
                        if (from != last) {
                            known.put(Tokens.keys(f.t, last, last + 1), c);
                        }
                    }
                    int first = c.s;
                    if (last > first && voc.has(f.t, first, Lexicon.FIRST) && personRules.nameToken(f.t, first)
                            && !voc.has(f.t, first, Lexicon.COMMON)) {
                        // "Jared Leto ... Jared": a given name alone, after the full name (first full name wins)
                        known.put(new String[] {f.t.key(first)}, c);
                    }
                }
            }
        }
        nominals(fields);
        if (known.size() == 0) {
            return;
        }
        Object[] out = new Object[1];
        // weak guesses ("RTEP" as an unknown acronym) take the identity of a defined name spelled the same
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if (c.prio == 0 && !c.rule.equals("same-document")) {
                    int end = known.longest(f.t, c.s, (x, a, b) -> x != c && x.prio > 0, out);
                    if (end == c.e) {
                        Candidate ref = (Candidate) out[0];
                        c.type = ref.type;
                        c.key = ref.key;
                        c.id = ref.id;
                        c.name = ref.name;
                    }
                }
            }
        }
        // first letter and length of every known first word: most tokens can be skipped without building a key
        boolean[] shapes = new boolean[26 * 32];
        for (String k : known.firstKeys()) {
            char c = k.charAt(0);
            if (c >= 'a' && c <= 'z' && k.length() < 32) {
                shapes[(c - 'a') * 32 + k.length()] = true;
            } else {
                shapes = null; // a key this filter cannot describe: look every token up
                break;
            }
        }
        for (FieldState f : fields) {
            TokenSeq t = f.t;
            List<Candidate> added = new ArrayList<>();
            for (int i = 0; i < t.size; i++) {
                if (f.covered[i] || !(t.isCap(i) || (t.isLower(i) && t.end[i] - t.start[i] <= 4
                        && (t.isHyphen(i + 1) || t.isCap(i + 1)) && voc.has(t, i, Lexicon.PARTICLE)))) {
                    continue;
                }
                if (shapes != null && !mayStart(shapes, t, i)) {
                    continue;
                }
                int end = known.longest(t, i, (c, a, b) -> f.free(a, b + 1) && (t.isCap(b) || t.isAllCaps(b)), out);
                if (end > 0) {
                    Candidate ref = (Candidate) out[0];
                    Candidate m = new Candidate(i, end, ref.type, ref.key, ref.id, ref.name, ref.score, 0,
                            "same-document");
                    int p = i - 1;
                    if (ref.type.equals(PERSON) && end == i + 1 && p >= 0 && !f.covered[p] && !t.lineBreakAfter(p)
                            && personRules.nameToken(t, p) && !(t.sentenceStart(p) && voc.has(t, p, Lexicon.COMMON))
                            && !gaz.knownPhrase(t, p, i)) {
                        // "Guido Caloi" after "Luigi Caloi": another given name with a known surname
                        m = new Candidate(p, end, PERSON, PERSON + "|" + Tokens.norm(t, p, end), null,
                                t.text.substring(t.start[p], t.end[end - 1]), 0.6, 0, "given-name");
                        f.covered[p] = true;
                    }
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

    /**
     * "the Assad regime ... the regime": a definite "the" + institution noun refers to the one institution of the
     * document with that head noun (found by the institution rule); the mention is the noun. Two institutions with
     * the same head ("the Iraqi government", "the Syrian government") make it ambiguous: no link.
     */
    private void nominals(List<FieldState> fields) {
        Map<String, Candidate> byHead = new HashMap<>();
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if ((c.rule.equals("institution") || c.rule.equals("leader-regime")) && f.t.isLower(c.e - 1)) {
                    String head = f.t.key(c.e - 1);
                    Candidate seen = byHead.putIfAbsent(head, c);
                    if (seen != null && !seen.key.equals(c.key)) {
                        byHead.put(head, AMBIGUOUS);
                    }
                }
            }
        }
        byHead.values().removeIf(c -> c == AMBIGUOUS);
        if (byHead.isEmpty()) {
            return;
        }
        for (FieldState f : fields) {
            TokenSeq t = f.t;
            List<Candidate> added = new ArrayList<>();
            for (int i = 0; i + 1 < t.size; i++) {
                int n = i + 1;
                if ((t.is(i, "the") || t.is(i, "The")) && t.isLower(n) && !f.covered[n] && !t.lineBreakAfter(i)
                        && !t.isCap(n + 1)) {
                    Candidate ref = byHead.get(t.key(n));
                    if (ref != null) {
                        added.add(new Candidate(n, n + 1, ref.type, ref.key, ref.id, ref.name, ref.score, 0,
                                "nominal"));
                        f.covered[n] = true;
                    }
                }
            }
            f.selected.addAll(added);
        }
    }

    private static final Candidate AMBIGUOUS = new Candidate(0, 0, "", "", null, "", 0, 0, "ambiguous");

    /** False only when token i is plain ASCII and no known first word has its first letter and length. */
    private static boolean mayStart(boolean[] shapes, TokenSeq t, int i) {
        int s = t.start[i];
        int len = t.end[i] - s;
        for (int k = s; k < s + len; k++) {
            if (t.chars[k] >= 128) {
                return true;
            }
        }
        char c = t.chars[s];
        if (c >= 'A' && c <= 'Z') {
            c += 32;
        }
        return c < 'a' || c > 'z' || len >= 32 || shapes[(c - 'a') * 32 + len];
    }
}
