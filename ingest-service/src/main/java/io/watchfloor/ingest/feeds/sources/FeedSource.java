package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.feeds.fetch.FetchRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * A feed to poll: id (derived from the URL, so the same feed cannot be added twice), name, URL, interval,
 * extra request headers and optional basic credentials. {@code origin} is "config" or "api".
 */
public record FeedSource(
        String id,
        String name,
        String url,
        int intervalSeconds,
        Map<String, String> headers,
        String username,
        String password,
        String origin,
        Instant createdAt) {

    public FeedSource {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static FeedSource create(String name, String url, int intervalSeconds, Map<String, String> headers,
                                    String username, String password, String origin, Instant createdAt) {
        return new FeedSource(idFor(url), name, url, intervalSeconds, headers, username, password, origin, createdAt);
    }

    /** {@code src-} + 16 hex digits of SHA-256 over the URL as given (trimmed). */
    public static String idFor(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.trim().getBytes(StandardCharsets.UTF_8));
            return "src-" + HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public URI uri() {
        return URI.create(url);
    }

    public FetchRequest request(String etag, String lastModified) {
        return new FetchRequest(uri(), headers, username, password, etag, lastModified);
    }
}
