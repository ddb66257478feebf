package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recognises PERSON, ORGANIZATION and LOCATION entities (plus NATIONALITY for demonyms): a thin facade that runs
 * the rule sets ({@link GazetteerRules}, {@link PersonRules}, {@link OrganizationRules}, {@link LocationRules}) over
 * each field, then {@link CandidateSelection}, {@link MentionLinking} and {@link TagAssembly}.
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

    private final Lexicon lex;
    private final Vocabulary voc;
    private final GazetteerRules gazetteer;
    private final PersonRules people;
    private final OrganizationRules organizations;
    private final LocationRules places;
    private final MentionLinking linking;
    private final DomainVocabulary technical;
    private final MentionExtent extents;

    private EntityRecognizer(Lexicon lex) {
        this.lex = lex;
        this.voc = new Vocabulary(lex);
        this.gazetteer = new GazetteerRules(voc);
        this.people = new PersonRules(voc, gazetteer);
        this.organizations = new OrganizationRules(voc, gazetteer);
        this.places = new LocationRules(voc);
        this.linking = new MentionLinking(voc, people, gazetteer);
        this.technical = new DomainVocabulary(voc, gazetteer);
        this.extents = new MentionExtent(voc);
    }

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

    /** Returns one tag per entity, each with all its mentions in the report's title and text. */
    public List<EntityFinding> recognize(ReportText report) {
        List<FieldState> fields = new ArrayList<>(2);
        if (report.title() != null && !report.title().isBlank()) {
            fields.add(new FieldState(Evidence.TITLE, TokenSeq.of(report.title())));
        }
        if (report.text() != null && !report.text().isEmpty()) {
            fields.add(new FieldState(Evidence.TEXT, TokenSeq.of(report.text())));
        }
        for (FieldState f : fields) {
            collect(f);
            technical.filter(f);
            CandidateSelection.select(f);
        }
        CandidateSelection.confirmPending(fields);
        for (FieldState f : fields) {
            linking.coordinate(f);
            linking.coordinateNames(f);
        }
        linking.propagate(fields);
        List<EntityFinding> tags = TagAssembly.build(fields, extents);
        tags.addAll(CoordinateRules.find(fields));
        return tags;
    }

    /** Runs every rule set over one field, in a fixed order (selection is stable, so the order is part of output). */
    private void collect(FieldState f) {
        TokenSeq t = f.t;
        Object[] out = new Object[1];
        // speech cues, "(" and locative words are handled after the main pass, in the order the separate passes
        // used to visit them (cues first, then brackets and locatives), so they need no extra walks over the tokens
        int[] cues = null;
        int cueCount = 0;
        int[] late = null;
        int lateCount = 0;
        for (int i = 0; i < t.size; i++) {
            if (t.isPunct(i, ',')) {
                people.apposition(f, i);
                places.beforeContainer(f, i, out);
                continue;
            }
            if (!t.isWord(i)) {
                if (t.isPunct(i, '(')) {
                    late = push(late, lateCount++, i);
                }
                continue;
            }
            boolean cap = t.isCap(i);
            if (cap || t.isAllCaps(i)) {
                gazetteer.gazetteer(f, i, out);
                if (t.isAllCaps(i)) {
                    organizations.unknownAcronym(f, i);
                }
                int b = voc.bits(t, i);
                if (t.isLower(i + 1) && voc.afterCapHint(t, i + 1)) {
                    people.particleName(f, i);
                    organizations.nominalInstitution(f, i);
                    if (t.is(i, "Coalition")) {
                        organizations.coalitionForces(f, i);
                    }
                    if (voc.has(t, i + 1, Lexicon.LOC_HEAD)) {
                        places.lowerHead(f, i);
                    }
                }
                if (t.isLower(i - 1) && voc.beforeCapHint(t, i - 1)) {
                    organizations.afterClassNoun(f, i);
                }
                if (i + 1 < t.size && t.kind[i + 1] == TokenSeq.POSS) {
                    people.leaderPossessive(f, i);
                }
                if ((b & Lexicon.ORG_HEAD) != 0 && t.isLower(i - 1) && !t.isCap(i + 1)) {
                    organizations.shortName(f, i);
                }
                if ((b & Lexicon.ORG_PREFIX) != 0) {
                    organizations.transliterated(f, i);
                }
                if ((b & Lexicon.ORG_HEAD) != 0) {
                    organizations.orgHead(f, i);
                }
                if ((b & Lexicon.LOC_HEAD) != 0) {
                    places.locationHead(f, i);
                }
                if ((b & Lexicon.LOC_PREFIX) != 0) {
                    places.locationPrefix(f, i);
                }
                if ((b & Lexicon.TITLE) != 0) {
                    people.title(f, i);
                } else if ((b & Lexicon.FIRST) != 0) {
                    people.firstName(f, i);
                } else if (cap && i + 2 < t.size && t.isPunct(i + 2, '.')) {
                    people.middleInitial(f, i);
                }
            } else if (t.isLower(i)) {
                if (voc.lowerTitle(t, i)) {
                    people.title(f, i);
                }
                if (t.is(i, "coalition")) {
                    organizations.coalitionForces(f, i);
                }
                if (voc.cueHint(t, i) && voc.has(t, i, Lexicon.CUE)) {
                    cues = push(cues, cueCount++, i);
                }
                if (LocationRules.articleBefore(t, i) && LocationRules.KIND_NOUNS.contains(t.key(i))) {
                    places.kindApposition(f, i);
                }
                if (t.end[i] - t.start[i] <= 8 && (LocationRules.locative(t, i) || LocationRules.placeOf(voc, t, i))) {
                    late = push(late, lateCount++, i);
                }
            }
        }
        for (int k = 0; k < cueCount; k++) {
            people.speaker(f, cues[k]);
        }
        Map<Integer, List<Candidate>> byEnd = null;
        for (int k = 0; k < lateCount; k++) {
            int i = late[k];
            if (t.isPunct(i, '(')) {
                if (byEnd == null) {
                    byEnd = new HashMap<>();
                    for (Candidate c : f.cands) {
                        byEnd.computeIfAbsent(c.e, x -> new ArrayList<>(2)).add(c);
                    }
                }
                organizations.acronymDefinition(f, i, byEnd.getOrDefault(i, List.of()));
                people.scriptGloss(f, i);
                people.lifeGloss(f, i);
            } else {
                places.unknownPlace(f, i);
            }
        }
    }

    private static int[] push(int[] buf, int n, int value) {
        int[] b = buf == null ? new int[8] : n == buf.length ? java.util.Arrays.copyOf(buf, n * 2) : buf;
        b[n] = value;
        return b;
    }
}
