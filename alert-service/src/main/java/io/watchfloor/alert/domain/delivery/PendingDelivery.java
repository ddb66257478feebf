package io.watchfloor.alert.domain.delivery;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert waiting to be POSTed to its subscription's webhook: how many attempts were made, when the next
 * is due, and the id the receiver dedupes on ({@code webhookId}: the alert id, or a digest's sealed id; null
 * for a digest member not sealed yet). {@code alert} is the alert as read from the alerts topic, opaque here.
 */
public record PendingDelivery(String subscriptionId, String alertId, String webhookId, Instant digestWindowStart,
                              int attempts, Instant nextAttemptAt, Instant createdAt, byte[] alert,
                              int alertPartition, long alertOffset, Integer lastStatus, String lastError) {

    public PendingDelivery {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(alert, "alert");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
    }

    /** The compacted-topic key: {@code <subscriptionId>/<alertId>}. */
    public static String key(String subscriptionId, String alertId) {
        return subscriptionId + "/" + alertId;
    }

    public String key() {
        return key(subscriptionId, alertId);
    }

    /** An alert to send now, on its own, with its alert id as webhook-id. */
    public static PendingDelivery immediate(String subscriptionId, String alertId, byte[] alert, int partition,
                                            long offset, Instant now) {
        return new PendingDelivery(subscriptionId, alertId, alertId, null, 0, now, now, alert, partition, offset,
                null, null);
    }

    /** An alert batched into the digest of {@code window}: due when the window closes, id fixed at sealing. */
    public static PendingDelivery inDigest(String subscriptionId, String alertId, byte[] alert, int partition,
                                           long offset, DigestWindow window, Instant now) {
        return new PendingDelivery(subscriptionId, alertId, null, window.start(), 0, window.closesAt(), now, alert,
                partition, offset, null, null);
    }

    public boolean sealed() {
        return webhookId != null;
    }

    public boolean digest() {
        return digestWindowStart != null;
    }

    /** This delivery with its webhook-id fixed before the first attempt. */
    public PendingDelivery sealedAs(String id) {
        return new PendingDelivery(subscriptionId, alertId, id, digestWindowStart, attempts, nextAttemptAt,
                createdAt, alert, alertPartition, alertOffset, lastStatus, lastError);
    }

    /** This delivery after {@code attemptsSoFar} failed attempts, due again at {@code next}. */
    public PendingDelivery retryAt(int attemptsSoFar, Instant next, Integer status, String error) {
        return new PendingDelivery(subscriptionId, alertId, webhookId, digestWindowStart, attemptsSoFar, next,
                createdAt, alert, alertPartition, alertOffset, status, error);
    }

    /** Never prints the alert bytes. */
    @Override
    public String toString() {
        return "PendingDelivery[" + key() + ", webhookId=" + webhookId + ", window=" + digestWindowStart
                + ", attempts=" + attempts + ", next=" + nextAttemptAt + ", lastStatus=" + lastStatus + "]";
    }
}
