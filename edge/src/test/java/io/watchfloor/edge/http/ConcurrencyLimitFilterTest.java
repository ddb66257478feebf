package io.watchfloor.edge.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limiter in a real HTTP server: 2 requests in flight, 1 waiting, the next refused with 429, Retry-After and
 * the JSON error body; health still answers; a waiting request runs once a slot frees; after the release
 * everything passes again; the meters count.
 */
class ConcurrencyLimitFilterTest {
    private static final MeterRegistry METERS = new SimpleMeterRegistry();
    private static EmbeddedServer server;
    private static ConcurrencyLimiter limiter;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = ApplicationContext.builder()
                .properties(Map.of(
                        "micronaut.application.name", "limiter-test",
                        "micronaut.server.port", "-1",
                        "limiter-test.enabled", "true",
                        "endpoints.health.enabled", "true",
                        "endpoints.health.sensitive", "false",
                        "watchfloor.http.max-concurrent-requests", "2",
                        "watchfloor.http.max-queued-requests", "1",
                        "watchfloor.http.queue-timeout", "1500ms",
                        "watchfloor.http.retry-after", "3s"))
                .singletons(METERS)
                .run(EmbeddedServer.class);
        limiter = server.getApplicationContext().getBean(ConcurrencyLimitFilter.class).limiter();
    }

    @AfterAll
    static void stop() {
        BlockingTestController.gate = new CountDownLatch(0);
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private double rejected() {
        return METERS.get(ConcurrencyLimitFilter.REJECTED).tag("service", "limiter-test").counter().count();
    }

    @Test
    void shouldRefuseBeyondTheLimitAndQueueButKeepHealthOpenAndServeTheWaitingRequest() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        BlockingTestController.gate = gate;
        double rejectedBefore = rejected();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        held.add(get("/limiter-test/block"));
        held.add(get("/limiter-test/block"));
        await().atMost(Duration.ofSeconds(20)).until(() -> limiter.inFlight() == 2);
        assertEquals(2.0, METERS.get(ConcurrencyLimitFilter.IN_FLIGHT).gauge().value());

        CompletableFuture<HttpResponse<String>> waiting = get("/limiter-test/block");
        await().atMost(Duration.ofSeconds(20)).until(() -> limiter.queued() == 1);

        HttpResponse<String> refused = get("/limiter-test/block").get();
        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("3", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(refused.body().contains("\"error\":\"Too many concurrent requests: GET /limiter-test/block"),
                refused.body());
        assertTrue(refused.body().contains("\"hint\":\"" + ConcurrencyLimitFilter.HINT + "\""), refused.body());
        assertEquals(rejectedBefore + 1, rejected());

        HttpResponse<String> health = get("/health").get();
        assertEquals(200, health.statusCode(), "health must answer while the service is saturated");
        // the health document itself (UP, or UNKNOWN while an indicator has not reported yet): answered, not refused
        assertTrue(health.body().contains("\"status\":"), health.body());
        assertFalse(health.body().contains("Too many concurrent requests"), health.body());
        assertEquals(2, limiter.inFlight(), "health took no slot");

        gate.countDown();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertEquals(200, request.get().statusCode());
            assertEquals("done", request.get().body());
        }
        HttpResponse<String> served = waiting.get();
        assertEquals(200, served.statusCode(), "the waiting request gets the freed slot: " + served.body());
        assertEquals("done", served.body());

        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/limiter-test/block").get().statusCode(), "after the release requests pass");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.inFlight() == 0 && limiter.queued() == 0);
        assertEquals(rejectedBefore + 1, rejected());
    }

    @Test
    void shouldRefuseAWaitingRequestWhenNoSlotFreesWithinTheQueueTimeout() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        BlockingTestController.gate = gate;
        try {
            List<CompletableFuture<HttpResponse<String>>> held = List.of(get("/limiter-test/block"),
                    get("/limiter-test/block"));
            await().atMost(Duration.ofSeconds(20)).until(() -> limiter.inFlight() == 2);
            long start = System.nanoTime();
            HttpResponse<String> timedOut = get("/limiter-test/block").get();
            long waitedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(429, timedOut.statusCode(), timedOut.body());
            assertEquals("3", timedOut.headers().firstValue("Retry-After").orElse(null));
            assertTrue(waitedMs >= 1400, "refused only after the queue timeout, waited " + waitedMs + " ms");
            gate.countDown();
            for (CompletableFuture<HttpResponse<String>> request : held) {
                assertEquals(200, request.get().statusCode(), "admitted requests are never dropped");
            }
        } finally {
            gate.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limiter.inFlight() == 0);
    }
}
