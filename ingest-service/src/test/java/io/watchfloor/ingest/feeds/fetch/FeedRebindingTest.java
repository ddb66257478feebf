package io.watchfloor.ingest.feeds.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.HostResolver;
import io.watchfloor.edge.net.PinnedTunnel;
import io.watchfloor.ingest.feeds.LocalFeedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: the name answers a public address to the SSRF check and 127.0.0.1 afterwards. The host is
 * {@code localhost} so that any second lookup outside the policy (the JVM resolver, which the fetcher used before
 * the pinned tunnel) would also land on the internal server: this test fails on a fetcher that resolves again.
 */
class FeedRebindingTest {

    private static final byte[] PUBLIC = {93, (byte) 184, (byte) 216, 34};

    private LocalFeedServer internal;
    private LocalFeedServer publicSite;
    private final List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        internal = new LocalFeedServer().serve("/feed", "application/rss+xml", "<rss>internal secret</rss>");
        publicSite = new LocalFeedServer().serve("/feed", "application/rss+xml", "<rss>public</rss>");
    }

    @AfterEach
    void stop() {
        internal.close();
        publicSite.close();
    }

    private final HostResolver rebinding = host -> List.of(InetAddress.getByAddress(host,
            lookups.getAndIncrement() == 0 ? PUBLIC : new byte[] {127, 0, 0, 1}));

    /** The vetted public address is served by the public test site; anything else is dialed as asked. */
    private final PinnedTunnel.Dialer dialer = (address, timeout) -> {
        dialed.add(address);
        InetSocketAddress target = address.getAddress().equals(InetAddress.getByAddress(PUBLIC))
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), publicSite.port()) : address;
        return PinnedTunnel.Dialer.direct().dial(target, timeout);
    };

    @Test
    void shouldFetchFromTheVettedAddressNeverFromTheReboundOne() throws Exception {
        URI uri = URI.create("http://localhost:" + internal.port() + "/feed");
        try (SafeHttpFetcher fetcher = new SafeHttpFetcher(new AddressPolicy(List.of(), rebinding),
                FetchLimits.defaults(), dialer)) {
            FetchResult result = fetcher.fetch(FetchRequest.of(uri));

            assertEquals("<rss>public</rss>", new String(result.body(), StandardCharsets.UTF_8));
            assertEquals(1, lookups.get(), "one lookup: the one the policy checked");
            assertEquals(List.of(new InetSocketAddress(InetAddress.getByAddress(PUBLIC), internal.port())), dialed);
            assertEquals(0, internal.requests(), "the rebound internal address was contacted");
            assertEquals(1, publicSite.requests());
        }
    }

    @Test
    void shouldNotLetARedirectHopUseAnotherHopsPin() throws Exception {
        // the public site redirects to the same name on another port: that hop is vetted (and pinned) on its own
        publicSite.redirect("/hop", "http://localhost:" + internal.port() + "/feed");
        try (SafeHttpFetcher fetcher = new SafeHttpFetcher(new AddressPolicy(List.of(), rebinding),
                FetchLimits.defaults(), dialer)) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(FetchRequest.of(
                    URI.create("http://localhost:" + publicSite.port() + "/hop"))));

            assertEquals(FetchException.Reason.BLOCKED_ADDRESS, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertEquals(2, lookups.get());
            assertEquals(1, dialed.size());
            assertEquals(0, internal.requests());
        }
    }

    @Test
    void shouldReportAConnectFailureOfTheTunnelAsTheFetchsError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket gone = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        try (SafeHttpFetcher fetcher = new SafeHttpFetcher(new AddressPolicy(List.of("127.0.0.1:" + closedPort),
                FeedFetcherSafetyTest.FAKE_DNS), FetchLimits.defaults())) {
            FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(FetchRequest.of(
                    URI.create("http://127.0.0.1:" + closedPort + "/feed"))));
            assertEquals(FetchException.Reason.IO, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("connect to 127.0.0.1") && e.getMessage().contains(
                    String.valueOf(closedPort)), e.getMessage());
        }
    }
}
