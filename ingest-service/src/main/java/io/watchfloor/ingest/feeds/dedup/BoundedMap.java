package io.watchfloor.ingest.feeds.dedup;

import java.util.LinkedHashMap;
import java.util.Map;

/** An insertion-ordered map that drops its eldest entry beyond a fixed capacity. */
public final class BoundedMap<K, V> extends LinkedHashMap<K, V> {

    private static final long serialVersionUID = 1L;
    private int capacity;

    public BoundedMap(int capacity) {
        super(16, 0.75f, false);
        this.capacity = capacity;
    }

    public void setCapacity(int newCapacity) {
        this.capacity = newCapacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Puts and moves the key to the young end, so recently confirmed entries are evicted last. */
    public V refresh(K key, V value) {
        V old = remove(key);
        put(key, value);
        return old;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
