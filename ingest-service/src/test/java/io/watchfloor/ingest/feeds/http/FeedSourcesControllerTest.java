package io.watchfloor.ingest.feeds.http;

import io.watchfloor.ingest.kafka.ReportToRawAvro;
import io.watchfloor.ingest.domain.Report;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.kafka.KafkaReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The /sources API end to end in Micronaut, polling a loopback feed server, with Kafka replaced by a recorder. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedSourcesControllerTest implements TestPropertyProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<RawReport> PUBLISHED = new CopyOnWriteArrayList<>();
    private static final List<String> CONFIGURED_HEADERS = new CopyOnWriteArrayList<>();
    private static final List<String> USERINFO_AUTHORIZATION = new CopyOnWriteArrayList<>();

    private HttpServer feeds;
    private final AtomicInteger feedRequests = new AtomicInteger();
    private Path sourcesFile;

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        try {
            feeds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            byte[] rss;
            try (InputStream in = getClass().getResourceAsStream("/samples/feeds/rss2.xml")) {
                rss = in.readAllBytes();
            }
            feeds.createContext("/rss.xml", exchange -> {
                feedRequests.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
                exchange.sendResponseHeaders(200, rss.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(rss);
                }
            });
            byte[] atom;
            try (InputStream in = getClass().getResourceAsStream("/samples/feeds/atom.xml")) {
                atom = in.readAllBytes();
            }
            feeds.createContext("/configured.xml", exchange -> {
                CONFIGURED_HEADERS.add(exchange.getRequestHeaders().getFirst("Authorization") + " | "
                        + exchange.getRequestHeaders().getFirst("X-Test"));
                exchange.getResponseHeaders().add("Content-Type", "application/atom+xml");
                exchange.sendResponseHeaders(200, atom.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(atom);
                }
            });
            byte[] rssForCreds = ("<rss version=\"2.0\"><channel><title>creds</title><item><guid>creds-1</guid>"
                    + "<title>Behind basic auth</title><description>An item only the credentialled feed has, with "
                    + "words of its own.</description></item></channel></rss>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            feeds.createContext("/creds.xml", exchange -> {
                USERINFO_AUTHORIZATION.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
                exchange.sendResponseHeaders(200, rssForCreds.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(rssForCreds);
                }
            });
            feeds.start();
            sourcesFile = Files.createTempDirectory("feeds-api").resolve("sources.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = String.valueOf(feeds.getAddress().getPort());
        return Map.ofEntries(
                Map.entry("watchfloor.feeds.sources.configured-demo.url",
                        "http://127.0.0.1:" + port + "/configured.xml"),
                Map.entry("watchfloor.feeds.sources.configured-demo.interval-seconds", "3600"),
                Map.entry("watchfloor.feeds.sources.configured-demo.username", "reader"),
                Map.entry("watchfloor.feeds.sources.configured-demo.password", "s3cret"),
                Map.entry("watchfloor.feeds.sources.configured-demo.headers.X-Test", "yes"),
                Map.entry("watchfloor.feeds.sources.userinfo-demo.url",
                        "http://feeduser:hunter2@127.0.0.1:" + port + "/creds.xml"),
                Map.entry("watchfloor.feeds.sources.userinfo-demo.interval-seconds", "3600"),
                Map.entry("watchfloor.schema-registry.url", "mock://feed-sources-test"),
                Map.entry("watchfloor.feeds.enabled", "true"),
                Map.entry("watchfloor.feeds.allowlist", "127.0.0.1:" + port),
                Map.entry("watchfloor.feeds.sources-file", sourcesFile.toString()),
                Map.entry("watchfloor.feeds.min-interval-seconds", "1"),
                Map.entry("watchfloor.feeds.host-min-delay", "0s"),
                Map.entry("watchfloor.feeds.full-article", "false"),
                Map.entry("watchfloor.feeds.detect-language", "false"));
    }

    @AfterAll
    void stopFeeds() {
        feeds.stop(0);
    }

    @MockBean(KafkaReportPublisher.class)
    ReportPublisher publisher() {
        return new ReportPublisher() {
            @Override
            public CompletableFuture<PublishResult> publish(Report domain) {
                RawReport report = ReportToRawAvro.map(domain);
                PUBLISHED.add(report);
                return CompletableFuture.completedFuture(new PublishResult(report.getId(), "threat.reports.raw.v1",
                        0, PUBLISHED.size(), Instant.now()));
            }
        };
    }

    @Test
    void shouldAddPollShowHealthAndDeleteASource() throws Exception {
        String feedUrl = "http://127.0.0.1:" + feeds.getAddress().getPort() + "/rss.xml";
        HttpResponse<String> created = send("POST", "/sources",
                "{\"name\":\"Demo\",\"url\":\"" + feedUrl + "\",\"intervalSeconds\":1}");
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode health = JSON.readTree(send("GET", "/sources/" + id, null).body()).get("health");
            assertEquals("OK", health.get("status").asText(), health.toString());
            assertEquals("rss_2.0", health.get("format").asText());
            assertTrue(health.get("totalPublished").asInt() == 3);
            assertTrue(health.get("totalPolls").asInt() >= 2);
        });
        List<RawReport> demo = PUBLISHED.stream().filter(r -> "Demo".equals(r.getSource().getName())).toList();
        assertEquals(3, demo.size());
        assertTrue(demo.stream().allMatch(r -> "rss".equals(r.getSource().getKind()) && r.getRevision() == 1
                && r.getDuplicateOf() == null));
        assertTrue(Files.readString(sourcesFile).contains(feedUrl));

        HttpResponse<String> again = send("POST", "/sources", "{\"name\":\"Demo 2\",\"url\":\"" + feedUrl + "\"}");
        assertEquals(200, again.statusCode());
        assertEquals(id, JSON.readTree(again.body()).get("id").asText());

        assertEquals(204, send("DELETE", "/sources/" + id, null).statusCode());
        assertEquals(404, send("GET", "/sources/" + id, null).statusCode());
        assertFalse(Files.readString(sourcesFile).contains(feedUrl));
        int afterDelete = feedRequests.get();
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> feedRequests.get() <= afterDelete + 1);
    }

    @Test
    void shouldPollSourcesFromConfigurationWithTheirHeadersAndCredentials() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode configured = null;
            for (JsonNode source : JSON.readTree(send("GET", "/sources", null).body())) {
                if ("configured-demo".equals(source.get("name").asText())) {
                    configured = source;
                }
            }
            assertTrue(configured != null);
            assertEquals("config", configured.get("origin").asText());
            assertTrue(configured.get("hasCredentials").asBoolean());
            assertEquals("x-test", configured.get("headerNames").get(0).asText().toLowerCase(java.util.Locale.ROOT));
            assertFalse(configured.toString().contains("s3cret"));
            assertEquals("OK", configured.get("health").get("status").asText());
            assertEquals("atom_1.0", configured.get("health").get("format").asText());
        });
        assertEquals("Basic cmVhZGVyOnMzY3JldA== | yes", CONFIGURED_HEADERS.get(0));
        assertTrue(PUBLISHED.stream().anyMatch(r -> "atom".equals(r.getSource().getKind())));
        assertFalse(Files.exists(sourcesFile) && Files.readString(sourcesFile).contains("configured.xml"));
    }

    @Test
    void shouldNeverShowAPasswordFromASourceUrl() throws Exception {
        // from configuration: the user info becomes the source's credentials and leaves the URL
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String list = send("GET", "/sources", null).body();
            JsonNode found = null;
            for (JsonNode source : JSON.readTree(list)) {
                if ("userinfo-demo".equals(source.get("name").asText())) {
                    found = source;
                }
            }
            assertTrue(found != null, list);
            assertFalse(list.contains("hunter2"), list);
            assertFalse(found.get("url").asText().contains("feeduser"), found.toString());
            assertTrue(found.get("hasCredentials").asBoolean());
            assertEquals("OK", found.get("health").get("status").asText(), found.toString());
            assertFalse(send("GET", "/sources/" + found.get("id").asText(), null).body().contains("hunter2"));
        });
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("feeduser:hunter2".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), USERINFO_AUTHORIZATION.get(0));
        assertTrue(PUBLISHED.stream().noneMatch(r -> String.valueOf(r.getSource().getUrl()).contains("hunter2")));

        // through the API: refused, with what to do instead, without echoing the password
        for (String url : List.of("https://user:pass-4711@feeds.example/feed", "http://user@feeds.example/feed",
                "http://a%40b:pass-4711@feeds.example/x")) {
            HttpResponse<String> response = send("POST", "/sources",
                    "{\"name\":\"creds\",\"url\":\"" + url + "\",\"intervalSeconds\":60}");
            assertEquals(400, response.statusCode(), url + " -> " + response.body());
            assertTrue(response.body().contains("must not contain a user name or password"), response.body());
            assertTrue(response.body().contains("username and password"), response.body());
            assertFalse(response.body().contains("pass-4711"), response.body());
            assertFalse(Files.exists(sourcesFile) && Files.readString(sourcesFile).contains("pass-4711"));
        }
    }

    @Test
    void shouldRefuseUnsafeOrInvalidSources() throws Exception {
        for (String url : List.of("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.1:1/feed", "http://0x7f000001/", "gopher://example.test/")) {
            HttpResponse<String> response = send("POST", "/sources",
                    "{\"name\":\"bad\",\"url\":\"" + url + "\",\"intervalSeconds\":60}");
            assertEquals(400, response.statusCode(), url + " -> " + response.body());
            assertTrue(JSON.readTree(response.body()).get("error").asText().contains("BLOCKED"), response.body());
        }
        assertEquals(400, send("POST", "/sources", "{\"url\":\"http://example.test/feed\"}").statusCode());
        assertEquals(400, send("POST", "/sources",
                "{\"name\":\"x\",\"url\":\"http://example.test/feed\",\"intervalSeconds\":0}").statusCode());
        assertEquals(404, send("DELETE", "/sources/src-unknown", null).statusCode());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
