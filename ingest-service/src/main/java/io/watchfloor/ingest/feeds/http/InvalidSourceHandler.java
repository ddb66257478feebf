package io.watchfloor.ingest.feeds.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.ingest.api.ApiError;
import io.watchfloor.ingest.feeds.sources.SourceRegistry;
import jakarta.inject.Singleton;

/** 400 with a JSON body when a source cannot be added. */
@Produces
@Singleton
public class InvalidSourceHandler
        implements ExceptionHandler<SourceRegistry.InvalidSourceException, HttpResponse<ApiError>> {

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, SourceRegistry.InvalidSourceException e) {
        return HttpResponse.<ApiError>badRequest().body(new ApiError(e.getMessage(), "source",
                "POST {\"name\": \"...\", \"url\": \"https://...\", \"intervalSeconds\": 300}; loopback/private "
                        + "hosts need watchfloor.feeds.allowlist"));
    }
}
