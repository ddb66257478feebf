package io.watchfloor.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.watchfloor.edge.metrics.PipelineMeters;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.PublishedKeys;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.domain.Submission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The intake use case, shared by the HTTP API and the drop directory: parse, normalise via {@link ReportFactory},
 * publish, and wait for the broker's acknowledgement. Batches publish all valid items first, then wait, so one slow item does not serialise them.
 */
public class ReportIngestor {
    public static final String RETRY_HINT = "Kafka did not acknowledge the report; retry after the Retry-After delay "
            + "(ids are deterministic, so resending is safe)";

    private final ReportRequestParser parser = new ReportRequestParser();
    private final ReportFactory factory;
    private final ReportPublisher publisher;
    private final Revisions revisions;
    private final Duration publishTimeout;
    private final int maxBatchItems;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter failed;
    private final MeterRegistry meters;
    private final Timer ackLatency;

    public ReportIngestor(ReportFactory factory, ReportPublisher publisher, Duration publishTimeout, int maxBatchItems,
            MeterRegistry meters) {
        this(factory, publisher, Revisions.first(), publishTimeout, maxBatchItems, meters);
    }

    /** With {@code revisions} numbering a changed report under a known id after the stored one. */
    public ReportIngestor(ReportFactory factory, ReportPublisher publisher, Revisions revisions,
            Duration publishTimeout, int maxBatchItems, MeterRegistry meters) {
        this.factory = factory;
        this.publisher = publisher;
        this.revisions = revisions;
        this.publishTimeout = publishTimeout;
        this.maxBatchItems = maxBatchItems;
        this.accepted = counter(meters, BatchItemResult.ACCEPTED);
        this.rejected = counter(meters, BatchItemResult.REJECTED);
        this.failed = counter(meters, BatchItemResult.FAILED);
        this.meters = meters;
        this.ackLatency = PipelineMeters.latency("watchfloor.ingest.ack.latency",
                "From receiving a report (HTTP or drop file) to the broker's acknowledgement").register(meters);
    }

    /** Counts one refused report under {@code watchfloor.ingest.rejected{reason}}. */
    private void rejected(String reason) {
        rejected.increment();
        Counter.builder("watchfloor.ingest.rejected").tag("reason", reason)
                .description("Reports refused before Kafka, by reason (invalid_<field> or too_large)")
                .register(meters).increment();
    }

    /** The reason tag of a validation failure: {@code invalid_<field>}, or {@code invalid_body}. */
    static String reason(InvalidSubmissionException e) {
        String field = e.field() == null || e.field().isBlank() ? "body" : e.field();
        return "invalid_" + field.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("watchfloor.ingest.reports")
                .description("Reports received over HTTP, by outcome (accepted = acknowledged by Kafka)")
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Validates and publishes one report; throws {@link InvalidSubmissionException} or {@link PublishException}. */
    public PublishResult ingest(byte[] body) {
        return ingest(body, Map.of());
    }

    /** As {@link #ingest(byte[])}, with {@code attributes} added to the report after validation. */
    public PublishResult ingest(byte[] body, Map<String, String> attributes) {
        long start = System.nanoTime();
        Submission submission;
        try {
            submission = parser.parseOne(body);
        } catch (InvalidSubmissionException e) {
            rejected(reason(e));
            throw e;
        }
        return ingestSubmission(submission, start, attributes);
    }

    /** Validates and publishes one submission read elsewhere (e.g. a dropped file). */
    public PublishResult ingestSubmission(Submission submission) {
        return ingestSubmission(submission, System.nanoTime(), Map.of());
    }

    private PublishResult ingestSubmission(Submission submission, long start, Map<String, String> attributes) {
        Report report;
        try {
            report = factory.create(submission).withAttributes(attributes);
        } catch (InvalidSubmissionException e) {
            rejected(reason(e));
            throw e;
        }
        try {
            report = revisions.assign(report);
            PublishResult result = publisher.publishAndWait(report, publishTimeout);
            accepted.increment();
            ackLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            String cutFrom = report.attributes().get(ReportFactory.TRUNCATED_ATTRIBUTE);
            return cutFrom == null ? result : result.withWarning("text cut to its first " + report.text().length()
                    + " of " + cutFrom + " characters (limits: watchfloor.ingest.max-text-chars and max-text-bytes);"
                    + " send a longer document in parts");
        } catch (PublishException e) {
            if (e.reason() == PublishException.Reason.TOO_LARGE) {
                rejected("too_large");
            } else {
                failed.increment();
            }
            throw e;
        }
    }

    /** A batch answer and whether every failed item failed only because our own capacity was exhausted. */
    public record BatchOutcome(BatchResponse response, boolean onlyOverloaded) {
    }

    /** Parses a batch body, then publishes its items as {@link #ingestItems(List)} does. */
    public BatchOutcome ingestBatchOutcome(byte[] body, boolean ndjson) {
        return ingestBatchOutcome(body, ndjson, Map.of(), Map.of());
    }

    /** As {@link #ingestBatchOutcome(byte[], boolean)}, with the key attributes and the items already published. */
    public BatchOutcome ingestBatchOutcome(byte[] body, boolean ndjson, Map<String, String> keyAttributes,
                                           Map<Integer, String> published) {
        return ingestItems(parser.parseBatch(body, ndjson, maxBatchItems), keyAttributes, published);
    }

    /** Validates and publishes items that were read elsewhere (batch, STIX, MISP) independently. */
    public BatchOutcome ingestItems(List<ReportRequestParser.Item> items) {
        return ingestItems(items, Map.of(), Map.of());
    }

    /**
     * As {@link #ingestItems(List)} for a request with an Idempotency-Key: each published report carries
     * {@code keyAttributes} and its item index ({@code PublishedKeys.itemAttributes}), and an item already on the
     * raw topic for this key ({@code published}: index -> report id) is answered as accepted with its id without
     * being published again. Items refused by validation are refused again; items that were not written are
     * published now.
     */
    public BatchOutcome ingestItems(List<ReportRequestParser.Item> items, Map<String, String> keyAttributes,
                                    Map<Integer, String> published) {
        long start = System.nanoTime();
        List<BatchItemResult> results = new ArrayList<>(items.size());
        List<CompletableFuture<PublishResult>> pending = new ArrayList<>(items.size());
        List<String> ids = new ArrayList<>(items.size());
        CompletableFuture<PublishResult> unavailable = null;
        for (ReportRequestParser.Item item : items) {
            try {
                if (item.error() != null) {
                    throw item.error();
                }
                Report created = factory.create(item.submission());
                String publishedId = published.get(item.index());
                if (publishedId != null) {
                    ids.add(publishedId);
                    pending.add(CompletableFuture.completedFuture(null));
                    results.add(null);
                    continue;
                }
                created = created.withAttributes(PublishedKeys.itemAttributes(keyAttributes, item.index()));
                ids.add(created.id());
                // Once Kafka (or our capacity) refused one item outright, do not block on each of the others.
                CompletableFuture<PublishResult> future = unavailable != null
                        ? CompletableFuture.failedFuture(new PublishException(reasonOf(unavailable),
                                "Report " + created.id() + " was not written: an earlier item of this batch was "
                                        + "refused (" + reasonOf(unavailable) + ")", null))
                        : publishRevision(created);
                if (unavailable == null && future.isCompletedExceptionally()
                        && reasonOf(future) != PublishException.Reason.TOO_LARGE) {
                    unavailable = future;
                }
                pending.add(future);
                results.add(null);
            } catch (InvalidSubmissionException e) {
                rejected(reason(e));
                ids.add(null);
                pending.add(null);
                results.add(BatchItemResult.rejected(item.index(), e.getMessage(), e.field(), e.hint()));
            }
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        boolean onlyOverloaded = true;
        for (int i = 0; i < items.size(); i++) {
            if (pending.get(i) != null) {
                results.set(i, await(i, ids.get(i), pending.get(i), deadline));
                if (BatchItemResult.ACCEPTED.equals(results.get(i).status())) {
                    ackLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                } else if (BatchItemResult.REJECTED.equals(results.get(i).status())) {
                    rejected("too_large");
                }
                if (BatchItemResult.FAILED.equals(results.get(i).status()) && !overloaded(pending.get(i))) {
                    onlyOverloaded = false;
                }
            }
        }
        BatchResponse response = BatchResponse.of(results);
        accepted.increment(response.accepted());
        failed.increment(response.failed());
        return new BatchOutcome(response, onlyOverloaded);
    }

    private CompletableFuture<PublishResult> publishRevision(Report created) {
        try {
            return publisher.publish(revisions.assign(created));
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean overloaded(CompletableFuture<PublishResult> future) {
        return reasonOf(future) == PublishException.Reason.OVERLOADED;
    }

    private static PublishException.Reason reasonOf(CompletableFuture<PublishResult> future) {
        try {
            future.getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof PublishException p ? p.reason() : PublishException.Reason.UNAVAILABLE;
        } catch (CancellationException e) {
            return PublishException.Reason.UNAVAILABLE;
        }
    }

    private static BatchItemResult await(int index, String id, CompletableFuture<PublishResult> future,
            long deadline) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            future.get(wait, TimeUnit.NANOSECONDS);
            return BatchItemResult.accepted(index, id);
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
