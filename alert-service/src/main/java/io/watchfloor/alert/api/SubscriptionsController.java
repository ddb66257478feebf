package io.watchfloor.alert.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.watchfloor.alert.config.AlertSettings;
import io.watchfloor.alert.subscriptions.StoredReports;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import io.watchfloor.alert.subscriptions.SubscriptionStore;
import java.net.URI;
import java.time.Duration;

/** Subscriptions: create, list, read, replace, delete, and preview what a filter would fire on. */
@Controller("/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SubscriptionsController {
    private static final int MAX_PREVIEW_DAYS = 90;
    private final SubscriptionService service;
    private final AlertSettings settings;

    public SubscriptionsController(SubscriptionService service, AlertSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @Post
    public HttpResponse<?> create(@Body SubscriptionRequest request) throws SubscriptionStore.StoreUnavailableException,
            StoredReports.UnavailableException {
        try {
            if (Boolean.TRUE.equals(request.preview())) {
                return HttpResponse.ok(preview(request.filter(), request.previewDays()));
            }
            var created = service.create(SubscriptionMapper.toDraft(request));
            return HttpResponse.created(SubscriptionMapper.toView(created),
                    URI.create("/subscriptions/" + created.id()));
        } catch (SubscriptionService.InvalidSubscriptionException e) {
            return HttpResponse.badRequest(SubscriptionMapper.invalid(e));
        }
    }

    @Get
    public SubscriptionView.Page list() {
        return new SubscriptionView.Page(service.all().stream().map(SubscriptionMapper::toView).toList());
    }

    @Get("/{id}")
    public HttpResponse<?> get(@PathVariable String id) {
        return service.get(id).<HttpResponse<?>>map(s -> HttpResponse.ok(SubscriptionMapper.toView(s)))
                .orElseGet(() -> notFound(id));
    }

    @Put("/{id}")
    public HttpResponse<?> replace(@PathVariable String id, @Body SubscriptionRequest request)
            throws SubscriptionStore.StoreUnavailableException {
        try {
            return service.update(id, SubscriptionMapper.toDraft(request))
                    .<HttpResponse<?>>map(s -> HttpResponse.ok(SubscriptionMapper.toView(s)))
                    .orElseGet(() -> notFound(id));
        } catch (SubscriptionService.InvalidSubscriptionException e) {
            return HttpResponse.badRequest(SubscriptionMapper.invalid(e));
        }
    }

    @Delete("/{id}")
    public HttpResponse<?> delete(@PathVariable String id) throws SubscriptionStore.StoreUnavailableException {
        return service.delete(id) ? HttpResponse.noContent() : notFound(id);
    }

    @Get("/{id}/preview")
    public HttpResponse<?> previewStored(@PathVariable String id, @Nullable @QueryValue Integer days)
            throws StoredReports.UnavailableException {
        var subscription = service.get(id);
        if (subscription.isEmpty()) {
            return notFound(id);
        }
        try {
            int window = days(days);
            return HttpResponse.ok(SubscriptionMapper.toView(window, service.preview(subscription.get().filter(),
                    Duration.ofDays(window), settings.previewMaxReports())));
        } catch (SubscriptionService.InvalidSubscriptionException e) {
            return HttpResponse.badRequest(SubscriptionMapper.invalid(e));
        }
    }

    private PreviewView preview(SubscriptionRequest.Filter filter, Integer days)
            throws SubscriptionService.InvalidSubscriptionException, StoredReports.UnavailableException {
        int window = days(days);
        return SubscriptionMapper.toView(window, service.preview(SubscriptionMapper.toFilter(filter),
                Duration.ofDays(window), settings.previewMaxReports()));
    }

    private int days(Integer days) {
        int d = days == null ? (int) settings.previewWindow().toDays() : days;
        if (d < 1 || d > MAX_PREVIEW_DAYS) {
            throw new IllegalArgumentException("previewDays/days must be between 1 and " + MAX_PREVIEW_DAYS
                    + ", got " + d);
        }
        return d;
    }

    static HttpResponse<ApiError> notFound(String id) {
        return HttpResponse.<ApiError>status(HttpStatus.NOT_FOUND).body(new ApiError("not_found",
                "No subscription with id '" + id + "'. List them with GET /subscriptions.", null));
    }
}
