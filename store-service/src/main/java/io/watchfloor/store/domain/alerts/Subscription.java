package io.watchfloor.store.domain.alerts;

import java.time.Instant;

/** An alert subscription as alert-service shows it: everything but the webhook secret, which it never returns. */
public record Subscription(String id, String name, SubscriptionDraft.Filter filter, Webhook webhook, String digest,
                           Instant createdAt, Instant updatedAt) {

    /** Where alerts are POSTed; {@code disabled} after the receiver answered 410 Gone. */
    public record Webhook(String url, boolean secretSet, boolean disabled, String disabledReason) {
    }
}
