package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The body of {@code POST /subscriptions} and {@code PUT /subscriptions/{id}}. With {@code "preview": true} a POST
 * saves nothing and answers what the filter would have fired on among recently stored reports.
 */
@Serdeable
public record SubscriptionRequest(@Nullable String name, @Nullable Filter filter, @Nullable WebhookRequest webhook,
                                  @Nullable String digest, @Nullable Boolean preview, @Nullable Integer previewDays) {

    /** Every field optional; AND between fields, OR within a list. */
    @Serdeable
    public record Filter(@Nullable List<String> groups, @Nullable Boolean includeAffiliates,
                         @Nullable List<String> entities, @Nullable List<String> places,
                         @Nullable List<String> keywords, @Nullable List<String> topics,
                         @Nullable List<String> eventTypes, @Nullable List<String> roles,
                         @Nullable String temporal, @Nullable Double minScore, @Nullable List<String> languages,
                         @Nullable List<String> sources, @Nullable SourceHealth sourceHealth) {
    }

    /**
     * A source-health subscription (its own kind, without report fields): alert when one of {@code sources}
     * (ids or names; empty = every source) enters one of {@code statuses} (FAILING, STALE; default both).
     */
    @Serdeable
    public record SourceHealth(@Nullable List<String> sources, @Nullable List<String> statuses) {
    }

    /** Where alerts are POSTed; the secret ({@code whsec_} + base64) signs them and is never returned. */
    @Serdeable
    public record WebhookRequest(@Nullable String url, @Nullable String secret) {
    }
}
