package io.watchfloor.registry;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A log in memory, for tests: one instance can be handed to several registries in turn to simulate restarts,
 * and {@link #failNextAppends} / {@link #failNextReads} simulate an unavailable store.
 */
public final class InMemoryRegistryLog implements RegistryLog {
    private final List<Map.Entry<String, String>> records = new ArrayList<>();
    private int read;
    private int failures;
    private int readFailures;

    @Override
    public synchronized void append(String key, String value) {
        if (failures > 0) {
            failures--;
            throw new IllegalStateException("simulated store failure");
        }
        records.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
    }

    @Override
    public synchronized void readNew(BiConsumer<String, String> handler) {
        if (readFailures > 0) {
            readFailures--;
            throw new IllegalStateException("simulated read failure");
        }
        for (; read < records.size(); read++) {
            handler.accept(records.get(read).getKey(), records.get(read).getValue());
        }
    }

    /** A fresh reader over the same records, as a restarted registry would see them. */
    public synchronized InMemoryRegistryLog reopen() {
        InMemoryRegistryLog copy = new InMemoryRegistryLog();
        copy.records.addAll(records);
        return copy;
    }

    public synchronized List<Map.Entry<String, String>> records() {
        return List.copyOf(records);
    }

    public synchronized void failNextAppends(int count) {
        failures = count;
    }

    public synchronized void failNextReads(int count) {
        readFailures = count;
    }

    @Override
    public void close() {
    }
}
