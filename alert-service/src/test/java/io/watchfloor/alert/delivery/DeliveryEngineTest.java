package io.watchfloor.alert.delivery;

import io.watchfloor.testsupport.ManualClock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.alert.domain.delivery.RetryPolicy;
import io.watchfloor.alert.domain.delivery.SendResult;
import io.watchfloor.alert.domain.delivery.WebhookSignature;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.Webhook;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery engine on a fake clock, a fake sender and an in-memory log: ordering, lanes, retries, 410, dead
 * letters, and what a crash (kill -9) between any two steps leaves for the next run.
 */
class DeliveryEngineTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** No jitter: retry after 10 s, then 20 s; three attempts in all. */
    private static final RetryPolicy POLICY = new RetryPolicy(List.of(Duration.ofSeconds(10),
            Duration.ofSeconds(20)), 0.0, Duration.ofMinutes(5), RandomGenerator.of("L64X128MixRandom"));

    private final ManualClock clock = new ManualClock(T0);
    private final Directory subscriptions = new Directory();
    private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
    private final FakeSender sender = new FakeSender();
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        subscriptions.put(subscription("sub-a", "http://a.example:8080/hook", null));
        subscriptions.put(subscription("sub-b", "http://b.example/hook", null));
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private DeliveryEngine engine(int workers, int lanes, ExecutorService executor) {
        DeliveryEngine engine = new DeliveryEngine(subscriptions, sender, log, subscriptions::disable,
                TestAlerts.SERDE, POLICY, new DeliveryEngine.Limits(workers, lanes, Duration.ofSeconds(5)), clock,
                executor);
        log.replayInto(engine);
        return engine;
    }

    /** Runs jobs on the dispatching thread, one after another. */
    private DeliveryEngine inline() {
        return engine(1, 1, new DirectExecutor());
    }

    private static Subscription subscription(String id, String url, Duration digest) {
        return new Subscription(id, id + " desk", null, Webhook.enabled(url, SECRET), digest, T0, T0);
    }

    private void intake(String subscriptionId, String alertId, Instant at) {
        log.add(List.of(PendingDelivery.immediate(subscriptionId, alertId, TestAlerts.bytes(alertId, subscriptionId),
                0, 1, at)));
    }

    private static void drain(DeliveryEngine engine) {
        for (int i = 0; i < 20; i++) {
            engine.dispatch();
        }
    }

    @Test
    void shouldDeliverDueAlertsEarliestFirstAndSignEachRequest() {
        DeliveryEngine engine = inline();
        intake("sub-a", "al-3", T0.plusSeconds(3));
        intake("sub-a", "al-1", T0.plusSeconds(1));
        intake("sub-b", "al-2", T0.plusSeconds(2));
        intake("sub-b", "al-9", T0.plusSeconds(90));

        clock.set(T0.plusSeconds(5));
        drain(engine);

        assertEquals(List.of("al-1", "al-2", "al-3"), sender.ids());
        FakeSender.Request first = sender.requests.get(0);
        assertEquals(URI.create("http://a.example:8080/hook"), first.url());
        assertTrue(new WebhookSignature(SECRET).verify("al-1", first.headers().get("webhook-timestamp"),
                first.body(), first.headers().get("webhook-signature"), clock.instant(), Duration.ofMinutes(5)));
        assertTrue(new String(first.body(), StandardCharsets.UTF_8).contains("\"alertId\":\"al-1\""));
        assertNull(log.latest().get("sub-a/al-1"), "delivered: tombstoned");
        assertEquals(1, engine.pending(), "al-9 is not due yet");
    }

    @Test
    void shouldRetryOnTheScheduleWithTheSameWebhookIdUntilDelivered() {
        DeliveryEngine engine = inline();
        sender.script("a.example", 500, 500, 200);
        intake("sub-a", "al-1", T0);

        drain(engine);
        clock.set(T0.plusSeconds(9));
        drain(engine);
        assertEquals(1, sender.requests.size(), "the first retry waits 10 s");
        clock.set(T0.plusSeconds(10));
        drain(engine);
        clock.set(T0.plusSeconds(30));
        drain(engine);

        assertEquals(List.of("al-1", "al-1", "al-1"), sender.ids());
        assertEquals(List.of(DeliveryAttempt.Result.RETRY, DeliveryAttempt.Result.RETRY,
                DeliveryAttempt.Result.DELIVERED), log.attempts().stream().map(DeliveryAttempt::result).toList());
        assertEquals(List.of(1, 2, 3), log.attempts().stream().map(DeliveryAttempt::attempt).toList());
        assertEquals(T0.plusSeconds(10), log.attempts().get(0).nextAttemptAt());
        assertNull(log.latest().get("sub-a/al-1"));
        assertEquals(0, engine.pending());
    }

    @Test
    void shouldDeadLetterAfterTheLastAttempt() {
        DeliveryEngine engine = inline();
        sender.script("a.example", 503, 503, 503);
        intake("sub-a", "al-1", T0);

        for (int s : new int[] {0, 10, 30}) {
            clock.set(T0.plusSeconds(s));
            drain(engine);
        }

        assertEquals(3, sender.requests.size());
        assertEquals(1, log.deadLetters.size());
        assertEquals("al-1", log.deadLetters.get(0).delivery().alertId());
        assertTrue(log.deadLetters.get(0).reason().contains("gave up after 3 attempt(s)"),
                log.deadLetters.get(0).reason());
        assertEquals(DeliveryAttempt.Result.FAILED, log.attempts().get(2).result());
        assertNull(log.latest().get("sub-a/al-1"));
    }

    @Test
    void shouldDisableTheWebhookOn410AndSendNothingMore() {
        DeliveryEngine engine = inline();
        sender.script("a.example", 410);
        intake("sub-a", "al-1", T0);
        intake("sub-a", "al-2", T0.plusSeconds(1));

        clock.set(T0.plusSeconds(2));
        drain(engine);

        assertEquals(List.of("al-1"), sender.ids(), "after the 410 nothing more goes to that webhook");
        assertTrue(subscriptions.get("sub-a").orElseThrow().webhook().disabled());
        assertEquals(List.of(DeliveryAttempt.Result.DISABLED, DeliveryAttempt.Result.SKIPPED),
                log.attempts().stream().map(DeliveryAttempt::result).toList());
        assertTrue(log.deadLetters.isEmpty());
        assertEquals(0, engine.pending());
    }

    @Test
    void shouldNotLetASlowEndpointDelayAnother() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        DeliveryEngine engine = engine(4, 2, pool);
        CountDownLatch slowReleased = new CountDownLatch(1);
        sender.behave("a.example", url -> {
            try {
                slowReleased.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return SendResult.response(200, Duration.ofSeconds(10), null, null);
        });
        for (int i = 0; i < 6; i++) {
            intake("sub-a", "al-slow-" + i, T0);
        }
        for (int i = 0; i < 4; i++) {
            intake("sub-b", "al-fast-" + i, T0.plusMillis(1));
        }
        clock.set(T0.plusSeconds(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            engine.dispatch();
            return sender.idsTo("b.example").size() == 4;
        });

        assertEquals(2, sender.idsTo("a.example").size(), "the slow receiver holds only its lane of 2");
        assertEquals(2, engine.inFlight());
        slowReleased.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            engine.dispatch();
            return engine.pending() == 0;
        });
        assertEquals(6, sender.idsTo("a.example").size());
    }

    @Test
    void shouldDeliverAgainWithTheSameWebhookIdAfterACrashBetweenSendAndRecord() {
        DeliveryEngine crashed = inline();
        intake("sub-a", "al-1", T0);
        log.failUpdates = true;

        drain(crashed);
        assertEquals(List.of("al-1"), sender.ids(), "sent once; then the process died before recording it");
        assertEquals("sub-a/al-1", log.latest().keySet().iterator().next());
        assertTrue(log.latest().get("sub-a/al-1") != null, "still pending in the log");

        log.failUpdates = false;
        DeliveryEngine restarted = inline();
        drain(restarted);

        assertEquals(List.of("al-1", "al-1"), sender.ids(), "at least once, with the same webhook-id");
        assertNull(log.latest().get("sub-a/al-1"));
    }

    @Test
    void shouldKeepADigestsWebhookIdWhenItsFirstAttemptDiesAfterSealing() {
        subscriptions.put(subscription("sub-d", "http://d.example/hook", Duration.ofMinutes(5)));
        DigestWindow window = DigestWindow.containing(T0, Duration.ofMinutes(5));
        for (String id : List.of("al-x", "al-y")) {
            log.add(List.of(PendingDelivery.inDigest("sub-d", id, TestAlerts.bytes(id, "sub-d"), 0, 1, window,
                    T0)));
        }
        sender.behave("d.example", url -> {
            throw new IllegalStateException("kill -9 while the request is on the wire");
        });
        DeliveryEngine crashed = inline();
        clock.set(window.closesAt());
        drain(crashed);
        String sealedId = sender.requests.get(0).id();

        sender.script("d.example", 200);
        DeliveryEngine restarted = inline();
        drain(restarted);

        assertTrue(sealedId.startsWith("dg-"), sealedId);
        assertEquals(List.of(sealedId, sealedId), sender.ids(), "the digest keeps the id it was sealed with");
        String body = new String(sender.requests.get(1).body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"type\":\"alert.digest\"") && body.contains("al-x") && body.contains("al-y"),
                body);
        assertEquals(List.of("al-x", "al-y"), log.attempts().get(0).alertIds());
        assertEquals(0, restarted.pending());
    }

    /** A sender that answers per host from a script (default 200) and records every request. */
    static final class FakeSender implements WebhookSender {
        record Request(URI url, Map<String, String> headers, byte[] body) {
            String id() {
                return headers.get("webhook-id");
            }
        }

        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Function<URI, SendResult>> byHost = new ConcurrentHashMap<>();

        void script(String host, int... statuses) {
            List<Integer> left = Collections.synchronizedList(new ArrayList<>());
            for (int s : statuses) {
                left.add(s);
            }
            byHost.put(host, url -> SendResult.response(left.isEmpty() ? 200 : left.remove(0), Duration.ofMillis(3),
                    null, null));
        }

        void behave(String host, Function<URI, SendResult> answer) {
            byHost.put(host, answer);
        }

        @Override
        public SendResult send(URI url, Map<String, String> headers, byte[] body) {
            requests.add(new Request(url, Map.copyOf(headers), body));
            return byHost.getOrDefault(url.getHost(), u -> SendResult.response(200, Duration.ofMillis(1), null, null))
                    .apply(url);
        }

        List<String> ids() {
            synchronized (requests) {
                return requests.stream().map(Request::id).toList();
            }
        }

        List<String> idsTo(String host) {
            synchronized (requests) {
                return requests.stream().filter(r -> r.url().getHost().equals(host)).map(Request::id).toList();
            }
        }
    }

    /** Subscriptions in memory; disabling a webhook replaces it, as SubscriptionService does. */
    static final class Directory implements SubscriptionDirectory {
        private final Map<String, Subscription> byId = new ConcurrentHashMap<>();

        void put(Subscription s) {
            byId.put(s.id(), s);
        }

        void disable(String id, String reason) {
            Subscription s = byId.get(id);
            byId.put(id, s.withWebhook(s.webhook().disable(reason), s.updatedAt()));
        }

        @Override
        public Optional<Subscription> get(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<Subscription> all() {
            return List.copyOf(byId.values());
        }

        @Override
        public SubscriptionIndex index() {
            throw new UnsupportedOperationException("delivery does not match");
        }

        @Override
        public boolean loaded() {
            return true;
        }
    }

    /** Runs each task on the calling thread. */
    static final class DirectExecutor extends java.util.concurrent.AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

}
