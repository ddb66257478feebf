package io.watchfloor.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts the bundled demo set (Wikipedia Current Events excerpts, CC BY-SA 4.0) to ingest and prints a few
 * enriched reports read back from the store.
 */
final class DemoFeeder {

    static final String RESOURCE = "/demo/wikipedia-current-events-demo.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoFeeder() {
    }

    /** The demo items, one JSON object per line. */
    static List<JsonNode> items() throws IOException {
        List<JsonNode> items = new ArrayList<>();
        try (InputStream in = DemoFeeder.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("demo set " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    items.add(JSON.readTree(line));
                }
            }
        }
        return items;
    }

    /** The demo items that are not in the demo feeds (those come through {@code POST /sources} instead). */
    static List<JsonNode> batchItems() throws IOException {
        StringBuilder feeds = new StringBuilder();
        for (DemoFeedServer.Feed feed : DemoFeedServer.FEEDS) {
            feeds.append(DemoFeedServer.text(feed));
        }
        List<JsonNode> batch = new ArrayList<>();
        for (JsonNode item : items()) {
            if (feeds.indexOf(xmlEscape(item.path("text").asText())) < 0) {
                batch.add(item);
            }
        }
        return batch;
    }

    static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Posts the demo set (without the items the demo feeds carry) as one JSON array with the API key; returns
     * how many items ingest accepted.
     */
    static int post(String ingestUrl, String apiKey, PrintStream out) throws IOException, InterruptedException {
        List<JsonNode> items = batchItems();
        Http.Response response = Http.postJson(ingestUrl + "/reports/batch",
                JSON.writeValueAsString(items), Duration.ofSeconds(120), apiKey);
        if (!response.ok()) {
            throw new IllegalStateException("ingest answered " + response.status() + " to the demo batch: "
                    + response.body());
        }
        int accepted = countAccepted(JSON.readTree(response.body()), items.size());
        out.printf("      posted %d demo reports to %s/reports/batch, %d accepted%n",
                items.size(), ingestUrl, accepted);
        return accepted;
    }

    /** Waits until the store lists reports, then prints up to five with their groups. */
    static void showEnriched(String storeUrl, int expected, Duration timeout, PrintStream out)
            throws IOException, InterruptedException {
        String url = storeUrl + "/reports?limit=5";
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode items = JSON.createArrayNode();
        while (System.nanoTime() < deadline) {
            Http.Response response = Http.probe(url);
            if (response.ok()) {
                items = reportList(JSON.readTree(response.body()));
                if (items.size() >= Math.min(5, Math.max(1, expected))) {
                    break;
                }
            }
            Thread.sleep(500);
        }
        if (items.isEmpty()) {
            out.println("      no enriched reports in the store yet after " + timeout.toSeconds()
                    + " s; check logs/enrich-service.log and logs/store-service.log");
            return;
        }
        out.println("      latest enriched reports (GET " + url + "):");
        for (JsonNode item : items) {
            out.printf("        - %s%n          groups: %s%n", abbreviate(item.path("title").asText("(untitled)"), 90),
                    groupNames(item));
        }
    }

    static JsonNode reportList(JsonNode body) {
        if (body.isArray()) {
            return body;
        }
        for (String field : List.of("items", "reports", "results", "content")) {
            if (body.path(field).isArray()) {
                return body.get(field);
            }
        }
        return JSON.createArrayNode();
    }

    static String groupNames(JsonNode report) {
        List<String> names = new ArrayList<>();
        for (JsonNode group : report.path("groups")) {
            String name = group.path("name").asText("");
            names.add(name.isEmpty() ? group.path("groupId").asText(group.path("canonicalId").asText("?")) : name);
        }
        return names.isEmpty() ? "(none found)" : String.join(", ", names);
    }

    /** Reads the accepted count from ingest's batch answer ({@code {accepted, rejected, failed, results}}). */
    static int countAccepted(JsonNode body, int posted) {
        if (body.path("accepted").isInt()) {
            return body.get("accepted").asInt();
        }
        JsonNode results = body.isArray() ? body : body.path("results");
        if (!results.isArray() || results.isEmpty()) {
            return posted;
        }
        int accepted = 0;
        for (JsonNode result : results) {
            if ("accepted".equals(result.path("status").asText())) {
                accepted++;
            }
        }
        return accepted;
    }

    private static String abbreviate(String text, int max) {
        return text.length() > max ? text.substring(0, max - 3) + "..." : text;
    }
}
