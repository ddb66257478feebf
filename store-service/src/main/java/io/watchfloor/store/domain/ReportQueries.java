package io.watchfloor.store.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The read side of the report database (implemented in {@code db}). A query the database refuses for its
 * input throws {@link IllegalArgumentException}; an outage throws {@link DatabaseUnavailableException}.
 */
public interface ReportQueries {
    /** Marks the start of a matched term in a highlighted snippet ({@link #search}). */
    char HIGHLIGHT_START = '\u0002';
    /** Marks the end of a matched term in a highlighted snippet. */
    char HIGHLIGHT_END = '\u0003';

    /** The stored JSON document of a report. */
    Optional<String> findDocument(String id) throws DatabaseUnavailableException;

    /** One page of reports matching the query, newest first. */
    ReportPage find(ReportQuery query) throws DatabaseUnavailableException;

    /**
     * As {@link #find}, with snippets around the matched terms when the query has a text, each term between
     * {@link #HIGHLIGHT_START} and {@link #HIGHLIGHT_END}.
     */
    ReportPage search(ReportQuery query) throws DatabaseUnavailableException;

    /** One page of the stored documents of the reports matching the query, newest first. */
    DocumentPage documents(ReportQuery query) throws DatabaseUnavailableException;

    /** The facets of the reports matching the query (its cursor and limit are ignored), top values each. */
    SearchFacets facets(ReportQuery query, int top) throws DatabaseUnavailableException;

    /** Every group seen in stored reports with its report count and latest report time, most reported first. */
    List<GroupStats> groups() throws DatabaseUnavailableException;

    /** A group's reports per day since {@code since} and what co-occurs with it most (top values each). */
    GroupActivity groupActivity(String groupId, LocalDate since, int top) throws DatabaseUnavailableException;

    /** Reports stored as duplicates of this one, newest first. */
    List<ReportSummary> duplicatesOf(String id, int limit) throws DatabaseUnavailableException;

    /**
     * Reports in the order the store last wrote them, oldest first: from the report at {@code from} (inclusive:
     * written at that time, that id or a greater one) when given, else written after {@code after} (exclusive),
     * else from the first.
     */
    List<AddedReport> added(Instant after, ReportCursor from, int limit) throws DatabaseUnavailableException;
}
