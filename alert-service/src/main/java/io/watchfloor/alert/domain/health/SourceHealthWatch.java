package io.watchfloor.alert.domain.health;

import io.watchfloor.alert.domain.alerts.AlertIds;
import io.watchfloor.alert.domain.matching.Clause;
import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides which source-health subscriptions a health record alerts, from the source's previous state: an alert
 * when the source enters a watched status (a change of status, not every record of the same outage), and a
 * recovery notice when it is healthy again after an outage the subscription watched. Plain Java, no Kafka.
 */
public final class SourceHealthWatch {
    public static final String OK = "OK";
    public static final String NOT_MODIFIED = "NOT_MODIFIED";
    /** The clause field of a source-health alert (report alerts name their filter field the same way). */
    public static final String CLAUSE_FIELD = "sourceHealth.statuses";
    public static final String CLAUSE_KIND = "SOURCE";

    private SourceHealthWatch() {
    }

    /** The state to keep for the source and the alerts to raise (empty when nothing changed that is watched). */
    public record Outcome(SourceHealthState state, List<SourceHealthAlert> alerts) {
        public Outcome {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * @param previous      the source's state before this record, null if alert-service never saw it
     * @param event         this record
     * @param subscriptions every subscription; those without a source-health filter are ignored
     */
    public static Outcome decide(SourceHealthState previous, SourceHealthEvent event,
                                 Collection<Subscription> subscriptions, Instant now) {
        String status = normal(event.status());
        String before = previous == null ? null : normal(previous.status());
        List<String> outage = new ArrayList<>(previous == null ? List.of() : previous.outage());
        boolean healthy = OK.equals(status) || NOT_MODIFIED.equals(status);
        boolean watchable = SourceHealthFilter.WATCHABLE.contains(status);
        if (healthy) {
            outage.clear();
        } else if (watchable && !outage.contains(status)) {
            outage.add(status);
        }
        SourceHealthState next = new SourceHealthState(status, outage);
        if (status.equals(before)) {
            return new Outcome(next, List.of()); // the same outage (or health) again: said already
        }
        List<SourceHealthAlert> alerts = new ArrayList<>();
        List<Subscription> ordered = subscriptions.stream()
                .filter(s -> s.filter() != null && s.filter().isSourceHealth())
                .sorted(Comparator.comparing(Subscription::id)).toList();
        for (Subscription s : ordered) {
            SourceHealthFilter f = s.filter().sourceHealth();
            if (!f.covers(event.sourceId(), event.sourceName())) {
                continue;
            }
            if (watchable && f.watches(status)) {
                alerts.add(alert(SourceHealthAlert.Type.ENTERED, s, event, status, before, status, now));
            } else if (healthy && previous != null) {
                previous.outage().stream().filter(f::watches).findFirst().ifPresent(watched -> alerts.add(
                        alert(SourceHealthAlert.Type.RECOVERED, s, event, status, before, watched, now)));
            }
        }
        return new Outcome(next, alerts);
    }

    private static SourceHealthAlert alert(SourceHealthAlert.Type type, Subscription s, SourceHealthEvent e,
                                           String status, String before, String watched, Instant now) {
        String fingerprint = "source-health:" + (before == null ? "" : before) + ">" + status + "@"
                + (e.polledAt() == null ? "" : e.polledAt().toEpochMilli());
        String alertId = AlertIds.created(s.id(), "source:" + e.sourceId(), fingerprint);
        String name = e.sourceName() == null || e.sourceName().isBlank() ? e.sourceId() : e.sourceName();
        String reason = reason(e, status);
        String was = before == null ? "" : " (was " + before + ")";
        String title = type == SourceHealthAlert.Type.ENTERED
                ? "Feed source " + name + " is " + status
                : "Feed source " + name + " recovered (" + status + ")";
        String why = type == SourceHealthAlert.Type.ENTERED
                ? "Source " + name + " (" + e.sourceId() + ") entered " + status + was + ": " + reason
                        + ". Subscription \"" + s.name() + "\" watches " + watching(s.filter().sourceHealth()) + "."
                : "Source " + name + " (" + e.sourceId() + ") is healthy again (" + status + ")" + was
                        + " after being " + watched + ": " + reason + ". Subscription \"" + s.name()
                        + "\" watches " + watching(s.filter().sourceHealth()) + ".";
        Clause clause = new Clause(CLAUSE_FIELD, watched, CLAUSE_KIND, e.sourceId(), name, null, null, List.of());
        return new SourceHealthAlert(alertId, type, s.id(), s.name(), e, before, reason, since(e, status), title,
                why, clause, fingerprint, now);
    }

    /** Why the source is in {@code status}: the last error, how long nothing new came, or that it recovered. */
    static String reason(SourceHealthEvent e, String status) {
        if (SourceHealthFilter.FAILING.equals(status)) {
            String error = e.lastError() == null || e.lastError().isBlank() ? "the poll failed" : e.lastError();
            String http = e.httpStatus() > 0 && (e.lastError() == null
                    || !e.lastError().contains(String.valueOf(e.httpStatus()))) ? " (HTTP " + e.httpStatus() + ")" : "";
            String last = e.lastSuccessAt() == null ? "never polled successfully"
                    : "last successful poll " + e.lastSuccessAt();
            return error + http + "; " + e.consecutiveFailures() + " failed poll(s) in a row, " + last;
        }
        if (SourceHealthFilter.STALE.equals(status)) {
            StringBuilder b = new StringBuilder("nothing new for ").append(e.emptyPollStreak())
                    .append(" polls in a row");
            if (e.intervalSeconds() > 0) {
                Duration interval = Duration.ofSeconds(e.intervalSeconds());
                b.append(" (about ").append(human(interval.multipliedBy(e.emptyPollStreak())))
                        .append(" at its usual interval of ").append(human(interval)).append(')');
            }
            if (e.newestItemPublished() != null) {
                b.append("; newest item the feed lists was published ").append(e.newestItemPublished());
            }
            return b.toString();
        }
        return "polled successfully at " + e.polledAt();
    }

    /** FAILING: since the last success; STALE: about when the last new item came; else null. */
    static Instant since(SourceHealthEvent e, String status) {
        if (SourceHealthFilter.FAILING.equals(status)) {
            return e.lastSuccessAt();
        }
        if (SourceHealthFilter.STALE.equals(status) && e.intervalSeconds() > 0 && e.polledAt() != null) {
            return e.polledAt().minusSeconds((long) e.intervalSeconds() * e.emptyPollStreak());
        }
        return null;
    }

    private static String watching(SourceHealthFilter f) {
        String statuses = String.join(", ", f.statuses().stream().map(SourceHealthWatch::normal).toList());
        return statuses + " on " + (f.sources().isEmpty() ? "every source" : String.join(", ", f.sources()));
    }

    /** {@code 90 s -> 1m30s}, {@code 6 h -> 6h}, {@code 26 h -> 1d2h}. */
    static String human(Duration d) {
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                b.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return b.length() == 0 ? "0s" : b.toString();
    }

    private static String normal(String status) {
        return status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
    }
}
