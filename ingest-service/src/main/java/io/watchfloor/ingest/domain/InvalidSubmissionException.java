package io.watchfloor.ingest.domain;

/** A submission that cannot become a report; names the offending field and what the sender should do. */
public final class InvalidSubmissionException extends RuntimeException {
    private final String field;
    private final String hint;

    public InvalidSubmissionException(String field, String message, String hint) {
        super(message);
        this.field = field;
        this.hint = hint;
    }

    /** The request field at fault, e.g. {@code text}; null when the whole body is at fault. */
    public String field() {
        return field;
    }

    public String hint() {
        return hint;
    }
}
