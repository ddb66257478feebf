package io.watchfloor.store.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.store.domain.DatabaseUnavailableException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A query that cannot reach PostgreSQL answers 503 with Retry-After and a JSON body instead of a bare 500. */
@Produces
@Singleton
public class DatabaseErrorHandler
        implements ExceptionHandler<DatabaseUnavailableException, HttpResponse<ErrorResponse>> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseErrorHandler.class);

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, DatabaseUnavailableException e) {
        LOG.warn("Query {} failed: {}", request.getPath(), e.getMessage());
        return HttpResponse.<ErrorResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(new ErrorResponse("database_unavailable",
                        "The report database did not answer; retry shortly. Check /health for details."));
    }
}
