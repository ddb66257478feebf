package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A subscription as the API shows it: everything but the webhook secret. */
@Serdeable
public record SubscriptionView(String id, String name, SubscriptionRequest.Filter filter, @Nullable Webhook webhook,
                               @Nullable String digest, String createdAt, String updatedAt) {

    /** The webhook without its secret. */
    @Serdeable
    public record Webhook(String url, boolean secretSet, boolean disabled, @Nullable String disabledReason) {
    }

    /** A list of subscriptions. */
    @Serdeable
    public record Page(List<SubscriptionView> items) {
    }
}
