package io.watchfloor.store.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A query that fails in PostgreSQL answers 503 with a JSON body instead of a bare 500. */
@Produces
@Singleton
@Requires(classes = {SQLException.class, ExceptionHandler.class})
public class DatabaseErrorHandler implements ExceptionHandler<SQLException, HttpResponse<ErrorResponse>> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseErrorHandler.class);

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, SQLException e) {
        LOG.warn("Query {} failed: {} (SQLState {})", request.getPath(), e.getMessage(), e.getSQLState());
        return HttpResponse.<ErrorResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(new ErrorResponse("database_unavailable",
                        "The report database did not answer; retry shortly. Check /health for details."));
    }
}
