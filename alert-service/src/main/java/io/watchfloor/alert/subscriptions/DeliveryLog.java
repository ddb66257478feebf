package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import java.util.List;

/** The recent webhook attempts of each subscription (read from {@code threat.alerts.attempts.v1}). */
public interface DeliveryLog {

    /** Up to {@code limit} attempts of the subscription, newest first. */
    List<DeliveryAttempt> recent(String subscriptionId, int limit);
}
