package io.watchfloor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's webhook receiver on the stack's loopback demo server ({@code /demo/hook}): it checks each delivery's
 * Standard Webhooks signature with the demo secret, answers 200, and keeps the alerts for the stack to print.
 * Duplicates (the same {@code webhook-id}) are counted once, as a real receiver would do.
 */
final class DemoWebhookReceiver {
    static final String PATH = "/demo/hook";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key;
    private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final AtomicInteger deliveries = new AtomicInteger();

    /** {@code secret} is {@code whsec_} + base64 of the key. */
    DemoWebhookReceiver(String secret) {
        this.key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (!"POST".equals(exchange.getRequestMethod()) || id == null || timestamp == null
                    || !verified(id, timestamp, body, signature)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            deliveries.incrementAndGet();
            if (!ids.contains(id)) {
                ids.add(id);
                alerts.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private boolean verified(String id, String timestamp, byte[] body, String signatures) {
        if (signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String candidate : signatures.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Alerts received so far (one per webhook-id). */
    List<JsonNode> alerts() {
        return List.copyOf(alerts);
    }

    /** Signed deliveries received, redeliveries of a webhook-id included. */
    int deliveries() {
        return deliveries.get();
    }

    /** Waits up to {@code timeout} for a first alert; null if none came. */
    JsonNode awaitFirst(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alerts.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return alerts.isEmpty() ? null : alerts.get(0);
    }
}
