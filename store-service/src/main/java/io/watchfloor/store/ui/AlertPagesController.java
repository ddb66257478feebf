package io.watchfloor.store.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.watchfloor.store.domain.alerts.AlertSubscriptions;
import io.watchfloor.store.domain.alerts.InvalidSubscriptionException;
import io.watchfloor.store.domain.alerts.Subscription;
import io.watchfloor.store.domain.alerts.SubscriptionForm;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts pages: alert-service's subscriptions with a create/edit form and a live preview, each subscription's
 * recent alerts and delivery log with a "send test event" button, and delete. Reads and writes go to alert-service
 * through the {@link AlertSubscriptions} port; every form post must pass the {@link CsrfGuard}.
 */
@Controller("/ui/alerts")
@Produces(MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AlertPagesController {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPagesController.class);
    static final int ALERT_DAYS = 7;
    static final int ALERTS_SHOWN = 50;
    static final int DELIVERIES_SHOWN = 50;
    private static final String NAV = "alerts";

    private final AlertSubscriptions alerts;
    private final Pages pages;
    private final CsrfGuard csrf;

    public AlertPagesController(AlertSubscriptions alerts, Pages pages, CsrfGuard csrf) {
        this.alerts = alerts;
        this.pages = pages;
        this.csrf = csrf;
    }

    @Get
    public HttpResponse<?> index(HttpRequest<?> request, @Nullable @QueryValue String deleted) {
        return guarded(() -> {
            String notice = deleted == null ? null : "Subscription " + deleted + " deleted.";
            return HttpResponse.ok(new ModelAndView<>("alerts", Map.of("view", AlertPages.index(
                    pages.page("Alerts", NAV), alerts.location(), notice, alerts.list()))));
        });
    }

    @Get("/new")
    public HttpResponse<?> newForm(HttpRequest<?> request) {
        return guarded(() -> {
            String cookie = csrf.cookieValue(request);
            return csrf.remember(HttpResponse.ok(form(formPage("New subscription"), "/ui/alerts/new", null, cookie,
                    SubscriptionForm.empty(), List.of(), null, false, AlertPages.idle())), request, cookie);
        });
    }

    @Post(value = "/new", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body) {
        return guarded(() -> submit(request, body, null, null));
    }

    /** The preview panel alone (no layout), for the form's script to swap in as the filter changes. */
    @Post(value = "/preview", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> previewFragment(HttpRequest<?> request, @Nullable @Body String body) {
        return guarded(() -> {
            Map<String, List<String>> fields = FormBody.parse(body);
            Optional<String> refused = csrf.refusal(request, FormBody.first(fields, CsrfGuard.FIELD));
            if (refused.isPresent()) {
                return HttpResponse.status(HttpStatus.FORBIDDEN).body(fragment(AlertPages.unavailable(
                        "Refused: " + refused.get() + ". Reload the page.")));
            }
            return HttpResponse.ok(fragment(preview(SubscriptionForm.of(fields))));
        });
    }

    @Get("/{id}")
    public HttpResponse<?> subscription(HttpRequest<?> request, @PathVariable String id,
                                        @Nullable @QueryValue String saved) {
        return guarded(() -> {
            String cookie = csrf.cookieValue(request);
            MutableHttpResponse<?> page = subscriptionPage(id, cookie, saved == null ? null : "Saved.", null);
            return csrf.remember(page, request, cookie);
        });
    }

    @Get("/{id}/edit")
    public HttpResponse<?> editForm(HttpRequest<?> request, @PathVariable String id) {
        return guarded(() -> {
            Subscription s = existing(id);
            if (s.isSourceHealth()) {
                return seeOther(AlertPages.href(id)); // read-only here: the form edits report filters only
            }
            String cookie = csrf.cookieValue(request);
            return csrf.remember(HttpResponse.ok(form(formPage("Edit " + title(s)), AlertPages.href(id) + "/edit",
                    id, cookie, SubscriptionForm.of(s), List.of(), null, s.webhook() != null
                            && s.webhook().secretSet(), AlertPages.idle())), request, cookie);
        });
    }

    @Post(value = "/{id}/edit", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> update(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return guarded(() -> {
            Subscription s = existing(id);
            if (s.isSourceHealth()) {
                // saving the report form over it would drop what it watches: nothing is sent
                return seeOther(AlertPages.href(id));
            }
            return submit(request, body, id, s);
        });
    }

    @Post(value = "/{id}/test", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> test(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return guarded(() -> {
            Optional<String> refused = csrf.refusal(request, FormBody.first(FormBody.parse(body), CsrfGuard.FIELD));
            if (refused.isPresent()) {
                return forbidden(refused.get());
            }
            AlertSubscriptions.TestResult result = alerts.sendTest(id);
            String cookie = csrf.cookieValue(request);
            return csrf.remember(subscriptionPage(id, cookie, null, result), request, cookie);
        });
    }

    @Post(value = "/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> delete(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return guarded(() -> {
            Optional<String> refused = csrf.refusal(request, FormBody.first(FormBody.parse(body), CsrfGuard.FIELD));
            if (refused.isPresent()) {
                return forbidden(refused.get());
            }
            if (!alerts.delete(id)) {
                throw new Pages.NotFound("No subscription '" + id + "' (already deleted?).");
            }
            return seeOther("/ui/alerts?deleted=" + SearchParams.encode(id));
        });
    }

    // ---- the form: preview or save ----

    private MutableHttpResponse<?> submit(HttpRequest<?> request, String body, String id, Subscription existing)
            throws DependencyUnavailableException {
        Map<String, List<String>> fields = FormBody.parse(body);
        Optional<String> refused = csrf.refusal(request, FormBody.first(fields, CsrfGuard.FIELD));
        if (refused.isPresent()) {
            return forbidden(refused.get());
        }
        SubscriptionForm form = SubscriptionForm.of(fields);
        String cookie = csrf.cookieValue(request);
        String heading = existing == null ? "New subscription" : "Edit " + title(existing);
        String action = id == null ? "/ui/alerts/new" : AlertPages.href(id) + "/edit";
        boolean secretSet = existing != null && existing.webhook() != null && existing.webhook().secretSet();
        if ("preview".equals(FormBody.first(fields, "action"))) {
            return HttpResponse.ok(form(formPage(heading), action, id, cookie, form, List.of(), null, secretSet,
                    preview(form)));
        }
        try {
            String saved;
            if (id == null) {
                saved = alerts.create(form.draft()).id();
            } else {
                saved = alerts.update(id, form.draft()).map(Subscription::id)
                        .orElseThrow(() -> new Pages.NotFound("No subscription '" + id + "' any more: it was "
                                + "deleted meanwhile."));
            }
            return seeOther(AlertPages.href(saved) + "?saved=1");
        } catch (InvalidSubscriptionException e) {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).body(form(formPage(heading), action, id, cookie,
                    form, e.problems(), "alert-service did not save the subscription: " + e.getMessage()
                            + ". See the fields marked below.", secretSet, AlertPages.idle()));
        } catch (DependencyUnavailableException e) {
            LOG.warn("Saving a subscription failed: {}", e.getMessage());
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(form(formPage(heading), action, id, cookie, form, List.of(), "Not saved. "
                            + e.getMessage(), secretSet, AlertPages.idle()));
        }
    }

    private Views.AlertPreview preview(SubscriptionForm form) {
        try {
            return AlertPages.preview(alerts.preview(form.draft(), form.previewDays()));
        } catch (InvalidSubscriptionException e) {
            return AlertPages.invalid(form, e.problems());
        } catch (DependencyUnavailableException e) {
            return AlertPages.unavailable(e.getMessage());
        }
    }

    // ---- the subscription page ----

    private MutableHttpResponse<?> subscriptionPage(String id, String cookie, String notice,
                                                    AlertSubscriptions.TestResult test)
            throws DependencyUnavailableException {
        Subscription s = existing(id);
        List<io.watchfloor.store.domain.alerts.Alert> recent = List.of();
        String alertsNote = null;
        try {
            recent = alerts.recentAlerts(id, ALERT_DAYS, ALERTS_SHOWN);
        } catch (DependencyUnavailableException e) {
            alertsNote = e.getMessage();
        }
        List<io.watchfloor.store.domain.alerts.Delivery> log = List.of();
        String deliveriesNote = null;
        try {
            log = alerts.deliveries(id, DELIVERIES_SHOWN);
        } catch (DependencyUnavailableException e) {
            deliveriesNote = e.getMessage();
        }
        return HttpResponse.ok(new ModelAndView<>("alert", Map.of("view", AlertPages.subscription(
                pages.page(title(s), NAV), s, csrf.token(cookie), notice, test == null ? null : test.attempt(),
                test == null ? null : test.refusal(), ALERT_DAYS, recent, alertsNote, log, deliveriesNote))));
    }

    private Subscription existing(String id) throws DependencyUnavailableException {
        return alerts.find(id).orElseThrow(() -> new Pages.NotFound("No subscription '" + id
                + "'. The list of subscriptions is at /ui/alerts."));
    }

    // ---- helpers ----

    private ModelAndView<Map<String, Object>> form(Views.Page page, String action, String id, String cookie,
                                                   SubscriptionForm form,
                                                   List<io.watchfloor.store.domain.alerts.FieldProblem> problems,
                                                   String notice, boolean secretSet, Views.AlertPreview preview) {
        return new ModelAndView<>("alertform", Map.of("view", AlertPages.form(page, page.title(), action, id,
                csrf.token(cookie), form, problems, notice, secretSet, preview)));
    }

    private static ModelAndView<Map<String, Object>> fragment(Views.AlertPreview preview) {
        return new ModelAndView<>("alertpreview", Map.of("preview", preview));
    }

    private Views.Page formPage(String title) {
        return pages.page(title, NAV);
    }

    private MutableHttpResponse<?> forbidden(String why) {
        return pages.message(HttpStatus.FORBIDDEN, "Form refused", "This form was refused: " + why
                + ". Reload the page it came from and submit it again.", NAV);
    }

    private static MutableHttpResponse<?> seeOther(String location) {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(location)));
    }

    private static String title(Subscription s) {
        return s.name() == null || s.name().isBlank() ? s.id() : s.name();
    }

    /**
     * Runs a page unless the alerts pages are off; alert-service not answering gives a 503 page that says so and
     * what to do, never a stack trace.
     */
    private MutableHttpResponse<?> guarded(Handler handler) {
        if (!alerts.enabled()) {
            return pages.message(HttpStatus.NOT_FOUND, "Alerts are off", "The alerts pages need alert-service: "
                    + "set ALERTS_URL (watchfloor.analyst.alerts-url) for store-service, and "
                    + "WATCHFLOOR_ALERTS_API_KEY for its writes. ./watchfloor up sets both.", "");
        }
        try {
            return handler.handle();
        } catch (Pages.NotFound e) {
            return pages.message(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), NAV);
        } catch (IllegalArgumentException e) {
            return pages.message(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), NAV);
        } catch (DependencyUnavailableException e) {
            LOG.warn("Alerts page failed: {}", e.getMessage());
            MutableHttpResponse<?> page = pages.message(HttpStatus.SERVICE_UNAVAILABLE, "Alerts unavailable",
                    e.getMessage(), NAV);
            return page.header("Retry-After", "5");
        }
    }

    /** A page that may fail the ways {@link #guarded} turns into message pages. */
    @FunctionalInterface
    private interface Handler {
        MutableHttpResponse<?> handle() throws DependencyUnavailableException;
    }
}
