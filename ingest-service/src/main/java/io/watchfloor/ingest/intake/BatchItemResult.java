package io.watchfloor.ingest.intake;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Outcome of one batch item. status: {@code accepted} (written, has id), {@code rejected} (invalid, fix
 * and resend) or {@code failed} (not written because Kafka was unavailable: resend later).
 */
@Serdeable
public record BatchItemResult(
        int index,
        @Nullable String id,
        String status,
        @Nullable String error,
        @Nullable String field,
        @Nullable String hint) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String FAILED = "failed";

    static BatchItemResult accepted(int index, String id) {
        return new BatchItemResult(index, id, ACCEPTED, null, null, null);
    }

    static BatchItemResult rejected(int index, String error, String field, String hint) {
        return new BatchItemResult(index, null, REJECTED, error, field, hint);
    }

    static BatchItemResult failed(int index, String id, String error, String hint) {
        return new BatchItemResult(index, id, FAILED, error, null, hint);
    }
}
