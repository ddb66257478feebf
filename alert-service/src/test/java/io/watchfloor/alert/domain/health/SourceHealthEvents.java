package io.watchfloor.alert.domain.health;

import java.time.Instant;

/** Health records of one feed source for tests: failing, stale, healthy. */
public final class SourceHealthEvents {
    public static final String ID = "src-0123456789abcdef";
    public static final String NAME = "reuters-world";
    public static final String URL = "https://feeds.example.org/world.xml";
    public static final Instant LAST_SUCCESS = Instant.parse("2026-12-03T08:00:00Z");

    private SourceHealthEvents() {
    }

    public static SourceHealthEvent failing(Instant polledAt, int failures) {
        return new SourceHealthEvent(ID, NAME, URL, "FAILING", polledAt, LAST_SUCCESS, 503, 0, failures,
                "HTTP_STATUS: HTTP 503 Service Unavailable", null, 300);
    }

    public static SourceHealthEvent stale(Instant polledAt, int emptyPolls) {
        return new SourceHealthEvent(ID, NAME, URL, "STALE", polledAt, polledAt, 304, emptyPolls, 0, null,
                Instant.parse("2026-12-02T23:00:00Z"), 300);
    }

    public static SourceHealthEvent ok(Instant polledAt) {
        return new SourceHealthEvent(ID, NAME, URL, "OK", polledAt, polledAt, 200, 0, 0, null, null, 300);
    }

    public static SourceHealthEvent of(String sourceId, String name, String status, Instant polledAt) {
        return new SourceHealthEvent(sourceId, name, "https://" + name + ".example/feed", status, polledAt,
                LAST_SUCCESS, 500, 0, 1, "HTTP_STATUS: HTTP 500", null, 600);
    }
}
