package io.watchfloor.store.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.store.domain.QueryTimeoutException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A query cancelled at the statement timeout answers 503 with what to change, not "database unavailable". */
@Produces
@Singleton
public class QueryTimeoutHandler implements ExceptionHandler<QueryTimeoutException, HttpResponse<ErrorResponse>> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryTimeoutHandler.class);

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, QueryTimeoutException e) {
        LOG.warn("Query {} cancelled at the statement timeout: {}", request.getUri(), e.getMessage());
        return HttpResponse.<ErrorResponse>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(new ErrorResponse("query_timeout", "The query took longer than the store allows "
                        + "(watchfloor.store.queries.timeout, STORE_QUERY_TIMEOUT) and was cancelled. Narrow it "
                        + "(a shorter from/to range, fewer or more specific terms, a smaller limit) and retry."));
    }
}
