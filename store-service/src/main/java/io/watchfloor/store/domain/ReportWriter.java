package io.watchfloor.store.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The store's use case: turns enriched reports read at a position of the enriched topic into rows and writes
 * them in one idempotent transaction.
 */
public final class ReportWriter {
    private final ReportStore store;
    private final DocumentFormat format;

    public ReportWriter(ReportStore store, DocumentFormat format) {
        this.store = store;
        this.format = format;
    }

    /** A report and the topic position it was read from. */
    public record Positioned(StoredReport report, int partition, long offset) {
    }

    public UpsertResult write(List<Positioned> reports) throws DatabaseUnavailableException {
        if (reports.isEmpty()) {
            return new UpsertResult(0, 0, List.of());
        }
        List<ReportRow> rows = new ArrayList<>(reports.size());
        for (Positioned p : reports) {
            rows.add(ReportRow.of(p.report(), format.document(p.report()), format.source(p.report().source()),
                    p.partition(), p.offset()));
        }
        return store.upsertAll(rows);
    }
}
