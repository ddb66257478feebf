package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.subscription.Subscription;

/** Sends a signed {@code alert.test} event to a subscription's webhook now, once, and says what came back. */
public interface WebhookTester {

    /** The attempt (also written to the delivery log); the subscription must have a webhook. */
    DeliveryAttempt sendTest(Subscription subscription);
}
