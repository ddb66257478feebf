package io.watchfloor.edge.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the requests a service handles at once ({@link ConcurrencySettings}, {@code watchfloor.http.*}): at most
 * {@code max-concurrent-requests} in flight, a short queue of {@code max-queued-requests} waiting up to
 * {@code queue-timeout}, and beyond that {@code 429 Too Many Requests} with {@code Retry-After} and the usual
 * error body ({@code error}, {@code field}, {@code hint}), before the request is read any further. A request that
 * got a slot always runs to its answer: nothing admitted is dropped. 429, not 503, because it is this instance's
 * own capacity that is exhausted, the meaning 429 already has in ingest-service's answers; 503 stays for a
 * dependency (Kafka, the registry, PostgreSQL) that does not answer.
 *
 * <p>{@code /health} and {@code /prometheus} are never limited, so operators and orchestrators still see an
 * overloaded service. A request holds its slot until its response is ready; a streamed body (Server-Sent Events)
 * does not keep it. Runs after the metrics filter, so {@code http_server_requests_seconds} counts the 429s, and
 * after the API-key check, so requests without a valid key take no slot.
 *
 * <p>Meters, tagged {@code service} ({@code micronaut.application.name}): {@code watchfloor_http_requests_in_flight}
 * and {@code watchfloor_http_requests_queued} (gauges), {@code watchfloor_http_requests_rejected_total} (counter).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ConcurrencyLimitFilter implements Ordered {
    public static final String IN_FLIGHT = "watchfloor.http.requests.in.flight";
    public static final String QUEUED = "watchfloor.http.requests.queued";
    public static final String REJECTED = "watchfloor.http.requests.rejected";
    static final String HINT = "The service is handling as many requests as it is configured for "
            + "(watchfloor.http.max-concurrent-requests); retry after the Retry-After delay";
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyLimitFilter.class);

    private final ConcurrencyLimiter limiter;
    private final ConcurrencySettings settings;
    private final Counter rejected;

    public ConcurrencyLimitFilter(ConcurrencySettings settings, @Nullable MeterRegistry meters,
                                  @Value("${micronaut.application.name:watchfloor}") String service) {
        this.settings = settings;
        this.limiter = new ConcurrencyLimiter(settings.maxConcurrentRequests(), settings.maxQueuedRequests(),
                settings.queueTimeout());
        if (meters != null) {
            Gauge.builder(IN_FLIGHT, limiter, ConcurrencyLimiter::inFlight)
                    .description("HTTP requests being handled now (health and metrics excluded)")
                    .tag("service", service).register(meters);
            Gauge.builder(QUEUED, limiter, ConcurrencyLimiter::queued)
                    .description("HTTP requests waiting for a slot now").tag("service", service).register(meters);
            this.rejected = Counter.builder(REJECTED)
                    .description("HTTP requests answered 429 because the service was at its concurrency limit")
                    .tag("service", service).register(meters);
        } else {
            this.rejected = null;
        }
        LOG.info("HTTP requests in flight limited to {} (watchfloor.http.max-concurrent-requests), {} more waiting "
                        + "up to {} ms; beyond that 429 with Retry-After {} s", settings.maxConcurrentRequests(),
                settings.maxQueuedRequests(), settings.queueTimeout().toMillis(), settings.retryAfterSeconds());
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.after();
    }

    /** Never limited: health checks and scrapes must see an overloaded service. */
    static boolean exempt(String path) {
        return ApiKeyFilter.alwaysOpen(path);
    }

    @RequestFilter
    public Publisher<MutableHttpResponse<?>> limit(HttpRequest<?> request,
                                                   FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (exempt(request.getPath())) {
            return next.proceed();
        }
        return subscriber -> limiter.acquire().whenComplete((permit, error) -> {
            if (permit == null) {
                if (rejected != null) {
                    rejected.increment();
                }
                Publishers.just(tooManyRequests(request)).subscribe(subscriber);
                return;
            }
            Publisher<MutableHttpResponse<?>> downstream;
            try {
                downstream = next.proceed();
            } catch (RuntimeException e) {
                permit.release();
                Publishers.<MutableHttpResponse<?>>just(e).subscribe(subscriber);
                return;
            }
            downstream.subscribe(new Releasing(subscriber, permit));
        });
    }

    private MutableHttpResponse<?> tooManyRequests(HttpRequest<?> request) {
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(settings.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new Overloaded("Too many concurrent requests: " + request.getMethodName() + " "
                        + request.getPath() + " was not handled", null, HINT));
    }

    /** The limiter, for tests and diagnostics. */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    @PreDestroy
    void close() {
        limiter.close();
    }

    /** The 429 body, in the shape of the other edge errors ({@code error}, {@code field}, {@code hint}). */
    @Serdeable
    public record Overloaded(String error, @Nullable String field, String hint) {
    }

    /** Passes the response on and gives the slot back at its first signal (response, error or cancel). */
    private static final class Releasing implements Subscriber<MutableHttpResponse<?>> {
        private final Subscriber<? super MutableHttpResponse<?>> target;
        private final ConcurrencyLimiter.Permit permit;

        Releasing(Subscriber<? super MutableHttpResponse<?>> target, ConcurrencyLimiter.Permit permit) {
            this.target = target;
            this.permit = permit;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            target.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    permit.release();
                    subscription.cancel();
                }
            });
        }

        @Override
        public void onNext(MutableHttpResponse<?> response) {
            permit.release();
            target.onNext(response);
        }

        @Override
        public void onError(Throwable error) {
            permit.release();
            target.onError(error);
        }

        @Override
        public void onComplete() {
            permit.release();
            target.onComplete();
        }
    }
}
