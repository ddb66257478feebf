package io.watchfloor.store.domain.alerts;

import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * alert-service's subscriptions API as the analyst view needs it (implemented by the {@code alerts} room). Every
 * call waits a bounded time; an unreachable or failing alert-service is a {@link DependencyUnavailableException}
 * whose message says what to do.
 */
public interface AlertSubscriptions {

    /** Whether an alert-service URL is configured at all (else the alerts pages are off). */
    boolean enabled();

    /** Where alert-service is looked for, for the pages to say. */
    String location();

    List<Subscription> list() throws DependencyUnavailableException;

    Optional<Subscription> find(String id) throws DependencyUnavailableException;

    Subscription create(SubscriptionDraft draft) throws InvalidSubscriptionException, DependencyUnavailableException;

    /** Empty when there is no such subscription. */
    Optional<Subscription> update(String id, SubscriptionDraft draft)
            throws InvalidSubscriptionException, DependencyUnavailableException;

    /** False when there was no such subscription. */
    boolean delete(String id) throws DependencyUnavailableException;

    /** What the draft's filter would have fired on among the reports stored in the last {@code days}. */
    Preview preview(SubscriptionDraft draft, int days)
            throws InvalidSubscriptionException, DependencyUnavailableException;

    /** The subscription's newest webhook attempts, newest first. */
    List<Delivery> deliveries(String id, int limit) throws DependencyUnavailableException;

    /** Sends a signed test event to the subscription's webhook now; the answer says why when it cannot. */
    TestResult sendTest(String id) throws DependencyUnavailableException;

    /** The subscription's alerts of the last {@code days}, newest first, at most {@code limit}. */
    List<Alert> recentAlerts(String id, int days, int limit) throws DependencyUnavailableException;

    /** A test event's attempt, or why none was made (no webhook, no such subscription). */
    record TestResult(Delivery attempt, String refusal) {
    }
}
