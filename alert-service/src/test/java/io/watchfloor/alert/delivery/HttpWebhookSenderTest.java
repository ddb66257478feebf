package io.watchfloor.alert.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.watchfloor.alert.domain.delivery.DeliveryOutcome;
import io.watchfloor.alert.domain.delivery.SendResult;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.AddressRefusedException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpWebhookSenderTest {
    private static final Map<String, String> HEADERS = Map.of("webhook-id", "al-1", "webhook-timestamp", "1",
            "webhook-signature", "v1,AAAA");
    private static final byte[] BODY = "{\"type\":\"alert.created\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<String> seenId = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            hits.incrementAndGet();
            seenId.set(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getResponseHeaders().set("Retry-After", "7");
            byte[] answer = "slow down".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(429, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().set("Location", "/hook");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static HttpWebhookSender sender(List<String> allowlist) {
        AddressPolicy policy = new AddressPolicy(allowlist, host -> {
            throw new UnknownHostException(host);
        }, "WATCHFLOOR_WEBHOOKS_ALLOWLIST");
        return new HttpWebhookSender(policy, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void shouldRefuseALoopbackUrlThatIsNotAllowlistedWithoutContactingIt() {
        SendResult result = sender(List.of()).send(url("/hook"), HEADERS, BODY);

        assertEquals(0, hits.get(), "nothing was sent");
        assertInstanceOf(TargetRefusedException.class, result.error());
        assertTrue(result.describe().contains("WATCHFLOOR_WEBHOOKS_ALLOWLIST"), result.describe());
        assertEquals(DeliveryOutcome.FAIL, DeliveryOutcome.classify(result.status(), result.error()),
                "a refused address does not change by retrying");
    }

    @Test
    void shouldRetryAHostThatDoesNotResolve() {
        SendResult result = sender(List.of()).send(URI.create("https://hooks.invalid/in"), HEADERS, BODY);

        assertInstanceOf(AddressRefusedException.class, result.error());
        assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.classify(result.status(), result.error()));
    }

    @Test
    void shouldPostToAnAllowlistedReceiverAndKeepStatusRetryAfterAndBodyStart() {
        SendResult result = sender(List.of("127.0.0.1:" + server.getAddress().getPort()))
                .send(url("/hook"), HEADERS, BODY);

        assertEquals(429, result.status());
        assertEquals("7", result.retryAfter());
        assertEquals("slow down", result.bodySnippet());
        assertNull(result.error());
        assertEquals("al-1", seenId.get());
    }

    @Test
    void shouldPostToTheVettedAddressEvenWhenTheNameRebindsToAnInternalOne() throws Exception {
        // the receiver the check saw: a public address, served here by a second loopback server
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<String> received = new AtomicReference<>();
        receiver.createContext("/hook", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " host="
                    + exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        byte[] publicAddress = {93, (byte) 184, (byte) 216, 34};
        AtomicInteger lookups = new AtomicInteger();
        List<InetSocketAddress> dialed = new java.util.concurrent.CopyOnWriteArrayList<>();
        // "localhost": every lookup after the check (the policy's or the JVM's) answers the internal server's 127.0.0.1
        AddressPolicy policy = new AddressPolicy(List.of(), host -> List.of(InetAddress.getByAddress(host,
                lookups.getAndIncrement() == 0 ? publicAddress : new byte[] {127, 0, 0, 1})));
        try (HttpWebhookSender sender = new HttpWebhookSender(policy, Duration.ofSeconds(2), Duration.ofSeconds(5),
                (address, timeout) -> {
                    dialed.add(address);
                    InetSocketAddress target = address.getAddress().equals(InetAddress.getByAddress(publicAddress))
                            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getAddress().getPort())
                            : address;
                    return io.watchfloor.edge.net.PinnedTunnel.Dialer.direct().dial(target, timeout);
                })) {
            int internalPort = server.getAddress().getPort();
            SendResult result = sender.send(URI.create("http://localhost:" + internalPort + "/hook"), HEADERS, BODY);

            assertEquals(204, result.status(), result.describe());
            assertEquals(0, hits.get(), "the rebound internal address was contacted");
            assertEquals("{\"type\":\"alert.created\"} host=localhost:" + internalPort, received.get());
            assertEquals(List.of(new InetSocketAddress(InetAddress.getByAddress(publicAddress), internalPort)), dialed);
            assertEquals(1, lookups.get());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void shouldReportAFailedConnectAsARetryableError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (HttpWebhookSender sender = sender(List.of("127.0.0.1:" + closedPort))) {
            SendResult result = sender.send(URI.create("http://127.0.0.1:" + closedPort + "/hook"), HEADERS, BODY);

            assertEquals(0, result.status(), "not the tunnel's 502 as the receiver's status");
            assertTrue(result.describe().startsWith("ConnectException: connect to 127.0.0.1"), result.describe());
            assertEquals(DeliveryOutcome.RETRY, DeliveryOutcome.classify(result.status(), result.error()));
        }
    }

    @Test
    void shouldNotFollowRedirects() {
        SendResult result = sender(List.of("127.0.0.1")).send(url("/moved"), HEADERS, BODY);

        assertEquals(302, result.status());
        assertEquals(1, hits.get(), "the Location was not followed");
        assertEquals(DeliveryOutcome.FAIL, DeliveryOutcome.classify(result.status(), result.error()));
    }
}
