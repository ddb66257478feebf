package io.watchfloor.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchfloor.schemas.DeadLetterHeaders;
import io.watchfloor.schemas.Topics;
import io.watchfloor.testsupport.Browser;
import io.watchfloor.testsupport.FreePorts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import io.watchfloor.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The whole pipeline on real parts (Kafka broker process, the project's registry, PostgreSQL 17, the three
 * service JVMs): POST -> raw -> enrich -> enriched -> store -> GET, poison records, a store crash mid-stream, the
 * API key, the two demo feeds polled from the stack's loopback feed server with their shared item stored once, and
 * the analyst view's alerts form in headless Chromium: a subscription created there fires on a posted report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    static LocalStack stack;
    static StackOptions options;

    @BeforeAll
    static void startStack() throws Exception {
        String repoOverride = System.getenv("WATCHFLOOR_REPO");
        Path repo = repoOverride != null ? Path.of(repoOverride)
                : StackOptions.findRepoRoot(Path.of("").toAbsolutePath());
        // no demo batch, but the stack serves the two demo feeds and registers them with POST /sources
        options = StackOptions.forTest(repo, home, FreePorts.take(8), System.out).withDemoFeeds(true);
        stack = LocalStack.start(options);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldRefuseWritesWithoutTheStackApiKey() throws Exception {
        String body = JSON.createObjectNode().put("title", "No key").put("text", "Nobody may post this.").toString();
        Http.Response without = Http.postJson(stack.ingestUrl() + "/reports", body, WAIT);
        assertEquals(401, without.status(), without.body());
        assertTrue(without.body().contains("X-API-Key"), without.body());
        Http.Response wrong = Http.postJson(stack.ingestUrl() + "/reports/batch", "[" + body + "]", WAIT,
                "0123456789abcdef0123456789abcdef");
        assertEquals(401, wrong.status(), wrong.body());
        Http.Response source = Http.postJson(stack.ingestUrl() + "/sources",
                "{\"url\": \"" + stack.demoFeedUrl() + "/demo/feeds/desk-rss.xml\"}", WAIT);
        assertEquals(401, source.status(), source.body());
        assertEquals(stack.apiKey(), Files.readString(home.resolve("api-key")).trim());
    }

    @Test
    @Order(1) // first: the sources' health shows their first poll (the next one is ~5 min later)
    void shouldStoreTheDemoFeedItemsAndTheItemInBothFeedsOnceListingBothFeeds() throws Exception {
        // both feeds were registered by the stack; every item reaches the store
        await().atMost(Duration.ofSeconds(180)).until(() -> storeMatches("explosives") >= 1
                && storeMatches("Garissa") >= 1 && storeMatches(DemoFeeds.SHARED_ITEM_WORD) >= 1);
        JsonNode sources = JSON.readTree(Http.get(stack.ingestUrl() + "/sources", WAIT).body());
        List<JsonNode> demo = new ArrayList<>();
        for (JsonNode source : sources) {
            if (source.path("url").asText().startsWith(stack.demoFeedUrl() + "/demo/feeds/")) {
                demo.add(source);
            }
        }
        assertEquals(2, demo.size(), sources.toString());
        int seen = 0;
        int published = 0;
        int duplicates = 0;
        for (JsonNode source : demo) {
            JsonNode health = source.path("health");
            assertEquals("OK", health.path("status").asText(), source.toString());
            seen += health.path("itemsSeen").asInt();
            published += health.path("totalPublished").asInt();
            duplicates += health.path("duplicates").asInt() + health.path("nearDuplicates").asInt();
        }
        assertEquals(8, seen, demo.toString());
        assertEquals(7, published, "the shared item is published once: " + demo);
        assertEquals(1, duplicates, demo.toString());

        // the store holds one report for the item in both feeds, even after the others arrived
        await().atMost(WAIT).until(() -> storeMatches("Lubero") >= 1 && storeMatches("Restrepo") >= 1
                && storeMatches("Abu Khalid") >= 1 && storeMatches("airstrikes") >= 1);
        Http.Response shared = Http.get(stack.storeUrl() + "/reports?limit=50&q=" + DemoFeeds.SHARED_ITEM_WORD, WAIT);
        JsonNode reports = DemoFeeder.reportList(JSON.readTree(shared.body()));
        assertEquals(1, reports.size(), shared.body());
        assertTrue(reports.get(0).path("snippet").asText().contains("Kharan District"), shared.body());
        assertTrue(reports.get(0).path("canonicalUrl").asText().startsWith(stack.demoFeedUrl()), shared.body());

        // ... and that one report lists both feeds as its sources: the second copy was linked, not dropped
        String id = reports.get(0).path("id").asText();
        List<String> feedUrls = demo.stream().map(s -> s.path("url").asText()).sorted().toList();
        await().atMost(WAIT).until(() -> sourceUrls(id).equals(feedUrls));
        Http.Response again = Http.get(stack.storeUrl() + "/reports?limit=50&q=" + DemoFeeds.SHARED_ITEM_WORD, WAIT);
        assertEquals(1, DemoFeeder.reportList(JSON.readTree(again.body())).size(), again.body());
        java.net.http.HttpResponse<String> html = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.storeUrl() + "/ui/reports/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8))).header("Accept", "text/html").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, html.statusCode(), html.body());
        String page = html.body();
        for (JsonNode source : demo) {
            assertTrue(page.contains(source.path("name").asText()), "the report page names " + source + ": " + page);
        }
    }

    private static List<String> sourceUrls(String id) throws Exception {
        Http.Response response = Http.get(stack.storeUrl() + "/reports/" + URLEncoder.encode(id,
                StandardCharsets.UTF_8), Duration.ofSeconds(10));
        List<String> urls = new ArrayList<>();
        if (response.status() == 200) {
            JSON.readTree(response.body()).path("sources").forEach(s -> urls.add(s.path("url").asText()));
        }
        return urls.stream().sorted().toList();
    }

    @Test
    @Order(2) // early: before the tests that kill alert-service or flood the store
    void shouldFireASubscriptionCreatedInTheAlertsFormOnAPostedReport() throws Exception {
        Browser.assumeInstalled();
        // a word no other report holds, so the filter (TTP AND this word) matches only this test's reports
        String word = "wfui" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        JsonNode before = postAndAwaitStored("Convoy ambushed near Landi Kotal",
                "Tehreek-e-Taliban Pakistan (TTP) claimed an ambush on a supply convoy near Landi Kotal, where the "
                        + word + " checkpoint stands, police said on Monday.");
        String name = "<b>UI desk</b> " + word;
        try (Browser browser = Browser.start()) {
            WebDriver d = browser.driver;
            d.get(stack.uiUrl());
            d.findElement(By.linkText("Alerts")).click();
            d.findElement(By.id("new-subscription")).click();
            browser.js("window.__samePage = true;");
            type(d, "f-name", name);
            type(d, "f-keywords", word);
            type(d, "f-groups", "ttpp");
            // the live preview asks alert-service, whose field problem lands next to the groups field
            await().atMost(WAIT).until(() -> d.findElement(By.id("e-groups")).getText()
                    .contains("closest catalog ids"));
            String problem = d.findElement(By.id("e-groups")).getText();
            assertTrue(problem.contains("unknown group id \"ttpp\"") && problem.matches("(?s).*ids: .*\\bttp\\b.*"),
                    problem);
            type(d, "f-groups", "ttp");
            String hit = "#preview .hit[data-report-id='" + before.path("id").asText() + "']";
            await().atMost(WAIT).until(() -> !d.findElements(By.cssSelector(hit)).isEmpty());
            String why = d.findElement(By.cssSelector(hit)).getText();
            assertTrue(why.contains("Convoy ambushed near Landi Kotal"), why);
            assertTrue(why.contains("groups = ttp → Tehrik-i-Taliban Pakistan"), "the tag that met the clause: " + why);
            assertTrue(why.contains("“Tehreek-e-Taliban Pakistan”"), "its evidence, as written: " + why);
            assertTrue(why.contains("“" + word + "”"), "the keyword's evidence: " + why);
            assertEquals("", d.findElement(By.id("e-groups")).getText(), "the fixed field has no problem left");
            assertEquals(Boolean.TRUE, browser.js("return window.__samePage === true;"), "no page load");
            type(d, "f-webhookUrl", stack.demoFeedUrl() + DemoWebhookReceiver.PATH);
            type(d, "f-webhookSecret", DemoAlerts.secret(options));
            browser.js("window.scrollTo(0, 0);");
            browser.screenshot("alerts-form");

            d.findElement(By.id("save-button")).click();
            await().atMost(WAIT).until(() -> d.getCurrentUrl().matches(".*/ui/alerts/sub-[0-9a-f]+\\?saved=1"));
            String subscription = d.getCurrentUrl().replaceAll(".*/ui/alerts/(sub-[0-9a-f]+).*", "$1");
            WebElement heading = d.findElement(By.id("subscription-name"));
            assertEquals(name, heading.getText(), "the name is shown as typed, as text");
            assertTrue(heading.findElements(By.tagName("b")).isEmpty(), "no markup from the name");
            assertTrue(d.findElement(By.id("no-alerts")).isDisplayed());

            // a report posted now is enriched, matched, alerted, and shown with why on the subscription's page
            JsonNode after = postAndAwaitStored("Second attack claimed near Landi Kotal",
                    "A day later the TTP said its fighters attacked a police post near the " + word
                            + " checkpoint in Khyber; two officers were wounded.");
            long posted = System.nanoTime();
            String alert = ".alert-item[data-report-id='" + after.path("id").asText() + "']";
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                d.navigate().refresh();
                return !d.findElements(By.cssSelector(alert)).isEmpty()
                        && d.findElement(By.id("deliveries")).getText().contains("DELIVERED");
            });
            System.out.printf("alerts page: report stored -> alert and delivery shown after %.1f s (1 s reloads)%n",
                    (System.nanoTime() - posted) / 1e9);
            WebElement item = d.findElement(By.cssSelector(alert));
            String reasons = item.getText();
            assertTrue(reasons.contains("Second attack claimed near Landi Kotal"), reasons);
            assertTrue(reasons.contains("groups = ttp → Tehrik-i-Taliban Pakistan"), reasons);
            assertTrue(reasons.contains("“TTP”"), "the group's evidence: " + reasons);
            assertTrue(reasons.contains("“" + word + "”"), "the keyword's evidence: " + reasons);
            assertTrue(d.findElements(By.cssSelector(".alert-item[data-report-id='" + before.path("id").asText()
                    + "']")).isEmpty(), "reports stored before the subscription raise no alert");
            String log = d.findElement(By.id("deliveries")).getText();
            assertTrue(log.contains("HTTP 200") && log.contains(DemoWebhookReceiver.PATH), log);
            assertTrue(stack.demoReceiver().alerts().stream().anyMatch(a -> subscription.equals(
                    a.path("data").path("subscriptionId").asText()) && after.path("id").asText().equals(
                    a.path("data").path("matchedReportId").asText())), "the signed webhook got the alert");
            browser.screenshot("alerts-subscription");

            printResponseTimes(subscription, word);

            d.findElement(By.id("test-button")).click();
            await().atMost(WAIT).until(() -> !d.findElements(By.id("test-result")).isEmpty());
            String test = d.findElement(By.id("test-result")).getText();
            assertTrue(test.contains("HTTP 200, DELIVERED"), test);

            d.findElement(By.cssSelector(alert + " h3 a")).click();
            await().atMost(WAIT).until(() -> d.getCurrentUrl().endsWith("/ui/reports/" + after.path("id").asText()));
            assertTrue(d.findElement(By.id("report-text")).getText().contains(word));

            // a phone: one column, the preview below the form, nothing wider than the screen
            d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            d.get(stack.uiUrl() + "alerts/new");
            assertEquals(Boolean.TRUE, browser.js("return document.documentElement.scrollWidth <= window.innerWidth;"),
                    "no sideways scroll at 390 px");
            assertTrue(d.findElement(By.id("preview")).getLocation().getY()
                    > d.findElement(By.id("save-button")).getLocation().getY(), "the preview follows the form");
            d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));

            d.get(stack.uiUrl() + "alerts/" + subscription);
            d.findElement(By.id("delete-button")).click();
            d.switchTo().alert().accept();
            await().atMost(WAIT).until(() -> d.getCurrentUrl().endsWith("/ui/alerts?deleted=" + subscription));
            assertEquals(404, Http.get(stack.alertUrl() + "/subscriptions/" + subscription, WAIT).status());
        }
    }

    /** Not a check: warm response times of the alerts pages and of the preview they ask for (docs/analyst-view.md). */
    private static void printResponseTimes(String subscription, String word) throws Exception {
        String preview = "{\"name\": \"timing\", \"preview\": true, \"filter\": {\"groups\": [\"ttp\"], "
                + "\"keywords\": [\"" + word + "\"]}}";
        Map<String, java.util.concurrent.Callable<Http.Response>> requests = new java.util.LinkedHashMap<>();
        requests.put("GET /ui/alerts", () -> page(stack.uiUrl() + "alerts"));
        requests.put("GET /ui/alerts/{id} (subscription, alerts, delivery log)",
                () -> page(stack.uiUrl() + "alerts/" + subscription));
        requests.put("alert-service preview (POST /subscriptions, preview: true)",
                () -> Http.postJson(stack.alertUrl() + "/subscriptions", preview, WAIT, stack.apiKey()));
        for (var r : requests.entrySet()) {
            long[] ms = new long[5];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                Http.Response response = r.getValue().call();
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(200, response.status(), r.getKey() + ": " + response.body());
            }
            java.util.Arrays.sort(ms);
            System.out.printf("response time %s: median %d ms (min %d, max %d)%n", r.getKey(), ms[2], ms[0], ms[4]);
        }
    }

    /** A page as a browser asks for it (the view answers HTML only). */
    private static Http.Response page(String url) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(WAIT)
                        .header("Accept", "text/html").GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Http.Response(r.statusCode(), r.body());
    }

    private static void type(WebDriver d, String id, String text) {
        WebElement input = d.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static int storeMatches(String words) throws Exception {
        Http.Response response = Http.get(stack.storeUrl() + "/reports?limit=50&q="
                + URLEncoder.encode(words, StandardCharsets.UTF_8), Duration.ofSeconds(10));
        return response.status() == 200 ? DemoFeeder.reportList(JSON.readTree(response.body())).size() : -1;
    }

    @Test
    void shouldTagTheSeedArticleWithItsThreeGroupsAndEvidenceSpans() throws Exception {
        Path seed = SharedData.seedArticle();
        String article = Files.readString(seed, StandardCharsets.UTF_8);
        String title = article.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().trim();

        JsonNode report = postAndAwaitStored(title, article);

        String text = report.path("text").asText();
        Map<String, JsonNode> groups = byId(report.path("groups"));
        assertTrue(groups.keySet().containsAll(Set.of("iskp", "ttp", "al-qaeda")), "groups: " + groups.keySet());
        for (String id : List.of("iskp", "ttp", "al-qaeda")) {
            JsonNode evidence = groups.get(id).path("evidence");
            assertTrue(evidence.size() > 0, id + " has no evidence");
            for (JsonNode span : evidence) {
                String source = "title".equals(span.path("field").asText()) ? report.path("title").asText() : text;
                assertEquals(span.path("text").asText(),
                        source.substring(span.path("start").asInt(), span.path("end").asInt()),
                        id + " span " + span);
            }
        }
        assertTrue(groups.get("iskp").path("evidence").toString().contains("ISIS-K"), groups.get("iskp").toString());
        JsonNode abbeyGate = null;
        for (JsonNode event : report.path("events")) {
            if (event.path("name").asText().contains("Abbey Gate")) {
                abbeyGate = event;
            }
        }
        assertTrue(abbeyGate != null, "events: " + report.path("events"));
        assertEquals("historical", abbeyGate.path("temporal").asText(), abbeyGate.toString());
        assertTrue(abbeyGate.path("date").asText().startsWith("2021"), abbeyGate.toString());
        Set<String> names = new TreeSet<>();
        report.path("entities").forEach(e -> names.add(e.path("name").asText()));
        assertTrue(names.contains("Sharifullah"), "entities: " + names);
    }

    @Test
    void shouldCarryAReportFromPostToQueryWithGroupsFiltersAndCounts() throws Exception {
        String text = "Police in Peshawar said the Tehreek-e-Taliban Pakistan (TTP) claimed responsibility for "
                + "the ambush. Officials separately blamed Islamic State Khorasan Province for a bombing.";
        JsonNode report = postAndAwaitStored("Ambush near Peshawar", text);
        Map<String, JsonNode> groups = byId(report.path("groups"));
        assertTrue(groups.containsKey("ttp") && groups.containsKey("iskp"), groups.keySet().toString());
        assertEquals("claimed", groups.get("ttp").path("role").asText(), groups.get("ttp").toString());

        Http.Response list = Http.get(stack.storeUrl() + "/reports?group=ttp&q=ambush&limit=10", WAIT);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(report.path("id").asText()), list.body());
        Http.Response counts = Http.get(stack.storeUrl() + "/groups", WAIT);
        assertTrue(counts.body().contains("\"ttp\""), counts.body());
    }

    @Test
    void shouldKeepTheThreatActorsAStixSourceAssertsBesideWatchfloorsOwnFindings() throws Exception {
        // the report's text names no group: the groups come only from the intrusion sets it refers to
        String bundle = """
                {"type": "bundle", "id": "bundle--1f7a3c59-4a0e-4f59-8d1e-0c6f5a2b9e11", "objects": [
                  {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--9b0c7b44-3c55-4f0e-a9a1-5d2f2b8c1e01",
                   "created": "2026-11-20T08:00:00.000Z", "modified": "2026-11-20T08:00:00.000Z", "name": "ISKP"},
                  {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--9b0c7b44-3c55-4f0e-a9a1-5d2f2b8c1e02",
                   "created": "2026-11-20T08:00:00.000Z", "modified": "2026-11-20T08:00:00.000Z", "name": "Harbour Spider"},
                  {"type": "report", "spec_version": "2.1", "id": "report--9b0c7b44-3c55-4f0e-a9a1-5d2f2b8c1e03",
                   "created": "2026-11-21T08:00:00.000Z", "modified": "2026-11-21T08:00:00.000Z",
                   "name": "Attack on a checkpoint in Kunduz", "published": "2026-11-21T08:00:00Z",
                   "description": "Gunmen attacked a police checkpoint in Kunduz overnight, officials said.",
                   "object_refs": ["intrusion-set--9b0c7b44-3c55-4f0e-a9a1-5d2f2b8c1e01",
                                   "intrusion-set--9b0c7b44-3c55-4f0e-a9a1-5d2f2b8c1e02"]}]}""";
        Http.Response posted = Http.postJson(stack.ingestUrl() + "/stix", bundle, WAIT, stack.apiKey());
        assertEquals(200, posted.status(), posted.body());
        String id = JSON.readTree(posted.body()).path("results").get(0).path("id").asText();
        Http.Response[] last = new Http.Response[1];
        await().atMost(WAIT).until(() -> {
            last[0] = Http.get(stack.storeUrl() + "/reports/" + id, Duration.ofSeconds(10));
            return last[0].status() == 200;
        });
        JsonNode report = JSON.readTree(last[0].body());
        boolean sourceIskp = false;
        for (JsonNode group : report.path("groups")) {
            sourceIskp |= "iskp".equals(group.path("id").asText())
                    && "source".equals(group.path("producer").path("name").asText());
        }
        assertTrue(sourceIskp, "an iskp finding with producer source: " + report.path("groups"));
        JsonNode unknown = null;
        for (JsonNode entity : report.path("entities")) {
            if (entity.path("name").asText().equals("Harbour Spider")
                    && "source".equals(entity.path("producer").path("name").asText())) {
                unknown = entity;
            }
        }
        assertTrue(unknown != null, "entities: " + report.path("entities"));
        assertEquals("THREAT_GROUP", unknown.path("type").asText(), unknown.toString());
        assertTrue(unknown.path("id").isNull() || unknown.path("id").isMissingNode(), unknown.toString());
    }

    @Test
    void shouldDeliverEveryAlertOnceToASignedWebhookWhenAlertServiceIsKilledMidDelivery() throws Exception {
        String subscription = DemoAlerts.subscribe(options, stack.apiKey(), System.out);
        DemoWebhookReceiver receiver = stack.demoReceiver();
        // distinct stories (no near-duplicate folding), each naming the TTP the subscription follows
        List<String> places = List.of("Peshawar", "Bannu", "Quetta", "Kurram", "Swat", "Dera Ismail Khan", "Khyber",
                "Lakki Marwat", "Mardan", "Tank", "Bajaur", "Mohmand", "Chitral", "Kohat", "Zhob", "Orakzai");
        List<String> words = List.of("convoy", "checkpoint", "school", "market", "bridge", "police", "station",
                "soldiers", "ambush", "night", "rocket", "drone", "border", "village", "elders", "curfew", "mosque",
                "highway", "tribal", "officials", "hospital", "wounded", "raid", "compound", "militants", "court");
        java.util.Random random = new java.util.Random(7);
        List<ArrayNode> halves = List.of(JSON.createArrayNode(), JSON.createArrayNode());
        for (int i = 0; i < places.size(); i++) {
            String place = places.get(i);
            StringBuilder text = new StringBuilder("Tehreek-e-Taliban Pakistan (TTP) claimed an attack in " + place
                    + ".");
            for (int sentence = 0; sentence < 4; sentence++) {
                text.append(' ');
                for (int w = 0; w < 9; w++) {
                    text.append(w == 0 ? "" : " ").append(words.get(random.nextInt(words.size())));
                }
                text.append('.');
            }
            halves.get(i % 2).addObject().put("title", "Attack in " + place + " " + random.nextInt(100_000))
                    .put("text", text.toString());
        }
        Set<String> ids = new TreeSet<>();
        Http.Response accepted = postBatch(halves.get(0));
        assertEquals(200, accepted.status(), accepted.body());
        JSON.readTree(accepted.body()).path("results").forEach(r -> ids.add(r.path("id").asText()));

        // SIGKILL once the first alert has been delivered; the second half is enriched while alert-service is down
        await().atMost(WAIT).until(() -> alertedReports(receiver, subscription, ids).size() >= 1);
        stack.stopComponent("alert-service", true);
        accepted = postBatch(halves.get(1));
        assertEquals(200, accepted.status(), accepted.body());
        JSON.readTree(accepted.body()).path("results").forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(places.size(), ids.size(), accepted.body());
        stack.startComponent("alert-service");

        await().atMost(Duration.ofSeconds(240)).until(() -> alertedReports(receiver, subscription, ids).size()
                == ids.size());
        Map<String, Integer> perReport = new HashMap<>();
        for (JsonNode alert : receiver.alerts()) {
            JsonNode data = alert.path("data");
            if (subscription.equals(data.path("subscriptionId").asText())
                    && ids.contains(data.path("reportId").asText())) {
                perReport.merge(data.path("reportId").asText(), 1, Integer::sum);
                assertEquals("alert.created", alert.path("type").asText(), alert.toString());
                assertTrue(data.path("clauses").toString().contains("\"ttp\""), alert.toString());
            }
        }
        // one webhook-id per report: a redelivery after the crash reuses it, so no report alerts twice
        assertEquals(ids, perReport.keySet());
        assertTrue(perReport.values().stream().allMatch(c -> c == 1), perReport.toString());
        System.out.printf("alert deliveries: %d reports, %d distinct webhook-ids, %d requests received%n",
                ids.size(), receiver.alerts().size(), receiver.deliveries());
    }

    private static Set<String> alertedReports(DemoWebhookReceiver receiver, String subscription, Set<String> ids) {
        Set<String> out = new TreeSet<>();
        for (JsonNode alert : receiver.alerts()) {
            JsonNode data = alert.path("data");
            if (subscription.equals(data.path("subscriptionId").asText())
                    && ids.contains(data.path("reportId").asText())) {
                out.add(data.path("reportId").asText());
            }
        }
        return out;
    }

    @Test
    void shouldStoreEveryReportItAcceptsEvenAtTheRequestSizeLimit() throws Exception {
        // ~1 MB of text, every sentence naming a group: accepted with a warning, cut to the byte cap, and stored
        // (the enriched record sheds repeated evidence rather than being dead-lettered for size)
        String sentence = "ISKP claimed the attack near Jalalabad. ";
        String text = sentence.repeat(1_000_000 / sentence.length());
        ObjectNode body = JSON.createObjectNode().put("title", "A very long bulletin " + System.nanoTime())
                .put("text", text);
        Http.Response posted = Http.postJson(stack.ingestUrl() + "/reports", body.toString(), WAIT, stack.apiKey());
        assertEquals(202, posted.status(), posted.body());
        JsonNode accepted = JSON.readTree(posted.body());
        assertTrue(accepted.path("warnings").toString().contains("text cut to its first 600000"), posted.body());
        String id = accepted.path("id").asText();
        Http.Response[] last = new Http.Response[1];
        await().atMost(WAIT).until(() -> {
            last[0] = Http.get(stack.storeUrl() + "/reports/" + id, Duration.ofSeconds(10));
            return last[0].status() == 200;
        });
        JsonNode report = JSON.readTree(last[0].body());
        assertEquals(600_000, report.path("text").asText().length());
        assertTrue(byId(report.path("groups")).containsKey("iskp"), report.path("groups").toString());
    }

    @Test
    void shouldDeadLetterAPoisonRecordWhileGoodRecordsAfterItAreStored() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.REPORTS_RAW, "poison-e2e",
                    new byte[] {0, 0, 0, 0x7e, 1, 2, 3})).get();
        }
        JsonNode good = postAndAwaitStored("After the poison",
                "Al-Shabaab fighters attacked a base in Somalia, officials said.");
        assertTrue(byId(good.path("groups")).containsKey("al-shabaab"), good.path("groups").toString());

        ConsumerRecord<String, byte[]> dead = readDeadLetter("poison-e2e");
        assertEquals(Topics.REPORTS_RAW, header(dead, DeadLetterHeaders.TOPIC));
        assertTrue(header(dead, DeadLetterHeaders.OFFSET).matches("\\d+"));
        assertTrue(header(dead, DeadLetterHeaders.PARTITION).matches("\\d+"));
        assertTrue(header(dead, DeadLetterHeaders.ERROR_MESSAGE).contains("schema id"),
                header(dead, DeadLetterHeaders.ERROR_MESSAGE));
    }

    @Test
    void shouldLoseNothingAndDuplicateNothingWhenTheStoreIsKilledMidStream() throws Exception {
        int n = 300;
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            batch.addObject()
                    .put("title", "Crash test report " + i)
                    .put("text", "Report number " + i + ": Boko Haram fighters raided a village in Borno State.");
        }
        Http.Response accepted = postBatch(batch);
        assertEquals(200, accepted.status(), accepted.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(accepted.body()).path("results").forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(n, ids.size(), accepted.body());

        await().atMost(WAIT).until(() -> stored(ids) > 0);
        stack.restartService("store-service", true);

        await().atMost(Duration.ofSeconds(240)).until(() -> stored(ids) == n);
        try (Connection c = db();
             PreparedStatement dupes = c.prepareStatement("SELECT report_id, group_id, count(*) FROM report_groups "
                     + "WHERE report_id = ANY(?) GROUP BY report_id, group_id HAVING count(*) > 1")) {
            dupes.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = dupes.executeQuery()) {
                assertFalse(rs.next(), "duplicate group rows after the crash");
            }
        }
        assertEquals(n, stored(ids));
    }

    private static long stored(List<String> ids) throws Exception {
        try (Connection c = db();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM reports WHERE id = ANY(?)")) {
            count.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(stack.jdbcUrl(), "watchfloor", "watchfloor");
    }

    private static JsonNode postAndAwaitStored(String title, String text) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("text", text);
        Http.Response posted = Http.postJson(stack.ingestUrl() + "/reports", body.toString(), WAIT, stack.apiKey());
        assertEquals(202, posted.status(), posted.body());
        String id = JSON.readTree(posted.body()).path("id").asText();
        assertFalse(id.isBlank(), posted.body());
        Http.Response[] last = new Http.Response[1];
        await().atMost(WAIT).until(() -> {
            last[0] = Http.get(stack.storeUrl() + "/reports/" + id, Duration.ofSeconds(10));
            return last[0].status() == 200;
        });
        JsonNode report = JSON.readTree(last[0].body());
        assertEquals(id, report.path("id").asText());
        assertEquals(text, report.path("text").asText());
        return report;
    }

    private static Http.Response postBatch(ArrayNode batch) throws Exception {
        return Http.postJson(stack.ingestUrl() + "/reports/batch", batch.toString(), WAIT, stack.apiKey());
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(n -> out.put(n.path("id").asText(), n));
        return out;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<String, byte[]> readDeadLetter(String key) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-it-dlq-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.REPORTS_DLQ));
            await().atMost(WAIT).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String key) {
        return new String(r.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

}
