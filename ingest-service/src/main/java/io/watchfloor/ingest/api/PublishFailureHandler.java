package io.watchfloor.ingest.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.kafka.PublishException;
import jakarta.inject.Singleton;

/** A report that was not written: 503 with Retry-After (never a 2xx), or 413 when the broker refuses its size. */
@Produces
@Singleton
@Requires(classes = {PublishException.class, ExceptionHandler.class})
public class PublishFailureHandler implements ExceptionHandler<PublishException, HttpResponse<ApiError>> {
    private final IngestProperties properties;

    public PublishFailureHandler(IngestProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, PublishException e) {
        if (e.reason() == PublishException.Reason.TOO_LARGE) {
            return HttpResponse.<ApiError>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(new ApiError(
                    e.getMessage(), null, "Shorten the report; the broker refuses records this large"));
        }
        String hint = e.reason() == PublishException.Reason.OVERLOADED
                ? "The service is at capacity; retry after the Retry-After delay"
                : ReportIngestor.RETRY_HINT;
        return HttpResponse.<ApiError>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", Integer.toString(properties.retryAfterSeconds()))
                .body(new ApiError(e.getMessage(), null, hint));
    }
}
