package io.watchfloor.alert.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A minimal EventSource: reads {@code id}, {@code event} and {@code data} lines into events until closed. */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Event(String id, String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile boolean closed;

    SseClient(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        reader = new Thread(() -> read(request.build()), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            lines = response.body();
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) lines::iterator) {
                if (closed) {
                    break;
                }
                if (line.isEmpty()) {
                    if (data.length() > 0 || name != null) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            }
        } catch (Exception e) {
            if (!closed) {
                events.add(new Event(null, "client-error", e.toString()));
            }
        }
    }

    int status() {
        return status;
    }

    /** The next event that is not a heartbeat, or null after {@code wait}. */
    Event next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null || !"heartbeat".equals(e.name())) {
                return e;
            }
        }
    }

    /** Every non-heartbeat event that arrives within {@code wait}. */
    List<Event> drain(Duration wait) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        Event e;
        while ((e = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            out.add(e);
        }
        return out;
    }

    /** Whether a heartbeat came (idle streams must send them, so a gone client is noticed). */
    boolean sawHeartbeat(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e != null && "heartbeat".equals(e.name())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        reader.interrupt();
    }
}
