package io.watchfloor.store.domain;

/** Writes the JSON forms the store keeps of a report (implemented by the API room, which owns the JSON shape). */
public interface DocumentFormat {

    /** The full document, as {@code GET /reports/{id}} returns it. */
    String document(StoredReport report);

    /** The source alone. */
    String source(StoredReport.Source source);
}
