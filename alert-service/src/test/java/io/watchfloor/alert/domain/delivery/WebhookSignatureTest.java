package io.watchfloor.alert.domain.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Standard Webhooks signatures against the specification's example and an independent HMAC computation. */
class WebhookSignatureTest {

    // the example of the Standard Webhooks specification (also reproduced with Python's hmac module)
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void shouldReproduceTheSpecificationExample() {
        assertEquals(SPEC_SIGNATURE,
                new WebhookSignature(SPEC_SECRET).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void shouldMatchAnHmacComputedDirectlyWithJavaxCrypto() throws Exception {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        String body = "{\"alertId\":\"al-0123456789abcdef0123\",\"title\":\"Caf\u00e9 bombing\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal(("al-0123456789abcdef0123.1764583200." + body).getBytes(StandardCharsets.UTF_8)));

        WebhookSignature signature = new WebhookSignature(secret);
        assertEquals(expected, signature.sign("al-0123456789abcdef0123", 1764583200L, body));
        Map<String, String> headers = signature.headers("al-0123456789abcdef0123",
                Instant.ofEpochSecond(1764583200L), body.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("webhook-id", "webhook-timestamp", "webhook-signature"),
                List.copyOf(headers.keySet()));
        assertEquals(List.of("al-0123456789abcdef0123", "1764583200", expected),
                List.copyOf(headers.values()));
    }

    @Test
    void shouldVerifyAnyOfSeveralSignaturesWithinTheTolerance() {
        WebhookSignature signature = new WebhookSignature(SPEC_SECRET);
        Instant now = Instant.ofEpochSecond(SPEC_TIMESTAMP + 60);
        String rotated = "v1,Zm9vYmFy v2,whatever " + SPEC_SIGNATURE;
        assertTrue(signature.verify(SPEC_ID, "1614265330", SPEC_BODY, rotated, now));
        assertTrue(signature.verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE, now));
    }

    @Test
    void shouldRejectTamperingWrongKeysAndOldOrFutureTimestamps() {
        WebhookSignature signature = new WebhookSignature(SPEC_SECRET);
        Instant now = Instant.ofEpochSecond(SPEC_TIMESTAMP);
        assertFalse(signature.verify(SPEC_ID, "1614265330", SPEC_BODY + " ", SPEC_SIGNATURE, now),
                "body changed");
        assertFalse(signature.verify("msg_other", "1614265330", SPEC_BODY, SPEC_SIGNATURE, now),
                "id changed");
        assertFalse(signature.verify(SPEC_ID, "1614265331", SPEC_BODY, SPEC_SIGNATURE, now),
                "timestamp changed");
        String v2 = "v2," + SPEC_SIGNATURE.substring(3);
        assertFalse(signature.verify(SPEC_ID, "1614265330", SPEC_BODY, v2, now), "only v1 counts");
        assertFalse(signature.verify(SPEC_ID, "1614265330", SPEC_BODY, "v1,not*base64", now));
        assertFalse(signature.verify(SPEC_ID, "soon", SPEC_BODY, SPEC_SIGNATURE, now));
        String otherKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        assertFalse(new WebhookSignature(otherKey).verify(SPEC_ID, "1614265330", SPEC_BODY, SPEC_SIGNATURE,
                now));
        byte[] body = SPEC_BODY.getBytes(StandardCharsets.UTF_8);
        Duration fiveMinutes = Duration.ofMinutes(5);
        assertTrue(signature.verify(SPEC_ID, "1614265330", body, SPEC_SIGNATURE, now.plusSeconds(300),
                fiveMinutes));
        assertFalse(signature.verify(SPEC_ID, "1614265330", body, SPEC_SIGNATURE, now.plusSeconds(301),
                fiveMinutes));
        assertFalse(signature.verify(SPEC_ID, "1614265330", body, SPEC_SIGNATURE, now.minusSeconds(301),
                fiveMinutes), "a timestamp from the future is refused too");
    }

    @Test
    void shouldRefuseASecretThatIsNotBase64WithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebhookSignature("whsec_s3cr3t!!"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(new WebhookSignature(SPEC_SECRET).toString().contains("MfKQ"));
    }
}
