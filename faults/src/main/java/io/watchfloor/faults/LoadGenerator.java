package io.watchfloor.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts {@code total} distinct reports one by one to ingest's {@code POST /reports} with the API key, paced at
 * {@code rate} per second with at most {@code inFlight} requests open, like a client: a non-2xx answer (503 while
 * Kafka is down) or a failed connection is retried with the same body (ids are deterministic, so a retry is
 * safe) until it gets a 2xx or {@code maxRetryTime} passes. Keeps the id of every 2xx and when each 2xx arrived.
 */
final class LoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String[]> CORPUS = loadCorpus();

    private final HttpClient client;
    private final String ingestUrl;
    private final String apiKey;
    private final String marker;
    private final int total;
    private final double rate;
    private final Semaphore open;
    private final int inFlight;
    private final Duration maxRetryTime;
    private final ScheduledExecutorService retries;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Milliseconds since {@link #start()} of each 2xx answer. */
    private final ConcurrentLinkedQueue<Long> acceptedAt = new ConcurrentLinkedQueue<>();
    /**
     * The 2xx answers that wrote their report (not replays of an earlier answer for the key): when the request
     * that got it was sent and when the answer came, ms since the start.
     */
    private final ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();

    /** When each attempt (first try or retry) was sent, ms since the start. */
    private final ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();

    /** One 2xx that wrote its report: its request sent at {@code sentAt}, answered at {@code answeredAt}. */
    record Written(long sentAt, long answeredAt) {
    }
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger posted = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();
    private volatile long startNanos;
    private volatile long endNanos;
    private Thread thread;

    LoadGenerator(String ingestUrl, String apiKey, String marker, int total, double rate, int inFlight,
                  Duration maxRetryTime) {
        this.ingestUrl = ingestUrl;
        this.apiKey = apiKey;
        this.marker = marker;
        this.total = total;
        this.rate = rate;
        this.inFlight = inFlight;
        this.open = new Semaphore(inFlight);
        this.maxRetryTime = maxRetryTime;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-retries-" + marker);
            t.setDaemon(true);
            return t;
        });
    }

    /** The title prefix of this run's reports (also what the stored-rows progress counts). */
    String titlePrefix() {
        return "[" + marker + "-";
    }

    /** The JSON body of report {@code i}: a corpus item made unique by its title and a closing sentence. */
    ObjectNode report(int i) {
        String[] item = CORPUS.get(i % CORPUS.size());
        String tag = marker + "-" + String.format("%07d", i);
        ObjectNode n = JSON.createObjectNode();
        n.put("title", "[" + tag + "] " + item[0]);
        n.put("text", item[1] + " (Watchfloor fault suite report " + tag + ".)");
        return n;
    }

    void start() {
        startNanos = System.nanoTime();
        thread = new Thread(this::run, "load-" + marker);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            for (int i = 0; i < total; i++) {
                long due = startNanos + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                open.acquire();
                posted.incrementAndGet();
                send(JSON.writeValueAsString(report(i)), marker + "-" + i, System.nanoTime());
            }
            open.acquire(inFlight);
            open.release(inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            endNanos = System.nanoTime();
            retries.shutdownNow();
        }
    }

    private void send(String body, String idempotencyKey, long firstTry) {
        long sent = (System.nanoTime() - startNanos) / 1_000_000;
        sentAt.add(sent);
        HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/reports"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                // like a careful client: a retry of a request whose answer was lost publishes nothing again
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (e == null && r.statusCode() / 100 == 2) {
                try {
                    accepted.add(JSON.readTree(r.body()).path("id").asText());
                    long at = (System.nanoTime() - startNanos) / 1_000_000;
                    acceptedAt.add(at);
                    if (r.headers().firstValue("Idempotent-Replayed").isEmpty()) {
                        written.add(new Written(sent, at));
                    }
                } catch (IOException parse) {
                    failures.computeIfAbsent("unreadable 2xx", k -> new AtomicInteger()).incrementAndGet();
                }
                open.release();
                return;
            }
            String reason = e != null ? e.getClass().getSimpleName() : Integer.toString(r.statusCode());
            failures.computeIfAbsent(reason, k -> new AtomicInteger()).incrementAndGet();
            if (System.nanoTime() - firstTry > maxRetryTime.toNanos()) {
                givenUp.incrementAndGet();
                open.release();
                return;
            }
            try {
                retries.schedule(() -> send(body, idempotencyKey, firstTry), 500, TimeUnit.MILLISECONDS);
            } catch (RuntimeException stopped) {
                open.release();
            }
        });
    }

    /** Waits until every report was posted and answered (2xx, or given up). */
    boolean await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    boolean finished() {
        return thread != null && !thread.isAlive();
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
        retries.shutdownNow();
    }

    Set<String> acceptedIds() {
        return Set.copyOf(accepted);
    }

    int acceptedCount() {
        return accepted.size();
    }

    int posted() {
        return posted.get();
    }

    int total() {
        return total;
    }

    int givenUp() {
        return givenUp.get();
    }

    /** Non-2xx answers and failed requests by status or exception (each retry counted). */
    Map<String, Integer> failures() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        failures.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** When each 2xx arrived, in ms since the start, sorted. */
    List<Long> acceptedTimes() {
        return sorted(acceptedAt);
    }

    /** When each attempt was sent, ms since the start, sorted. */
    List<Long> sentTimes() {
        return sorted(sentAt);
    }

    /**
     * The 2xx answers that wrote their report, by answer time: without the answers ingest gave again for an
     * Idempotency-Key (header {@code Idempotent-Replayed}), e.g. to a retry of a request whose record the broker
     * had appended before its answer was lost.
     */
    List<Written> written() {
        List<Written> list = new ArrayList<>(written);
        list.sort(java.util.Comparator.comparingLong(Written::answeredAt));
        return list;
    }

    private static List<Long> sorted(ConcurrentLinkedQueue<Long> queue) {
        List<Long> times = new ArrayList<>(queue);
        times.sort(null);
        return times;
    }

    long startNanos() {
        return startNanos;
    }

    /** Milliseconds since the start, for fault timestamps on the same clock as {@link #acceptedTimes()}. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Planned duration of the posting at the configured rate. */
    Duration plannedDuration() {
        return Duration.ofMillis((long) (total * 1000 / rate));
    }

    private static List<String[]> loadCorpus() {
        List<String[]> items = new ArrayList<>();
        try (InputStream in = LoadGenerator.class.getResourceAsStream("/demo/wikipedia-current-events-demo.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("the local stack's demo set is not on the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    var node = JSON.readTree(line);
                    items.add(new String[] {node.path("title").asText(), node.path("text").asText()});
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo set", e);
        }
        return items;
    }
}
