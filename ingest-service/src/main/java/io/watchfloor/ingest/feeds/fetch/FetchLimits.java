package io.watchfloor.ingest.feeds.fetch;

import java.time.Duration;

/**
 * Bounds for one fetch: connect timeout, an overall deadline covering headers, body and every redirect hop,
 * caps on raw and decompressed body bytes, and the redirect hop cap.
 */
public record FetchLimits(
        Duration connectTimeout,
        Duration totalTimeout,
        long maxBodyBytes,
        long maxDecompressedBytes,
        int maxRedirects,
        String userAgent) {

    public FetchLimits {
        if (connectTimeout.isNegative() || connectTimeout.isZero()
                || totalTimeout.isNegative() || totalTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxBodyBytes <= 0 || maxDecompressedBytes <= 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("caps must be positive and maxRedirects >= 0");
        }
    }

    /** 5 s connect, 30 s total, 10 MiB on the wire, 20 MiB decompressed, 5 redirects. */
    public static FetchLimits defaults() {
        return new FetchLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), 10L << 20, 20L << 20, 5,
                "Watchfloor-FeedFetcher/0.1 (+https://github.com/watchfloor)");
    }

    public FetchLimits withTotalTimeout(Duration total) {
        return new FetchLimits(connectTimeout, total, maxBodyBytes, maxDecompressedBytes, maxRedirects, userAgent);
    }

    public FetchLimits withMaxBodyBytes(long raw, long decompressed) {
        return new FetchLimits(connectTimeout, totalTimeout, raw, decompressed, maxRedirects, userAgent);
    }

    public FetchLimits withMaxRedirects(int redirects) {
        return new FetchLimits(connectTimeout, totalTimeout, maxBodyBytes, maxDecompressedBytes, redirects, userAgent);
    }
}
