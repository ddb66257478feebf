package io.watchfloor.alert.topology;

import io.watchfloor.alert.domain.health.SourceHealthEvent;
import io.watchfloor.schemas.avro.SourceHealth;

/** Avro -> domain: a record of {@code threat.sources.health.v1} as the {@link SourceHealthEvent} matching reads. */
final class SourceHealthAvroToEvent {
    private SourceHealthAvroToEvent() {
    }

    static SourceHealthEvent map(SourceHealth h) {
        return new SourceHealthEvent(s(h.getSourceId()), s(h.getSourceName()), s(h.getSourceUrl()),
                s(h.getStatus()), h.getPolledAt(), h.getLastSuccessAt(), h.getHttpStatus(), h.getEmptyPollStreak(),
                h.getConsecutiveFailures(), s(h.getLastError()), h.getNewestItemPublished(), h.getIntervalSeconds());
    }

    private static String s(CharSequence c) {
        return c == null ? null : c.toString();
    }
}
