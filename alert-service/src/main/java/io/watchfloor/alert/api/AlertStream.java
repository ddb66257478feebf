package io.watchfloor.alert.api;

import io.micronaut.http.sse.Event;
import io.watchfloor.alert.subscriptions.AlertFeed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One SSE stream: a thread per stream polls its cursor and emits each alert as an event (id = position, name =
 * alert type, data = the webhook body), a {@code heartbeat} event when idle, and closes the cursor (its Kafka
 * consumer) as soon as the client goes away.
 */
final class AlertStream {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(500);

    private AlertStream() {
    }

    static Publisher<Event<Object>> publish(AlertFeed.Cursor cursor, Duration heartbeat) {
        return Flux.create(sink -> {
            AtomicBoolean done = new AtomicBoolean();
            sink.onDispose(() -> done.set(true));
            Thread thread = new Thread(() -> pump(cursor, sink, done, heartbeat),
                    "alert-sse-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private static void pump(AlertFeed.Cursor cursor, FluxSink<Event<Object>> sink, AtomicBoolean done,
                             Duration heartbeat) {
        try (cursor) {
            long lastSent = System.nanoTime();
            while (!done.get()) {
                if (sink.requestedFromDownstream() == 0) {
                    Thread.sleep(50);
                    continue;
                }
                for (AlertFeed.Item item : cursor.poll(POLL)) {
                    sink.next(Event.<Object>of(item.message()).id(item.position())
                            .name(String.valueOf(item.message().get("type"))));
                    lastSent = System.nanoTime();
                }
                if (System.nanoTime() - lastSent >= heartbeat.toNanos()) {
                    sink.next(Event.<Object>of(Map.of()).name("heartbeat"));
                    lastSent = System.nanoTime();
                }
            }
        } catch (AlertFeed.UnavailableException e) {
            LOG.warn("Alert stream ended: {}", e.getMessage());
            sink.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.complete();
        }
    }
}
