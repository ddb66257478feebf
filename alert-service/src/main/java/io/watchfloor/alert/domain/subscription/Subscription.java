package io.watchfloor.alert.domain.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * A consumer's standing query: what to match ({@link SubscriptionFilter}), where to POST alerts (webhook,
 * null when the consumer only reads SSE or Kafka) and, when {@code digest} is set, the window alerts are
 * batched over.
 */
public record Subscription(String id, String name, SubscriptionFilter filter, Webhook webhook,
                           Duration digest, Instant createdAt, Instant updatedAt) {

    /** A subscription with no webhook and no digest, created and updated at {@code now}. */
    public static Subscription of(String id, String name, SubscriptionFilter filter, Instant now) {
        return new Subscription(id, name, filter, null, null, now, now);
    }

    public Subscription withFilter(SubscriptionFilter newFilter, Instant now) {
        return new Subscription(id, name, newFilter, webhook, digest, createdAt, now);
    }

    public Subscription withWebhook(Webhook newWebhook, Instant now) {
        return new Subscription(id, name, filter, newWebhook, digest, createdAt, now);
    }
}
