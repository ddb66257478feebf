package io.watchfloor.ingest.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.intake.PublishException;
import jakarta.inject.Singleton;

/**
 * A report that was not written: 429 + Retry-After when our own capacity is exhausted, 503 + Retry-After when
 * Kafka or the registry is unavailable (never a 2xx), 413 when the broker refuses its size.
 */
@Produces
@Singleton
@Requires(classes = {PublishException.class, ExceptionHandler.class})
public class PublishFailureHandler implements ExceptionHandler<PublishException, HttpResponse<?>> {
    private final IngestProperties properties;

    public PublishFailureHandler(IngestProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, PublishException e) {
        return Answer.of(e, properties.retryAfterSeconds()).toResponse();
    }
}
