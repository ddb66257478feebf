package io.watchfloor.edge.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The configured API keys and a constant-time check of a presented key. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of a key leaks through timing.
 */
public final class ApiKeys {
    private final List<byte[]> digests;

    /** Each entry may itself be a comma-separated list (as from {@code WATCHFLOOR_API_KEYS}); blanks are ignored. */
    public ApiKeys(Collection<String> configured) {
        List<byte[]> list = new ArrayList<>();
        if (configured != null) {
            for (String entry : configured) {
                if (entry == null) {
                    continue;
                }
                for (String key : entry.split(",")) {
                    if (!key.isBlank()) {
                        list.add(digest(key.strip()));
                    }
                }
            }
        }
        this.digests = List.copyOf(list);
    }

    /** True when at least one key is configured, i.e. write endpoints need a key. */
    public boolean enabled() {
        return !digests.isEmpty();
    }

    public int count() {
        return digests.size();
    }

    /** Whether {@code presented} is one of the keys; every configured key is compared, whatever matches. */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] key : digests) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }

    /** The key from {@code X-API-Key}, else from {@code Authorization: Bearer <key>}, else null. */
    public static String presented(String apiKeyHeader, String authorizationHeader) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.strip();
        }
        if (authorizationHeader != null) {
            String value = authorizationHeader.strip();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = value.substring(7).strip();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }

    /**
     * The password of {@code Authorization: Basic base64(user:password)} (any user), or null: how a browser sends
     * a read key after its sign-in prompt.
     */
    public static String basicPassword(String authorizationHeader) {
        if (authorizationHeader == null) {
            return null;
        }
        String value = authorizationHeader.strip();
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 || colon == decoded.length() - 1 ? null : decoded.substring(colon + 1);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
