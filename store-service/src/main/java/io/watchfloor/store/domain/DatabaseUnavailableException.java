package io.watchfloor.store.domain;

/** The report database did not answer: nothing was written or read; retry once it is back. */
public class DatabaseUnavailableException extends Exception {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
