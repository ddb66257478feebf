package io.watchfloor.store.domain;

/** The JSON forms the store keeps of a report, written and read back (implemented by the API room, which owns the
 * JSON shape). */
public interface DocumentFormat {

    /** The full document, as {@code GET /reports/{id}} returns it. */
    String document(StoredReport report);

    /** The source alone. */
    String source(StoredReport.Source source);

    /** The report a stored document describes (the inverse of {@link #document(StoredReport)}). */
    StoredReport read(String document);
}
