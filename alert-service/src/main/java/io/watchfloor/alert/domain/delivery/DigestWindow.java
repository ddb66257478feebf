package io.watchfloor.alert.domain.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * The digest window an alert falls into: windows of the subscription's digest length, aligned to the epoch
 * (PT1H windows start on the hour UTC, P1D at midnight UTC); {@code start} inclusive, {@code end} exclusive.
 */
public record DigestWindow(Instant start, Instant end) {

    /** The window of length {@code digest} that contains {@code time}. */
    public static DigestWindow containing(Instant time, Duration digest) {
        long length = digest.toMillis();
        if (length <= 0) {
            throw new IllegalArgumentException("digest must be at least a millisecond, got " + digest);
        }
        long start = Math.floorDiv(time.toEpochMilli(), length) * length;
        return new DigestWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + length));
    }

    /** When the window closes and its digest can be sent. */
    public Instant closesAt() {
        return end;
    }

    public boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    /** A stable key for the digest of {@code subscriptionId} in this window, e.g. for a state store. */
    public String key(String subscriptionId) {
        return subscriptionId + "@" + start;
    }
}
