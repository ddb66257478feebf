package io.watchfloor.alert.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.alert.subscriptions.DeliveryLog;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import io.watchfloor.alert.subscriptions.WebhookTester;

/** A subscription's webhook: its recent delivery attempts, and a signed test event on demand. */
@Controller("/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
public class DeliveriesController {
    static final int MAX_LIMIT = 200;
    private final SubscriptionService subscriptions;
    private final DeliveryLog log;
    private final WebhookTester tester;

    public DeliveriesController(SubscriptionService subscriptions, DeliveryLog log, WebhookTester tester) {
        this.subscriptions = subscriptions;
        this.log = log;
        this.tester = tester;
    }

    @Get("/{id}/deliveries")
    public HttpResponse<?> deliveries(@PathVariable String id, @Nullable @QueryValue Integer limit) {
        if (subscriptions.get(id).isEmpty()) {
            return SubscriptionsController.notFound(id);
        }
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + n);
        }
        return HttpResponse.ok(new DeliveryView.Page(id, log.recent(id, n).stream().map(DeliveryView::of).toList()));
    }

    @Post("/{id}/test")
    public HttpResponse<?> test(@PathVariable String id) {
        var subscription = subscriptions.get(id);
        if (subscription.isEmpty()) {
            return SubscriptionsController.notFound(id);
        }
        if (subscription.get().webhook() == null) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(new ApiError("no_webhook", "Subscription '" + id
                    + "' has no webhook; set one with PUT /subscriptions/" + id, null));
        }
        return HttpResponse.ok(DeliveryView.of(tester.sendTest(subscription.get())));
    }
}
