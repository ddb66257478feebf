package io.watchfloor.alert.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.watchfloor.alert.subscriptions.AlertFeed;
import jakarta.inject.Singleton;

/** Errors of the alert read APIs as JSON: Kafka or the registry down (503), an unknown subscription (404). */
final class DeliveryErrorHandlers {
    private DeliveryErrorHandlers() {
    }

    /** The alerts topic could not be read, or too many streams are open: 503 with Retry-After. */
    @Produces
    @Singleton
    static final class FeedUnavailable
            implements ExceptionHandler<AlertFeed.UnavailableException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, AlertFeed.UnavailableException e) {
            return ApiError.unavailable("alerts_unavailable", e.getMessage());
        }
    }

    /** An unknown subscription on a streaming endpoint (the others answer 404 directly). */
    @Produces
    @Singleton
    static final class NotFound implements ExceptionHandler<SubscriptionNotFoundException, HttpResponse<ApiError>> {
        @Override
        public HttpResponse<ApiError> handle(HttpRequest request, SubscriptionNotFoundException e) {
            return SubscriptionsController.notFound(e.id());
        }
    }
}
