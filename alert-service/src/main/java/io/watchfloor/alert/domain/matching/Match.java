package io.watchfloor.alert.domain.matching;

import java.util.List;

/** A subscription that fired on a report, with every clause that held: why it fired. */
public record Match(String subscriptionId, List<Clause> clauses) {

    public Match {
        clauses = List.copyOf(clauses);
    }

    /** What matched, independent of scores and offsets. */
    public MatchFingerprint fingerprint() {
        return MatchFingerprint.of(clauses);
    }
}
