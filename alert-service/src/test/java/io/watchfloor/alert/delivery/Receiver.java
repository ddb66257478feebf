package io.watchfloor.alert.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A webhook receiver on loopback: records every request (headers, body, the status it answered) and answers from
 * a script of statuses, then {@code 200}. It can hang requests (to be killed mid-delivery), stop and start again
 * on the same port.
 */
final class Receiver implements AutoCloseable {

    /** One request as received and what it was answered. */
    record Request(Map<String, String> headers, byte[] body, int answered) {
        String id() {
            return headers.get("webhook-id");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> script = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile int then = 200;
    private volatile CountDownLatch hold;
    private int port;
    private HttpServer server;

    Receiver() throws IOException {
        start(0);
    }

    /** Answers these statuses to the next requests, in order, then {@code after}. */
    Receiver answer(int after, int... statuses) {
        for (int s : statuses) {
            script.add(s);
        }
        this.then = after;
        return this;
    }

    /** Holds every request until {@link #release()} (or 60 s), as a receiver that never answers. */
    void hang() {
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    void stop() {
        server.stop(0);
    }

    void start() throws IOException {
        start(port);
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        server.setExecutor(executor);
        server.createContext("/hook", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        CountDownLatch h = hold;
        if (h != null) {
            requests.add(new Request(headers, body, 0));
            try {
                h.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        IntSupplier next = () -> {
            synchronized (script) {
                return script.isEmpty() ? then : script.remove(0);
            }
        };
        int status = next.getAsInt();
        requests.add(new Request(headers, body, status));
        byte[] answer = (status < 300 ? "ok" : "status " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The webhook-ids of requests answered 2xx, without repeats: what a deduplicating receiver kept. */
    Set<String> delivered() {
        Set<String> ids = new LinkedHashSet<>();
        requests().stream().filter(r -> r.answered() >= 200 && r.answered() < 300).forEach(r -> ids.add(r.id()));
        return ids;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
