package io.watchfloor.ingest.feeds.dedup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounded index of SimHash fingerprints answering "which earlier report is within Hamming distance k?".
 * Four 16-bit bands: two fingerprints within distance 3 share at least one band exactly (pigeonhole).
 */
public final class NearDuplicateIndex {

    public static final int DEFAULT_MAX_DISTANCE = 3;
    private static final int BANDS = 4;

    private final int capacity;
    private final int maxDistance;
    private final LinkedHashMap<String, Long> byId = new LinkedHashMap<>();
    private final Map<Long, List<String>> bands = new HashMap<>();

    public NearDuplicateIndex(int capacity, int maxDistance) {
        if (maxDistance >= BANDS) {
            throw new IllegalArgumentException("maxDistance must be < " + BANDS + " for exact banded lookup");
        }
        this.capacity = capacity;
        this.maxDistance = maxDistance;
    }

    /** The id of the earliest still-indexed report within the distance, other than {@code selfId}. */
    public synchronized Optional<String> nearest(long fingerprint, String selfId) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int band = 0; band < BANDS; band++) {
            List<String> ids = bands.get(bandKey(band, fingerprint));
            if (ids == null) {
                continue;
            }
            for (String id : ids) {
                Long other = byId.get(id);
                if (other == null || id.equals(selfId)) {
                    continue;
                }
                int d = SimHash.distance(fingerprint, other);
                if (d <= maxDistance && d < bestDistance) {
                    best = id;
                    bestDistance = d;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    public synchronized void add(String id, long fingerprint) {
        if (byId.containsKey(id)) {
            remove(id);
        }
        byId.put(id, fingerprint);
        for (int band = 0; band < BANDS; band++) {
            bands.computeIfAbsent(bandKey(band, fingerprint), k -> new ArrayList<>(1)).add(id);
        }
        if (byId.size() > capacity) {
            Iterator<String> eldest = byId.keySet().iterator();
            remove(eldest.next());
        }
    }

    public synchronized void remove(String id) {
        Long fingerprint = byId.remove(id);
        if (fingerprint == null) {
            return;
        }
        for (int band = 0; band < BANDS; band++) {
            long key = bandKey(band, fingerprint);
            List<String> ids = bands.get(key);
            if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) {
                    bands.remove(key);
                }
            }
        }
    }

    public synchronized int size() {
        return byId.size();
    }

    private static long bandKey(int band, long fingerprint) {
        return ((long) band << 16) | ((fingerprint >>> (band * 16)) & 0xffffL);
    }
}
