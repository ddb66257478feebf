package io.watchfloor.enrich.domain;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An enricher whose catalog can be replaced while reports flow: each report is tagged by exactly one
 * catalog version (the one current when it started), and the swap never blocks tagging.
 */
public final class ReloadableEnricher implements Enricher {
    private final AtomicReference<DefaultEnricher> current;

    public ReloadableEnricher(DefaultEnricher initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    @Override
    public Enrichment enrich(ReportText report) {
        return current.get().enrich(report);
    }

    /** The catalog version reports are tagged with now. */
    public String catalogVersion() {
        return current.get().catalog().version();
    }

    /** Replaces the enricher; returns the previous catalog version. */
    public String swap(DefaultEnricher next) {
        return current.getAndSet(Objects.requireNonNull(next)).catalog().version();
    }
}
