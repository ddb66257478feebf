package io.watchfloor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code ./watchfloor trace <report id> [--json]}: where one report is, from store-service's
 * {@code GET /reports/{id}/trace} (raw topic, enriched topic, dead letters, PostgreSQL, alerts), printed as a
 * timeline. Exit code 0 when found, 4 when no trace of the id exists, 1 when store-service does not answer.
 */
final class TraceCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceCommand() {
    }

    static int run(StackOptions options, List<String> args, PrintStream out) throws Exception {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("usage: watchfloor trace <report id> [--json]   (ids look like r-...; "
                    + "list stored ones with curl " + options.storeUrl() + "/reports)");
        }
        String id = args.get(0);
        boolean json = args.contains("--json");
        String url = options.storeUrl() + "/reports/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/trace";
        Http.Response r;
        try {
            r = Http.get(url, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException("store-service does not answer at " + options.storeUrl()
                    + " (" + e.getMessage() + "). Is the stack running? ./watchfloor status shows what is up; "
                    + "./watchfloor up starts it.");
        }
        if (json) {
            out.println(r.body());
            return r.ok() ? 0 : r.status() == 404 ? 4 : 1;
        }
        JsonNode body = JSON.readTree(r.body());
        if (r.status() == 404) {
            out.println(body.path("message").asText("No trace of report " + id));
            return 4;
        }
        if (!r.ok()) {
            out.println("store-service answered " + r.status() + ": " + body.path("message").asText(r.body()));
            return 1;
        }
        print(body, out);
        return 0;
    }

    static void print(JsonNode t, PrintStream out) {
        out.println("Report " + t.path("reportId").asText());
        section(out, "raw topic", t.path("raw"), h -> String.format("%s-%d@%d  %s  revision %s",
                h.path("topic").asText(), h.path("partition").asInt(), h.path("offset").asLong(),
                h.path("time").asText(), h.path("revision").asText("?")));
        section(out, "enriched topic", t.path("enriched"), h -> String.format("%s-%d@%d  %s  revision %s, "
                        + "enriched %s, catalog %s, %s group(s)", h.path("topic").asText(), h.path("partition").asInt(),
                h.path("offset").asLong(), h.path("time").asText(), h.path("revision").asText("?"),
                h.path("enrichedAt").asText("?"), h.path("catalogVersion").asText("?"),
                h.path("groups").isArray() ? String.join(", ", textList(h.path("groups"))) : "?"));
        section(out, "dead letters", t.path("deadLetters"), h -> String.format("%s-%d@%d  %s  stage %s (%s), "
                        + "%s: %s%n        original %s-%s@%s", h.path("topic").asText(), h.path("partition").asInt(),
                h.path("offset").asLong(), h.path("time").asText(), h.path("stage").asText(),
                h.path("service").asText(), h.path("reason").asText(),
                DeadLetterCommand.abbreviate(h.path("message").asText(null), 200), h.path("originTopic").asText("?"),
                h.path("originPartition").asText("?"), h.path("originOffset").asText("?")));
        JsonNode stored = t.path("stored");
        out.println("  PostgreSQL");
        if (stored.isMissingNode() || stored.isNull()) {
            out.println("    not stored");
        } else {
            out.printf("    revision %d, stored %s (enriched %s, catalog %s), from %s-%d@%d%n",
                    stored.path("revision").asInt(), stored.path("storedAt").asText(),
                    stored.path("enrichedAt").asText(), stored.path("catalogVersion").asText(),
                    "threat.reports.enriched.v1", stored.path("kafkaPartition").asInt(),
                    stored.path("kafkaOffset").asLong());
        }
        section(out, "alerts", t.path("alerts"), h -> String.format("%s  %s  %s for subscription %s  (%s-%d@%d)",
                h.path("time").asText(), h.path("alertId").asText(), h.path("type").asText(),
                h.path("subscriptionId").asText(), h.path("topic").asText(), h.path("partition").asInt(),
                h.path("offset").asLong()));
        for (JsonNode note : t.path("notes")) {
            out.println("  note: " + note.asText());
        }
    }

    private static List<String> textList(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void section(PrintStream out, String name, JsonNode hits,
                                java.util.function.Function<JsonNode, String> line) {
        out.println("  " + name);
        if (!hits.isArray() || hits.isEmpty()) {
            out.println("    none");
            return;
        }
        hits.forEach(h -> out.println("    " + line.apply(h)));
    }
}
