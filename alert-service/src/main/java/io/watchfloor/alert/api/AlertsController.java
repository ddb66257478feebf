package io.watchfloor.alert.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.alert.subscriptions.AlertFeed;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/** A subscription's alerts read back from the alerts topic: paged, or live as Server-Sent Events. */
@Controller("/alerts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
public class AlertsController {
    static final int MAX_LIMIT = 500;
    private final SubscriptionService subscriptions;
    private final AlertFeed feed;
    private final DeliverySettings settings;

    public AlertsController(SubscriptionService subscriptions, AlertFeed feed, DeliverySettings settings) {
        this.subscriptions = subscriptions;
        this.feed = feed;
        this.settings = settings;
    }

    /** {@code since}: an ISO instant or a duration back from now (PT1H); {@code after}: a previous page's next. */
    @Get
    public HttpResponse<?> page(@QueryValue String subscription, @Nullable @QueryValue String since,
                                @Nullable @QueryValue String after, @Nullable @QueryValue Integer limit)
            throws AlertFeed.UnavailableException {
        if (subscriptions.get(subscription).isEmpty()) {
            return SubscriptionsController.notFound(subscription);
        }
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
        }
        AlertFeed.Page page = feed.page(subscription, since(since), after, n);
        return HttpResponse.ok(new AlertPageView(page.items().stream().map(AlertsController::withId).toList(),
                page.next(), page.more()));
    }

    /** Live alerts from now, or after {@code Last-Event-ID} (header, or query for a first connect). */
    @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<Object>> stream(@QueryValue String subscription,
                                           @Nullable @Header("Last-Event-ID") String lastEventId,
                                           @Nullable @QueryValue("lastEventId") String lastEventIdParam)
            throws AlertFeed.UnavailableException, SubscriptionNotFoundException {
        if (subscriptions.get(subscription).isEmpty()) {
            throw new SubscriptionNotFoundException(subscription);
        }
        String resume = lastEventId != null && !lastEventId.isBlank() ? lastEventId : lastEventIdParam;
        return AlertStream.publish(feed.follow(subscription, resume), settings.heartbeat());
    }

    static Map<String, Object> withId(AlertFeed.Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.position());
        m.putAll(item.message());
        return m;
    }

    private static Instant since(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        try {
            return since.startsWith("P") || since.startsWith("p")
                    ? Clock.systemUTC().instant().minus(Duration.parse(since)) : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 instant (2026-12-01T00:00:00Z) or a "
                    + "duration back from now (PT1H), got '" + since + "'");
        }
    }
}
