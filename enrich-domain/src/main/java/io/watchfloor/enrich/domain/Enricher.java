package io.watchfloor.enrich.domain;

/** Tags one report. Implementations are thread-safe and never return null. */
public interface Enricher {
    Enrichment enrich(ReportText report);
}
