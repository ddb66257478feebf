package io.watchfloor.store.domain;

import java.util.List;

/** The write side of the report database (implemented in {@code db}). */
public interface ReportStore {

    /**
     * Writes the rows in one transaction, idempotently: a row replaces the stored one only when it is a newer
     * revision or enrichment. Rows the database refuses for their content come back in the result; an outage
     * throws and nothing is written.
     */
    UpsertResult upsertAll(List<ReportRow> rows) throws DatabaseUnavailableException;

    /** Throws unless the database answers. */
    void ping() throws DatabaseUnavailableException;
}
