package io.watchfloor.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceHealthMapperTest {
    private static final Instant POLLED = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void shouldCarryTheUsualIntervalAndStaleStatusSoAlertsCanSayHowLongNothingCame() {
        FeedSource source = FeedSource.create("Demo", "http://127.0.0.1:1/feed.xml", 900, Map.of(), null, null,
                "api", POLLED);
        SourceHealth stale = new SourceHealth(source.id(), SourceHealth.STALE, POLLED, POLLED, 304, "rss_2.0",
                0, 0, 0, 0, 0, 0, 0, 12, 3, 6, 0, null, null, null);

        var avro = SourceHealthMapper.toAvro(source, stale, POLLED.plusSeconds(5));

        assertEquals(900, avro.getIntervalSeconds());
        assertEquals("STALE", avro.getStatus());
        assertEquals(6, avro.getEmptyPollStreak());
        assertEquals("Demo", avro.getSourceName());
        assertEquals(POLLED, avro.getPolledAt());
    }

    @Test
    void shouldSendZeroIntervalWhenTheSourceWasRemovedMeanwhile() {
        SourceHealth failing = new SourceHealth("src-1", SourceHealth.FAILING, POLLED, null, 500, null,
                0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, "HTTP_STATUS: HTTP 500", null, null);

        var avro = SourceHealthMapper.toAvro(null, failing, POLLED);

        assertEquals(0, avro.getIntervalSeconds());
        assertEquals("src-1", avro.getSourceName());
        assertEquals("HTTP_STATUS: HTTP 500", avro.getLastError());
    }
}
