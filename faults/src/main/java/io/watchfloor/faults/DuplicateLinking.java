package io.watchfloor.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.watchfloor.schemas.Topics;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test 17: the same report POSTed 3 times at once with one {@code Idempotency-Key} (exactly 1 row, 1 raw record),
 * and the same article carried by 2 feed URLs (exactly 1 row whose {@code sources} lists both feeds).
 *
 * <p>The feeds are served from this JVM on the stack's demo-feed port, the one loopback address the stack
 * allowlists for ingest's SSRF guard: the demo feed server steps aside while they are polled and is started again
 * after.
 */
final class DuplicateLinking implements FaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_FEEDS = "demo-feeds";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String keyedId;
    private final List<String> keyedAnswers = new ArrayList<>();
    private volatile String feedId;
    private volatile String feedTitlePrefix;
    private final List<String> feedNames = new ArrayList<>();
    private final List<String> feedUrls = new ArrayList<>();
    private volatile String feedProblem;

    @Override
    public int number() {
        return 17;
    }

    @Override
    public String name() {
        return "duplicate linking";
    }

    @Override
    public String fault() {
        return "duplicate";
    }

    @Override
    public int planned(SuiteConfig config) {
        return 2;
    }

    @Override
    public int minLoadSeconds(SuiteConfig config) {
        return 15;
    }

    @Override
    public void inject(TestRun run) throws Exception {
        keyedId = null;
        feedId = null;
        feedProblem = null;
        synchronized (keyedAnswers) {
            keyedAnswers.clear();
        }
        feedNames.clear();
        feedUrls.clear();
        run.atFraction(0.25);
        postThreeTimesAtOnce(run);
        run.faultDone();
        run.atFraction(0.5);
        try {
            sameArticleFromTwoFeeds(run);
        } catch (Exception e) {
            feedProblem = String.valueOf(e);
            throw e;
        } finally {
            if (!run.stack.isRunning(DEMO_FEEDS)) {
                run.stack.startComponent(DEMO_FEEDS);
            }
        }
        run.faultDone();
    }

    private void postThreeTimesAtOnce(TestRun run) throws Exception {
        String body = JSON.writeValueAsString(run.load.report(run.config.scale() + 1_000_000));
        String key = run.marker + "-keyed-" + System.nanoTime();
        CountDownLatch ready = new CountDownLatch(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(started(() -> {
                String answer;
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(run.stack.ingestUrl() + "/reports"))
                            .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                            .header("X-API-Key", run.stack.apiKey()).header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    ready.countDown();
                    go.await();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    String id = r.statusCode() / 100 == 2 ? JSON.readTree(r.body()).path("id").asText() : "-";
                    answer = r.statusCode() + " " + id;
                } catch (Exception e) {
                    answer = e.getClass().getSimpleName();
                }
                synchronized (keyedAnswers) {
                    keyedAnswers.add(answer);
                }
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(90));
        }
        synchronized (keyedAnswers) {
            for (String a : keyedAnswers) {
                if (a.startsWith("2")) {
                    keyedId = a.substring(a.indexOf(' ') + 1);
                }
            }
            run.status("3 concurrent POSTs with one Idempotency-Key answered " + keyedAnswers);
        }
        if (keyedId != null) {
            run.accept(keyedId);
        }
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r, "t17-keyed-post");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void sameArticleFromTwoFeeds(TestRun run) throws Exception {
        int port = URI.create(run.stack.demoFeedUrl()).getPort();
        ObjectNode article = run.load.report(run.config.scale() + 2_000_000);
        String tag = run.marker + "-feed-" + System.nanoTime();
        feedTitlePrefix = "[" + tag + "]";
        String title = feedTitlePrefix + " " + article.path("title").asText().replaceFirst("^\\[[^]]*] ", "");
        String rss = rss(title, "https://example.org/watchfloor-fault-suite/" + tag, article.path("text").asText());
        run.stack.stopComponent(DEMO_FEEDS, false);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        byte[] bytes = rss.getBytes(StandardCharsets.UTF_8);
        server.createContext("/faults/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        List<String> sourceIds = new ArrayList<>();
        try {
            for (String feed : List.of("a", "b")) {
                String url = run.stack.demoFeedUrl() + "/faults/" + tag + "-" + feed + ".xml";
                String name = "Fault suite " + tag + " " + feed;
                ObjectNode body = JSON.createObjectNode().put("name", name).put("url", url).put("intervalSeconds", 3600);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(run.stack.ingestUrl() + "/sources"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("X-API-Key", run.stack.apiKey())
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) {
                    throw new IllegalStateException("POST /sources " + r.statusCode() + " " + r.body());
                }
                sourceIds.add(JSON.readTree(r.body()).path("id").asText());
                feedNames.add(name);
                feedUrls.add(url);
                // one after the other: the second feed's copy is the duplicate to be linked
                awaitPolled(run, sourceIds.get(sourceIds.size() - 1));
                run.status("feed " + feed + " polled: " + url);
            }
        } finally {
            server.stop(0);
            run.stack.startComponent(DEMO_FEEDS);
            for (String id : sourceIds) {
                http.send(HttpRequest.newBuilder(URI.create(run.stack.ingestUrl() + "/sources/" + id))
                        .timeout(Duration.ofSeconds(30)).header("X-API-Key", run.stack.apiKey()).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        }
        // the feed item is accepted once it is acknowledged: wait for its row with both sources linked
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Map<String, Integer> rows = run.probe.rowsWithTitlePrefix(feedTitlePrefix);
            if (!rows.isEmpty()) {
                feedId = rows.keySet().iterator().next();
                if (sources(run, feedId).size() >= 2) {
                    break;
                }
            }
            Thread.sleep(1000);
        }
        if (feedId != null) {
            run.accept(feedId);
        }
        run.status("feed item stored as " + feedId);
    }

    private void awaitPolled(TestRun run, String sourceId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(run.stack.ingestUrl() + "/sources/"
                    + sourceId)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode health = JSON.readTree(r.body()).path("health");
                // polled once (the first feed publishes the item, the second links its copy)
                if (health.path("totalPolls").asLong(0) > 0 && !"NEVER_POLLED".equals(health.path("status").asText())) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("source " + sourceId + " not polled within 90 s");
    }

    /** The {@code sources} of the stored report (store-service {@code GET /reports/{id}}), as "name url". */
    private List<String> sources(TestRun run, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(run.stack.storeUrl() + "/reports/" + id))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> list = new ArrayList<>();
        if (r.statusCode() == 200) {
            for (JsonNode s : JSON.readTree(r.body()).path("sources")) {
                list.add(s.path("name").asText() + " " + s.path("url").asText());
            }
        }
        return list;
    }

    private static String rss(String title, String link, String text) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Watchfloor fault suite</title><link>https://example.org/</link>
                <description>test 17</description>
                <item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid>
                <pubDate>Thu, 03 Dec 2026 12:00:00 GMT</pubDate><description>%s</description></item>
                </channel></rss>
                """.formatted(xml(title), xml(link), xml(link), xml(text));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void verify(TestRun run) throws Exception {
        List<String> answers;
        synchronized (keyedAnswers) {
            answers = List.copyOf(keyedAnswers);
        }
        long twoXx = answers.stream().filter(a -> a.startsWith("2")).count();
        boolean sameId = keyedId != null && answers.stream().filter(a -> a.startsWith("2"))
                .allMatch(a -> a.endsWith(" " + keyedId));
        run.check("3 keyed POSTs answered with one id", answers.size() == 3 && twoXx >= 1 && sameId
                        && answers.stream().allMatch(a -> a.startsWith("2") || a.startsWith("409")),
                "answers " + answers);
        if (keyedId != null) {
            int rows = run.probe.rowsFor(Set.of(keyedId)).getOrDefault(keyedId, 0);
            int raw = run.probe.raw(Topics.REPORTS_RAW, run.rawStart).getOrDefault(keyedId, Map.of()).values()
                    .stream().mapToInt(Integer::intValue).sum();
            run.check("keyed report: exactly 1 row and 1 raw record", rows == 1 && raw == 1,
                    keyedId + ": " + rows + " row(s), " + raw + " raw record(s)");
        } else {
            run.check("keyed report: exactly 1 row and 1 raw record", false, "no 2xx, no id");
        }
        if (feedId == null) {
            run.check("same article via 2 feeds: 1 row listing both", false,
                    feedProblem != null ? feedProblem : "no row for " + feedTitlePrefix);
            return;
        }
        Map<String, Integer> rows = run.probe.rowsWithTitlePrefix(feedTitlePrefix);
        List<String> sources = sources(run, feedId);
        boolean both = feedUrls.size() == 2 && feedUrls.stream().allMatch(u -> sources.stream()
                .anyMatch(s -> s.contains(u))) || feedNames.size() == 2 && feedNames.stream()
                .allMatch(n -> sources.stream().anyMatch(s -> s.startsWith(n + " ")));
        run.check("same article via 2 feeds: 1 row listing both",
                rows.size() == 1 && rows.getOrDefault(feedId, 0) == 1 && both,
                feedId + ": " + rows.size() + " id(s), rows " + rows + "; sources " + sources);
    }
}
