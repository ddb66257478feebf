package io.watchfloor.ingest.feeds.sources;

import java.net.URLDecoder;
import io.watchfloor.ingest.feeds.fetch.UrlRedaction;
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

    /**
     * A source from configuration. User info in its URL is moved to {@code username}/{@code password} (unless
     * those are set) and removed from the URL, so it is never shown or logged; the id is that of the clean URL.
     */
    public static FeedSource configured(String name, String url, int intervalSeconds, Map<String, String> headers,
                                        String username, String password, Instant createdAt) {
        String userInfo = UrlRedaction.userInfo(url);
        if (userInfo == null) {
            return create(name, url, intervalSeconds, headers, username, password, "config", createdAt);
        }
        String user = username;
        String pass = password;
        if (user == null || user.isBlank()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            pass = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return create(name, UrlRedaction.withoutUserInfo(url), intervalSeconds, headers, user, pass, "config",
                createdAt);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
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

    /** The URL to show (API, logs, health): user info replaced by {@code ***}. */
    public String redactedUrl() {
        return UrlRedaction.redact(url);
    }

    /** Basic credentials configured, or user info in the URL (shown only as this flag). */
    public boolean hasCredentials() {
        return username != null || UrlRedaction.hasUserInfo(url);
    }

    public URI uri() {
        return URI.create(url);
    }

    public FetchRequest request(String etag, String lastModified) {
        return new FetchRequest(uri(), headers, username, password, etag, lastModified);
    }
}
