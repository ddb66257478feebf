package io.watchfloor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.testsupport.Browser;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The analyst view in a real headless Chromium: search to report page with every evidence span at its offset, a
 * hostile report rendered as text, the group timeline, keyboard use and a phone-width layout. Screenshots of each
 * page go to target/screenshots/.
 */
@ExtendWith(PostgresExtension.class)
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystBrowserIT implements TestPropertyProvider {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String seedId = "browser-seed-" + run;
    private final String hostileId = "browser-hostile-" + run;
    private final String timelineGroup = "browser-group-" + run;
    private StoredReport seed;
    private Browser browser;

    @Inject
    TestStore store;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestStore.properties();
    }

    @BeforeAll
    void setUp() throws Exception {
        Browser.assumeInstalled();
        seed = TestReports.seedArticle(seedId);
        List<StoredReport> reports = new ArrayList<>(List.of(seed, TestReports.hostile(hostileId)));
        Instant day0 = Instant.parse("2025-06-10T08:00:00Z");
        for (int day = 0; day < 3; day++) {
            for (int k = 0; k <= day * 2; k++) {
                StoredReport sample = TestReports.sample("browser-day" + day + "-" + k + "-" + run);
                StoredReport r = TestReports.withGroups(sample, List.of(TestReports.group(timelineGroup,
                        "Browser Test Front", "militant", "mentioned", "Kabul", sample.text())));
                reports.add(TestStore.published(r, day0.plus(day * 2L, ChronoUnit.DAYS).plusSeconds(k)));
            }
        }
        store.write(reports);
        browser = Browser.start();
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldGoFromSearchToTheReportWithEveryGroupEvidenceSpanHighlightedAtItsOffset() {
        long t0 = System.nanoTime();
        browser.driver.get(url("/ui/?q=Sharifullah%20Kurilla"));
        long searchMillis = (System.nanoTime() - t0) / 1_000_000;
        WebElement result = browser.driver.findElement(By.cssSelector("li.result[data-report-id='" + seedId
                + "'] h2 a"));
        assertFalse(browser.driver.findElements(By.cssSelector("li.result mark")).isEmpty(), "snippet highlights");
        browser.screenshot("search");

        t0 = System.nanoTime();
        result.click();
        browser.driver.findElement(By.id("report-text"));
        long reportMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("page times in Chromium: search %d ms, report %d ms%n", searchMillis, reportMillis);
        assertTrue(browser.driver.getCurrentUrl().endsWith("/ui/reports/" + seedId));
        assertEquals(seed.text(), browser.js("return document.getElementById('report-text').textContent"),
                "the page shows exactly the stored text");

        List<String> groupIds = seed.groups().stream().map(StoredReport.Group::id).toList();
        assertTrue(groupIds.containsAll(List.of("iskp", "ttp", "al-qaeda")), groupIds.toString());
        for (int i = 0; i < seed.groups().size(); i++) {
            StoredReport.Group g = seed.groups().get(i);
            for (StoredReport.Evidence e : g.evidence()) {
                if (!"text".equals(e.field())) {
                    continue;
                }
                WebElement mark = browser.driver.findElement(By.cssSelector("#report-text a.ev[data-start='"
                        + e.start() + "']"));
                assertTrue(mark.getDomAttribute("data-tags").contains("g" + i), g.id() + " at " + e.start());
                assertEquals(e.text(), mark.getText(), g.id());
                assertEquals((long) e.start(), browser.js("var r = document.createRange();"
                        + "r.setStart(document.getElementById('report-text'), 0); r.setEndBefore(arguments[0]);"
                        + "return r.toString().length;", mark), "offset of " + e.text());
                assertEquals("rgba(251, 208, 213, 1)", mark.getCssValue("background-color"), "group colour");
            }
        }
        WebElement person = browser.driver.findElement(By.cssSelector("#report-text a.ev-person"));
        assertEquals("rgba(207, 227, 255, 1)", person.getCssValue("background-color"), "person colour");
        assertFalse(browser.driver.findElements(By.cssSelector("#report-text a.ev-place")).isEmpty());
        assertFalse(browser.driver.findElements(By.cssSelector("#report-text a.ev-event")).isEmpty());

        int iskp = groupIds.indexOf("iskp");
        browser.driver.findElement(By.cssSelector("#report-text a.ev[data-tags~='g" + iskp + "']")).click();
        WebElement panel = browser.driver.findElement(By.id("tag-g" + iskp));
        assertTrue(panel.getDomAttribute("class").contains("sel"), "selecting a span selects its tag");
        assertTrue(panel.isDisplayed());
        String details = panel.getText();
        assertTrue(details.contains("ISIS-K → ISIS-K → Islamic State – Khorasan Province"), details);
        assertTrue(details.contains("exact"), details);
        assertTrue(details.contains("QDe.161"), details);
        assertTrue(details.contains("targeted"), details);
        assertTrue(details.contains("islamic-state"), details);
        assertNotNull(browser.driver.findElement(By.id("stix-link")).getDomAttribute("href"));
        assertEquals("/reports/" + seedId + "/misp", browser.driver.findElement(By.id("misp-link"))
                .getDomAttribute("href"));
        String events = browser.driver.findElement(By.cssSelector(".tag-event")).getText();
        assertTrue(events.contains("historical"), events);
        browser.screenshot("report");
    }

    @Test
    void shouldRenderAHostileReportAsText() {
        browser.driver.get(url("/ui/reports/" + hostileId));

        assertEquals("undefined", browser.js("return typeof window.__pwned"));
        assertEquals(0L, browser.js("return document.querySelectorAll('#report-text script, #report-text img,"
                + " #report-title script, #report-title b, #report-text div').length"));
        String text = browser.driver.findElement(By.id("report-text")).getText();
        assertTrue(text.contains("<script>window.__pwned=3</script>"), text);
        assertTrue(text.contains("<img src=x onerror=\"window.__pwned=2\">"), text);
        assertTrue(browser.driver.findElement(By.id("report-title")).getText().startsWith("<script>"));
        assertEquals(0, browser.driver.findElements(By.cssSelector("a[href^='javascript']")).size());
        browser.screenshot("hostile-report");
    }

    @Test
    void shouldShowTheGroupTimelineWithABarPerDay() {
        browser.driver.get(url("/ui/groups/" + timelineGroup));

        WebElement chart = browser.driver.findElement(By.id("timeline"));
        assertTrue(chart.isDisplayed());
        assertEquals("9", chart.getDomAttribute("data-total"));
        assertEquals(barCount("2025-06-10"), 1);
        assertEquals(barCount("2025-06-12"), 3);
        assertEquals(barCount("2025-06-14"), 5);
        assertEquals(barCount("2025-06-11"), 0);
        double small = barHeight("2025-06-10");
        double tall = barHeight("2025-06-14");
        assertTrue(tall > small * 4, "bar heights follow the counts: " + small + " vs " + tall);
        assertEquals(90, browser.driver.findElements(By.cssSelector("#timeline rect.bar")).size());
        browser.screenshot("group");
    }

    @Test
    void shouldBeUsableWithTheKeyboard() {
        browser.driver.get(url("/ui/"));
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", browser.driver.switchTo().activeElement().getText());
        new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
        browser.js("document.activeElement.blur()");
        new Actions(browser.driver).sendKeys("/").perform();
        assertEquals("q", browser.driver.switchTo().activeElement().getDomAttribute("id"));
        new Actions(browser.driver).sendKeys("Sharifullah" + Keys.ENTER).perform();
        // Enter submits the search form: the browser navigates, which takes its own time
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> browser.driver.getCurrentUrl().contains("q=Sharifullah"));
        assertTrue(browser.driver.getCurrentUrl().contains("q=Sharifullah"), "the URL holds the query");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !browser.driver
                .findElements(By.cssSelector("li.result[data-report-id='" + seedId + "']")).isEmpty());
    }

    @Test
    void shouldFitAPhoneScreenWithTheTagsBelowTheText() {
        try {
            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.driver.get(url("/ui/reports/" + seedId));

            long overflow = (Long) browser.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow <= 0, "no sideways scrolling, overflow " + overflow);
            int textTop = browser.driver.findElement(By.id("report-text")).getRect().getY();
            int tagsTop = browser.driver.findElement(By.id("tags")).getRect().getY();
            assertTrue(tagsTop > textTop, "one column: tags below the text");
            browser.screenshot("report-phone");
        } finally {
            browser.driver.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    private long barCount(String day) {
        return Long.parseLong(browser.driver.findElement(By.cssSelector("#timeline rect[data-day='" + day + "']"))
                .getDomAttribute("data-count"));
    }

    private double barHeight(String day) {
        return ((Number) browser.js("return arguments[0].getBBox().height", browser.driver.findElement(
                By.cssSelector("#timeline rect[data-day='" + day + "']")))).doubleValue();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }
}
