package io.watchfloor.ingest.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.intake.ReportIngestor;
import java.util.function.Supplier;

/**
 * {@code POST /reports} and {@code POST /reports/batch}. Runs on the blocking pool because it waits for the
 * broker's acknowledgement before answering; honours {@code Idempotency-Key}.
 */
@Controller("/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportController {
    public static final String NDJSON = "application/x-ndjson";

    private final ReportIngestor ingestor;
    private final IngestProperties properties;
    private final IdempotentRequests idempotency;

    public ReportController(ReportIngestor ingestor, IngestProperties properties, IdempotentRequests idempotency) {
        this.ingestor = ingestor;
        this.properties = properties;
        this.idempotency = idempotency;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> submit(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return idempotency.handleReport(request, body, keyAttributes -> answering(() ->
                Answer.of(HttpStatus.ACCEPTED, AcceptedResponse.of(ingestor.ingest(body, keyAttributes)))).get());
    }

    @Post(uri = "/batch", consumes = {MediaType.APPLICATION_JSON, NDJSON}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> batch(HttpRequest<?> request, @Nullable @Body byte[] body) {
        boolean ndjson = request.getContentType().map(t -> NDJSON.equals(t.getName())).orElse(false);
        return idempotency.handleItems(request, body, (keyAttributes, published) -> answering(() ->
                Answer.of(ingestor.ingestBatchOutcome(body, ndjson, keyAttributes, published),
                        properties.retryAfterSeconds())).get());
    }

    private Supplier<Answer> answering(Supplier<Answer> work) {
        return Answer.catching(work, properties.retryAfterSeconds());
    }
}
