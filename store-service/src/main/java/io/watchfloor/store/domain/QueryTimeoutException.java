package io.watchfloor.store.domain;

/** A read that PostgreSQL cancelled at the query timeout: the database is up, the query was too slow. */
public class QueryTimeoutException extends DatabaseUnavailableException {

    public QueryTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
