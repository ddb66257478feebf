package io.watchfloor.alert.domain.health;

import io.watchfloor.alert.domain.matching.Clause;
import java.time.Instant;

/**
 * An alert for one subscription: a feed source entered a watched status ({@link Type#ENTERED}) or became
 * healthy again after one ({@link Type#RECOVERED}), with the reason, a headline and a {@code why} sentence.
 */
public record SourceHealthAlert(String alertId, Type type, String subscriptionId, String subscriptionName,
                                SourceHealthEvent event, String previousStatus, String reason, Instant since,
                                String title, String why, Clause clause, String fingerprint, Instant createdAt) {

    /** ENTERED: the source is now in a watched status; RECOVERED: it left the watched statuses for OK. */
    public enum Type {
        ENTERED,
        RECOVERED
    }
}
