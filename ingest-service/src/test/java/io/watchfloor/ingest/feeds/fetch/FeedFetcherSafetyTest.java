package io.watchfloor.ingest.feeds.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.HostResolver;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class FeedFetcherSafetyTest {

    /** Never touches DNS: a few fixed names, everything else is unknown. */
    public static final HostResolver FAKE_DNS = host -> switch (host) {
        case "localhost" -> List.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}));
        case "intranet.test" -> List.of(InetAddress.getByAddress("intranet.test", new byte[] {10, 0, 0, 1}));
        case "metadata.test" -> List.of(InetAddress.getByAddress("metadata.test",
                new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
        case "mixed.test" -> List.of(
                InetAddress.getByAddress("mixed.test", new byte[] {93, (byte) 184, (byte) 216, 34}),
                InetAddress.getByAddress("mixed.test", new byte[] {10, 1, 2, 3}));
        default -> throw new UnknownHostException(host);
    };

    private LocalFeedServer server;
    private LocalFeedServer other;

    @BeforeEach
    void start() throws IOException {
        server = new LocalFeedServer();
        other = new LocalFeedServer();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private SafeHttpFetcher fetcher(FetchLimits limits, String... allow) {
        return new SafeHttpFetcher(new AddressPolicy(List.of(allow), FAKE_DNS), limits);
    }

    private SafeHttpFetcher fetcher(String... allow) {
        return fetcher(FetchLimits.defaults(), allow);
    }

    @Test
    void shouldFetchFromAllowlistedLoopbackAndHonourConditionalGet() throws Exception {
        server.handle("/feed", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"v1\"");
            exchange.getResponseHeaders().add("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT");
            LocalFeedServer.respond(exchange, 200, "application/rss+xml", "<rss/>".getBytes(StandardCharsets.UTF_8));
        });
        SafeHttpFetcher fetcher = fetcher(server.hostPort());

        FetchResult first = fetcher.fetch(FetchRequest.of(server.uri("/feed")));
        assertEquals(200, first.status());
        assertEquals("<rss/>", new String(first.body(), StandardCharsets.UTF_8));
        assertEquals("\"v1\"", first.etag());

        FetchResult second = fetcher.fetch(FetchRequest.of(server.uri("/feed")).conditional(first.etag(),
                first.lastModified()));
        assertTrue(second.notModified());
        assertEquals("Wed, 25 Nov 2026 10:00:00 GMT", second.lastModified());
    }

    @Test
    void shouldRefuseSsrfTargetsWithoutConnecting() {
        int p = server.port();
        server.serve("/", "text/plain", "secret");
        SafeHttpFetcher fetcher = fetcher("allowed.example:443");
        List<String> refused = List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://127.0.0.1:" + p + "/",
                "http://[::1]:" + p + "/",
                "http://0x7f000001:" + p + "/",
                "http://2130706433:" + p + "/",
                "http://0177.0.0.1:" + p + "/",
                "http://127.1:" + p + "/",
                "http://127.0.0.1.:" + p + "/",
                "http://[::ffff:127.0.0.1]:" + p + "/",
                "http://[::ffff:7f00:1]:" + p + "/",
                "http://[::]:" + p + "/",
                "http://0.0.0.0:" + p + "/",
                "http://localhost:" + p + "/",
                "http://10.0.0.1/",
                "http://intranet.test/",
                "http://metadata.test/",
                "http://mixed.test/",
                "http://172.16.5.4/",
                "http://192.168.1.1/",
                "http://100.64.0.1/",
                "http://[fe80::1]/",
                "http://[fd00::1]/",
                "http://224.0.0.1/",
                "http://[2002:7f00:1::]/",
                "file:///etc/passwd",
                "gopher://127.0.0.1:" + p + "/_GET",
                "jar:file:/tmp/x.jar!/a.xml",
                "ftp://127.0.0.1:" + p + "/",
                "HTTP://does-not-exist.test/");
        List<String> notRefused = new ArrayList<>();
        for (String url : refused) {
            try {
                fetcher.fetch(FetchRequest.of(URI.create(url)));
                notRefused.add(url);
            } catch (FetchException e) {
                assertTrue(e.reason() == FetchException.Reason.BLOCKED_ADDRESS
                        || e.reason() == FetchException.Reason.BLOCKED_SCHEME
                        || e.reason() == FetchException.Reason.UNRESOLVABLE_HOST, url + " -> " + e.getMessage());
            }
        }
        assertEquals(List.of(), notRefused);
        assertEquals(0, fetcher.requestsSent());
        assertEquals(0, server.requests());
    }

    @Test
    void shouldExplainHowToAllowlistABlockedHost() {
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher().fetch(FetchRequest.of(URI.create("http://intranet.test:8080/rss"))));
        assertEquals(FetchException.Reason.BLOCKED_ADDRESS, e.reason());
        assertTrue(e.getMessage().contains("10.0.0.1") && e.getMessage().contains("intranet.test:8080"),
                e.getMessage());
    }

    @Test
    void shouldRefuseRedirectFromAllowlistedHostToOtherLoopbackPort() {
        other.serve("/internal", "text/plain", "internal");
        server.redirect("/feed", "http://127.0.0.1:" + other.port() + "/internal");
        server.redirect("/to-localhost", "http://localhost:" + other.port() + "/internal");
        server.redirect("/to-file", "file:///etc/passwd");
        server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        SafeHttpFetcher fetcher = fetcher(server.hostPort());

        for (String path : List.of("/feed", "/to-localhost", "/to-metadata")) {
            FetchException e = assertThrows(FetchException.class,
                    () -> fetcher.fetch(FetchRequest.of(server.uri(path))));
            assertEquals(FetchException.Reason.BLOCKED_ADDRESS, e.reason(), e.getMessage());
        }
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.fetch(FetchRequest.of(server.uri("/to-file"))));
        assertEquals(FetchException.Reason.BLOCKED_SCHEME, e.reason());
        assertEquals(0, other.requests());
        assertEquals(4, server.requests());
    }

    @Test
    void shouldFollowRelativeRedirectsWithinAllowlistAndCapLoops() throws Exception {
        server.redirect("/old", "/new");
        server.serve("/new", "application/atom+xml", "<feed/>");
        server.redirect("/loop-a", "/loop-b");
        server.redirect("/loop-b", "/loop-a");
        SafeHttpFetcher fetcher = fetcher(FetchLimits.defaults().withMaxRedirects(5), server.hostPort());

        FetchResult moved = fetcher.fetch(FetchRequest.of(server.uri("/old")));
        assertEquals(server.uri("/new"), moved.finalUri());
        assertEquals(1, moved.redirects());

        int before = server.requests();
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.fetch(FetchRequest.of(server.uri("/loop-a"))));
        assertEquals(FetchException.Reason.TOO_MANY_REDIRECTS, e.reason());
        assertEquals(6, server.requests() - before);
    }

    @Test
    void shouldStopSlowLorisAtTotalTimeout() {
        server.trickle("/slow", 1000, 120);
        SafeHttpFetcher fetcher = fetcher(FetchLimits.defaults().withTotalTimeout(Duration.ofMillis(1500)),
                server.hostPort());
        long start = System.nanoTime();
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.fetch(FetchRequest.of(server.uri("/slow"))));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(FetchException.Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(millis >= 1400 && millis < 6000, "took " + millis + " ms"); // generous: CI machines are shared
    }

    @Test
    void shouldStopSilentServerAtTotalTimeout() {
        server.handle("/silent", exchange -> java.util.concurrent.locks.LockSupport.parkNanos(30_000_000_000L));
        SafeHttpFetcher fetcher = fetcher(FetchLimits.defaults().withTotalTimeout(Duration.ofMillis(800)),
                server.hostPort());
        long start = System.nanoTime();
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.fetch(FetchRequest.of(server.uri("/silent"))));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
    }

    @Test
    void shouldAbortBodyOverCapAndEndlessChunkedBody() {
        server.serve("/big", "application/rss+xml", new byte[2 * 1024 * 1024]);
        server.handle("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 16 * 1024; i++) { // at most 1 GiB, the fetcher hangs up long before
                out.write(chunk);
            }
        });
        SafeHttpFetcher fetcher = fetcher(FetchLimits.defaults().withMaxBodyBytes(1 << 20, 4 << 20),
                server.hostPort());
        for (String path : List.of("/big", "/endless")) {
            FetchException e = assertThrows(FetchException.class,
                    () -> fetcher.fetch(FetchRequest.of(server.uri(path))));
            assertEquals(FetchException.Reason.BODY_TOO_LARGE, e.reason(), path);
        }
    }

    @Test
    void shouldDecodeGzipAndAbortGzipBombAtDecompressedCap() throws Exception {
        byte[] feed = "<rss version=\"2.0\"><channel/></rss>".getBytes(StandardCharsets.UTF_8);
        byte[] bomb = gzip(new byte[32 * 1024 * 1024]); // 32 MiB of zeros, about 32 KiB on the wire (1000:1)
        assertTrue(bomb.length < 64 * 1024);
        server.handle("/gz", exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            LocalFeedServer.respond(exchange, 200, "application/rss+xml", gzip(feed));
        });
        server.handle("/bomb", exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            LocalFeedServer.respond(exchange, 200, "application/rss+xml", bomb);
        });
        SafeHttpFetcher fetcher = fetcher(FetchLimits.defaults().withMaxBodyBytes(1 << 20, 4 << 20),
                server.hostPort());

        assertArrayEquals(feed, fetcher.fetch(FetchRequest.of(server.uri("/gz"))).body());
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.fetch(FetchRequest.of(server.uri("/bomb"))));
        assertEquals(FetchException.Reason.DECOMPRESSED_TOO_LARGE, e.reason());
    }

    @Test
    void shouldReportHttpErrorsWithStatus() {
        server.handle("/gone", exchange -> exchange.sendResponseHeaders(503, -1));
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher(server.hostPort()).fetch(FetchRequest.of(server.uri("/gone"))));
        assertEquals(FetchException.Reason.HTTP_STATUS, e.reason());
        assertEquals(503, e.httpStatus());
    }

    @Test
    void shouldSendBasicCredentialsOnlyToTheOriginalOrigin() throws Exception {
        List<String> seen = new ArrayList<>();
        server.redirect("/feed", "http://127.0.0.1:" + other.port() + "/feed");
        other.handle("/feed", exchange -> {
            seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            LocalFeedServer.respond(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8));
        });
        SafeHttpFetcher fetcher = fetcher(server.hostPort(), other.hostPort());
        fetcher.fetch(new FetchRequest(server.uri("/feed"), java.util.Map.of(), "user", "pw", null, null));
        assertEquals(List.of("null"), seen);
    }

    @Test
    void shouldSendCustomHeadersAndCredentialsOnlyToTheTrustedOrigin() throws Exception {
        List<String> atOther = new ArrayList<>();
        List<String> atSource = new ArrayList<>();
        other.handle("/page2", exchange -> {
            atOther.add(exchange.getRequestHeaders().getFirst("X-Api-Token") + "|"
                    + exchange.getRequestHeaders().getFirst("Authorization") + "|"
                    + exchange.getRequestHeaders().getFirst("Accept"));
            LocalFeedServer.respond(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8));
        });
        server.handle("/page2", exchange -> {
            atSource.add(exchange.getRequestHeaders().getFirst("X-Api-Token") + "|"
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            LocalFeedServer.respond(exchange, 200, "text/xml", "<rss/>".getBytes(StandardCharsets.UTF_8));
        });
        server.redirect("/hop", "http://127.0.0.1:" + other.port() + "/page2");
        SafeHttpFetcher fetcher = fetcher(server.hostPort(), other.hostPort());
        java.util.Map<String, String> headers = java.util.Map.of("X-Api-Token", "s3cret", "Accept", "text/xml");
        URI source = server.uri("/feed");

        // a redirect away from the source's origin, and a next-page link to another origin
        fetcher.fetch(new FetchRequest(server.uri("/hop"), headers, "user", "pw", null, null, source));
        fetcher.fetch(new FetchRequest(other.uri("/page2"), headers, "user", "pw", null, null, source));
        // a next-page link on the source's own origin keeps them
        fetcher.fetch(new FetchRequest(server.uri("/page2"), headers, "user", "pw", null, null, source));

        assertEquals(List.of("null|null|text/xml", "null|null|text/xml"), atOther);
        assertEquals(1, atSource.size());
        assertTrue(atSource.get(0).startsWith("s3cret|Basic "), atSource.get(0));
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
