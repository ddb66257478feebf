package io.watchfloor.store.domain.alerts;

import java.time.Instant;
import java.util.List;

/**
 * An alert subscription as alert-service shows it: everything but the webhook secret, which it never returns.
 * {@code sourceHealth} is set for a subscription on feed source health (then {@code filter} is empty); this view
 * shows those read-only.
 */
public record Subscription(String id, String name, SubscriptionDraft.Filter filter, Webhook webhook, String digest,
                           Instant createdAt, Instant updatedAt, SourceHealth sourceHealth) {

    /** A report subscription. */
    public Subscription(String id, String name, SubscriptionDraft.Filter filter, Webhook webhook, String digest,
                        Instant createdAt, Instant updatedAt) {
        this(id, name, filter, webhook, digest, createdAt, updatedAt, null);
    }

    public boolean isSourceHealth() {
        return sourceHealth != null;
    }

    /** The feed sources watched (empty = every source) and the statuses that alert. */
    public record SourceHealth(List<String> sources, List<String> statuses) {
        public SourceHealth {
            sources = sources == null ? List.of() : List.copyOf(sources);
            statuses = statuses == null ? List.of() : List.copyOf(statuses);
        }
    }

    /** Where alerts are POSTed; {@code disabled} after the receiver answered 410 Gone. */
    public record Webhook(String url, boolean secretSet, boolean disabled, String disabledReason) {
    }
}
