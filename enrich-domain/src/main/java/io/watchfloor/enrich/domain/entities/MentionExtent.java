package io.watchfloor.enrich.domain.entities;

import java.util.Arrays;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.LOCATION;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.NATIONALITY;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.ORGANIZATION;
import static io.watchfloor.enrich.domain.entities.EntityRecognizer.PERSON;

/**
 * A mention's extent: the whole noun phrase that names the entity, where the name itself is only its core. The
 * name follows the CoNLL convention (no determiner, no title or rank) and is what a reader sees highlighted; the
 * extent follows the ACE convention that re3d's annotators use:
 * <ul>
 *   <li>people keep their titles and ranks and the nationality before them: "Iraqi Prime Minister Nouri al-Maliki",
 *       "Staff Colonel Abd Alamir", "Gen. Kurilla", "lieutenant Muath al-Kasasbeh";</li>
 *   <li>organisations and places keep their determiner and a nationality or compass word before them: "the Mosul
 *       Dam", "the Jordanian 71st Counter Terrorism Battalion", "northeast Iraq";</li>
 *   <li>a place named after its kind keeps the kind and one word describing it: "the city of Husaybah", "the
 *       Kuwaiti island of Failaka";</li>
 *   <li>a person named only by office keeps its article, a "-designate" or "-elect" and the place or organisation
 *       of the office: "the Prime Minister-designate", "the President of Syria";</li>
 *   <li>a possessor is part of what it owns: "Britain's Foreign Secretary Philip Hammond", "the UK's Ministry of
 *       Defence"; a number is part of the force it counts: "120 Iraqi soldiers".</li>
 * </ul>
 * Only words directly before the name are taken (no line break, no other entity except a nationality or a
 * possessor), and after it only a place's container and an office's place, so the extent never reaches across an
 * apposition; a mention inside another's extent (the possessor, the office's country) stays a mention of its own.
 */
final class MentionExtent {

    /**
     * Lower-case compass words that belong to a place's extent ("northeast Iraq", "southern Kirkuk"): the direction
     * words of place names without the ones that are also ordinary adjectives ("upper", "lower", "greater", "old").
     */
    private static final java.util.Set<String> COMPASS = GazetteerRules.DIRECTIONS.stream()
            .filter(w -> !java.util.Set.of("upper", "lower", "greater", "old").contains(w))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Plural heads of institution mentions that a number can count: "120 Iraqi soldiers", "300 US troops". */
    private static final java.util.Set<String> PLURAL_BODIES = java.util.Set.of("soldiers", "troops", "forces");
    private static final java.util.Set<String> NUMBER_WORDS = java.util.Set.of("two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "fifty", "hundred");

    private final Vocabulary vocab;

    MentionExtent(Vocabulary vocab) {
        this.vocab = vocab;
    }

    /**
     * For each token index e, the first token of the selected nationality ending just before e, else -1; null when
     * the field has no nationality.
     */
    static int[] nationalityStarts(FieldState f) {
        int[] starts = null;
        for (Candidate c : f.selected) {
            if (c.type.equals(NATIONALITY)) {
                if (starts == null) {
                    starts = new int[f.t.size + 1];
                    Arrays.fill(starts, -1);
                }
                starts[c.e] = c.s;
            }
        }
        return starts;
    }

    /**
     * Records the extent start of candidate c when a possessive "'s" follows it ("Britain's"), for {@link #start} of
     * the mention it owns; the slots are allocated on first use (most fields have no possessor: null).
     */
    static int[] possessor(int[] slots, FieldState f, Candidate c, int extentStart) {
        if (c.e >= f.t.size || f.t.kind[c.e] != TokenSeq.POSS || c.type.equals(NATIONALITY)) {
            return slots;
        }
        int[] s = slots;
        if (s == null) {
            s = new int[f.t.size + 1];
            Arrays.fill(s, -1);
        }
        s[c.e] = extentStart;
        return s;
    }

    private static int nationalityBefore(int[] starts, int p) {
        return starts == null ? -1 : starts[p];
    }

    /**
     * The first token of candidate c's extent (c.s when nothing before it belongs to the mention).
     * {@code possessorStarts} holds, for the index of each possessive "'s", the extent start of the selected mention
     * before it, else -1 (filled in reading order by {@link #possessor}; null while there is none).
     */
    int start(FieldState f, Candidate c, int[] nationalityStarts, int[] possessorStarts) {
        TokenSeq t = f.t;
        int p = c.s;
        switch (c.type) {
            case PERSON -> {
                boolean title = false;
                while (true) {
                    int i = p - 1;
                    if (t.isPunct(i, '.') && i > 0 && t.glued(i - 1) && t.isCap(i - 1)
                            && t.end[i - 1] - t.start[i - 1] <= 4 && title(f, i - 1)) {
                        p = i - 1; // "Gen." / "Dr."
                    } else if (title(f, i)) {
                        p = i;
                    } else {
                        break;
                    }
                    title = true;
                }
                if (title && nationalityBefore(nationalityStarts, p) >= 0 && !t.lineBreakAfter(p - 1)) {
                    p = nationalityStarts[p];
                }
                if (!title && PersonRules.TITLE_ONLY.equals(c.attr("role")) && free(f, p - 1)
                        && !t.lineBreakAfter(p - 1) && PersonRules.DETERMINERS.contains(t.key(p - 1))) {
                    p--; // "the Foreign Secretary", "a new Prime Minister-designate": a person named by office
                }
            }
            case ORGANIZATION, LOCATION -> {
                if (nationalityBefore(nationalityStarts, p) >= 0 && !t.lineBreakAfter(p - 1)) {
                    p = nationalityStarts[p];
                } else if (c.type.equals(LOCATION) && free(f, p - 1) && t.isLower(p - 1) && compassShape(t, p - 1)
                        && COMPASS.contains(t.key(p - 1))) {
                    p--;
                } else if (c.type.equals(LOCATION) && free(f, p - 2) && LocationRules.placeOf(vocab, t, p - 1)) {
                    if (the(f, p - 3)) {
                        p -= 2; // "the city of Husaybah": the determiner is taken below
                    } else {
                        // "the Kuwaiti island of Failaka", "the Yazidi village of Kocho": one describing word between
                        int d = nationalityBefore(nationalityStarts, p - 2) >= 0 ? nationalityStarts[p - 2]
                                : free(f, p - 3) && t.isCap(p - 3) ? p - 3 : -1;
                        if (d > 0 && the(f, d - 1)) {
                            p = d;
                        }
                    }
                }
                if (the(f, p - 1) && !Determiner.modifies(t.text, t.end[c.e - 1])) {
                    p--;
                } else if (c.type.equals(ORGANIZATION) && PLURAL_BODIES.contains(t.key(c.e - 1))
                        && quantity(f, p - 1)) {
                    p--; // "120 Iraqi soldiers": the number counts the members the mention names
                }
            }
            default -> {
                return p;
            }
        }
        if (possessorStarts != null && p >= 2 && t.kind[p - 1] == TokenSeq.POSS && possessorStarts[p - 1] >= 0
                && !t.lineBreakAfter(p - 1)) {
            p = possessorStarts[p - 1]; // "Britain's Foreign Secretary Philip Hammond", "the UK's Ministry of Defence"
        }
        return p;
    }

    /** A cardinal before a counted group: digits ("120", "1,500") or a number word. */
    private static boolean quantity(FieldState f, int i) {
        TokenSeq t = f.t;
        if (!free(f, i) || t.lineBreakAfter(i)) {
            return false;
        }
        for (int k = t.start[i]; k < t.end[i]; k++) {
            char ch = t.chars[k];
            if (!(ch >= '0' && ch <= '9' || ch == ',' && k > t.start[i])) {
                return NUMBER_WORDS.contains(t.key(i));
            }
        }
        return true;
    }

    /**
     * The token after candidate c's extent: a place followed by the country, first-level division or region that
     * holds it takes that in ("Baghdad, Iraq", "Brandbergen, Haninge Municipality"), unless the two start or
     * continue a list ("Baghdad, Diyala and Anbar"). {@code next} is the selected candidate after c, or null.
     */
    int end(FieldState f, Candidate c, Candidate next) {
        TokenSeq t = f.t;
        if (c.type.equals(PERSON) && PersonRules.TITLE_ONLY.equals(c.attr("role"))) {
            return officeEnd(f, c, next);
        }
        if (!c.type.equals(LOCATION) || next == null || !next.type.equals(LOCATION) || next.s != c.e + 1
                || !t.isPunct(c.e, ',') || container(c) || !container(next)
                || t.isPunct(next.e, ',') || t.is(next.e, "and") || t.is(next.e, "or")
                || c.s > 0 && (t.isPunct(c.s - 1, ',') || t.is(c.s - 1, "and"))) {
            return c.e;
        }
        return next.e;
    }

    /**
     * The end of a person named by office: "the Prime Minister-designate", "the President of Syria", "the Minister of
     * Foreign Affairs of Iraq" (the place or organisation stays a mention of its own inside).
     */
    private static int officeEnd(FieldState f, Candidate c, Candidate next) {
        TokenSeq t = f.t;
        int e = c.e;
        if (t.isHyphen(e) && t.glued(e - 1) && t.glued(e) && (t.is(e + 1, "designate") || t.is(e + 1, "elect"))) {
            e += 2;
        }
        if (next != null && t.is(e, "of") && !t.lineBreakAfter(e)
                && (next.type.equals(LOCATION) || next.type.equals(ORGANIZATION))
                && (next.s == e + 1 || next.s == e + 2 && the(f, e + 1))) {
            e = next.e;
        }
        return e;
    }

    private static boolean container(Candidate c) {
        String kind = c.attr("kind");
        return kind != null && LocationRules.CONTAINER_KINDS.contains(kind);
    }

    /** Cheap check before the lookup: compass words start with n, s, e, w or c and have 4 to 12 letters. */
    private static boolean compassShape(TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        int len = t.end[i] - t.start[i];
        return len >= 4 && len <= 12 && (c == 'n' || c == 's' || c == 'e' || c == 'w' || c == 'c');
    }

    private boolean title(FieldState f, int i) {
        TokenSeq t = f.t;
        // titles, ranks and offices, capitalised or not ("lieutenant Muath al-Kasasbeh"); occupations and roles
        // ("militant", "bomber") are descriptions, not part of the name's mention
        return free(f, i) && !t.lineBreakAfter(i) && vocab.has(t, i, Lexicon.TITLE);
    }

    private static boolean the(FieldState f, int i) {
        TokenSeq t = f.t;
        return free(f, i) && !t.lineBreakAfter(i) && (t.is(i, "the") || t.is(i, "The"));
    }

    private static boolean free(FieldState f, int i) {
        return i >= 0 && i < f.t.size && f.t.isWord(i) && !f.covered[i];
    }
}
