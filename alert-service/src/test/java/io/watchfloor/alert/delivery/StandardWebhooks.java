package io.watchfloor.alert.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of the Standard Webhooks signature, written from the specification and independent of the
 * service's WebhookSignature: HMAC-SHA256 keyed with the base64-decoded part after {@code whsec_}, over
 * {@code id.timestamp.body}, compared with each space-separated {@code v1,<base64>} of the header.
 */
final class StandardWebhooks {
    private StandardWebhooks() {
    }

    static boolean verify(String secret, Receiver.Request request) {
        try {
            String id = request.headers().get("webhook-id");
            String timestamp = request.headers().get("webhook-timestamp");
            String signatures = request.headers().get("webhook-signature");
            if (id == null || timestamp == null || signatures == null) {
                return false;
            }
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(request.body());
            for (String candidate : signatures.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) <= 300;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new AssertionError("cannot verify: " + e, e);
        }
    }
}
