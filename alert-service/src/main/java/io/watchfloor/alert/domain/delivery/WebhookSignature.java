package io.watchfloor.alert.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code webhook-signature} is {@code v1,} +
 * base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), the key being the base64 after {@code whsec_}.
 * Signs outgoing alerts and verifies (for receivers and tests). Immutable and thread-safe.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    /**
     * @param secret {@code whsec_} + base64 key (the prefix may be left out)
     * @throws IllegalArgumentException if the key is not base64 or is empty
     */
    public WebhookSignature(String secret) {
        if (secret == null) {
            throw new IllegalArgumentException("webhook secret is required");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            this.key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // the message of the cause may quote part of the secret
            throw new IllegalArgumentException("webhook secret is not " + SECRET_PREFIX + " + base64");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret has an empty key");
        }
    }

    /** The {@code webhook-signature} value for one message: {@code v1,<base64>}. */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(hmac(messageId, timestampSeconds, body));
    }

    public String sign(String messageId, long timestampSeconds, String body) {
        return sign(messageId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The three headers to send with {@code body}, in the order the specification lists them. */
    public Map<String, String> headers(String messageId, Instant timestamp, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(ID_HEADER, messageId);
        h.put(TIMESTAMP_HEADER, Long.toString(timestamp.getEpochSecond()));
        h.put(SIGNATURE_HEADER, sign(messageId, timestamp.getEpochSecond(), body));
        return h;
    }

    /**
     * True if one of the space-separated {@code v1,...} signatures in {@code signatureHeader} is the
     * signature of this message and the timestamp is within {@code tolerance} of {@code now} (either way).
     * Other versions are ignored; comparison is constant-time.
     */
    public boolean verify(String messageId, String timestampHeader, byte[] body, String signatureHeader,
                          Instant now, Duration tolerance) {
        if (messageId == null || timestampHeader == null || body == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(messageId, timestamp, body);
        boolean valid = false;
        for (String candidate : signatureHeader.strip().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !VERSION.equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // no early exit: the time taken does not tell which candidate matched
            valid |= MessageDigest.isEqual(expected, given);
        }
        return valid;
    }

    public boolean verify(String messageId, String timestampHeader, String body, String signatureHeader,
                          Instant now) {
        return verify(messageId, timestampHeader, body.getBytes(StandardCharsets.UTF_8), signatureHeader, now,
                DEFAULT_TOLERANCE);
    }

    private byte[] hmac(String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[key=***]";
    }
}
