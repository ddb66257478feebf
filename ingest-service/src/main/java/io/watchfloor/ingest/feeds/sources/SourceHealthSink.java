package io.watchfloor.ingest.feeds.sources;

/** Where each poll's health goes besides metrics (implemented in the Kafka room); must never block a poll. */
public interface SourceHealthSink {

    /** Hands over the health of one poll of {@code source} (null when the source was removed meanwhile). */
    void send(FeedSource source, SourceHealth health);

    /** Health records that could not be delivered so far. */
    long failures();
}
