package io.watchfloor.ingest.intake;

/** A report was not written. {@link Reason} tells the caller whether retrying later can help. */
public final class PublishException extends RuntimeException {
    /** Why the write failed. */
    public enum Reason {
        /** Broker or registry unreachable, or timed out: retry later (HTTP 503). */
        UNAVAILABLE,
        /** Too many reports in flight: retry later (HTTP 503). */
        OVERLOADED,
        /** The record exceeds the broker's size limit: retrying cannot help (HTTP 413). */
        TOO_LARGE
    }

    private final Reason reason;

    public PublishException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retriable() {
        return reason != Reason.TOO_LARGE;
    }
}
