package io.watchfloor.enrich.domain.entities;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Overlap resolution within a field: longest span first, then a known id, rule priority and score. */
final class CandidateSelection {

    private CandidateSelection() {
    }

    private static final Comparator<Candidate> PRIORITY = Comparator
            .comparingInt((Candidate c) -> -(c.e - c.s))
            .thenComparingInt((Candidate c) -> c.id != null ? 0 : 1)
            .thenComparingInt(c -> -c.prio)
            .thenComparingDouble(c -> -c.score);

    static void select(FieldState f) {
        TokenSeq t = f.t;
        f.cands.sort(Comparator.comparingInt((Candidate c) -> -(t.end[c.e - 1] - t.start[c.s]))
                .thenComparing(PRIORITY));
        for (Candidate c : f.cands) {
            if (f.free(c.s, c.e)) {
                f.take(c);
            }
        }
        // an acronym belongs to whichever reading of its long form won
        for (Candidate c : f.selected) {
            if (c.linkS < 0) {
                continue;
            }
            for (Candidate d : f.selected) {
                if (d.s == c.linkS && d.e == c.linkE) {
                    c.type = d.type;
                    c.key = d.key;
                    c.id = d.id;
                    c.name = d.name;
                    Candidate.Attrs attrs = c.attrs;
                    if (attrs != null) {
                        attrs.forEach(d::attr);
                    }
                }
            }
        }
    }

    /** A gazetteer match that needed context (a single-word town) counts where the same place got it elsewhere. */
    static void confirmPending(List<FieldState> fields) {
        Set<String> confirmed = new HashSet<>();
        for (FieldState f : fields) {
            for (Candidate c : f.selected) {
                if (c.id != null) {
                    confirmed.add(c.id);
                }
            }
        }
        for (FieldState f : fields) {
            for (Candidate c : f.pending) {
                if (confirmed.contains(c.id) && f.free(c.s, c.e)) {
                    f.take(c);
                }
            }
        }
    }
}
