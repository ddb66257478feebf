package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery topics in memory: an append-only deliveries log (what a compacted topic replays), the attempts and
 * the dead letters. Every append is read back into the current engine, as the scheduler's consumer would.
 * {@link #failUpdates} makes outcome writes fail, as a crash between send and record would leave them.
 */
final class InMemoryDeliveryLog implements DeliveryWrites {
    static final int PARTITIONS = 3;

    record Rec(int partition, long offset, String key, PendingDelivery value) {
    }

    record Letter(PendingDelivery delivery, String reason) {
    }

    final List<Rec> log = new ArrayList<>();
    final List<DeliveryAttempt> attempts = new ArrayList<>();
    final List<Letter> deadLetters = new ArrayList<>();
    private final Map<Integer, Long> next = new HashMap<>();
    volatile boolean failUpdates;
    private volatile DeliveryEngine reader;

    /** Reads the whole log into {@code engine} (a restart), then follows it. */
    void replayInto(DeliveryEngine engine) {
        List<Rec> copy;
        synchronized (this) {
            copy = List.copyOf(log);
            reader = engine;
        }
        copy.forEach(r -> engine.apply(r.partition(), r.offset(), r.key(), r.value()));
        for (int p = 0; p < PARTITIONS; p++) {
            engine.ready(p);
        }
    }

    /** The latest value of every key (a compacted read), tombstoned keys included as null. */
    synchronized Map<String, PendingDelivery> latest() {
        Map<String, PendingDelivery> out = new LinkedHashMap<>();
        log.forEach(r -> out.put(r.key(), r.value()));
        return out;
    }

    synchronized List<DeliveryAttempt> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void add(List<PendingDelivery> deliveries) {
        for (PendingDelivery d : deliveries) {
            append(Partitions.forKey(d.subscriptionId(), PARTITIONS), d.key(), d);
        }
    }

    @Override
    public Map<String, Long> update(int partition, List<PendingDelivery> upserts, List<String> tombstones)
            throws WriteFailedException {
        if (failUpdates) {
            throw new WriteFailedException("broker gone (simulated crash)", null);
        }
        Map<String, Long> offsets = new HashMap<>();
        upserts.forEach(d -> offsets.put(d.key(), append(partition, d.key(), d)));
        tombstones.forEach(k -> offsets.put(k, append(partition, k, null)));
        return offsets;
    }

    @Override
    public synchronized void attempt(DeliveryAttempt attempt) {
        attempts.add(attempt);
    }

    @Override
    public synchronized void deadLetter(List<PendingDelivery> deliveries, String reason) {
        deliveries.forEach(d -> deadLetters.add(new Letter(d, reason)));
    }

    private long append(int partition, String key, PendingDelivery value) {
        Rec rec;
        DeliveryEngine engine;
        synchronized (this) {
            long offset = next.merge(partition, 1L, Long::sum) - 1;
            rec = new Rec(partition, offset, key, value);
            log.add(rec);
            engine = reader;
        }
        if (engine != null) {
            engine.apply(rec.partition(), rec.offset(), rec.key(), rec.value());
        }
        return rec.offset();
    }
}
