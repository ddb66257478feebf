package io.watchfloor.enrich.kafka;

import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.ReportText;

/**
 * A fault hook for the fault suite (RELIABILITY.md test 7), off unless asked for: with
 * {@code WATCHFLOOR_FAULT_TAGGER_THROWS_ON=<marker>} (or {@code -Dwatchfloor.fault.tagger-throws-on=<marker>}) the
 * tagger throws {@link InjectedTaggerFault} for every report whose text contains the marker, the way a tagger bug
 * would on some input. The topology must dead-letter those reports and keep every stream thread alive.
 */
final class TaggerThrowsOn implements Enricher {
    static final String VARIABLE = "WATCHFLOOR_FAULT_TAGGER_THROWS_ON";
    static final String PROPERTY = "watchfloor.fault.tagger-throws-on";

    private final Enricher tagger;
    private final String marker;

    TaggerThrowsOn(Enricher tagger, String marker) {
        this.tagger = tagger;
        this.marker = marker;
    }

    /** {@code tagger} itself when neither the property nor the variable is set (or blank), else wrapped. */
    static Enricher fromEnvironment(Enricher tagger) {
        return wrap(tagger, System.getProperty(PROPERTY, System.getenv(VARIABLE)));
    }

    static Enricher wrap(Enricher tagger, String marker) {
        return marker == null || marker.isBlank() ? tagger : new TaggerThrowsOn(tagger, marker.strip());
    }

    @Override
    public Enrichment enrich(ReportText report) {
        if (report.text() != null && report.text().contains(marker)) {
            throw new InjectedTaggerFault("fault hook " + VARIABLE + ": report " + report.id()
                    + " contains the marker " + marker);
        }
        return tagger.enrich(report);
    }

    /** What the hook throws: its class name in a dead letter's {@code dlq.error.class} says it was injected. */
    static final class InjectedTaggerFault extends RuntimeException {
        InjectedTaggerFault(String message) {
            super(message);
        }
    }
}
