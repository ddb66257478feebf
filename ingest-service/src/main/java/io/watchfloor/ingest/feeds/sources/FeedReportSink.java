package io.watchfloor.ingest.feeds.sources;

/**
 * Where accepted feed reports go. {@link #publish} returns only once the report is durably accepted
 * (for Kafka: acknowledged); throwing leaves the item un-confirmed so the next poll offers it again.
 */
@FunctionalInterface
public interface FeedReportSink {

    void publish(FeedReport report) throws Exception;
}
