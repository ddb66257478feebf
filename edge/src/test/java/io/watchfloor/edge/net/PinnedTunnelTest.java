package io.watchfloor.edge.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedTunnelTest {

    private static final byte[] PUBLIC = {93, (byte) 184, (byte) 216, 34};
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private HttpServer publicServer;
    private ServerSocket internal;
    private final AtomicInteger internalAccepts = new AtomicInteger();
    private final List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();
    private PinnedTunnel tunnel;

    @BeforeEach
    void start() throws IOException {
        publicServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        publicServer.createContext("/", exchange -> {
            byte[] body = ("public answer for " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " host=" + exchange.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        publicServer.start();
        // the address a rebinding answer points at: it must never see a connection
        internal = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (true) {
                try (Socket s = internal.accept()) {
                    internalAccepts.incrementAndGet();
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret"
                            .getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (tunnel != null) {
            tunnel.close();
        }
        publicServer.stop(0);
        internal.close();
    }

    /** Dials the "public" test address at the public test server; every other address as asked. */
    private PinnedTunnel.Dialer recordingDialer() {
        return (address, timeout) -> {
            dialed.add(address);
            InetSocketAddress target = address.getAddress().equals(InetAddress.getByAddress(PUBLIC))
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), publicServer.getAddress().getPort())
                    : address;
            return PinnedTunnel.Dialer.direct().dial(target, timeout);
        };
    }

    /** The rebinding attack: a public answer for the check, the internal address for every later lookup. */
    private static HostResolver rebinding(AtomicInteger lookups) {
        return host -> List.of(InetAddress.getByAddress(host, lookups.getAndIncrement() == 0 ? PUBLIC : LOOPBACK));
    }

    private HttpClient client(PinnedTunnel t) {
        return HttpClient.newBuilder().proxy(t.proxySelector()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void shouldConnectToTheVettedAddressNotToWhatTheNameRebindsTo() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AddressPolicy policy = new AddressPolicy(List.of(), rebinding(lookups));
        tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(5), 8, recordingDialer());
        HttpClient client = client(tunnel);
        URI uri = URI.create("http://rebind.test:" + internal.getLocalPort() + "/feed?x=1");

        for (int i = 0; i < 3; i++) { // later lookups all answer 127.0.0.1
            AddressPolicy.Vetted vetted = policy.vet(uri);
            try (PinnedTunnel.Pin pin = tunnel.pin(vetted)) {
                assertEquals(List.of(InetAddress.getByAddress(PUBLIC)), pin.addresses());
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                assertEquals("public answer for GET /feed?x=1 host=rebind.test:" + internal.getLocalPort(),
                        response.body());
                assertEquals("close", response.headers().firstValue("Connection").orElse(""));
            }
            lookups.set(0); // the next check sees the public answer again, every connect after it would not
        }
        assertEquals(0, internalAccepts.get(), "the rebound internal address was contacted");
        assertEquals(3, dialed.size());
        InetSocketAddress vetted = new InetSocketAddress(InetAddress.getByAddress(PUBLIC), internal.getLocalPort());
        assertTrue(dialed.stream().allMatch(vetted::equals), dialed.toString());
        assertEquals(3, tunnel.upstreamConnects());
    }

    @Test
    void shouldRefuseAHostWithNoPinWithoutConnecting() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of(), host -> List.of(InetAddress.getByAddress(host, PUBLIC)));
        tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(5), 8, recordingDialer());
        HttpClient client = client(tunnel);
        URI uri = URI.create("http://rebind.test:" + internal.getLocalPort() + "/feed");

        HttpResponse<String> plain = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plain.statusCode());
        assertTrue(plain.body().contains("no vetted address is pinned for rebind.test:" + internal.getLocalPort()),
                plain.body());
        IOException tls = assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(
                URI.create("https://rebind.test:" + internal.getLocalPort() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(tls.getMessage().contains("403"), tls.getMessage());

        // a released pin is gone too
        tunnel.pin(policy.vet(URI.create("http://rebind.test:1/"))).close();
        assertEquals(403, client.send(HttpRequest.newBuilder(URI.create("http://rebind.test:1/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(List.of(), dialed);
        assertEquals(0, internalAccepts.get());
        assertEquals(3, tunnel.refused());
    }

    @Test
    void shouldResolveAnAllowlistedNameOnceAtPinTime() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AddressPolicy policy = new AddressPolicy(List.of("feeds.internal"), host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByAddress(host, PUBLIC));
        });
        tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(5), 8, recordingDialer());
        URI uri = URI.create("http://feeds.internal:8080/a");
        AddressPolicy.Vetted vetted = policy.vet(uri);
        assertEquals(0, lookups.get(), "an allowlisted host is not checked");
        try (PinnedTunnel.Pin pin = tunnel.pin(vetted)) {
            assertEquals(1, lookups.get());
            HttpResponse<String> response = client(tunnel).send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("public answer for GET /a host=feeds.internal:8080", response.body());
        }
        assertEquals(1, lookups.get());
        assertEquals(List.of(new InetSocketAddress(InetAddress.getByAddress(PUBLIC), 8080)), dialed);

        AddressPolicy unresolvable = new AddressPolicy(List.of("gone.internal"), host -> {
            throw new UnknownHostException(host);
        });
        try (PinnedTunnel other = new PinnedTunnel(unresolvable, Duration.ofSeconds(1), Duration.ofSeconds(1), 1)) {
            AddressRefusedException e = assertThrows(AddressRefusedException.class,
                    () -> other.pin(unresolvable.vet(URI.create("https://gone.internal/"))));
            assertEquals(AddressRefusedException.Reason.UNRESOLVABLE_HOST, e.reason());
        }
    }

    @Test
    void shouldPassConnectBytesUnchangedBothWays() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (IOException ignored) {
                    // test over
                }
            });
            t.setDaemon(true);
            t.start();
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1:" + echo.getLocalPort()), h -> {
                throw new UnknownHostException(h);
            });
            tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(5), 8);
            byte[] payload = new byte[256 * 300];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (i * 31 + i / 256);
            }
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(URI.create("https://127.0.0.1:" + echo.getLocalPort())));
                 Socket s = new Socket()) {
                s.connect(tunnel.address(), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(("CONNECT 127.0.0.1:" + echo.getLocalPort() + " HTTP/1.1\r\nHost: 127.0.0.1:"
                        + echo.getLocalPort() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertEquals("HTTP/1.1 200 Connection Established\r\n\r\n", readHead(in));
                Thread writer = new Thread(() -> {
                    try {
                        out.write(payload);
                        out.flush();
                        s.shutdownOutput();
                    } catch (IOException ignored) {
                        // reported by the read below
                    }
                });
                writer.start();
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                in.transferTo(back);
                writer.join(5000);
                assertArrayEquals(payload, back.toByteArray(), "the tunnel is a byte pipe");
            }
        }
    }

    @Test
    void shouldCloseAnIdleTunnelAndReportAConnectFailureOnThePin() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1"), h -> {
                throw new UnknownHostException(h);
            });
            tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofMillis(300), 8);
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(URI.create("https://127.0.0.1:" + silent.getLocalPort())));
                 Socket s = new Socket()) {
                s.connect(tunnel.address(), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(("CONNECT 127.0.0.1:" + silent.getLocalPort() + " HTTP/1.1\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                assertEquals("HTTP/1.1 200 Connection Established\r\n\r\n", readHead(s.getInputStream()));
                long start = System.nanoTime();
                assertEquals(-1, s.getInputStream().read(), "idle tunnel closed");
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4000);
                assertTrue(pin.failure().isEmpty());
            }
            int closedPort;
            try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = gone.getLocalPort();
            }
            URI uri = URI.create("http://127.0.0.1:" + closedPort + "/");
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(uri))) {
                HttpResponse<String> response = client(tunnel).send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(502, response.statusCode());
                assertTrue(pin.failure().isPresent());
                assertTrue(pin.failure().get() instanceof java.net.ConnectException, pin.failure().get().toString());
                assertTrue(pin.failure().get().getMessage().startsWith("connect to 127.0.0.1 (127.0.0.1) port "
                        + closedPort + " failed: "), pin.failure().get().getMessage());
            }
        }
    }

    @Test
    void shouldKeepTlsHostnameVerificationThroughTheTunnel(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, keytoolOutput);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks); // the client trusts exactly this certificate, issued for the name localhost only
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/", exchange -> {
            byte[] body = "over tls".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            int port = https.getAddress().getPort();
            AddressPolicy policy = new AddressPolicy(List.of("localhost:" + port, "127.0.0.1:" + port),
                    host -> List.of(InetAddress.getByAddress(host, LOOPBACK)));
            tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(10), 8);
            HttpClient client = HttpClient.newBuilder().proxy(tunnel.proxySelector()).sslContext(clientTls)
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            URI byName = URI.create("https://localhost:" + port + "/");
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(byName))) {
                HttpResponse<String> ok = client.send(HttpRequest.newBuilder(byName).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals("over tls", ok.body());
            }
            // same server, same trusted certificate, but the URL's host is not a name on it: verification fails
            URI byAddress = URI.create("https://127.0.0.1:" + port + "/");
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(byAddress))) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> client.send(
                        HttpRequest.newBuilder(byAddress).build(), HttpResponse.BodyHandlers.ofString()));
                assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.1"), e.getMessage());
            }
            assertEquals(2, tunnel.upstreamConnects());
        } finally {
            https.stop(0);
        }
    }

    @Test
    void shouldBoundConnectionsAndEvictTheIdlestWhenFull() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1"), h -> {
                throw new UnknownHostException(h);
            });
            tunnel = new PinnedTunnel(policy, Duration.ofSeconds(2), Duration.ofSeconds(30), 1);
            // wide enough that a stalled machine does not make the first connection evictable before the second
            tunnel.evictableIdle(Duration.ofSeconds(4));
            try (PinnedTunnel.Pin pin = tunnel.pin(policy.vet(URI.create("https://127.0.0.1:" + silent.getLocalPort())));
                 Socket first = openTunnel(silent.getLocalPort())) {
                // full, and the open one was active within the last 4 s: the newcomer is turned away
                try (Socket second = new Socket()) {
                    second.connect(tunnel.address(), 2000);
                    second.setSoTimeout(5000);
                    assertTrue(readHead(second.getInputStream()).startsWith("HTTP/1.1 503 "));
                }
                // the threshold lowered instead of waiting it out: the open one is now idle long enough, so it is
                // closed for the newcomer
                tunnel.evictableIdle(Duration.ZERO);
                try (Socket third = openTunnel(silent.getLocalPort())) {
                    assertEquals(-1, first.getInputStream().read(), "the idlest connection was evicted");
                    assertEquals(1, tunnel.openConnections());
                }
            }
        }
    }

    private Socket openTunnel(int port) throws IOException {
        Socket s = new Socket();
        s.connect(tunnel.address(), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 200 Connection Established\r\n\r\n", readHead(s.getInputStream()));
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
