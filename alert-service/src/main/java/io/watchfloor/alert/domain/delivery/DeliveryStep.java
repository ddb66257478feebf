package io.watchfloor.alert.domain.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to write after one attempt of a job, in order: the attempt event and any dead letters first, then (after
 * the webhook is disabled, on 410) the pending records: rescheduled, or tombstoned once the outcome is durable.
 * Pure: the same job, result and time always give the same step, so a crash between writes is redone as is.
 */
public record DeliveryStep(DeliveryAttempt attempt, List<PendingDelivery> reschedule, List<String> tombstones,
                           List<PendingDelivery> deadLetters, String deadLetterReason, String disableReason) {

    public DeliveryStep {
        reschedule = List.copyOf(reschedule);
        tombstones = List.copyOf(tombstones);
        deadLetters = List.copyOf(deadLetters);
    }

    public boolean disablesWebhook() {
        return disableReason != null;
    }

    /** The step after {@code job} was sent to {@code endpoint} at {@code now} and came back with {@code result}. */
    public static DeliveryStep after(DeliveryJob job, SendResult result, String endpoint, Instant now,
                                     RetryPolicy policy) {
        int attempt = job.attempts() + 1;
        DeliveryOutcome outcome = DeliveryOutcome.classify(result.status(), result.error());
        Integer status = result.status() == 0 ? null : result.status();
        String error = outcome == DeliveryOutcome.SUCCESS ? null : result.describe();
        long latency = result.latency() == null ? 0 : result.latency().toMillis();
        List<String> keys = job.members().stream().map(PendingDelivery::key).toList();
        switch (outcome) {
            case SUCCESS:
                return new DeliveryStep(attempt(job, attempt, now, endpoint, status, latency,
                        DeliveryAttempt.Result.DELIVERED, null, null), List.of(), keys, List.of(), null, null);
            case DISABLE:
                return new DeliveryStep(attempt(job, attempt, now, endpoint, status, latency,
                        DeliveryAttempt.Result.DISABLED, error, null), List.of(), keys, List.of(), null,
                        "HTTP 410 Gone from " + endpoint + " at " + now);
            case RETRY:
                Optional<Instant> next = policy.nextAttempt(attempt, now, retryAfter(result, now));
                if (next.isPresent()) {
                    List<PendingDelivery> again = job.members().stream()
                            .map(m -> m.retryAt(attempt, next.get(), status, error)).toList();
                    return new DeliveryStep(attempt(job, attempt, now, endpoint, status, latency,
                            DeliveryAttempt.Result.RETRY, error, next.get()), again, List.of(), List.of(), null,
                            null);
                }
                return failed(job, attempt, now, endpoint, status, latency, error,
                        "gave up after " + attempt + " attempt(s); last: " + error);
            default:
                return failed(job, attempt, now, endpoint, status, latency, error,
                        "not retryable after " + attempt + " attempt(s): " + error);
        }
    }

    /** The step for a job that is not sent: its subscription is gone or its webhook disabled. */
    public static DeliveryStep skipped(DeliveryJob unsealed, String why, Instant now) {
        DeliveryJob job = unsealed.seal();
        List<String> keys = job.members().stream().map(PendingDelivery::key).toList();
        return new DeliveryStep(attempt(job, job.attempts(), now, null, null, 0, DeliveryAttempt.Result.SKIPPED, why,
                null), List.of(), keys, List.of(), null, null);
    }

    private static DeliveryStep failed(DeliveryJob job, int attempt, Instant now, String endpoint, Integer status,
                                       long latency, String error, String reason) {
        List<String> keys = job.members().stream().map(PendingDelivery::key).toList();
        List<PendingDelivery> last = job.members().stream()
                .map(m -> m.retryAt(attempt, now, status, error)).toList();
        return new DeliveryStep(attempt(job, attempt, now, endpoint, status, latency, DeliveryAttempt.Result.FAILED,
                error, null), List.of(), keys, last, reason, null);
    }

    /** Retry-After counts on 429 and 503, the statuses RFC 9110 and 6585 define it for. */
    private static Duration retryAfter(SendResult result, Instant now) {
        if (result.status() != 429 && result.status() != 503) {
            return null;
        }
        return RetryAfter.parse(result.retryAfter(), now).orElse(null);
    }

    private static DeliveryAttempt attempt(DeliveryJob job, int attempt, Instant now, String endpoint,
                                           Integer status, long latency, DeliveryAttempt.Result result,
                                           String error, Instant next) {
        return new DeliveryAttempt(job.subscriptionId(), job.webhookId(), job.kind(), job.alertIds(), attempt, now,
                endpoint, status, latency, result, error, next);
    }
}
