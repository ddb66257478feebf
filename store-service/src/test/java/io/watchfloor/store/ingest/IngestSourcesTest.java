package io.watchfloor.store.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.store.domain.ops.FeedSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestSourcesTest {

    @Test
    void shouldReadIngestServicesSourceViewsWithOrWithoutHealth() throws Exception {
        List<FeedSource> feeds = IngestSources.parse(new ObjectMapper().readTree("""
                [{"id":"a","name":"A","url":"https://a.example/rss","intervalSeconds":300,
                  "health":{"status":"ok","lastSuccessAt":"2025-07-01T10:00:00Z","totalPolls":4,
                            "consecutiveFailures":0,"lastError":null,"nextPollAt":1751364000.5}},
                 {"id":"b","name":"B","url":"https://b.example/rss","intervalSeconds":60,"health":null}]"""));

        assertEquals(2, feeds.size());
        assertEquals("ok", feeds.get(0).status());
        assertEquals(Instant.parse("2025-07-01T10:00:00Z"), feeds.get(0).lastSuccessAt());
        assertEquals(Instant.ofEpochMilli(1751364000500L), feeds.get(0).nextPollAt());
        assertEquals(4, feeds.get(0).totalPolls());
        assertNull(feeds.get(0).lastError());
        assertEquals("never polled", feeds.get(1).status());
        assertNull(feeds.get(1).lastSuccessAt());
    }
}
