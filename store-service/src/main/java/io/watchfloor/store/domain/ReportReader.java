package io.watchfloor.store.domain;

import java.util.Optional;

/** Reads stored reports back as domain records, for the exports and the analyst view. */
public final class ReportReader {
    private final ReportQueries queries;
    private final DocumentFormat format;

    public ReportReader(ReportQueries queries, DocumentFormat format) {
        this.queries = queries;
        this.format = format;
    }

    public Optional<StoredReport> find(String id) throws DatabaseUnavailableException {
        Optional<String> document = queries.findDocument(id);
        return document.map(format::read);
    }

    /** The report a stored document describes. */
    public StoredReport read(String document) {
        return format.read(document);
    }
}
