package io.watchfloor.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test 22: a POST flood far above what ingest sustains, for {@link SuiteConfig#floodDuration()}, beside the
 * ordinary load: {@link #CLIENTS} clients post distinct reports back to back, each with its own
 * {@code Idempotency-Key}, never retrying (a 429 is counted and the client moves on to its next report, so no id
 * is accepted twice). Every answer must be a 2xx or a 429 with {@code Retry-After}; every 2xx'd id goes into the
 * conservation audit; ingest's resident memory is sampled every second.
 */
final class PostFlood implements FaultTest {
    /** More than ingest's 32 running + 64 queued requests, so the queue overflows. */
    static final int CLIENTS = 192;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger withoutRetryAfter = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicLong rssPeak = new AtomicLong();
    /** Ingest's RSS at the end of each minute of the flood, MiB: whether it levels off, not only how high. */
    private final List<Long> rssByMinute = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long rssBefore;
    private volatile long rssAfter;
    private volatile double seconds;

    @Override
    public int number() {
        return 22;
    }

    @Override
    public String name() {
        return "POST flood";
    }

    @Override
    public String fault() {
        return "POST flood";
    }

    @Override
    public int planned(SuiteConfig config) {
        return 1;
    }

    @Override
    public int minLoadSeconds(SuiteConfig config) {
        // the flood starts at 10% of the load; the load may end before it does (the test waits for it)
        return (int) config.floodDuration().toSeconds() + 5;
    }

    @Override
    public void inject(TestRun run) throws Exception {
        answers.clear();
        withoutRetryAfter.set(0);
        accepted.set(0);
        rssPeak.set(0);
        rssByMinute.clear();
        run.atFraction(0.1);
        Path pidFile = run.stack.options().runDir().resolve("ingest-service.pid");
        rssBefore = rss(pidFile);
        Duration length = run.config.floodDuration();
        run.status(String.format("flood: %d clients for %d s; ingest RSS before %.0f MiB", CLIENTS,
                length.toSeconds(), rssBefore / 1048576.0));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int i = 5_000_000 + next.getAndIncrement();
                    String key = run.marker + "-flood-" + i;
                    try {
                        String body = JSON.writeValueAsString(run.load.report(i));
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                        URI.create(run.stack.ingestUrl() + "/reports"))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .header("X-API-Key", run.stack.apiKey()).header("Idempotency-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        int status = r.statusCode();
                        answers.computeIfAbsent(status / 100 == 2 ? "2xx" : Integer.toString(status),
                                k -> new AtomicInteger()).incrementAndGet();
                        if (status / 100 == 2) {
                            run.accept(JSON.readTree(r.body()).path("id").asText());
                            accepted.incrementAndGet();
                        } else if (status == 429 && r.headers().firstValue("Retry-After").isEmpty()) {
                            withoutRetryAfter.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        answers.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
            }, "flood-" + c);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        long nextMinute = start + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            long now = rss(pidFile);
            rssPeak.accumulateAndGet(now, Math::max);
            if (System.nanoTime() >= nextMinute) {
                nextMinute += TimeUnit.MINUTES.toNanos(1);
                rssByMinute.add(now / 1048576);
                run.status(String.format("flood minute %d: %d answered 2xx so far; ingest RSS %d MiB (peak %.0f)",
                        rssByMinute.size(), accepted.get(), now / 1048576, rssPeak.get() / 1048576.0));
            }
        }
        for (Thread t : clients) {
            t.join(90_000);
        }
        seconds = (System.nanoTime() - start) / 1e9;
        rssAfter = rss(pidFile);
        rssPeak.accumulateAndGet(rssAfter, Math::max);
        run.status(String.format("flood over: %s in %.0f s; ingest RSS before %.0f, peak %.0f, after %.0f MiB",
                answersView(), seconds, rssBefore / 1048576.0, rssPeak.get() / 1048576.0, rssAfter / 1048576.0));
        run.faultDone();
    }

    private Map<String, Integer> answersView() {
        Map<String, Integer> view = new TreeMap<>();
        answers.forEach((k, v) -> view.put(k, v.get()));
        return view;
    }

    /** VmRSS of the process in {@code pidFile}, bytes (0 if unreadable). */
    static long rss(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).trim();
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    @Override
    public void verify(TestRun run) {
        Map<String, Integer> view = answersView();
        int total = view.values().stream().mapToInt(Integer::intValue).sum();
        int tooMany = view.getOrDefault("429", 0);
        List<String> other = view.keySet().stream().filter(k -> !k.equals("2xx") && !k.equals("429")).toList();
        double offered = total / Math.max(0.001, seconds);
        double acceptedRate = accepted.get() / Math.max(0.001, seconds);
        run.check("flood answered only 2xx or 429", other.isEmpty() && accepted.get() > 0,
                String.format("%d requests in %.0f s (%.0f/s offered, %.0f 2xx/s): %s", total, seconds, offered,
                        acceptedRate, view));
        run.check("429 with Retry-After beyond the queue", tooMany > 0 && withoutRetryAfter.get() == 0,
                tooMany + " x 429, " + withoutRetryAfter.get() + " of them without Retry-After");
        long growth = rssPeak.get() - rssBefore;
        run.check("bounded memory", rssBefore > 0 && growth < 512L * 1048576,
                String.format("ingest RSS before %.0f MiB, peak %.0f MiB, after %.0f MiB (limit: +512 MiB)%s",
                        rssBefore / 1048576.0, rssPeak.get() / 1048576.0, rssAfter / 1048576.0,
                        rssByMinute.isEmpty() ? "" : "; at the end of each minute of the flood " + rssByMinute));
    }
}
