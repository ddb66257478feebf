package io.watchfloor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * A closed-loop HTTP load generator for ingest: {@code concurrency} threads, each sending its next request as
 * soon as the previous one is answered, over keep-alive HTTP/1.1 connections. Every request must be accepted.
 */
final class HttpLoad implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String ingestUrl;
    private final String apiKey;
    private final HttpClient client;
    private final ExecutorService pool;
    private final int concurrency;

    HttpLoad(String ingestUrl, String apiKey, int concurrency) {
        this.ingestUrl = ingestUrl;
        this.apiKey = apiKey;
        this.concurrency = concurrency;
        this.pool = Executors.newFixedThreadPool(concurrency + 1, r -> {
            Thread t = new Thread(r, "http-load");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The JSON body of one report, unique by its title. */
    static ObjectNode report(BenchCorpus.Item item, String marker) {
        ObjectNode n = JSON.createObjectNode();
        n.put("title", item.title() + " [" + marker + "]");
        n.put("text", item.text());
        n.put("source", "bench");
        return n;
    }

    /**
     * POSTs every report on its own to /reports with at most {@code inFlight} requests open at once (asynchronous
     * requests, so a high concurrency costs no threads); returns the ids in order.
     */
    List<String> postSingles(List<ObjectNode> reports, int inFlight) throws Exception {
        String[] ids = new String[reports.size()];
        java.util.concurrent.Semaphore open = new java.util.concurrent.Semaphore(inFlight);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int i = 0; i < reports.size() && failure.get() == null; i++) {
            open.acquire();
            int index = i;
            client.sendAsync(request("/reports", JSON.writeValueAsString(reports.get(i))),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        try {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else if (r.statusCode() != 202) {
                                failure.compareAndSet(null, new IllegalStateException("POST /reports answered "
                                        + r.statusCode() + ": " + r.body()));
                            } else {
                                ids[index] = JSON.readTree(r.body()).path("id").asText();
                            }
                        } catch (Exception parse) {
                            failure.compareAndSet(null, parse);
                        } finally {
                            open.release();
                        }
                    });
        }
        if (!open.tryAcquire(inFlight, 600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("single POSTs did not finish within 600 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a single POST failed: " + failure.get(), failure.get());
        }
        return List.of(ids);
    }

    /** POSTs one report; returns its id. */
    String postOne(ObjectNode report) throws Exception {
        HttpResponse<String> r = send("/reports", JSON.writeValueAsString(report));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /reports answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** POSTs the reports in batches of {@code batchSize} to /reports/batch; returns the ids in order. */
    List<String> postBatches(List<ObjectNode> reports, int batchSize) throws Exception {
        List<List<ObjectNode>> batches = new ArrayList<>();
        for (int i = 0; i < reports.size(); i += batchSize) {
            batches.add(reports.subList(i, Math.min(reports.size(), i + batchSize)));
        }
        String[][] ids = new String[batches.size()][];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
                    ArrayNode body = JSON.createArrayNode();
                    batches.get(b).forEach(body::add);
                    HttpResponse<String> r = send("/reports/batch", JSON.writeValueAsString(body));
                    JsonNode answer = JSON.readTree(r.body());
                    if (r.statusCode() != 200 || answer.path("accepted").asInt() != batches.get(b).size()) {
                        throw new IllegalStateException("POST /reports/batch answered " + r.statusCode() + ": "
                                + r.body().substring(0, Math.min(400, r.body().length())));
                    }
                    String[] batchIds = new String[batches.get(b).size()];
                    for (int i = 0; i < batchIds.length; i++) {
                        batchIds[i] = answer.path("results").path(i).path("id").asText();
                    }
                    ids[b] = batchIds;
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(600, TimeUnit.SECONDS);
        }
        List<String> out = new ArrayList<>(reports.size());
        for (String[] b : ids) {
            out.addAll(List.of(b));
        }
        return out;
    }

    /**
     * Open loop: POSTs report i at {@code start + i / rate}, whatever earlier answers do; {@code sent} gets each
     * report's index at its due time (so queueing behind slow answers counts). Returns the ids in order.
     */
    List<String> postAtRate(List<ObjectNode> reports, double perSecond, long startNanos, LongConsumer sent)
            throws Exception {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            long due = startNanos + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = i;
            sent.accept(index);
            answers.add(pool.submit(() -> postOne(reports.get(index))));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : answers) {
            ids.add(f.get(120, TimeUnit.SECONDS));
        }
        return ids;
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return client.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
