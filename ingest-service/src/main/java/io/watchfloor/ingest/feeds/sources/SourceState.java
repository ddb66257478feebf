package io.watchfloor.ingest.feeds.sources;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Mutable per-source polling state: cursor, validators for conditional GET, and the latest health. */
public final class SourceState {

    private final FeedCursor cursor;
    private volatile String etag;
    private volatile String lastModified;
    private final AtomicReference<SourceHealth> health;

    public SourceState(String sourceId, FeedCursor cursor) {
        this.cursor = cursor;
        this.health = new AtomicReference<>(SourceHealth.initial(sourceId));
    }

    public FeedCursor cursor() {
        return cursor;
    }

    public String etag() {
        return etag;
    }

    public String lastModified() {
        return lastModified;
    }

    public void validators(String newEtag, String newLastModified) {
        this.etag = newEtag;
        this.lastModified = newLastModified;
    }

    public SourceHealth health() {
        return health.get();
    }

    public void health(SourceHealth newHealth) {
        health.set(newHealth);
    }

    /** Atomically changes the health, so concurrent partial updates (e.g. nextPollAt) are never lost. */
    public SourceHealth updateHealth(UnaryOperator<SourceHealth> change) {
        return health.updateAndGet(change);
    }
}
