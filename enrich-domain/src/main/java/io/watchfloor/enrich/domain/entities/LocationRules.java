package io.watchfloor.enrich.domain.entities;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.LOCATION;

/** Rule set: places from head words ("... Province"), prefixes ("Mount ...") and locative context ("in X"). */
final class LocationRules {

    private static final String[] LOCATIVE_WORDS = {"in", "near", "outside", "into", "towards", "toward"};

    /** Lower-case place nouns that stay with the name before them: "Anbar province", "Hamrin mountains". */
    static final java.util.Set<String> LOWER_HEADS = java.util.Set.of("province", "district", "governorate",
            "region", "valley", "river", "mountains", "desert", "county", "oblast", "prefecture", "municipality",
            "peninsula", "plain", "plateau", "hills", "island", "islands", "forest", "railway", "pipeline");

    private final Vocabulary voc;

    LocationRules(Vocabulary voc) {
        this.voc = voc;
    }

    void locationHead(FieldState f, int h) {
        TokenSeq t = f.t;
        if (!t.isCap(h)) {
            return;
        }
        int left = h;
        while (left - 1 >= 0 && !t.lineBreakAfter(left - 1)) {
            int p = left - 1;
            if (t.isCap(p) && !voc.has(t, p, Lexicon.SKIP) && !voc.has(t, p, Lexicon.TITLE)) {
                left = p;
            } else if (t.isHyphen(p) && t.glued(p) && t.glued(p - 1) && t.isCap(p - 1)) {
                left = p - 1;
            } else {
                break;
            }
        }
        if (left == h || (left == h - 1 && voc.has(t, left, Lexicon.COMMON))) {
            return;
        }
        String surface = t.text.substring(t.start[left], t.end[h]);
        f.cands.add(new Candidate(left, h + 1, LOCATION, LOCATION + "|" + Tokens.norm(t, left, h + 1), null,
                surface, 0.65, 3,
                "location-head"));
    }

    void locationPrefix(FieldState f, int i) {
        TokenSeq t = f.t;
        int e = i + 1;
        while (e < t.size && e - i <= 3 && t.isCap(e) && !t.lineBreakAfter(e - 1)
                && !voc.has(t, e, Lexicon.COMMON)) {
            e++;
        }
        if (e == i + 1) {
            return;
        }
        String surface = t.text.substring(t.start[i], t.end[e - 1]);
        f.cands.add(new Candidate(i, e, LOCATION, LOCATION + "|" + Tokens.norm(t, i, e), null, surface, 0.65, 3,
                "location-prefix"));
    }

    /**
     * "attacks in Qamenas, Sarmin and Talamenes": capitalised words no list knows, right after a locative
     * preposition and ending at punctuation or a lower-case word, are places (weakest rule, loses every overlap).
     */
    void unknownPlace(FieldState f, int prep) {
        TokenSeq t = f.t;
        int s = prep + 1;
        if (t.isLower(s) && t.key(s).equals("the")) {
            return; // "in the Foo Bar" is more often an organisation or event than a place
        }
        while (s < t.size) {
            int e = s;
            if (t.isCap(s) && GazetteerRules.DIRECTIONS.contains(t.key(s)) && s + 1 < t.size
                    && !t.lineBreakAfter(s) && placeWord(t, s + 1) && !demonym(t, s + 1)) {
                e++; // "in South Kordofan", "in Northern Rakhine": a part of an unknown place
            }
            int words = e - s;
            int saint = t.is(s, "St") && t.isPunct(s + 1, '.') && t.glued(s) ? 2 : t.is(s, "Saint") ? 1 : 0;
            if (saint > 0 && e == s && s + saint < t.size && placeWord(t, s + saint)
                    && !t.lineBreakAfter(s + saint - 1)) {
                e += saint; // "in St. Louis", "to Saint Helier": the prefix is part of the place's name
                words = 1;
            }
            while (e < t.size && words < 3 && placeWord(t, e) && (e == s || !t.lineBreakAfter(e - 1))) {
                e++;
                words++;
                while (t.isHyphen(e) && t.glued(e - 1) && t.glued(e) && t.isWord(e + 1)
                        && (t.isCap(e + 1) || t.end[e + 1] - t.start[e + 1] <= 3)) {
                    e += 2; // "Al-Fashir", "Corse-du-Sud", "Shahr-e Naw": one word of the name
                }
            }
            if (e == s || !(e >= t.size || t.kind[e] == TokenSeq.PUNCT || t.isLower(e)) || t.isPunct(e, '(')
                    || (e < t.size && t.kind[e] == TokenSeq.POSS) || (t.isHyphen(e) && t.glued(e - 1))) {
                return;
            }
            f.cands.add(new Candidate(s, e, LOCATION, LOCATION + "|" + Tokens.norm(t, s, e), null,
                    t.text.substring(t.start[s], t.end[e - 1]), 0.5, 0, "locative-context"));
            int sep = Tokens.separator(t, e);
            if (sep == 0) {
                return;
            }
            s = e + sep;
        }
    }

    /** Kinds of known place whose name after a comma sets the unknown name before it inside it. */
    static final java.util.Set<String> CONTAINER_KINDS = java.util.Set.of("country", "admin1", "region");

    /**
     * "troops to Portland, Oregon", "a strike on Synelnykove, Dnipropetrovsk Oblast": up to three capitalised words
     * no list knows, right before ", <country, first-level division or region>" and after a lower-case word or
     * the start, name a place inside it (weak: loses every overlap). Not before that place's possessive
     * ("Rosneft, Russia's largest oil company").
     */
    void beforeContainer(FieldState f, int comma, Object[] out) {
        TokenSeq t = f.t;
        int r = comma + 1;
        if (comma == 0 || r >= t.size || !t.isCap(r) || t.lineBreakAfter(comma) || !t.isWord(comma - 1)) {
            return;
        }
        int s = comma;
        int words = 0;
        while (words < 3 && s > 0 && !t.lineBreakAfter(s - 1)) {
            int k = s - 1;
            while (k >= 2 && t.isHyphen(k - 1) && t.glued(k - 1) && t.glued(k - 2) && t.isWord(k - 2)) {
                k -= 2; // "Al-Fashir", "Rostov-on-Don": one word of the name
            }
            if (!placeWord(t, k)) {
                break;
            }
            s = k;
            words++;
        }
        if (words == 0 || (s > 0 && !t.lineBreakAfter(s - 1) && !t.isLower(s - 1))) {
            return; // the capitalised run goes on before it: a person's or organisation's name, not a place
        }
        if (s >= 2 && t.isLower(s - 1) && t.isCap(s - 2) && !t.lineBreakAfter(s - 2)
                && (t.is(s - 1, "of") || voc.has(t, s - 1, Lexicon.PARTICLE))) {
            return; // "Province of Verona", "Tula de Allende": the end of a longer name
        }
        int end = voc.phrases().longest(voc.first(t, r), t, r, (x, a, b) -> x.type().equals(LOCATION)
                && CONTAINER_KINDS.contains(x.kind()) && !x.ctx(), out, voc);
        if (end < 0 || (end < t.size && t.kind[end] == TokenSeq.POSS)) {
            return;
        }
        f.cands.add(new Candidate(s, comma, LOCATION, LOCATION + "|" + Tokens.norm(t, s, comma), null,
                t.text.substring(t.start[s], t.end[comma - 1]), 0.5, 0, "before-container"));
    }

    /** "American" in "South American": a nationality word, not the rest of a place's name. */
    private boolean demonym(TokenSeq t, int i) {
        PhraseTrie.Node<Lexicon.Entry> node = voc.first(t, i);
        return node != null && node.value != null && node.value.kind().equals("demonym");
    }

    /** Kinds of place a definition or apposition names: "Aisby is a village in ...", "Sangin, a town in ...". */
    static final java.util.Set<String> KIND_NOUNS = java.util.Set.of("village", "town", "city", "hamlet",
            "commune", "municipality", "district", "parish", "county", "province", "suburb", "neighbourhood",
            "neighborhood", "settlement", "township", "borough", "river", "lake", "island", "mountain", "valley",
            "region", "oasis", "port", "capital", "sub-district", "subdistrict", "governorate", "locality");
    /** "a" or "an" among the four tokens before i (checked without allocating, before the kind noun's key). */
    static boolean articleBefore(TokenSeq t, int i) {
        for (int k = i - 1; k >= 0 && k >= i - 4; k--) {
            if (t.is(k, "a") || t.is(k, "an")) {
                return true;
            }
        }
        return false;
    }

    /** What may follow such a kind noun when it names the place's kind (not "a village elder", "a town council"). */
    private static final java.util.Set<String> AFTER_KIND = java.util.Set.of("in", "of", "near", "on", "at",
            "and", "north", "south", "east", "west", "located", "situated", "about", "some", "close", "with",
            "that", "which", "where", "along", "outside", "bordering", "by", "between");

    /**
     * "Aisby is a village in Lincolnshire", "Sangin, a town in Helmand": a capitalised name defined as, or set in
     * apposition to, "a/an (adjectives) <kind of place>" is a place. {@code i} is the kind noun.
     */
    void kindApposition(FieldState f, int i) {
        TokenSeq t = f.t;
        int after = i + 1;
        if (after < t.size && !(t.kind[after] == TokenSeq.PUNCT || AFTER_KIND.contains(t.key(after)))) {
            return; // "a village elder", "a town council"
        }
        int p = i - 1;
        int adjectives = 0;
        while (p >= 0 && adjectives < 3 && t.isLower(p) && !t.is(p, "a") && !t.is(p, "an")) {
            p--;
            adjectives++;
        }
        if (!(t.is(p, "a") || t.is(p, "an"))) {
            return;
        }
        int q = p - 1;
        if (t.is(q, "is") || t.is(q, "was") || t.isPunct(q, ',')) {
            q--;
        } else {
            return;
        }
        int e = q + 1;
        int s = e;
        while (s - 1 >= 0 && e - s < 4 && !t.lineBreakAfter(s - 1)
                && (kindNameWord(t, s - 1) || (t.isHyphen(s - 1) && t.glued(s - 1) && t.glued(s - 2)))) {
            s--;
        }
        while (s < e && !t.isCap(s)) {
            s++;
        }
        if (s == e || (s - 1 >= 0 && (t.isCap(s - 1) || t.isAllCaps(s - 1)) && !t.lineBreakAfter(s - 1)
                && !t.sentenceStart(s - 1))) {
            return; // the capitalised run goes on to the left with words that cannot be a place's
        }
        f.cands.add(new Candidate(s, e, LOCATION, LOCATION + "|" + Tokens.norm(t, s, e), null,
                t.text.substring(t.start[s], t.end[e - 1]), 0.6, 4, "kind-apposition"));
    }

    /** A word of a place's name before its kind: capitalised, not an ordinary word, title or organisation head. */
    private boolean kindNameWord(TokenSeq t, int i) {
        return t.isCap(i) && !t.isAllCaps(i) && (voc.bits(t, i) & (Lexicon.COMMON | Lexicon.TITLE
                | Lexicon.ORG_HEAD | Lexicon.SKIP | Lexicon.NOT_PLACE)) == 0;
    }

    /** "of" after a compass word or a place noun: "12 km north of Baquba", "the island of Failaka". */
    static boolean placeOf(Vocabulary voc, TokenSeq t, int i) {
        return t.is(i, "of") && t.isLower(i - 1) && voc.has(t, i - 1, Lexicon.PLACE_OF);
    }

    static boolean locative(TokenSeq t, int i) {
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

    boolean placeWord(TokenSeq t, int i) {
        if (!t.isCap(i) || t.isAllCaps(i)) {
            return false;
        }
        if ((voc.bits(t, i) & (Lexicon.COMMON | Lexicon.FIRST | Lexicon.TITLE | Lexicon.ORG_HEAD | Lexicon.SKIP
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

    /**
     * "Anbar province", "the Hamrin mountains", "Mosul district": a lower-case place noun right after a place name
     * is part of the mention; after a known place the mention keeps that place's identity.
     */
    void lowerHead(FieldState f, int i) {
        TokenSeq t = f.t;
        int h = i + 1;
        if (!t.isLower(h) || t.lineBreakAfter(i) || !LOWER_HEADS.contains(t.key(h))) {
            return;
        }
        int last = h;
        if (t.is(h, "railway")) {
            if (!t.is(h + 1, "station") || t.lineBreakAfter(h)) {
                return; // "the Quetta railway station": the station is the place; "railway" alone is no place noun
            }
            last = h + 1;
        }
        Candidate known = null;
        for (int k = f.cands.size() - 1; k >= 0 && k >= f.cands.size() - 12; k--) {
            Candidate c = f.cands.get(k);
            if (c.e == h && c.type.equals(LOCATION) && (known == null || c.s < known.s)) {
                known = c;
            }
        }
        if (known != null && t.is(h, "pipeline")) {
            // "the Kirkuk pipeline": infrastructure named after a place, a place of its own, not that place
            f.cands.add(new Candidate(known.s, h + 1, LOCATION, LOCATION + "|" + Tokens.norm(t, known.s, h + 1),
                    null, t.text.substring(t.start[known.s], t.end[h]), 0.6, known.prio, "location-head"));
            return;
        }
        if (known != null && last > h) {
            // "the Quetta railway station": a place of its own, inside the known place
            f.cands.add(new Candidate(known.s, last + 1, LOCATION, LOCATION + "|" + Tokens.norm(t, known.s, last + 1),
                    null, t.text.substring(t.start[known.s], t.end[last]), 0.6, known.prio, "location-head")
                    .attr("partOf", known.id));
            return;
        }
        if (known != null) {
            Candidate c = new Candidate(known.s, last + 1, LOCATION, known.key, known.id, known.name, known.score,
                    known.prio, known.rule);
            if (known.attrs != null) {
                known.attrs.forEach(c::attr);
            }
            f.cands.add(c);
            return;
        }
        if (demonym(t, i)) {
            return; // "the Afghan province of Helmand", "the Greek island": a nationality describes, it names nothing
        }
        int s = i;
        while (s - 1 >= 0 && i - s < 2 && t.isCap(s - 1) && !t.lineBreakAfter(s - 1) && placeWord(t, s - 1)) {
            s--;
        }
        if (!placeWord(t, i) || (t.sentenceStart(s) && voc.has(t, s, Lexicon.COMMON)) || !placeWord(t, s)) {
            return;
        }
        f.cands.add(new Candidate(s, last + 1, LOCATION, LOCATION + "|" + Tokens.norm(t, s, last + 1), null,
                t.text.substring(t.start[s], t.end[last]), 0.6, 2, "location-head"));
    }
}
