package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.store.domain.export.MispMapper;
import io.watchfloor.store.domain.export.StixMapper;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analyst view, exports and TAXII server over HTTP on real PostgreSQL: reports written through the store's
 * own write port (the Kafka path is StoreIT's), read back by the JSON API, STIX, MISP, TAXII and the pages.
 */
@ExtendWith(PostgresExtension.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystViewIT implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String seedId = "ui-seed-" + run;
    private final String hostileId = "ui-hostile-" + run;
    private final List<String> timelineIds = new ArrayList<>();
    private Instant before;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    TestStore store;

    private com.sun.net.httpserver.HttpServer ingest;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(TestStore.properties());
        p.put("watchfloor.analyst.ingest-url", "http://127.0.0.1:" + startIngestStub());
        return p;
    }

    /** A stand-in for ingest-service's GET /sources: one healthy feed, one failing with a hostile error text. */
    private int startIngestStub() {
        try {
            ingest = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String body = """
                [{"id":"s1","name":"Stratheia","url":"https://stratheia.example/feed.xml","intervalSeconds":300,
                  "origin":"config","createdAt":"2026-01-01T00:00:00Z","hasCredentials":false,"headerNames":[],
                  "health":{"status":"ok","lastPollAt":"%1$s","lastSuccessAt":"%1$s","httpStatus":200,
                  "format":"rss","itemsSeen":10,"itemsNew":2,"duplicates":1,"nearDuplicates":0,"revisions":0,
                  "itemErrors":0,"parseErrors":0,"totalPolls":42,"totalPublished":17,"emptyPollStreak":0,
                  "consecutiveFailures":0,"lastError":null,"newestItemPublished":"%1$s","nextPollAt":"%1$s"}},
                 {"id":"s2","name":"Broken feed","url":"https://broken.example/rss","intervalSeconds":60,
                  "origin":"api","createdAt":"2026-01-01T00:00:00Z","hasCredentials":false,"headerNames":[],
                  "health":{"status":"failing","lastPollAt":"%1$s","lastSuccessAt":"2026-01-01T00:00:00Z",
                  "httpStatus":500,"format":null,"itemsSeen":0,"itemsNew":0,"duplicates":0,"nearDuplicates":0,
                  "revisions":0,"itemErrors":0,"parseErrors":3,"totalPolls":9,"totalPublished":0,
                  "emptyPollStreak":0,"consecutiveFailures":4,"lastError":"HTTP 500 <script>alert(1)</script>",
                  "newestItemPublished":null,"nextPollAt":null}},
                 {"id":"s3","name":"New feed","url":"https://new.example/rss","intervalSeconds":60,"origin":"api",
                  "createdAt":"2026-01-01T00:00:00Z","hasCredentials":false,"headerNames":[],"health":null}]
                """.formatted(now);
        ingest.createContext("/sources", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ingest.start();
        return ingest.getAddress().getPort();
    }

    /** Not a check: prints warm response times (median of 5) for docs/analyst-view.md. */
    @org.junit.jupiter.api.AfterAll
    void printResponseTimes() {
        for (String uri : List.of("/ui/?q=Sharifullah", "/ui/reports/" + seedId, "/ui/groups/iskp",
                "/reports/" + seedId + "/stix", "/reports/" + seedId + "/misp", "/export/stix?group=iskp",
                "/taxii2/watchfloor/collections/" + io.watchfloor.store.domain.export.Uuid5.of(
                        StixMapper.NAMESPACE, "taxii-collection:enriched-reports") + "/objects/?limit=100")) {
            long[] ms = new long[5];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                get(uri, null);
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            java.util.Arrays.sort(ms);
            System.out.printf("response time %s: median %d ms (min %d, max %d)%n", uri, ms[2], ms[0], ms[4]);
        }
    }

    @org.junit.jupiter.api.AfterAll
    void stopIngestStub() {
        if (ingest != null) {
            ingest.stop(0);
        }
    }

    @BeforeAll
    void writeReports() throws Exception {
        before = Instant.now().minus(1, ChronoUnit.SECONDS);
        List<StoredReport> reports = new ArrayList<>();
        reports.add(TestReports.seedArticle(seedId));
        reports.add(TestReports.hostile(hostileId));
        for (int day = 0; day < 3; day++) {
            for (int k = 0; k <= day; k++) {
                String id = "ui-day" + day + "-" + k + "-" + run;
                timelineIds.add(id);
                reports.add(TestStore.published(TestReports.sample(id), Instant.parse("2025-06-10T12:00:00Z")
                        .plus(day, ChronoUnit.DAYS).plusSeconds(k)));
            }
        }
        store.write(reports);
    }

    @Test
    void shouldExportTheSeedArticleAsAValidStableStixBundleWithTheThreeGroups() throws Exception {
        HttpResponse<String> first = get("/reports/" + seedId + "/stix", null);
        HttpResponse<String> second = get("/reports/" + seedId + "/stix", null);

        assertEquals("application/stix+json;version=2.1", first.getContentType().orElseThrow().toString());
        assertEquals(List.of(), StixSchemas.bundleErrors(first.body()));
        assertEquals(first.body(), second.body(), "re-exporting yields the same bundle, ids included");
        JsonNode bundle = JSON.readTree(first.body());
        Map<String, String> unByGroup = new LinkedHashMap<>();
        for (JsonNode o : bundle.get("objects")) {
            if (o.has("x_watchfloor_group_id")) {
                for (JsonNode ref : o.path("external_references")) {
                    if ("un-sc-consolidated-list".equals(ref.path("source_name").asText())) {
                        unByGroup.put(o.get("x_watchfloor_group_id").asText(), ref.get("external_id").asText());
                    }
                }
            }
        }
        assertEquals("QDe.161", unByGroup.get("iskp"));
        assertEquals("QDe.132", unByGroup.get("ttp"));
        assertEquals("QDe.004", unByGroup.get("al-qaeda"));
        assertEquals(StixMapper.reportId(seedId), bundle.get("objects").get(0).get("id").asText());
    }

    @Test
    void shouldExportTheSeedArticleAsAMispEvent() throws Exception {
        JsonNode event = JSON.readTree(get("/reports/" + seedId + "/misp", null).body()).get("Event");

        assertEquals(MispMapper.eventUuid(seedId), event.get("uuid").asText());
        List<String> actors = new ArrayList<>();
        event.get("Attribute").forEach(a -> {
            if ("threat-actor".equals(a.get("type").asText())) {
                actors.add(a.get("value").asText());
            }
        });
        assertTrue(actors.contains("Al-Qaeda"), actors.toString());
        assertTrue(event.get("Tag").toString().contains(
                "misp-galaxy:canada-listed-terrorist-entities=\\\"Islamic State Khorasan Province\\\""));
    }

    @Test
    void shouldAnswer404ForTheExportOfAnUnknownReport() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> get("/reports/no-such-" + run + "/stix", null));
        assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
    }

    @Test
    void shouldStreamTheBulkExportOfAGroupWithinTheDateRange() throws Exception {
        HttpResponse<String> response = get("/export/stix?group=iskp&from=2025-06-11&to=2025-06-13", null);

        assertEquals(List.of(), StixSchemas.bundleErrors(response.body()));
        Set<String> reports = new HashSet<>();
        JSON.readTree(response.body()).get("objects").forEach(o -> {
            if ("report".equals(o.get("type").asText())) {
                reports.add(o.get("x_watchfloor_report_id").asText());
            }
        });
        Set<String> expected = new HashSet<>();
        timelineIds.stream().filter(id -> id.startsWith("ui-day1-") || id.startsWith("ui-day2-"))
                .forEach(expected::add);
        assertEquals(expected, reports);
    }

    @Test
    void shouldServeTaxiiDiscoveryApiRootAndTheCollection() throws Exception {
        JsonNode discovery = JSON.readTree(get("/taxii2/", TAXII).body());
        String apiRoot = discovery.get("api_roots").get(0).asText();
        assertTrue(apiRoot.endsWith("/taxii2/watchfloor/"), apiRoot);

        HttpResponse<String> root = get("/taxii2/watchfloor/", TAXII);
        assertEquals(TAXII, root.getContentType().orElseThrow().toString());
        assertEquals(TAXII, JSON.readTree(root.body()).get("versions").get(0).asText());
        JsonNode collection = JSON.readTree(get("/taxii2/watchfloor/collections/", TAXII).body())
                .get("collections").get(0);
        assertTrue(collection.get("can_read").asBoolean());
        assertFalse(collection.get("can_write").asBoolean());
        assertEquals(collection.toString(), JSON.readTree(get("/taxii2/watchfloor/collections/"
                + collection.get("id").asText() + "/", TAXII).body()).toString());

        HttpClientResponseException wrongType = assertThrows(HttpClientResponseException.class,
                () -> get("/taxii2/watchfloor/", "application/xml"));
        assertEquals(HttpStatus.NOT_ACCEPTABLE, wrongType.getStatus());
        HttpClientResponseException unknown = assertThrows(HttpClientResponseException.class,
                () -> get("/taxii2/watchfloor/collections/nope/objects/", TAXII));
        assertEquals(HttpStatus.NOT_FOUND, unknown.getStatus());
    }

    @Test
    void shouldPageTaxiiObjectsAddedAfterATimeUntilEveryReportIsRead() throws Exception {
        String collection = JSON.readTree(get("/taxii2/watchfloor/collections/", TAXII).body())
                .get("collections").get(0).get("id").asText();
        String base = "/taxii2/watchfloor/collections/" + collection + "/objects/?limit=7&added_after="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8);
        Set<String> reportIds = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get(base + (next == null ? "" : "&next=" + next), TAXII);
            assertEquals(TAXII, page.getContentType().orElseThrow().toString());
            JsonNode envelope = JSON.readTree(page.body());
            assertTrue(envelope.path("objects").size() <= 7);
            assertNotNull(page.getHeaders().get("X-TAXII-Date-Added-First"));
            envelope.path("objects").forEach(o -> {
                if ("report".equals(o.get("type").asText())) {
                    reportIds.add(o.get("x_watchfloor_report_id").asText());
                }
            });
            next = envelope.get("more").asBoolean() ? envelope.get("next").asText() : null;
            pages++;
        } while (next != null && pages < 500);

        assertTrue(pages > 1, "7 objects a page cannot hold 8 reports");
        assertTrue(reportIds.contains(seedId));
        assertTrue(reportIds.contains(hostileId));
        assertTrue(reportIds.containsAll(timelineIds), reportIds.toString());
        JsonNode manifest = JSON.readTree(get("/taxii2/watchfloor/collections/" + collection
                + "/manifest/?match[type]=report&added_after="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8), TAXII).body());
        manifest.get("objects").forEach(r -> {
            assertTrue(r.get("id").asText().startsWith("report--"));
            assertEquals("application/stix+json;version=2.1", r.get("media_type").asText());
        });
    }

    @Test
    void shouldRenderHostileReportTextEscapedWithASecurityPolicy() {
        HttpResponse<String> page = get("/ui/reports/" + hostileId, null);
        String html = page.body();

        assertTrue(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>window.__pwned"), html);
        assertFalse(html.contains("<img src=x"), html);
        assertFalse(java.util.regex.Pattern.compile("<a\\s[^>]*href=\"javascript:").matcher(html).find(), html);
        assertTrue(html.contains("&lt;a href=\"javascript:alert(1)\"&gt;link&lt;/a&gt;"), "shown as text");
        assertTrue(page.getHeaders().get("Content-Security-Policy").contains("script-src 'self'"));
    }

    @Test
    void shouldFindTheSeedArticleAndHighlightTheMatchedTerm() {
        String html = get("/ui/?q=Sharifullah", null).body();

        assertTrue(html.contains("href=\"/ui/reports/" + seedId + "\""), html);
        assertTrue(html.contains("<mark>Sharifullah</mark>"), html);
        String filtered = get("/ui/?q=Sharifullah&group=no-such-group", null).body();
        assertFalse(filtered.contains(seedId));
    }

    @Test
    void shouldShowTheGroupTimelineWithOneBarPerDay() {
        String html = get("/ui/groups/ttp", null).body();

        assertTrue(html.contains("Tehrik-i-Taliban Pakistan"));
        assertTrue(html.contains("<svg id=\"timeline\""));
        assertTrue(html.contains("class=\"bar\""));
        assertTrue(html.contains("QDe.132"));
    }

    @Test
    void shouldShowEachFeedsHealthStalenessErrorsAndLastItems() {
        String html = get("/ui/sources", null).body();

        assertTrue(html.contains("data-source=\"Stratheia\""), html);
        assertTrue(html.contains("href=\"/ui/reports/" + seedId + "\""), "the seed article is Stratheia's last item");
        String broken = html.substring(html.indexOf("data-source=\"Broken feed\""));
        assertTrue(broken.contains("failing"));
        assertTrue(broken.contains("class=\"status-bad stale\""), "no success for months: stale");
        assertTrue(broken.contains("HTTP 500 &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("never polled"));
        String healthy = html.substring(html.indexOf("data-source=\"Stratheia\""), html.indexOf("data-source=\"Broken"));
        assertTrue(healthy.contains("status-ok") && !healthy.contains("stale"), healthy);
    }

    @Test
    void shouldSayWhenTheDeadLetterTopicCannotBeReadInsteadOfHanging() {
        long t0 = System.nanoTime();
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> get("/ui/dead-letters", null));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, e.getStatus());
        assertTrue(e.getResponse().getBody(String.class).orElse("").contains("threat.reports.dlq.v1"));
        assertTrue(millis < 15_000, "bounded wait, took " + millis + " ms");
    }

    @Test
    void shouldServeTheBarePathAndItsOwnAssetsOnly() {
        assertTrue(get("/ui", null).body().contains("<form class=\"search\""));
        HttpResponse<String> css = get("/ui/assets/app.css", null);
        assertTrue(css.getContentType().orElseThrow().toString().startsWith("text/css"));
        assertTrue(css.body().contains(".ev-group"));
        assertTrue(get("/ui/assets/app.js", null).body().contains("function select(tag)"));
        String page = get("/ui/reports/" + seedId, null).body();
        assertFalse(java.util.regex.Pattern.compile("src=\"(https?:)?//|<link[^>]*href=\"(https?:)?//")
                .matcher(page).find(), "no script, style or image loaded from elsewhere");
        assertTrue(page.contains("<script src=\"/ui/assets/app.js\""));
    }

    @Test
    void shouldShowTheWholeMentionBesideTheName() {
        String page = get("/ui/reports/" + seedId, null).body();
        // the enricher's extent of "Michael Kurilla" in the seed article, shown under the person it names
        int person = page.indexOf(">Michael Kurilla</a></h3>");
        assertTrue(person > 0, page);
        int as = page.indexOf("<p class=\"mentioned-as\">", person);
        assertTrue(as > person && page.indexOf("<q>General Michael Kurilla</q>", as) > as, page);
        assertTrue(page.indexOf("</section>", person) > page.indexOf("<q>General Michael Kurilla</q>", as));
    }

    @Test
    void shouldAnswerUnknownPagesAndBadQueriesWithHtmlMessages() {
        HttpClientResponseException missing = assertThrows(HttpClientResponseException.class,
                () -> get("/ui/reports/no-such-" + run, null));
        assertEquals(HttpStatus.NOT_FOUND, missing.getStatus());
        assertTrue(missing.getResponse().getBody(String.class).orElse("").contains("No report with id"));
        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class,
                () -> get("/ui/?cursor=garbage!", null));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
    }

    private HttpResponse<String> get(String uri, String accept) {
        MutableHttpRequest<?> request = HttpRequest.GET(uri);
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            System.out.println("GET " + uri + " -> " + e.getStatus() + ": "
                    + e.getResponse().getBody(String.class).orElse(""));
            throw e;
        }
    }
}
