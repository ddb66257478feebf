package io.watchfloor.alert.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.watchfloor.alert.subscriptions.StoredReports;
import io.watchfloor.alert.subscriptions.SubscriptionStore;
import jakarta.inject.Singleton;
import java.util.List;

/** Errors as JSON with what to do next: a write Kafka did not confirm, an unreachable store, bad input. */
final class ErrorHandlers {
    private ErrorHandlers() {
    }

    /** A subscription write Kafka did not confirm: 503 with Retry-After; nothing may be assumed saved. */
    @Produces
    @Singleton
    static final class StoreUnavailable
            implements ExceptionHandler<SubscriptionStore.StoreUnavailableException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, SubscriptionStore.StoreUnavailableException e) {
            return ApiError.unavailable("kafka_unavailable", e.getMessage());
        }
    }

    /** Previews read store-service; when it does not answer: 503 naming where it was looked for. */
    @Produces
    @Singleton
    static final class StoreReportsUnavailable
            implements ExceptionHandler<StoredReports.UnavailableException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, StoredReports.UnavailableException e) {
            return ApiError.unavailable("store_unavailable", e.getMessage());
        }
    }

    /**
     * A required parameter missing ({@code GET /alerts} without {@code subscription}): 400 in this API's shape, with
     * the parameter named, instead of the framework's default body.
     */
    @Produces
    @Singleton
    @Replaces(UnsatisfiedRouteHandler.class)
    static final class MissingArgument
            implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, UnsatisfiedRouteException e) {
            String name = e.getArgument().getName();
            if (e instanceof UnsatisfiedBodyRouteException || isBody(e.getArgument())) {
                return HttpResponse.badRequest(new ApiError("bad_request", "A JSON body is required (a "
                        + "subscription: see docs/alerts.md)", null));
            }
            return HttpResponse.badRequest(new ApiError("bad_request", "The parameter '" + name + "' is required"
                    + ("subscription".equals(name) ? ": the id of a subscription, as listed by GET /subscriptions"
                    : ""), List.of(new ApiError.FieldMessage(name, "required"))));
        }
    }

    /** A parameter of the wrong type ({@code limit=ten}): 400 naming it. */
    @Produces
    @Singleton
    @Replaces(ConversionErrorHandler.class)
    static final class WrongType implements ExceptionHandler<ConversionErrorException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, ConversionErrorException e) {
            String name = e.getArgument().getName();
            if (isBody(e.getArgument())) {
                return HttpResponse.badRequest(new ApiError("bad_request", "The body is not a valid subscription: "
                        + e.getMessage(), null));
            }
            return HttpResponse.badRequest(new ApiError("bad_request", "The parameter '" + name + "' must be "
                    + expected(e.getArgument().getType()), List.of(new ApiError.FieldMessage(name, "wrong type"))));
        }
    }

    private static boolean isBody(Argument<?> argument) {
        return argument.getAnnotationMetadata().hasAnnotation(Body.class);
    }

    private static String expected(Class<?> type) {
        return type == Integer.class || type == int.class || type == Long.class || type == long.class
                ? "a whole number" : "a valid " + type.getSimpleName();
    }

    /** Bad parameters: 400 with the reason. */
    @Produces
    @Singleton
    static final class BadRequest implements ExceptionHandler<IllegalArgumentException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, IllegalArgumentException e) {
            return HttpResponse.badRequest(new ApiError("bad_request", e.getMessage(), null));
        }
    }
}
