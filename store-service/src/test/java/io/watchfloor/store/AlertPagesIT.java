package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alerts pages over HTTP against a loopback stand-in for alert-service that answers the way the real one does
 * (its JSON shapes, field paths and 401 without the key): field problems next to their fields, the key sent
 * server-side on every write, CSRF refusals, hostile names as text, the preview fragment, test event, delete, and
 * a 503 page that says what to do when alert-service is down. The real alert-service is exercised by local-stack's
 * PipelineIT in a browser.
 */
@ExtendWith(PostgresExtension.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertPagesIT implements TestPropertyProvider {
    static final String KEY = "ui-test-key-0123456789abcdef";
    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)> \"Desk\" & co";
    static final String HOSTILE_TITLE = "<script>window.__pwned=1</script>Quetta plot";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertServiceStub stub = new AlertServiceStub();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestStore.properties());
        p.put("watchfloor.analyst.alerts-url", "http://127.0.0.1:" + stub.start(0));
        p.put("watchfloor.analyst.alerts-api-key", KEY);
        p.put("watchfloor.analyst.alerts-timeout", "2s");
        return p;
    }

    @AfterAll
    void stopStub() {
        stub.stop();
    }

    @BeforeEach
    void forget() {
        stub.requests.clear();
    }

    @Test
    void shouldListTheSubscriptionsWithAHostileNameAsText() throws Exception {
        HttpResponse<String> page = get("/ui/alerts", null);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("&lt;img src=x onerror=alert(1)&gt; \"Desk\" &amp; co"), page.body());
        assertFalse(page.body().contains("<img src=x"), "the name is text, not markup");
        assertTrue(page.body().contains("groups: iskp, ttp (and affiliates)"), page.body());
        assertTrue(page.body().contains("disabled: HTTP 410 Gone"), page.body());
        assertTrue(page.body().contains("href=\"/ui/alerts/sub-1\""), page.body());
        assertTrue(page.body().contains("<a href=\"/ui/alerts\" class=\"on\">Alerts</a>"), "navigation");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    }

    @Test
    void shouldShowASourceHealthSubscriptionReadOnlyWithWhyItsAlertsFired() throws Exception {
        String index = get("/ui/alerts", null).body();
        assertTrue(index.contains("source health: FAILING, STALE on reuters-world"), index);
        assertFalse(index.contains("href=\"/ui/alerts/sub-health/edit\""), "no report form for it: " + index);
        assertTrue(index.contains("href=\"/ui/alerts/sub-1/edit\""), "report subscriptions keep theirs");

        HttpResponse<String> page = get("/ui/alerts/sub-health", null);
        assertEquals(200, page.statusCode(), page.body());
        String body = page.body();
        assertTrue(body.contains("<dt>Source health</dt><dd>FAILING, STALE</dd>"), body);
        assertTrue(body.contains("<a href=\"/ui/sources\">reuters-world</a>"), body);
        assertTrue(body.contains("read-only here: change it with PUT /subscriptions/sub-health"), body);
        assertFalse(body.contains("id=\"edit-link\""), body);
        assertTrue(body.contains("Feed source reuters-world is FAILING"), body);
        assertTrue(body.contains("entered FAILING (was OK): HTTP_STATUS: HTTP 503"), body);
        assertFalse(body.contains("/ui/reports/src-0123456789abcdef"), "a source is not a report: " + body);

        HttpResponse<String> edit = get("/ui/alerts/sub-health/edit", null);
        assertEquals(303, edit.statusCode(), edit.body());
        assertEquals("/ui/alerts/sub-health", edit.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void shouldShowAlertServicesFieldProblemsNextToTheirFieldsAndKeepWhatWasTyped() throws Exception {
        Session s = session("/ui/alerts/new");
        Map<String, String> form = validForm(s);
        form.put("name", HOSTILE_NAME);
        form.put("groups", "iskp, iskp2");
        form.put("webhookUrl", "http://127.0.0.1:9/hook");
        form.put("webhookSecret", "not-a-secret-typed-here");
        HttpResponse<String> page = post("/ui/alerts/new", form, s);

        assertEquals(400, page.statusCode(), page.body());
        String groupsError = element(page.body(), "e-groups");
        assertEquals("unknown group id \"iskp2\"; closest catalog ids: iskp, is-sinai", groupsError);
        assertTrue(element(page.body(), "e-webhookSecret").contains("must start with whsec_"), page.body());
        assertEquals("", element(page.body(), "e-keywords"), "no problem under a field that has none");
        assertTrue(page.body().contains("aria-invalid=\"true\""), "the invalid fields are marked");
        assertTrue(page.body().contains("value=\"iskp, iskp2\""), "the form keeps what was typed");
        assertFalse(page.body().contains("not-a-secret-typed-here"), "the secret is never echoed");
        assertFalse(page.body().contains("<img src=x"), page.body());

        // store-service sent alert-service the key (server-side) and the values as lists
        Recorded write = stub.last("POST", "/subscriptions");
        assertEquals(KEY, write.apiKey());
        JsonNode body = JSON.readTree(write.body());
        assertEquals("iskp2", body.path("filter").path("groups").get(1).asText(), write.body());
        assertEquals("Landi Kotal", body.path("filter").path("keywords").get(1).asText(), write.body());
        assertEquals("claimed", body.path("filter").path("roles").get(0).asText(), write.body());
        assertEquals(0.4, body.path("filter").path("minScore").asDouble(), 1e-9);
        assertFalse(body.has("preview"), write.body());
    }

    @Test
    void shouldSaveAndGoToTheSubscriptionWithItsAlertsReasonsAndDeliveryLog() throws Exception {
        Session s = session("/ui/alerts/new");
        HttpResponse<String> saved = post("/ui/alerts/new", validForm(s), s);
        assertEquals(303, saved.statusCode(), saved.body());
        assertEquals("/ui/alerts/sub-1?saved=1", saved.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> page = get("/ui/alerts/sub-1?saved=1", null);
        assertEquals(200, page.statusCode(), page.body());
        String body = page.body();
        assertTrue(body.contains("Saved."), body);
        // the alert links to the report its evidence points into, with why it fired
        assertTrue(body.contains("href=\"/ui/reports/rep-2\""), body);
        assertTrue(body.contains("groups = ttp"), body);
        assertTrue(body.contains("Tehreek-e-Taliban Pakistan"), body);
        assertTrue(body.contains("“TTP”"), body);
        assertTrue(body.contains("text 12–15"), body);
        assertFalse(body.contains("<script>window.__pwned"), "hostile alert titles are text");
        // newest first
        assertTrue(body.indexOf("rep-2") < body.indexOf("rep-1"), body);
        // the delivery log
        assertTrue(body.contains("DELIVERED") && body.contains("HTTP 200, 41 ms"), body);
        assertTrue(body.contains("RETRY") && body.contains("HTTP 503: upstream down"), body);
        assertTrue(body.contains("disabled: HTTP 410 Gone"), body);
        assertTrue(stub.requests.stream().anyMatch(r -> r.path().startsWith("/alerts?subscription=sub-1&limit=500"
                + "&since=P7D")), stub.requests.toString());
        assertEquals(2, stub.requests.stream().filter(r -> r.path().startsWith("/alerts?")).count(),
                "a page that does not move ends the walk although alert-service says more: " + stub.requests);
    }

    @Test
    void shouldRenderThePreviewPanelWithEachMatchAndWhyForTheFormsScript() throws Exception {
        Session s = session("/ui/alerts/new");
        Map<String, String> form = validForm(s);
        form.put("previewDays", "3");
        HttpResponse<String> fragment = post("/ui/alerts/preview", form, s);
        assertEquals(200, fragment.statusCode(), fragment.body());
        String body = fragment.body();
        assertFalse(body.contains("<html"), "a fragment, no layout");
        assertTrue(body.contains("data-state=\"ok\""), body);
        assertTrue(body.contains("<strong>1</strong> of the 37 reports stored in the last 3 day(s) match"), body);
        assertTrue(body.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;Quetta plot"), body);
        assertTrue(body.contains("keywords = landi kotal"), body);
        assertTrue(body.contains("“Landi Kotal”"), body);
        JsonNode sent = JSON.readTree(stub.last("POST", "/subscriptions").body());
        assertTrue(sent.path("preview").asBoolean(), sent.toString());
        assertEquals(3, sent.path("previewDays").asInt(), sent.toString());

        // the full-page Preview button renders the same panel in the form
        form.put("action", "preview");
        HttpResponse<String> page = post("/ui/alerts/new", form, s);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"subscription-form\"") && page.body().contains("Quetta plot"));

        // an invalid filter: the panel lists the problems by field for the script to place
        form.put("groups", "ttpp");
        HttpResponse<String> invalid = post("/ui/alerts/preview", form, s);
        assertTrue(invalid.body().contains("data-state=\"invalid\""), invalid.body());
        assertTrue(invalid.body().contains("data-field=\"groups\""), invalid.body());
        assertTrue(invalid.body().contains("closest catalog ids: ttp"), invalid.body());
    }

    @Test
    void shouldRefuseFormPostsWithoutTheTokenOrFromAnotherSite() throws Exception {
        Session s = session("/ui/alerts/new");
        Map<String, String> form = validForm(s);

        Map<String, String> noToken = new LinkedHashMap<>(form);
        noToken.remove("csrf");
        assertEquals(403, post("/ui/alerts/new", noToken, s).statusCode());
        Map<String, String> wrong = new LinkedHashMap<>(form);
        wrong.put("csrf", "A".repeat(43));
        assertEquals(403, post("/ui/alerts/new", wrong, s).statusCode());
        assertEquals(403, post("/ui/alerts/new", form, new Session(null, s.token())).statusCode(),
                "no cookie: the token alone is not enough");
        HttpResponse<String> crossSite = post("/ui/alerts/new", form, s, "Sec-Fetch-Site", "cross-site");
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("another site"), crossSite.body());
        assertEquals(403, post("/ui/alerts/new", form, s, "Origin", "http://evil.example").statusCode());
        assertEquals(403, post("/ui/alerts/sub-1/delete", form, new Session(null, null)).statusCode());
        assertEquals(403, post("/ui/alerts/sub-1/test", noToken, s).statusCode());
        assertTrue(stub.requests.stream().noneMatch(r -> !r.method().equals("GET")),
                "nothing reached alert-service: " + stub.requests);

        // the page's own post, as a browser sends it under the view's same-origin referrer policy
        HttpResponse<String> own = post("/ui/alerts/new", form, s, "Origin", "http://127.0.0.1:" + server.getPort(),
                "Sec-Fetch-Site", "same-origin");
        assertEquals(303, own.statusCode(), own.body());
        assertEquals(303, post("/ui/alerts/new", form, s).statusCode(), "a client without Origin: the token decides");
        assertEquals("same-origin", own.headers().firstValue("Referrer-Policy").orElse(""),
                "under no-referrer a form post says Origin: null, which a loopback Micronaut refuses");
    }

    @Test
    void shouldSetAnHttpOnlyStrictCookieForTheFormsToken() throws Exception {
        HttpResponse<String> page = get("/ui/alerts/new", null);
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("wf_csrf="))
                .findFirst().orElseThrow();
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertTrue(cookie.contains("Path=/ui"), cookie);
        assertFalse(page.body().contains(cookie.substring("wf_csrf=".length(), cookie.indexOf(';'))),
                "the page carries the signature, not the cookie value");
    }

    @Test
    void shouldSendATestEventAndShowWhatCameBack() throws Exception {
        Session s = session("/ui/alerts/sub-1");
        HttpResponse<String> page = post("/ui/alerts/sub-1/test", Map.of("csrf", s.token()), s);
        assertEquals(200, page.statusCode(), page.body());
        String result = element(page.body(), "test-result");
        assertTrue(result.contains("test-5c0e"), result);
        assertTrue(result.contains("HTTP 200, DELIVERED in 38 ms"), result);
        assertEquals(KEY, stub.last("POST", "/subscriptions/sub-1/test").apiKey());
    }

    @Test
    void shouldDeleteAndGoBackToTheList() throws Exception {
        Session s = session("/ui/alerts/sub-1");
        HttpResponse<String> deleted = post("/ui/alerts/sub-1/delete", Map.of("csrf", s.token()), s);
        assertEquals(303, deleted.statusCode(), deleted.body());
        assertEquals("/ui/alerts?deleted=sub-1", deleted.headers().firstValue("Location").orElseThrow());
        assertEquals(KEY, stub.last("DELETE", "/subscriptions/sub-1").apiKey());
        assertTrue(get("/ui/alerts?deleted=sub-1", null).body().contains("Subscription sub-1 deleted."));
    }

    @Test
    void shouldAnswer404ForAnUnknownSubscription() throws Exception {
        HttpResponse<String> page = get("/ui/alerts/sub-nope", null);
        assertEquals(404, page.statusCode(), page.body());
        assertTrue(page.body().contains("No subscription &#39;sub-nope&#39;")
                || page.body().contains("No subscription &#x27;sub-nope&#x27;")
                || page.body().contains("No subscription 'sub-nope'"), page.body());
    }

    @Test
    void shouldSayWhatToDoWhenAlertServiceIsDownInsteadOfAStackTrace() throws Exception {
        Session s = session("/ui/alerts/new");
        int port = stub.port();
        stub.stop();
        try {
            long t0 = System.nanoTime();
            HttpResponse<String> list = get("/ui/alerts", null);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(503, list.statusCode(), list.body());
            assertTrue(millis < 5_000, "answered in " + millis + " ms");
            assertTrue(list.body().contains("Alerts unavailable"), list.body());
            assertTrue(list.body().contains("alert-service did not answer at http://127.0.0.1:" + port), list.body());
            assertTrue(list.body().contains("./watchfloor up"), list.body());
            assertTrue(list.body().contains("ALERTS_URL"), list.body());
            assertFalse(list.body().contains("at io.watchfloor"), "no stack trace");
            assertEquals("5", list.headers().firstValue("Retry-After").orElse(""));
            assertEquals(503, get("/ui/alerts/sub-1", null).statusCode());

            // a form sent meanwhile comes back with what was typed and the reason it was not saved
            Map<String, String> form = validForm(s);
            form.put("name", "Typed while down");
            HttpResponse<String> post = post("/ui/alerts/new", form, s);
            assertEquals(503, post.statusCode(), post.body());
            assertTrue(element(post.body(), "form-notice").startsWith("Not saved. alert-service did not answer"),
                    post.body());
            assertTrue(post.body().contains("value=\"Typed while down\""), post.body());
            HttpResponse<String> preview = post("/ui/alerts/preview", form, s);
            assertEquals(200, preview.statusCode());
            assertTrue(preview.body().contains("data-state=\"unavailable\""), preview.body());
        } finally {
            stub.start(port);
        }
    }

    // ---- the browser's side: cookie, token, form posts ----

    record Session(String cookie, String token) {
    }

    private Session session(String formPage) throws Exception {
        HttpResponse<String> page = get(formPage, null);
        assertEquals(200, page.statusCode(), page.body());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("wf_csrf="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(token.find(), page.body());
        return new Session(cookie, token.group(1));
    }

    private Map<String, String> validForm(Session s) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", s.token());
        form.put("name", "TTP desk");
        form.put("groups", "ttp");
        form.put("roles", "claimed");
        form.put("keywords", "ambush\nLandi Kotal");
        form.put("minScore", "0.4");
        form.put("temporal", "any");
        form.put("previewDays", "7");
        form.put("action", "save");
        return form;
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form, Session s, String... headers)
            throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k,
                StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (s.cookie() != null) {
            b.header("Cookie", s.cookie());
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The inner HTML of the element with this id (up to its closing tag; no nesting of the same tag). */
    static String element(String html, String id) {
        Matcher m = Pattern.compile("<(\\w+)[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
        assertTrue(m.find(), "no element #" + id);
        int end = html.indexOf("</" + m.group(1) + ">", m.end());
        return html.substring(m.end(), end).replaceAll("<[^>]+>", "").strip();
    }

    // ---- a stand-in for alert-service's API ----

    record Recorded(String method, String path, String apiKey, String body) {
    }

    /** Answers like alert-service (its JSON shapes and error bodies) and records what it was sent. */
    static final class AlertServiceStub {
        final List<Recorded> requests = new CopyOnWriteArrayList<>();
        private HttpServer server;

        int start(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", this::handle);
            server.start();
            return server.getAddress().getPort();
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            if (server != null) {
                server.stop(0);
            }
        }

        Recorded last(String method, String path) {
            List<Recorded> matching = new ArrayList<>(requests.stream().filter(r -> r.method().equals(method)
                    && r.path().equals(path)).toList());
            assertFalse(matching.isEmpty(), method + " " + path + " never reached alert-service: " + requests);
            return matching.get(matching.size() - 1);
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String method = ex.getRequestMethod();
                String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? ""
                        : "?" + ex.getRequestURI().getRawQuery());
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String key = ex.getRequestHeaders().getFirst("X-API-Key");
                requests.add(new Recorded(method, path, key, body));
                if (!method.equals("GET") && !KEY.equals(key)) {
                    send(ex, 401, "{\"error\":\"An API key is required for " + method + " " + path + "\","
                            + "\"field\":\"X-API-Key\",\"hint\":\"Send the key\"}");
                    return;
                }
                String p = ex.getRequestURI().getRawPath();
                if (method.equals("GET") && p.equals("/subscriptions")) {
                    send(ex, 200, "{\"items\":[" + subscription() + "," + HEALTH_SUBSCRIPTION + "]}");
                } else if (method.equals("GET") && p.equals("/subscriptions/sub-1")) {
                    send(ex, 200, subscription());
                } else if (method.equals("GET") && p.equals("/subscriptions/sub-health")) {
                    send(ex, 200, HEALTH_SUBSCRIPTION);
                } else if (method.equals("GET") && p.equals("/subscriptions/sub-health/deliveries")) {
                    send(ex, 200, "{\"subscriptionId\":\"sub-health\",\"items\":[]}");
                } else if (method.equals("GET") && p.equals("/alerts")
                        && ex.getRequestURI().getRawQuery().contains("subscription=sub-health")) {
                    send(ex, 200, HEALTH_ALERTS);
                } else if (method.equals("GET") && p.startsWith("/subscriptions/")
                        && !p.endsWith("/deliveries")) {
                    send(ex, 404, "{\"error\":\"not_found\",\"message\":\"No subscription\"}");
                } else if (method.equals("POST") && p.equals("/subscriptions")) {
                    create(ex, JSON.readTree(body));
                } else if (method.equals("GET") && p.equals("/subscriptions/sub-1/deliveries")) {
                    send(ex, 200, DELIVERIES);
                } else if (method.equals("GET") && p.equals("/alerts")) {
                    // as alert-service answers at the end of a transactional partition: "more" stays true
                    boolean first = ex.getRequestURI().getRawQuery().contains("since=");
                    send(ex, 200, first ? ALERTS : "{\"items\":[],\"next\":\"0-2\",\"more\":true}");
                } else if (method.equals("POST") && p.equals("/subscriptions/sub-1/test")) {
                    send(ex, 200, "{\"attemptedAt\":\"2026-12-01T10:00:03.120Z\",\"webhookId\":\"test-5c0e\","
                            + "\"kind\":\"test\",\"alertIds\":[],\"attempt\":1,\"status\":200,\"latencyMs\":38,"
                            + "\"outcome\":\"DELIVERED\",\"endpoint\":\"https://hooks.example.org:443/in\"}");
                } else if (method.equals("DELETE") && p.equals("/subscriptions/sub-1")) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    send(ex, 404, "{\"message\":\"Page Not Found\"}");
                }
            }
        }

        private void create(HttpExchange ex, JsonNode request) throws IOException {
            List<String> errors = new ArrayList<>();
            JsonNode groups = request.path("filter").path("groups");
            for (int i = 0; i < groups.size(); i++) {
                String g = groups.get(i).asText();
                if (g.equals("iskp2")) {
                    errors.add("{\"field\":\"filter.groups[" + i + "]\",\"message\":\"unknown group id \\\"iskp2\\\"; "
                            + "closest catalog ids: iskp, is-sinai\"}");
                } else if (g.equals("ttpp")) {
                    errors.add("{\"field\":\"filter.groups[" + i + "]\",\"message\":\"unknown group id \\\"ttpp\\\"; "
                            + "closest catalog ids: ttp\"}");
                }
            }
            String secret = request.path("webhook").path("secret").asText("");
            if (request.has("webhook") && !secret.startsWith("whsec_")) {
                errors.add("{\"field\":\"webhook.secret\",\"message\":\"must start with whsec_\"}");
            }
            if (!errors.isEmpty()) {
                send(ex, 400, "{\"error\":\"invalid_subscription\",\"message\":\"" + errors.size()
                        + " fields are invalid; see errors\",\"errors\":[" + String.join(",", errors) + "]}");
            } else if (request.path("preview").asBoolean()) {
                send(ex, 200, PREVIEW.replace("\"days\":7", "\"days\":" + request.path("previewDays").asInt(7)));
            } else {
                send(ex, 201, subscription());
            }
        }

        private static String subscription() throws IOException {
            var s = JSON.createObjectNode();
            s.put("id", "sub-1");
            s.put("name", HOSTILE_NAME);
            var f = s.putObject("filter");
            f.putArray("groups").add("iskp").add("ttp");
            f.put("includeAffiliates", true);
            f.putArray("roles").add("claimed");
            f.put("temporal", "any");
            s.putObject("webhook").put("url", "https://hooks.example.org/in").put("secretSet", true)
                    .put("disabled", true).put("disabledReason", "HTTP 410 Gone");
            s.putNull("digest");
            s.put("createdAt", "2026-12-01T09:00:00Z");
            s.put("updatedAt", "2026-12-01T09:30:00Z");
            return JSON.writeValueAsString(s);
        }

        private static void send(HttpExchange ex, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        }

        static final String PREVIEW = """
                {"days":7,"reportsScanned":37,"matched":1,"hits":[{"reportId":"rep-9",
                 "title":"<script>window.__pwned=1</script>Quetta plot","publishedAt":"2026-12-01T08:00:00Z",
                 "why":[{"field":"groups","value":"ttp","tagKind":"THREAT_GROUP","tagId":"ttp",
                   "tagName":"Tehreek-e-Taliban Pakistan","score":0.93,"role":"claimed",
                   "evidence":[{"field":"text","start":0,"end":3,"text":"TTP"}]},
                  {"field":"keywords","value":"landi kotal","tagKind":"KEYWORD","tagId":null,"tagName":null,
                   "score":null,"role":null,"evidence":[{"field":"text","start":40,"end":51,"text":"Landi Kotal"}]}]}]}
                """;

        /** A subscription on feed source health, as alert-service shows it (report fields empty). */
        static final String HEALTH_SUBSCRIPTION = """
                {"id":"sub-health","name":"feeds desk","filter":{"groups":[],"includeAffiliates":false,
                 "entities":[],"places":[],"keywords":[],"topics":[],"eventTypes":[],"roles":[],"temporal":"any",
                 "minScore":null,"languages":[],"sources":[],
                 "sourceHealth":{"sources":["reuters-world"],"statuses":["FAILING","STALE"]}},
                 "webhook":null,"digest":null,"createdAt":"2026-12-01T09:00:00Z","updatedAt":"2026-12-01T09:00:00Z"}
                """;

        static final String HEALTH_ALERTS = """
                {"items":[
                 {"id":"1-7","type":"alert.created","timestamp":"2026-12-01T10:00:00Z","data":{"alertId":"al-h1",
                  "type":"alert.created","subscriptionId":"sub-health","reportId":"src-0123456789abcdef",
                  "matchedReportId":"src-0123456789abcdef","revision":0,"title":"Feed source reuters-world is FAILING",
                  "sourceName":"reuters-world","clauses":[{"field":"sourceHealth.statuses","value":"FAILING",
                   "tagKind":"SOURCE","tagId":"src-0123456789abcdef","tagName":"reuters-world","evidence":[]}],
                  "createdAt":"2026-12-01T10:00:00Z","kind":"source-health",
                  "why":"Source reuters-world (src-0123456789abcdef) entered FAILING (was OK): HTTP_STATUS: HTTP 503"}}],
                 "next":"1-7","more":false}
                """;

        static final String DELIVERIES = """
                {"subscriptionId":"sub-1","items":[
                 {"attemptedAt":"2026-12-01T10:00:05.410Z","webhookId":"al-3f9c","kind":"alert","alertIds":["al-3f9c"],
                  "attempt":2,"status":200,"latencyMs":41,"outcome":"DELIVERED","endpoint":"https://hooks.example.org:443/in"},
                 {"attemptedAt":"2026-12-01T10:00:00.220Z","webhookId":"al-3f9c","kind":"alert","alertIds":["al-3f9c"],
                  "attempt":1,"status":503,"latencyMs":12,"outcome":"RETRY","error":"HTTP 503: upstream down",
                  "nextAttemptAt":"2026-12-01T10:00:05.300Z","endpoint":"https://hooks.example.org:443/in"}]}
                """;

        static final String ALERTS = """
                {"items":[
                 {"id":"0-1","type":"alert.created","timestamp":"2026-12-01T09:40:00Z","data":{"alertId":"al-1",
                  "type":"alert.created","subscriptionId":"sub-1","reportId":"rep-1","matchedReportId":"rep-1",
                  "revision":1,"title":"First ambush","clauses":[],"createdAt":"2026-12-01T09:40:00Z"}},
                 {"id":"0-2","type":"alert.created","timestamp":"2026-12-01T10:00:00Z","data":{"alertId":"al-2",
                  "type":"alert.created","subscriptionId":"sub-1","reportId":"rep-0","matchedReportId":"rep-2",
                  "revision":1,"title":"<script>window.__pwned=1</script>Second ambush","sourceName":"Dawn",
                  "clauses":[{"field":"groups","value":"ttp","tagKind":"THREAT_GROUP","tagId":"ttp",
                   "tagName":"Tehreek-e-Taliban Pakistan","score":0.9,"role":"claimed",
                   "evidence":[{"field":"text","start":12,"end":15,"text":"TTP"}]}],
                  "createdAt":"2026-12-01T10:00:00Z"}}],"next":"0-2","more":true}
                """;
    }
}
