package io.watchfloor.ingest.feeds.api;

import io.watchfloor.ingest.feeds.FeedReport;
import io.watchfloor.ingest.feeds.FeedReportSink;
import io.watchfloor.ingest.kafka.PublishException;
import io.watchfloor.ingest.kafka.RawReportMapper;
import io.watchfloor.ingest.kafka.ReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Publishes feed reports as RawReport (with revision and duplicateOf) and returns once Kafka acknowledged. */
public final class KafkaFeedReportSink implements FeedReportSink {

    private final ReportPublisher publisher;
    private final Duration timeout;

    public KafkaFeedReportSink(ReportPublisher publisher, Duration timeout) {
        this.publisher = publisher;
        this.timeout = timeout;
    }

    @Override
    public void publish(FeedReport report) throws Exception {
        RawReport raw = RawReportMapper.toAvro(report.report());
        raw.setRevision(report.revision());
        raw.setDuplicateOf(report.duplicateOf());
        try {
            publisher.publish(raw).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishException p) {
                throw p;
            }
            throw new IllegalStateException("report " + raw.getId() + " was not acknowledged: " + e.getCause(),
                    e.getCause());
        }
    }
}
