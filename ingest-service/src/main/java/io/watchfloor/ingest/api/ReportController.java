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

/**
 * {@code POST /reports} and {@code POST /reports/batch}. Runs on the blocking pool because it waits for the
 * broker's acknowledgement before answering.
 */
@Controller("/reports")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReportController {
    public static final String NDJSON = "application/x-ndjson";

    private final ReportIngestor ingestor;
    private final IngestProperties properties;

    public ReportController(ReportIngestor ingestor, IngestProperties properties) {
        this.ingestor = ingestor;
        this.properties = properties;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<AcceptedResponse> submit(@Nullable @Body byte[] body) {
        return HttpResponse.accepted().body(AcceptedResponse.of(ingestor.ingest(body).id()));
    }

    @Post(uri = "/batch", consumes = {MediaType.APPLICATION_JSON, NDJSON}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<BatchResponse> batch(HttpRequest<?> request, @Nullable @Body byte[] body) {
        boolean ndjson = request.getContentType().map(t -> NDJSON.equals(t.getName())).orElse(false);
        BatchResponse response = ingestor.ingestBatch(body, ndjson);
        if (response.failed() > 0) {
            return HttpResponse.<BatchResponse>status(HttpStatus.SERVICE_UNAVAILABLE).body(response)
                    .header("Retry-After", Integer.toString(properties.retryAfterSeconds()));
        }
        return HttpResponse.ok(response);
    }
}
