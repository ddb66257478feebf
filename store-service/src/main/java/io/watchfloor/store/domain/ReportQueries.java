package io.watchfloor.store.domain;

import java.util.List;
import java.util.Optional;

/**
 * The read side of the report database (implemented in {@code db}). A query the database refuses for its
 * input throws {@link IllegalArgumentException}; an outage throws {@link DatabaseUnavailableException}.
 */
public interface ReportQueries {

    /** The stored JSON document of a report. */
    Optional<String> findDocument(String id) throws DatabaseUnavailableException;

    /** One page of reports matching the query, newest first. */
    ReportPage find(ReportQuery query) throws DatabaseUnavailableException;

    /** Every group seen in stored reports with its report count and latest report time, most reported first. */
    List<GroupStats> groups() throws DatabaseUnavailableException;
}
