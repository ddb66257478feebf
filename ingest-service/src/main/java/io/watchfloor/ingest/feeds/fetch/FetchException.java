package io.watchfloor.ingest.feeds.fetch;

import java.io.IOException;

/** A fetch that was refused or aborted; {@link #reason()} says why in a machine-readable way. */
public final class FetchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a fetch failed. */
    public enum Reason {
        BLOCKED_SCHEME,
        BLOCKED_ADDRESS,
        UNRESOLVABLE_HOST,
        TOO_MANY_REDIRECTS,
        BAD_REDIRECT,
        BODY_TOO_LARGE,
        DECOMPRESSED_TOO_LARGE,
        BAD_ENCODING,
        TIMEOUT,
        HTTP_STATUS,
        IO
    }

    private final Reason reason;
    private final int httpStatus;

    public FetchException(Reason reason, String message) {
        this(reason, message, -1, null);
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        this(reason, message, -1, cause);
    }

    public FetchException(Reason reason, String message, int httpStatus, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public Reason reason() {
        return reason;
    }

    /** HTTP status of the last response, or -1 when none was received. */
    public int httpStatus() {
        return httpStatus;
    }
}
