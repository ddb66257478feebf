package io.watchfloor.edge.deadletter;

/** The dead-letter topic could not take a record: the caller must not commit past it. */
public class DeadLetterUnavailableException extends Exception {

    public DeadLetterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
