package io.watchfloor.ingest.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.ingest.domain.InvalidSubmissionException;
import jakarta.inject.Singleton;

/** 400 with a JSON body naming the field at fault and what to do. */
@Produces
@Singleton
@Requires(classes = {InvalidSubmissionException.class, ExceptionHandler.class})
public class InvalidSubmissionHandler implements ExceptionHandler<InvalidSubmissionException, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, InvalidSubmissionException e) {
        return HttpResponse.<ApiError>badRequest().body(new ApiError(e.getMessage(), e.field(), e.hint()));
    }
}
