package io.watchfloor.ingest.kafka;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.schemas.avro.RawReport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes raw reports to {@code threat.reports.raw.v1}, keyed by report id, with the ingest time as
 * record timestamp. The future completes only when the broker acknowledged (acks=all), or fails with
 * {@link PublishException}. {@code publish} may block up to {@code max.block.ms}: call it off event loops.
 */
public interface ReportPublisher {

    CompletableFuture<PublishResult> publish(RawReport report);

    default CompletableFuture<PublishResult> publish(Report report) {
        return publish(RawReportMapper.toAvro(report));
    }

    /** Publishes and waits for the acknowledgement; throws {@link PublishException} on any failure. */
    default PublishResult publishAndWait(Report report, Duration timeout) {
        CompletableFuture<PublishResult> future = publish(report);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishException publishException) {
                throw publishException;
            }
            throw new PublishException(PublishException.Reason.UNAVAILABLE,
                    "Report " + report.id() + " was not written: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException(PublishException.Reason.UNAVAILABLE,
                    "No acknowledgement for report " + report.id() + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(PublishException.Reason.UNAVAILABLE,
                    "Interrupted while publishing report " + report.id(), e);
        }
    }
}
