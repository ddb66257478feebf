package io.watchfloor.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the bundled demo feeds with ingest ({@code POST /sources}, with the API key), waits for their first
 * poll and prints each source's health and what became of the item that is in both feeds.
 */
final class DemoFeeds {

    /** A word found only in the item that both demo feeds carry (Kharan District). */
    static final String SHARED_ITEM_WORD = "Kharan";
    /** Polling interval asked for (ingest's minimum is 60 s). */
    static final int INTERVAL_SECONDS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private DemoFeeds() {
    }

    /** Adds both feeds as sources; 201 (new) and 200 (already known) both count. Returns the source ids. */
    static List<String> register(String ingestUrl, String apiKey, DemoFeedServer server, PrintStream out)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (DemoFeedServer.Feed feed : DemoFeedServer.FEEDS) {
            ObjectNode body = JSON.createObjectNode()
                    .put("name", feed.title())
                    .put("url", server.url(feed))
                    .put("intervalSeconds", INTERVAL_SECONDS);
            Http.Response response = Http.postJson(ingestUrl + "/sources", body.toString(), REQUEST_TIMEOUT, apiKey);
            if (response.status() != 200 && response.status() != 201) {
                throw new IllegalStateException("ingest answered " + response.status() + " to POST /sources for "
                        + server.url(feed) + ": " + response.body() + " (see logs/ingest-service.log)");
            }
            String id = JSON.readTree(response.body()).path("id").asText();
            ids.add(id);
            out.printf("      %s %s as %s (%s)%n", response.status() == 201 ? "registered" : "already known:",
                    server.url(feed), id, feed.title());
        }
        return ids;
    }

    /** Waits until every source in {@code ids} has been polled once; returns their views from GET /sources. */
    static List<JsonNode> awaitFirstPoll(String ingestUrl, List<String> ids, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> sources = List.of();
        while (true) {
            Http.Response response = Http.probe(ingestUrl + "/sources");
            if (response.ok()) {
                sources = select(JSON.readTree(response.body()), ids);
                if (sources.size() == ids.size() && sources.stream().allMatch(DemoFeeds::polled)) {
                    return sources;
                }
            }
            if (System.nanoTime() >= deadline) {
                return sources;
            }
            Thread.sleep(500);
        }
    }

    static boolean polled(JsonNode source) {
        JsonNode health = source.path("health");
        return health.path("totalPolls").asLong(0) > 0 && !"NEVER_POLLED".equals(health.path("status").asText());
    }

    static List<JsonNode> select(JsonNode sources, List<String> ids) {
        List<JsonNode> selected = new ArrayList<>();
        for (String id : ids) {
            for (JsonNode source : sources) {
                if (id.equals(source.path("id").asText())) {
                    selected.add(source);
                }
            }
        }
        return selected;
    }

    /** One line per source: status, format, items seen/new/duplicates of the last poll. */
    static List<String> healthLines(List<JsonNode> sources) {
        List<String> lines = new ArrayList<>();
        for (JsonNode source : sources) {
            JsonNode h = source.path("health");
            String line = String.format("%-20s %-12s %-9s seen %d, new %d, duplicates %d, near-duplicates %d,"
                            + " published so far %d",
                    source.path("name").asText(), h.path("status").asText("?"), h.path("format").asText("-"),
                    h.path("itemsSeen").asInt(), h.path("itemsNew").asInt(), h.path("duplicates").asInt(),
                    h.path("nearDuplicates").asInt(), h.path("totalPublished").asLong());
            if (!h.path("lastError").isMissingNode() && !h.path("lastError").isNull()) {
                line += "  error: " + h.path("lastError").asText();
            }
            lines.add(line);
        }
        return lines;
    }

    /** Duplicates and near-duplicates the sources' last polls dropped or linked. */
    static int duplicatesSeen(List<JsonNode> sources) {
        int total = 0;
        for (JsonNode source : sources) {
            JsonNode health = source.path("health");
            total += health.path("duplicates").asInt() + health.path("nearDuplicates").asInt();
        }
        return total;
    }

    /** Reports in the store whose text matches {@code word} (store full-text search). */
    static int storedMatching(String storeUrl, String word) throws IOException, InterruptedException {
        Http.Response response = Http.probe(storeUrl + "/reports?limit=50&q="
                + URLEncoder.encode(word, StandardCharsets.UTF_8));
        return response.ok() ? DemoFeeder.reportList(JSON.readTree(response.body())).size() : -1;
    }

    /** The whole demo: register, wait for the first polls, print health and the shared item's fate. */
    static void run(String ingestUrl, String storeUrl, String apiKey, DemoFeedServer server, PrintStream out)
            throws IOException, InterruptedException {
        List<String> ids = register(ingestUrl, apiKey, server, out);
        List<JsonNode> sources = awaitFirstPoll(ingestUrl, ids, Duration.ofSeconds(60));
        out.println("      source health (GET " + ingestUrl + "/sources, last poll):");
        for (String line : healthLines(sources)) {
            out.println("        - " + line);
        }
        if (sources.size() < ids.size() || !sources.stream().allMatch(DemoFeeds::polled)) {
            out.println("      not every demo feed was polled within 60 s; check logs/ingest-service.log");
            return;
        }
        int duplicates = duplicatesSeen(sources);
        int newItems = sources.stream().mapToInt(s -> s.path("health").path("itemsNew").asInt()).sum();
        if (duplicates > 0) {
            out.printf("      the item in both feeds (the one about %s) is one report; the second copy was"
                    + " linked to it as a second source, not stored twice (%d counted as a duplicate in its"
                    + " source's health)%n", SHARED_ITEM_WORD, duplicates);
        } else if (newItems == 0) {
            out.println("      nothing new: an earlier run took these items (the cursors are kept next to"
                    + " sources.json); start with an empty .watchfloor to see the first poll again");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int stored = storedMatching(storeUrl, SHARED_ITEM_WORD);
        while (stored < 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stored = storedMatching(storeUrl, SHARED_ITEM_WORD);
        }
        out.printf("      store: %d report(s) match '%s' (GET %s/reports?q=%s)%n", Math.max(stored, 0),
                SHARED_ITEM_WORD, storeUrl, SHARED_ITEM_WORD);
    }
}
