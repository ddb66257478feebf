package io.watchfloor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Base64;

/**
 * The alerts demo: a subscription (ISKP and TTP) delivering to the stack's own loopback receiver, created before
 * the demo reports are posted, then the first alert received, printed with why it fired.
 */
final class DemoAlerts {
    static final String NAME = "Demo desk: ISKP and TTP";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoAlerts() {
    }

    /** The demo webhook secret, kept in the stack's home so a restart verifies with the same one. */
    static String secret(StackOptions options) {
        String hex = ApiKey.loadOrCreate(options.home().resolve("demo-webhook-secret"));
        return "whsec_" + Base64.getEncoder().encodeToString(hex.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Creates the demo subscription unless one with its name exists; returns its id. */
    static String subscribe(StackOptions options, String apiKey, PrintStream out)
            throws IOException, InterruptedException {
        Http.Response list = Http.get(options.alertUrl() + "/subscriptions", Duration.ofSeconds(10));
        for (JsonNode s : JSON.readTree(list.body()).path("items")) {
            if (NAME.equals(s.path("name").asText())) {
                out.printf("      demo subscription %s (%s) kept from an earlier start%n", s.path("id").asText(), NAME);
                return s.path("id").asText();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("name", NAME);
        body.putObject("filter").putArray("groups").add("iskp").add("ttp");
        body.putObject("webhook").put("url", options.demoFeedUrl() + DemoWebhookReceiver.PATH)
                .put("secret", secret(options));
        Http.Response created = Http.postJson(options.alertUrl() + "/subscriptions", body.toString(),
                Duration.ofSeconds(20), apiKey);
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create the demo subscription: HTTP " + created.status() + " "
                    + created.body());
        }
        String id = JSON.readTree(created.body()).path("id").asText();
        out.printf("      demo subscription %s: %s, webhook %s%s%n", id, NAME, options.demoFeedUrl(),
                DemoWebhookReceiver.PATH);
        return id;
    }

    /** Waits for the first alert the demo receiver gets and prints the subscription, the report and why. */
    static void showFirstAlert(DemoWebhookReceiver receiver, Duration timeout, PrintStream out)
            throws InterruptedException {
        JsonNode delivery = receiver.awaitFirst(timeout);
        if (delivery == null) {
            out.println("No alert reached the demo receiver within " + timeout.toSeconds() + " s; see "
                    + "logs/alert-service.log and GET /subscriptions/<id>/deliveries");
            return;
        }
        out.println(describe(delivery));
    }

    /** One alert delivery as a few lines: type, subscription, report, and every clause with its evidence. */
    static String describe(JsonNode delivery) {
        JsonNode a = delivery.path("data");
        StringBuilder s = new StringBuilder("First alert received (").append(delivery.path("type").asText())
                .append("): subscription '").append(a.path("subscriptionName").asText()).append("', report '")
                .append(a.path("title").asText(a.path("reportId").asText())).append("'\n  why it fired:");
        for (JsonNode c : a.path("clauses")) {
            s.append("\n    ").append(c.path("field").asText()).append(" = ").append(c.path("value").asText())
                    .append(" -> ").append(c.path("tagName").asText(c.path("tagId").asText()));
            if (c.hasNonNull("role")) {
                s.append(" (").append(c.path("role").asText()).append(')');
            }
            for (JsonNode e : c.path("evidence")) {
                s.append(" \"").append(e.path("text").asText()).append("\" [").append(e.path("field").asText())
                        .append(' ').append(e.path("start").asInt()).append('-').append(e.path("end").asInt())
                        .append(']');
            }
        }
        return s.toString();
    }
}
