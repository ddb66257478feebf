package io.watchfloor.alert.domain.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: {@code al-} + 20 hex chars of SHA-256 over the subscription id, the root report
 * id, the match fingerprint and, for an update, the alert it replaces. Processing the same input twice gives
 * the same id.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /** The id of the first alert of a subscription on a story. */
    public static String created(String subscriptionId, String rootReportId, String fingerprint) {
        return hash(subscriptionId, rootReportId, fingerprint, "");
    }

    /**
     * The id of an update. The previous alert id is part of it so a match that flips A -> B -> A gets a third
     * id instead of repeating the first (which receivers would drop as already seen).
     */
    public static String updated(String subscriptionId, String rootReportId, String fingerprint,
                                 String previousAlertId) {
        return hash(subscriptionId, rootReportId, fingerprint, previousAlertId);
    }

    private static String hash(String subscriptionId, String rootReportId, String fingerprint,
                               String previous) {
        // length-prefixed parts: "a|b" + "c" and "a" + "b|c" must not collide
        String input = part(subscriptionId) + part(rootReportId) + part(fingerprint) + part(previous);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return "al-" + HexFormat.of().formatHex(h).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String part(String s) {
        String v = s == null ? "" : s;
        return v.length() + ":" + v + ";";
    }
}
