package io.watchfloor.store.domain.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One webhook attempt of a subscription (alert-service's delivery log, or the answer to a test event):
 * {@code outcome} DELIVERED, RETRY, DISABLED, FAILED or SKIPPED; {@code status} null when no response came.
 */
public record Delivery(Instant attemptedAt, String webhookId, String kind, List<String> alertIds, int attempt,
                       Integer status, long latencyMs, String outcome, String error, Instant nextAttemptAt,
                       String endpoint) {
}
