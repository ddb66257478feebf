package io.watchfloor.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.intake.BatchItemResult;
import io.watchfloor.ingest.intake.BatchResponse;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.ReportIngestor;
import java.util.function.Supplier;

/**
 * One HTTP answer as a value (status, body, optional Retry-After), so it can be stored for an
 * {@code Idempotency-Key} and given again unchanged.
 */
public record Answer(HttpStatus status, Object body, @Nullable Integer retryAfterSeconds) {

    static final String CAPACITY_HINT = "The service is at capacity; retry after the Retry-After delay "
            + "(ids are deterministic, so resending is safe)";

    public static Answer of(HttpStatus status, Object body) {
        return new Answer(status, body, null);
    }

    /** 400 naming the field at fault. */
    public static Answer of(InvalidSubmissionException e) {
        return of(HttpStatus.BAD_REQUEST, new ApiError(e.getMessage(), e.field(), e.hint()));
    }

    /** 429 when our own capacity is exhausted, 503 when Kafka/registry is unavailable, 413 when too large. */
    public static Answer of(PublishException e, int retryAfterSeconds) {
        return switch (e.reason()) {
            case TOO_LARGE -> of(HttpStatus.REQUEST_ENTITY_TOO_LARGE, new ApiError(e.getMessage(), null,
                    "Shorten the report; the broker refuses records this large"));
            case OVERLOADED -> new Answer(HttpStatus.TOO_MANY_REQUESTS,
                    new ApiError(e.getMessage(), null, CAPACITY_HINT), retryAfterSeconds);
            case UNAVAILABLE -> new Answer(HttpStatus.SERVICE_UNAVAILABLE,
                    new ApiError(e.getMessage(), null, ReportIngestor.RETRY_HINT), retryAfterSeconds);
        };
    }

    /** A batch answer: 200, or 429/503 with Retry-After when items failed. */
    public static Answer of(ReportIngestor.BatchOutcome outcome, int retryAfterSeconds) {
        if (outcome.response().failed() == 0) {
            return of(HttpStatus.OK, outcome.response());
        }
        return new Answer(outcome.onlyOverloaded() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
                outcome.response(), retryAfterSeconds);
    }

    /** Turns the use case's exceptions into answers, so they can be stored for an Idempotency-Key too. */
    public static Supplier<Answer> catching(Supplier<Answer> work, int retryAfterSeconds) {
        return () -> {
            try {
                return work.get();
            } catch (InvalidSubmissionException e) {
                return of(e);
            } catch (PublishException e) {
                return of(e, retryAfterSeconds);
            }
        };
    }

    /** Whether the answer is final (worth replaying) rather than "retry later". */
    public boolean isFinal() {
        return status != HttpStatus.TOO_MANY_REQUESTS && status.getCode() < 500;
    }

    /** A rough size of this answer in memory, to bound the Idempotency-Key store. */
    public long estimatedBytes() {
        if (body instanceof BatchResponse batch) {
            long bytes = 256;
            for (BatchItemResult r : batch.results()) {
                bytes += 96 + 2L * (length(r.id()) + length(r.error()) + length(r.field()) + length(r.hint()));
            }
            return bytes;
        }
        if (body instanceof ApiError error) {
            return 256 + 2L * (length(error.error()) + length(error.field()) + length(error.hint()));
        }
        return 256;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    public MutableHttpResponse<Object> toResponse() {
        MutableHttpResponse<Object> response = HttpResponse.status(status).body(body);
        if (retryAfterSeconds != null) {
            response.header("Retry-After", Integer.toString(retryAfterSeconds));
        }
        return response;
    }
}
