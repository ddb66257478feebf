package io.watchfloor.ingest.feeds.fetch;

import io.watchfloor.ingest.feeds.parse.FeedText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-article fetch through {@link SafeHttpFetcher} (same SSRF guard, pinned-address tunnel and caps); any failure
 * gives empty. The shared fetcher owns the tunnel and is closed with the application context.
 */
public final class SafeArticleFetcher implements ArticleFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(SafeArticleFetcher.class);

    private final SafeHttpFetcher fetcher;

    public SafeArticleFetcher(SafeHttpFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public Optional<String> articleHtml(String url) {
        try {
            FetchResult result = fetcher.fetch(new FetchRequest(URI.create(url),
                    Map.of("Accept", "text/html, application/xhtml+xml;q=0.9"), null, null, null, null));
            String type = result.contentType() == null ? "" : result.contentType().toLowerCase(Locale.ROOT);
            if (!type.isEmpty() && !type.contains("html")) {
                return Optional.empty();
            }
            String charset = FeedText.declaredCharset(new byte[0], result.contentType())
                    .map(c -> c.name()).orElse(null);
            Document document = Jsoup.parse(new ByteArrayInputStream(result.body()), charset,
                    result.finalUri().toString());
            return ArticleExtractor.extract(document);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("article fetch of {} failed, keeping the feed's summary: {}", url, e.getMessage());
            return Optional.empty();
        }
    }
}
