package io.watchfloor.alert.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * What one webhook request carries: a single alert, or the alerts of one digest window. All members share the
 * subscription and the webhook-id; the job is attempted, retried and finished as one.
 */
public record DeliveryJob(String subscriptionId, String webhookId, Instant digestWindowStart,
                          List<PendingDelivery> members) {

    /** What the receiver gets: {@code alert}, {@code digest}, or (never queued) {@code test}. */
    public enum Kind { ALERT, DIGEST, TEST }

    public DeliveryJob {
        members = members.stream().sorted(Comparator.comparing(PendingDelivery::alertId)).toList();
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a delivery job needs at least one alert");
        }
    }

    public Kind kind() {
        return digestWindowStart != null ? Kind.DIGEST : Kind.ALERT;
    }

    public boolean sealed() {
        return webhookId != null;
    }

    /** Attempts made so far (members move together; the highest counts after a partial write). */
    public int attempts() {
        return members.stream().mapToInt(PendingDelivery::attempts).max().orElse(0);
    }

    public List<String> alertIds() {
        return members.stream().map(PendingDelivery::alertId).toList();
    }

    /**
     * This digest with its webhook-id fixed: {@code dg-} + 20 hex of SHA-256 over the subscription, the window
     * and the alert ids, so sealing the same alerts again (after a crash) gives the same id.
     */
    public DeliveryJob seal() {
        if (sealed()) {
            return this;
        }
        StringBuilder input = new StringBuilder().append(subscriptionId.length()).append(':')
                .append(subscriptionId).append(';').append(digestWindowStart).append(';');
        alertIds().forEach(id -> input.append(id.length()).append(':').append(id).append(';'));
        String id = "dg-" + sha256(input.toString()).substring(0, 20);
        return new DeliveryJob(subscriptionId, id, digestWindowStart,
                members.stream().map(m -> m.sealedAs(id)).toList());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
