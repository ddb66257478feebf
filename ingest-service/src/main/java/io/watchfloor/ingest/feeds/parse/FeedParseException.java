package io.watchfloor.ingest.feeds.parse;

/** A feed document that was refused or could not be read; the message says what was wrong. */
public final class FeedParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a document was refused. */
    public enum Reason {
        DOCTYPE_FORBIDDEN,
        MALFORMED,
        UNKNOWN_FORMAT,
        EMPTY,
        /** The document is larger than the parser may build: elements, nesting depth or text (ParserLimits). */
        LIMIT_EXCEEDED
    }

    private final Reason reason;

    public FeedParseException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
