package io.watchfloor.alert.domain.alerts;

import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Match;
import io.watchfloor.alert.domain.subscription.Subscription;

import java.time.Instant;
import java.util.Objects;

/**
 * Decides, from the state stored for (subscription, root report id) and a new match, whether to raise an
 * alert: CREATED with no state, nothing when the fingerprint is unchanged, UPDATED when it changed; a
 * near-duplicate of a story that already alerted the subscription folds into that alert. A pure function.
 */
public final class AlertDecider {

    private AlertDecider() {
    }

    /**
     * @param previous the state stored under {@link AlertState#key}(subscription id,
     *                 {@code report.rootId()}), or null if there is none
     * @param now      the alert's createdAt
     */
    public static AlertDecision decide(AlertState previous, Subscription subscription, AlertReport report,
                                       Match match, Instant now) {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(match, "match");
        if (!subscription.id().equals(match.subscriptionId())) {
            throw new IllegalArgumentException("match of subscription " + match.subscriptionId()
                    + " decided for subscription " + subscription.id());
        }
        String root = report.rootId();
        String fingerprint = match.fingerprint().value();
        if (previous == null) {
            String id = AlertIds.created(subscription.id(), root, fingerprint);
            Alert alert = alert(id, AlertType.CREATED, subscription, report, match, fingerprint, null, now);
            return new AlertDecision(AlertDecision.Outcome.CREATED, alert,
                    new AlertState(id, fingerprint, report.id(), report.revision()));
        }
        boolean sameReport = report.id().equals(previous.reportId());
        if (!sameReport && !root.equals(report.id())) {
            // a syndicated copy of a story this subscription was already alerted about
            return new AlertDecision(AlertDecision.Outcome.DUPLICATE_FOLDED, null, previous);
        }
        if (sameReport && report.revision() < previous.revision()) {
            return new AlertDecision(AlertDecision.Outcome.STALE_REVISION, null, previous);
        }
        if (fingerprint.equals(previous.fingerprint())) {
            return new AlertDecision(AlertDecision.Outcome.UNCHANGED, null,
                    new AlertState(previous.alertId(), fingerprint, report.id(), report.revision()));
        }
        String id = AlertIds.updated(subscription.id(), root, fingerprint, previous.alertId());
        Alert alert = alert(id, AlertType.UPDATED, subscription, report, match, fingerprint,
                previous.alertId(), now);
        return new AlertDecision(AlertDecision.Outcome.UPDATED, alert,
                new AlertState(id, fingerprint, report.id(), report.revision()));
    }

    private static Alert alert(String id, AlertType type, Subscription subscription, AlertReport report,
                               Match match, String fingerprint, String previousAlertId, Instant now) {
        return new Alert(id, type, subscription.id(), subscription.name(), report.rootId(), report.id(),
                report.revision(), report.title(), report.sourceName(), report.canonicalUrl(),
                report.publishedAt(), match.clauses(), fingerprint, previousAlertId, now);
    }
}
