package io.watchfloor.ingest.intake;

import io.watchfloor.ingest.domain.Report;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where accepted reports go (implemented in the Kafka room: {@code threat.reports.raw.v1}, keyed by report id,
 * the ingest time as record timestamp). The future completes only when the report is durable (for Kafka: acked
 * by all in-sync replicas), or fails with {@link PublishException}. {@code publish} may block briefly while the
 * broker is unknown: call it off event loops.
 */
public interface ReportPublisher {

    CompletableFuture<PublishResult> publish(Report report);

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
