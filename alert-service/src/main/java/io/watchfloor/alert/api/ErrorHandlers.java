package io.watchfloor.alert.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.alert.subscriptions.StoredReports;
import io.watchfloor.alert.subscriptions.SubscriptionStore;
import jakarta.inject.Singleton;

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
