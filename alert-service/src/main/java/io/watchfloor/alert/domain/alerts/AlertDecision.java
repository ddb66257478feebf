package io.watchfloor.alert.domain.alerts;

import java.util.Optional;

/**
 * What {@link AlertDecider} decided: the outcome, the alert to emit (null unless one is raised), the state to
 * store.
 */
public record AlertDecision(Outcome outcome, Alert alert, AlertState state) {

    /** Why an alert was or was not raised. */
    public enum Outcome {
        /** First match of this subscription on this story. */
        CREATED,
        /** What matches changed since the last alert. */
        UPDATED,
        /** Same fingerprint as the last alert: a re-enrichment or an edit that matches the same things. */
        UNCHANGED,
        /** A near-duplicate of a report that already alerted this subscription: folded into that alert. */
        DUPLICATE_FOLDED,
        /** An older revision than the one already alerted, e.g. a replay: ignored. */
        STALE_REVISION
    }

    public Optional<Alert> alertIfAny() {
        return Optional.ofNullable(alert);
    }
}
