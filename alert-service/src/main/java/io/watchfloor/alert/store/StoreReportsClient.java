package io.watchfloor.alert.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchfloor.alert.config.AlertSettings;
import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Evidence;
import io.watchfloor.alert.subscriptions.StoredReports;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads recently stored reports from store-service's query API ({@code GET /reports}, {@code /reports/{id}}). */
@Singleton
public class StoreReportsClient implements StoredReports {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 200;

    private final String storeUrl;
    private final Clock clock;
    /** One of store-service's read keys (WATCHFLOOR_STORE_READ_KEY), sent when store-service requires one. */
    private final String readKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StoreReportsClient(AlertSettings settings) {
        this(settings.storeUrl(), Clock.systemUTC(), settings.storeReadKey());
    }

    StoreReportsClient(String storeUrl, Clock clock) {
        this(storeUrl, clock, null);
    }

    StoreReportsClient(String storeUrl, Clock clock, String readKey) {
        this.storeUrl = storeUrl.endsWith("/") ? storeUrl.substring(0, storeUrl.length() - 1) : storeUrl;
        this.clock = clock;
        this.readKey = readKey == null || readKey.isBlank() ? null : readKey.strip();
    }

    @Override
    public List<AlertReport> recent(Duration window, int max) throws UnavailableException {
        List<AlertReport> out = new ArrayList<>();
        String from = clock.instant().minus(window).toString();
        String cursor = null;
        try {
            do {
                String url = storeUrl + "/reports?limit=" + Math.min(PAGE, max - out.size()) + "&from="
                        + URLEncoder.encode(from, StandardCharsets.UTF_8)
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                JsonNode page = get(url);
                for (JsonNode item : page.path("items")) {
                    out.add(toReport(get(storeUrl + "/reports/" + URLEncoder.encode(item.path("id").asText(),
                            StandardCharsets.UTF_8))));
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null && out.size() < max);
            return out;
        } catch (IOException e) {
            throw new UnavailableException("store-service at " + storeUrl + " did not answer (" + e.getMessage()
                    + "); check WATCHFLOOR_STORE_URL and that store-service runs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while reading reports from " + storeUrl, e);
        }
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET();
        if (readKey != null) {
            request.header("X-API-Key", readKey);
        }
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 401) {
            throw new IOException("HTTP 401 from " + url + ": store-service requires a read key; set "
                    + "WATCHFLOOR_STORE_READ_KEY to one of its WATCHFLOOR_READ_KEYS");
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return JSON.readTree(response.body());
    }

    /** The store's JSON document (see store-service's ReportDocument) as the matcher's report. */
    static AlertReport toReport(JsonNode d) {
        List<AlertReport.Group> groups = new ArrayList<>();
        for (JsonNode g : d.path("groups")) {
            groups.add(new AlertReport.Group(text(g, "id"), text(g, "name"), text(g, "affiliation"), text(g, "role"),
                    g.path("score").asDouble(), evidence(g.path("evidence"))));
        }
        List<AlertReport.Entity> entities = new ArrayList<>();
        for (JsonNode e : d.path("entities")) {
            entities.add(new AlertReport.Entity(text(e, "type"), text(e, "id"), text(e, "name"),
                    e.path("score").asDouble(), evidence(e.path("mentions"))));
        }
        List<AlertReport.Event> events = new ArrayList<>();
        for (JsonNode e : d.path("events")) {
            events.add(new AlertReport.Event(text(e, "name"), text(e, "type"), text(e, "temporal"), text(e, "date"),
                    e.path("score").asDouble(), evidence(e.path("mentions"))));
        }
        List<AlertReport.Topic> topics = new ArrayList<>();
        for (JsonNode t : d.path("topics")) {
            topics.add(new AlertReport.Topic(text(t, "name"), t.path("score").asDouble(), evidence(t.path("evidence"))));
        }
        JsonNode source = d.path("source");
        return new AlertReport(text(d, "id"), d.path("revision").asInt(1), text(d, "title"), text(d, "text"),
                text(source, "name"), text(source, "kind"), text(source, "url"), text(d, "canonicalUrl"),
                text(d, "language"), time(d, "publishedAt"), time(d, "ingestedAt"), text(d, "duplicateOf"), groups,
                entities, events, topics, text(d.path("metadata"), "catalogVersion"));
    }

    private static List<Evidence> evidence(JsonNode spans) {
        List<Evidence> out = new ArrayList<>();
        for (JsonNode s : spans) {
            out.add(new Evidence(text(s, "field"), s.path("start").asInt(), s.path("end").asInt(), text(s, "text")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static Instant time(JsonNode node, String field) {
        String v = text(node, field);
        return v == null ? null : Instant.parse(v);
    }
}
