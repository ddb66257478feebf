package io.watchfloor.store.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.store.config.AnalystViewSettings;
import io.watchfloor.store.domain.alerts.Alert;
import io.watchfloor.store.domain.alerts.AlertSubscriptions;
import io.watchfloor.store.domain.alerts.Delivery;
import io.watchfloor.store.domain.alerts.FieldProblem;
import io.watchfloor.store.domain.alerts.InvalidSubscriptionException;
import io.watchfloor.store.domain.alerts.Preview;
import io.watchfloor.store.domain.alerts.Subscription;
import io.watchfloor.store.domain.alerts.SubscriptionDraft;
import io.watchfloor.store.domain.ops.DependencyUnavailableException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * alert-service's subscriptions API over HTTP ({@code watchfloor.analyst.alerts-url}). Writes carry the API key
 * store-service was given ({@code WATCHFLOOR_ALERTS_API_KEY}) as {@code X-API-Key}: the browser never sees it.
 * Every call waits a bounded time; failures become messages that say what to do next.
 */
@Singleton
public class AlertServiceClient implements AlertSubscriptions {
    static final String API_KEY_HEADER = "X-API-Key";
    /** Pages of {@code GET /alerts} read at most for one page of recent alerts (500 alerts each). */
    static final int MAX_ALERT_PAGES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String apiKey;
    private final Duration timeout;
    private final Duration previewTimeout;
    private final HttpClient client;

    public AlertServiceClient(AnalystViewSettings settings) {
        String url = settings.alertsUrl() == null ? "" : settings.alertsUrl().strip();
        this.base = url.replaceAll("/+$", "");
        this.apiKey = settings.alertsApiKey() == null || settings.alertsApiKey().isBlank() ? null
                : settings.alertsApiKey().strip();
        this.timeout = settings.alertsTimeout();
        this.previewTimeout = settings.alertsPreviewTimeout();
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean enabled() {
        return !base.isEmpty();
    }

    @Override
    public String location() {
        return base;
    }

    @Override
    public List<Subscription> list() throws DependencyUnavailableException {
        Answer a = send("GET", "/subscriptions", null, timeout);
        expect(a, 200);
        List<Subscription> out = new ArrayList<>();
        for (JsonNode s : a.json().path("items")) {
            out.add(subscription(s));
        }
        return out;
    }

    @Override
    public Optional<Subscription> find(String id) throws DependencyUnavailableException {
        Answer a = send("GET", "/subscriptions/" + segment(id), null, timeout);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expect(a, 200);
        return Optional.of(subscription(a.json()));
    }

    @Override
    public Subscription create(SubscriptionDraft draft)
            throws InvalidSubscriptionException, DependencyUnavailableException {
        Answer a = send("POST", "/subscriptions", body(draft, null), timeout);
        invalid(a);
        expect(a, 201);
        return subscription(a.json());
    }

    @Override
    public Optional<Subscription> update(String id, SubscriptionDraft draft)
            throws InvalidSubscriptionException, DependencyUnavailableException {
        Answer a = send("PUT", "/subscriptions/" + segment(id), body(draft, null), timeout);
        if (a.status() == 404) {
            return Optional.empty();
        }
        invalid(a);
        expect(a, 200);
        return Optional.of(subscription(a.json()));
    }

    @Override
    public boolean delete(String id) throws DependencyUnavailableException {
        Answer a = send("DELETE", "/subscriptions/" + segment(id), null, timeout);
        if (a.status() == 404) {
            return false;
        }
        expect(a, 204);
        return true;
    }

    @Override
    public Preview preview(SubscriptionDraft draft, int days)
            throws InvalidSubscriptionException, DependencyUnavailableException {
        Answer a = send("POST", "/subscriptions", body(draft, days), previewTimeout);
        invalid(a);
        expect(a, 200);
        return preview(a.json());
    }

    @Override
    public List<Delivery> deliveries(String id, int limit) throws DependencyUnavailableException {
        Answer a = send("GET", "/subscriptions/" + segment(id) + "/deliveries?limit=" + limit, null, timeout);
        if (a.status() == 404 && "not_found".equals(a.json().path("error").asText())) {
            return List.of();
        }
        if (a.status() == 404) {
            throw new DependencyUnavailableException("alert-service at " + base + " has no delivery log: its "
                    + "webhook delivery is switched off (WATCHFLOOR_WEBHOOKS_ENABLED=false).", null);
        }
        expect(a, 200);
        List<Delivery> out = new ArrayList<>();
        for (JsonNode d : a.json().path("items")) {
            out.add(delivery(d));
        }
        return out;
    }

    @Override
    public TestResult sendTest(String id) throws DependencyUnavailableException {
        // the receiver may take up to alert-service's own request timeout (10 s) to answer
        Answer a = send("POST", "/subscriptions/" + segment(id) + "/test", "", previewTimeout);
        if (a.status() == 404 || a.status() == 409) {
            String message = a.json().path("message").asText("");
            return new TestResult(null, message.isBlank() ? "alert-service answered " + a.status() : message);
        }
        expect(a, 200);
        return new TestResult(delivery(a.json()), null);
    }

    @Override
    public List<Alert> recentAlerts(String id, int days, int limit) throws DependencyUnavailableException {
        Deque<Alert> newest = new ArrayDeque<>();
        String after = null;
        for (int page = 0; page < MAX_ALERT_PAGES; page++) {
            String query = "/alerts?subscription=" + query(id) + "&limit=500"
                    + (after == null ? "&since=P" + days + "D" : "&after=" + query(after));
            Answer a = send("GET", query, null, timeout);
            if (a.status() == 404 && "not_found".equals(a.json().path("error").asText())) {
                return List.of();
            }
            if (a.status() == 404) {
                throw new DependencyUnavailableException("alert-service at " + base + " does not serve its alerts: "
                        + "its webhook delivery and alert read APIs are switched off "
                        + "(WATCHFLOOR_WEBHOOKS_ENABLED=false).", null);
            }
            expect(a, 200);
            JsonNode items = a.json().path("items");
            for (JsonNode item : items) {
                newest.addLast(alert(item));
                if (newest.size() > limit) {
                    newest.removeFirst();
                }
            }
            String next = a.json().path("next").isTextual() ? a.json().path("next").asText() : null;
            // a page that did not move ends the walk even when it says "more": at the end of a partition written
            // in transactions the commit marker keeps alert-service's "more" true with the same "next"
            if (!a.json().path("more").asBoolean(false) || next == null || next.equals(after)) {
                break;
            }
            after = next;
        }
        List<Alert> out = new ArrayList<>(newest);
        java.util.Collections.reverse(out);
        return out;
    }

    // ---- JSON -> domain ----

    static Subscription subscription(JsonNode s) {
        JsonNode f = s.path("filter");
        SubscriptionDraft.Filter filter = new SubscriptionDraft.Filter(list(f, "groups"),
                f.path("includeAffiliates").asBoolean(false), list(f, "entities"), list(f, "places"),
                list(f, "keywords"), list(f, "topics"), list(f, "eventTypes"), list(f, "roles"),
                text(f, "temporal"), f.path("minScore").isNumber() ? f.path("minScore").asDouble() : null,
                list(f, "languages"), list(f, "sources"));
        JsonNode w = s.path("webhook");
        Subscription.Webhook webhook = w.isObject() ? new Subscription.Webhook(text(w, "url"),
                w.path("secretSet").asBoolean(false), w.path("disabled").asBoolean(false),
                text(w, "disabledReason")) : null;
        JsonNode h = f.path("sourceHealth");
        Subscription.SourceHealth health = h.isObject()
                ? new Subscription.SourceHealth(list(h, "sources"), list(h, "statuses")) : null;
        return new Subscription(text(s, "id"), text(s, "name"), filter, webhook, text(s, "digest"),
                time(s, "createdAt"), time(s, "updatedAt"), health);
    }

    static Preview preview(JsonNode p) {
        List<Preview.Hit> hits = new ArrayList<>();
        for (JsonNode h : p.path("hits")) {
            hits.add(new Preview.Hit(text(h, "reportId"), text(h, "title"), time(h, "publishedAt"),
                    reasons(h.path("why"))));
        }
        return new Preview(p.path("days").asInt(), p.path("reportsScanned").asInt(), hits);
    }

    static Delivery delivery(JsonNode d) {
        return new Delivery(time(d, "attemptedAt"), text(d, "webhookId"), text(d, "kind"), list(d, "alertIds"),
                d.path("attempt").asInt(), d.path("status").isNumber() ? d.path("status").asInt() : null,
                d.path("latencyMs").asLong(), text(d, "outcome"), text(d, "error"), time(d, "nextAttemptAt"),
                text(d, "endpoint"));
    }

    /** One item of {@code GET /alerts}: {@code id} (position), {@code type}, {@code data} (the alert). */
    static Alert alert(JsonNode item) {
        JsonNode a = item.path("data");
        return new Alert(text(item, "id"), text(a, "alertId"), text(item, "type"), text(a, "reportId"),
                a.hasNonNull("matchedReportId") ? text(a, "matchedReportId") : text(a, "reportId"), text(a, "title"),
                text(a, "sourceName"), time(a, "publishedAt"), time(a, "createdAt"), reasons(a.path("clauses")),
                a.hasNonNull("kind") ? text(a, "kind") : "report", text(a, "why"));
    }

    private static List<Preview.Reason> reasons(JsonNode clauses) {
        List<Preview.Reason> out = new ArrayList<>();
        for (JsonNode c : clauses) {
            List<Preview.Span> spans = new ArrayList<>();
            for (JsonNode e : c.path("evidence")) {
                spans.add(new Preview.Span(text(e, "field"), e.path("start").asInt(), e.path("end").asInt(),
                        text(e, "text")));
            }
            out.add(new Preview.Reason(text(c, "field"), text(c, "value"), text(c, "tagKind"), text(c, "tagId"),
                    text(c, "tagName"), c.path("score").isNumber() ? c.path("score").asDouble() : null,
                    text(c, "role"), spans));
        }
        return out;
    }

    // ---- domain -> JSON ----

    /** alert-service's SubscriptionRequest; with {@code previewDays} a preview that saves nothing. */
    static String body(SubscriptionDraft d, Integer previewDays) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", d.name());
        ObjectNode f = root.putObject("filter");
        SubscriptionDraft.Filter filter = d.filter();
        array(f, "groups", filter.groups());
        if (filter.includeAffiliates()) {
            f.put("includeAffiliates", true);
        }
        array(f, "entities", filter.entities());
        array(f, "places", filter.places());
        array(f, "keywords", filter.keywords());
        array(f, "topics", filter.topics());
        array(f, "eventTypes", filter.eventTypes());
        array(f, "roles", filter.roles());
        if (filter.temporal() != null && !filter.temporal().isBlank()) {
            f.put("temporal", filter.temporal());
        }
        if (filter.minScore() != null) {
            f.put("minScore", filter.minScore());
        }
        array(f, "languages", filter.languages());
        array(f, "sources", filter.sources());
        if (d.hasWebhook()) {
            ObjectNode w = root.putObject("webhook");
            w.put("url", blankToNull(d.webhookUrl()));
            w.put("secret", blankToNull(d.webhookSecret()));
        }
        if (d.digest() != null && !d.digest().isBlank()) {
            root.put("digest", d.digest());
        }
        if (previewDays != null) {
            root.put("preview", true);
            root.put("previewDays", previewDays);
        }
        return root.toString();
    }

    private static void array(ObjectNode parent, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = parent.putArray(field);
            values.forEach(a::add);
        }
    }

    // ---- HTTP ----

    /** A response: status, parsed JSON body (an empty object when there was none or it was not JSON). */
    record Answer(int status, JsonNode json, String raw) {
    }

    private Answer send(String method, String path, String body, Duration wait)
            throws DependencyUnavailableException {
        if (!enabled()) {
            throw new DependencyUnavailableException("No alert-service is configured: set ALERTS_URL "
                    + "(watchfloor.analyst.alerts-url) for store-service.", null);
        }
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        // on reads too: alert-service may require a read key (WATCHFLOOR_READ_KEYS), and an API key is one
        if (apiKey != null) {
            request.header(API_KEY_HEADER, apiKey);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DependencyUnavailableException("alert-service did not answer at " + base + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Start it (./watchfloor up starts the whole stack, ./watchfloor status shows what runs) "
                    + "or point ALERTS_URL (watchfloor.analyst.alerts-url) at it; search, reports, groups and "
                    + "sources keep working meanwhile.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Interrupted while asking alert-service at " + uri, e);
        }
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), json == null ? JSON.createObjectNode() : json, response.body());
    }

    /** 400 with field problems -> the form shows them; any other 400 is a problem of the whole form. */
    private static void invalid(Answer a) throws InvalidSubscriptionException {
        if (a.status() != 400) {
            return;
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (JsonNode e : a.json().path("errors")) {
            problems.add(new FieldProblem(text(e, "field"), text(e, "message")));
        }
        String message = a.json().path("message").asText("alert-service refused the subscription");
        if (problems.isEmpty()) {
            problems.add(new FieldProblem("", message));
        }
        throw new InvalidSubscriptionException(message, problems);
    }

    /** Anything but the expected status is alert-service failing: say which, and what to do. */
    private void expect(Answer a, int status) throws DependencyUnavailableException {
        if (a.status() == status) {
            return;
        }
        String detail = a.json().path("message").asText(a.json().path("error").asText(""));
        if (detail.isBlank() && a.json().has("hint")) {
            detail = a.json().path("hint").asText();
        }
        String what = switch (a.status()) {
            case 401, 403 -> "alert-service refused store-service's write (HTTP " + a.status() + "): it requires an "
                    + "API key. Give store-service one of alert-service's WATCHFLOOR_API_KEYS as "
                    + "WATCHFLOOR_ALERTS_API_KEY (./watchfloor up does this)"
                    + (apiKey == null ? "; none is set now." : "; the one set is not accepted.");
            case 503 -> "alert-service at " + base + " is up but cannot serve this now (HTTP 503"
                    + (detail.isBlank() ? "" : ": " + detail) + "). Try again in a few seconds; a change it "
                    + "answered this way was not saved.";
            default -> "alert-service at " + base + " answered HTTP " + a.status()
                    + (detail.isBlank() ? "" : ": " + detail) + ".";
        };
        throw new DependencyUnavailableException(what, null);
    }

    private String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> list(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : n.path(field)) {
            if (!v.isNull()) {
                out.add(v.asText());
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode n, String field) {
        String v = text(n, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
