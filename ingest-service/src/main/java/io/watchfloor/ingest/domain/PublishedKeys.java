package io.watchfloor.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency keys of single reports that are on the raw topic (SHA-256 of the key -> the request's SHA-256 and
 * the report id), read back from their attributes at start and while tailing, so a retry after a restart or on
 * another instance gets its original answer. Bounded by count and age, oldest first.
 */
public final class PublishedKeys {
    /** Attribute holding the SHA-256 (hex) of the Idempotency-Key a report was POSTed with. */
    public static final String KEY_ATTRIBUTE = "ingest.idempotency-key-sha256";
    /** Attribute holding the SHA-256 (hex) of that request (method, path, content type, body). */
    public static final String REQUEST_ATTRIBUTE = "ingest.request-sha256";

    /** What a key was used for. */
    public record Published(String requestSha256, String reportId, Instant at) {
    }

    private final int maxKeys;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Published> byKey = new LinkedHashMap<>();

    public PublishedKeys(int maxKeys, Duration ttl, Clock clock) {
        this.maxKeys = maxKeys;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Remembers the key of a report read from the raw topic, if it carries one; the first use of a key wins. */
    public synchronized void apply(Report report) {
        String key = report.attributes().get(KEY_ATTRIBUTE);
        String request = report.attributes().get(REQUEST_ATTRIBUTE);
        if (key == null || request == null || byKey.containsKey(key)) {
            return;
        }
        byKey.put(key, new Published(request, report.id(), report.ingestedAt()));
        while (byKey.size() > maxKeys) {
            byKey.remove(byKey.keySet().iterator().next());
        }
    }

    /** The use of the key whose SHA-256 is {@code keySha256}, unless unknown or older than the TTL. */
    public synchronized Optional<Published> find(String keySha256) {
        Published p = byKey.get(keySha256);
        if (p == null || (p.at() != null && p.at().isBefore(clock.instant().minus(ttl)))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** The attributes that record a key and its request on the report published for it. */
    public static Map<String, String> attributes(String key, byte[] requestSha256) {
        return Map.of(KEY_ATTRIBUTE, sha256Hex(key), REQUEST_ATTRIBUTE, HexFormat.of().formatHex(requestSha256));
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
