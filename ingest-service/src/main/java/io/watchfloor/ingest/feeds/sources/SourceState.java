package io.watchfloor.ingest.feeds.sources;

/** Mutable per-source polling state: cursor, validators for conditional GET, and the latest health. */
public final class SourceState {

    private final FeedCursor cursor;
    private volatile String etag;
    private volatile String lastModified;
    private volatile SourceHealth health;

    public SourceState(String sourceId, FeedCursor cursor) {
        this.cursor = cursor;
        this.health = SourceHealth.initial(sourceId);
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
        return health;
    }

    public void health(SourceHealth newHealth) {
        this.health = newHealth;
    }
}
