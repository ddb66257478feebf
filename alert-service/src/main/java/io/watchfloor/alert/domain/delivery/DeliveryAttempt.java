package io.watchfloor.alert.domain.delivery;

import java.time.Instant;
import java.util.List;

/**
 * One webhook attempt as the delivery log shows it: when, where, the HTTP status (null without a response),
 * latency, error, what it meant and when the next attempt is due (retries only).
 */
public record DeliveryAttempt(String subscriptionId, String webhookId, DeliveryJob.Kind kind,
                              List<String> alertIds, int attempt, Instant attemptedAt, String endpoint,
                              Integer status, long latencyMs, Result result, String error,
                              Instant nextAttemptAt) {

    /** What became of the delivery after this attempt. */
    public enum Result {
        /** 2xx: done. */
        DELIVERED,
        /** Retryable failure; {@code nextAttemptAt} says when. */
        RETRY,
        /** 410 Gone: the subscription's webhook was disabled. */
        DISABLED,
        /** Not retryable, or attempts used up: the alert went to the dead-letter topic. */
        FAILED,
        /** Not attempted: the subscription is gone or its webhook is disabled. */
        SKIPPED
    }

    public DeliveryAttempt {
        alertIds = List.copyOf(alertIds);
    }
}
