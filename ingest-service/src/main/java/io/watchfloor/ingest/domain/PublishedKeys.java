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
 * Idempotency keys of reports that are on the raw topic (SHA-256 of the key -> the request's SHA-256 and the
 * report id, or for a batch, STIX or MISP request the report id of each published item by its index), read back
 * from their attributes at start and while tailing, so a retry after a restart or on another instance gets its
 * original answer. Bounded by count and age, oldest first.
 */
public final class PublishedKeys {
    /** Attribute holding the SHA-256 (hex) of the Idempotency-Key a report was POSTed with. */
    public static final String KEY_ATTRIBUTE = "ingest.idempotency-key-sha256";
    /** Attribute holding the SHA-256 (hex) of that request (method, path, content type, body). */
    public static final String REQUEST_ATTRIBUTE = "ingest.request-sha256";
    /** Attribute holding the index of the item (0-based) in the batch, STIX or MISP request it was published for. */
    public static final String ITEM_ATTRIBUTE = "ingest.request-item";

    /**
     * What a key was used for: a single report ({@code reportId}), or the items of a multi-item request that are
     * on the topic ({@code items}: index -> report id; {@code reportId} is null).
     */
    public record Published(String requestSha256, String reportId, Instant at, Map<Integer, String> items) {

        public Published(String requestSha256, String reportId, Instant at) {
            this(requestSha256, reportId, at, Map.of());
        }

        public Published {
            items = Map.copyOf(items);
        }

        /** Whether the key was used for a multi-item request (batch, STIX, MISP). */
        public boolean multiItem() {
            return reportId == null;
        }
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
        if (key == null || request == null) {
            return;
        }
        Integer item = itemIndex(report.attributes().get(ITEM_ATTRIBUTE));
        Published known = byKey.get(key);
        if (item == null) {
            if (known == null) {
                byKey.put(key, new Published(request, report.id(), report.ingestedAt()));
            }
        } else if (known == null) {
            byKey.put(key, new Published(request, null, report.ingestedAt(), Map.of(item, report.id())));
        } else if (known.multiItem() && known.requestSha256().equals(request)
                && !report.id().equals(known.items().get(item))) {
            // another item of the same request (first use of the key wins; the first record's time counts)
            Map<Integer, String> items = new java.util.HashMap<>(known.items());
            items.putIfAbsent(item, report.id());
            byKey.put(key, new Published(request, null, known.at(), items));
        } else {
            return;
        }
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

    /** {@code attributes} (of a key, possibly empty) for item {@code index} of a multi-item request. */
    public static Map<String, String> itemAttributes(Map<String, String> attributes, int index) {
        if (attributes.isEmpty()) {
            return attributes;
        }
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put(ITEM_ATTRIBUTE, Integer.toString(index));
        return Map.copyOf(all);
    }

    private static Integer itemIndex(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
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
