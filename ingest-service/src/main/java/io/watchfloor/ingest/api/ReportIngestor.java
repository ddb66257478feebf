package io.watchfloor.ingest.api;

import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.kafka.PublishException;
import io.watchfloor.ingest.kafka.PublishResult;
import io.watchfloor.ingest.kafka.ReportPublisher;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP use cases: parse, normalise via {@link ReportFactory}, publish, and wait for the broker's
 * acknowledgement. Batches publish all valid items first, then wait, so one slow item does not serialise them.
 */
@Singleton
public class ReportIngestor {
    static final String RETRY_HINT = "Kafka did not acknowledge the report; retry after the Retry-After delay "
            + "(ids are deterministic, so resending is safe)";

    private final ReportRequestParser parser = new ReportRequestParser();
    private final ReportFactory factory;
    private final ReportPublisher publisher;
    private final IngestProperties properties;

    public ReportIngestor(ReportFactory factory, ReportPublisher publisher, IngestProperties properties) {
        this.factory = factory;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** Validates and publishes one report; throws {@link InvalidSubmissionException} or {@link PublishException}. */
    public PublishResult ingest(byte[] body) {
        Report report = factory.create(parser.parseOne(body));
        return publisher.publishAndWait(report, properties.publishTimeout());
    }

    /** Validates and publishes each item of a batch independently. */
    public BatchResponse ingestBatch(byte[] body, boolean ndjson) {
        List<ReportRequestParser.Item> items = parser.parseBatch(body, ndjson, properties.maxBatchItems());
        List<BatchItemResult> results = new ArrayList<>(items.size());
        List<CompletableFuture<PublishResult>> pending = new ArrayList<>(items.size());
        List<String> ids = new ArrayList<>(items.size());
        for (ReportRequestParser.Item item : items) {
            try {
                if (item.error() != null) {
                    throw item.error();
                }
                Report report = factory.create(item.submission());
                ids.add(report.id());
                pending.add(publisher.publish(report));
                results.add(null);
            } catch (InvalidSubmissionException e) {
                ids.add(null);
                pending.add(null);
                results.add(BatchItemResult.rejected(item.index(), e.getMessage(), e.field(), e.hint()));
            }
        }
        long deadline = System.nanoTime() + properties.publishTimeout().toNanos();
        for (int i = 0; i < items.size(); i++) {
            if (pending.get(i) != null) {
                results.set(i, await(i, ids.get(i), pending.get(i), deadline));
            }
        }
        return BatchResponse.of(results);
    }

    private static BatchItemResult await(int index, String id, CompletableFuture<PublishResult> future,
            long deadline) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            PublishResult result = future.get(wait, TimeUnit.NANOSECONDS);
            return BatchItemResult.accepted(index, result.id());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishException p && p.reason() == PublishException.Reason.TOO_LARGE) {
                return BatchItemResult.rejected(index, p.getMessage(), null,
                        "Shorten the report; the broker refuses records this large");
            }
            return BatchItemResult.failed(index, id, e.getCause().getMessage(), RETRY_HINT);
        } catch (TimeoutException e) {
            return BatchItemResult.failed(index, id, "No acknowledgement from Kafka in time", RETRY_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BatchItemResult.failed(index, id, "Interrupted while waiting for Kafka", RETRY_HINT);
        }
    }
}
