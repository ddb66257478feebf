package io.watchfloor.ingest.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Gives framework errors (413 body too large, 415 wrong content type, 404, 405, malformed requests) the
 * same JSON shape as the service's own: {@code {"error", "field", "hint"}}.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponseProcessor implements ErrorResponseProcessor<ApiError> {
    private final HttpServerConfiguration server;

    public JsonErrorResponseProcessor(HttpServerConfiguration server) {
        this.server = server;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ApiError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String message = context.getErrors().isEmpty() ? response.reason()
                : context.getErrors().get(0).getMessage();
        ApiError body = switch (response.code()) {
            case 413 -> new ApiError("The request body is larger than " + server.getMaxRequestSize()
                    + " bytes", null, "Send at most " + server.getMaxRequestSize() + " bytes per request: "
                    + "shorten the text, or split a batch into smaller batches");
            case 415 -> new ApiError("Unsupported content type: " + context.getRequest().getContentType()
                    .map(MediaType::toString).orElse("none"), null,
                    "Send the body as JSON with Content-Type: application/json "
                            + "(or application/x-ndjson for /reports/batch, application/stix+json for /stix)");
            case 404 -> new ApiError("No such endpoint: " + context.getRequest().getPath(), null,
                    "POST reports to /reports, /reports/batch, /stix or /misp; sources are at /sources, "
                            + "health at /health");
            case 405 -> new ApiError("Method " + context.getRequest().getMethodName() + " is not allowed here",
                    null, "Use POST for /reports, /reports/batch, /stix and /misp; GET, POST or DELETE for /sources");
            default -> new ApiError(message, null, response.code() >= 500
                    ? "Retry later; if it persists, check the service log"
                    : "Check the request against the API description in the README");
        };
        return ((MutableHttpResponse<ApiError>) response).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
