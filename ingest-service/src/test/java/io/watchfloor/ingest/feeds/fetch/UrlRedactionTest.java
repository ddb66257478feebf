package io.watchfloor.ingest.feeds.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.feeds.http.SourceView;
import io.watchfloor.ingest.feeds.sources.FeedSource;
import io.watchfloor.ingest.feeds.sources.SourceHealth;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlRedactionTest {

    @Test
    void shouldHideUserInfoWhereverItIs() {
        assertEquals("https://***@host.example/feed?a=b@c",
                UrlRedaction.redact("https://user:pass@host.example/feed?a=b@c"));
        assertEquals("http://***@host.example:8080", UrlRedaction.redact("http://us%40er:p@ss:w@host.example:8080"));
        assertEquals("http://***@h/x", UrlRedaction.redact("http://user@h/x"));
        assertEquals("https://host.example/feed?mail=a@b", UrlRedaction.redact("https://host.example/feed?mail=a@b"));
        assertEquals("https://host.example/@user", UrlRedaction.redact("https://host.example/@user"));
        assertEquals("not a url", UrlRedaction.redact("not a url"));
        assertNull(UrlRedaction.redact((String) null));
        assertTrue(UrlRedaction.hasUserInfo("https://u:p@h/"));
        assertFalse(UrlRedaction.hasUserInfo("https://h/?x=u:p@h"));
        assertEquals("https://h/f", UrlRedaction.withoutUserInfo("https://u:p@h/f"));
        assertEquals("u:p", UrlRedaction.userInfo("https://u:p@h/f"));
    }

    @Test
    void shouldShowSourcesWithoutTheirUserInfo() {
        // e.g. a source persisted before user info was refused
        FeedSource legacy = FeedSource.create("old", "https://reader:s3cret@feeds.example/rss", 300, Map.of(), null,
                null, "api", Instant.now());
        SourceView view = SourceView.of(legacy, SourceHealth.initial(legacy.id()));
        assertEquals("https://***@feeds.example/rss", view.url());
        assertTrue(view.hasCredentials());
        assertFalse(view.toString().contains("s3cret"));

        FeedSource configured = FeedSource.configured("cfg", "https://reader:s3cr%3At@feeds.example/rss", 300,
                Map.of(), null, null, Instant.now());
        assertEquals("https://feeds.example/rss", configured.url());
        assertEquals("reader", configured.username());
        assertEquals("s3cr:t", configured.password());
        assertEquals(FeedSource.idFor("https://feeds.example/rss"), configured.id());
        assertTrue(SourceView.of(configured, null).hasCredentials());
    }
}
