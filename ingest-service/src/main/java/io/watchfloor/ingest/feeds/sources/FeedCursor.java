package io.watchfloor.ingest.feeds.sources;

import io.watchfloor.ingest.feeds.dedup.BoundedMap;
import io.watchfloor.ingest.feeds.parse.FeedItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-source memory of which items were already handed on, so nothing is lost and little is redone.
 * Items are never filtered by date (that loses items sharing a timestamp and late arrivals): an item is
 * skipped only when its key (GUID, else URL, else content) was confirmed before with the same content.
 * The window grows with the feed (at least 3x the longest document seen), so a long feed is taken whole.
 */
public final class FeedCursor {

    /** What the cursor knows about an item. */
    public enum State { NEW, CHANGED, SEEN }

    private final int minCapacity;
    private final BoundedMap<String, String> seen;
    private Instant newestPublished;
    private boolean dirty;

    public FeedCursor(int minCapacity) {
        this.minCapacity = minCapacity;
        this.seen = new BoundedMap<>(minCapacity);
    }

    public FeedCursor() {
        this(1_000);
    }

    /** Widens the window before a document of {@code itemCount} items is processed. */
    public synchronized void expectItems(int itemCount) {
        seen.setCapacity(Math.max(seen.capacity(), Math.max(minCapacity, itemCount * 3)));
    }

    public synchronized State state(FeedItem item) {
        String previous = seen.get(key(item));
        if (previous == null) {
            return State.NEW;
        }
        return previous.equals(fingerprint(item)) ? State.SEEN : State.CHANGED;
    }

    /** Records that {@code item} was handed on (published or deliberately dropped as a duplicate). */
    public synchronized void confirm(FeedItem item) {
        seen.refresh(key(item), fingerprint(item));
        dirty = true;
        Instant published = item.published();
        if (published != null && (newestPublished == null || published.isAfter(newestPublished))) {
            newestPublished = published;
        }
    }

    /** Newest publish date confirmed so far (informational only, never used to filter). */
    public synchronized Instant newestPublished() {
        return newestPublished;
    }

    public synchronized int size() {
        return seen.size();
    }

    /** A copy of the remembered keys and fingerprints, oldest first (for persistence). */
    public synchronized Map<String, String> snapshot() {
        return new LinkedHashMap<>(seen);
    }

    /** True once since the last call if anything was confirmed in between (so callers persist only changes). */
    public synchronized boolean takeDirty() {
        boolean was = dirty;
        dirty = false;
        return was;
    }

    /** Restores a {@link #snapshot()}. */
    public synchronized void restore(Map<String, String> entries, Instant newest) {
        seen.setCapacity(Math.max(seen.capacity(), entries.size()));
        seen.putAll(entries);
        newestPublished = newest;
    }

    static String key(FeedItem item) {
        if (item.guid() != null) {
            return "g:" + item.guid();
        }
        if (item.url() != null) {
            return "u:" + item.url();
        }
        return "h:" + digest(Objects.toString(item.title(), "") + '\u0000' + Objects.toString(item.bestHtml(), ""));
    }

    static String fingerprint(FeedItem item) {
        return digest(Objects.toString(item.title(), "") + '\u0000' + Objects.toString(item.url(), "") + '\u0000'
                + Objects.toString(item.summaryHtml(), "") + '\u0000' + Objects.toString(item.contentHtml(), ""))
                .substring(0, 24);
    }

    private static String digest(String value) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
