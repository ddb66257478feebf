package io.watchfloor.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic report ids and content hashes. Id: {@code "r-"} + the first 32 hex digits of SHA-256
 * over the canonical URL when there is one, else over the normalised title and text.
 */
public final class ReportIds {
    public static final String PREFIX = "r-";

    private ReportIds() {
    }

    public static String fromUrl(String canonicalUrl) {
        return PREFIX + sha256Hex(canonicalUrl).substring(0, 32);
    }

    /** The id of a report without URL: derived from {@link #contentHash(String, String)}. */
    public static String fromContent(String title, String text) {
        return PREFIX + contentHash(title, text).substring(0, 32);
    }

    /** SHA-256 (hex) of the normalised title and text (NFC, lower case, whitespace collapsed). */
    public static String contentHash(String title, String text) {
        return sha256Hex(TextCleaner.normaliseForHash(title) + "\n" + TextCleaner.normaliseForHash(text));
    }

    static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
