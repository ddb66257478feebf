package io.watchfloor.alert.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import java.util.List;
import java.util.Locale;

/** One webhook attempt as {@code GET /subscriptions/{id}/deliveries} and {@code POST .../test} show it. */
@Serdeable
public record DeliveryView(String attemptedAt, String webhookId, String kind, List<String> alertIds, int attempt,
                           @Nullable Integer status, long latencyMs, String outcome, @Nullable String error,
                           @Nullable String nextAttemptAt, @Nullable String endpoint) {

    static DeliveryView of(DeliveryAttempt a) {
        return new DeliveryView(a.attemptedAt().toString(), a.webhookId(), a.kind().name().toLowerCase(Locale.ROOT),
                a.alertIds(), a.attempt(), a.status(), a.latencyMs(), a.result().name(), a.error(),
                a.nextAttemptAt() == null ? null : a.nextAttemptAt().toString(), a.endpoint());
    }

    /** The recent attempts of a subscription, newest first ({@code items: []} when there are none). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(String subscriptionId, List<DeliveryView> items) {
    }
}
