package io.watchfloor.store.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Input the database refuses (a NUL byte in a search, say) is the request's fault: 400, not an outage. */
@Produces
@Singleton
public class BadQueryHandler implements ExceptionHandler<IllegalArgumentException, HttpResponse<ErrorResponse>> {

    @Override
    public HttpResponse<ErrorResponse> handle(HttpRequest request, IllegalArgumentException e) {
        return HttpResponse.badRequest(new ErrorResponse("bad_request", e.getMessage()));
    }
}
