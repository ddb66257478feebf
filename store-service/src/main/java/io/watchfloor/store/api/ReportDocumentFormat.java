package io.watchfloor.store.api;

import io.micronaut.json.JsonMapper;
import io.watchfloor.store.domain.DocumentFormat;
import io.watchfloor.store.domain.StoredReport;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON the store keeps is the API's document ({@link ReportDocument}), so reads serve it as stored; the exports
 * and the analyst view read it back as the domain record.
 */
@Singleton
public class ReportDocumentFormat implements DocumentFormat {
    private final JsonMapper json;

    public ReportDocumentFormat(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String document(StoredReport report) {
        return write(StoredReportToDocument.map(report));
    }

    @Override
    public String source(StoredReport.Source source) {
        return write(StoredReportToDocument.source(source));
    }

    @Override
    public StoredReport read(String document) {
        try {
            return DocumentToStoredReport.map(json.readValue(document, ReportDocument.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a stored report document", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report document as JSON", e);
        }
    }
}
