package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFactoryTest {
    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00.123456Z");
    private final ReportFactory factory = new ReportFactory(ReportLimits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Submission.Builder article() {
        return Submission.builder().title("Port strike ends").text("Dock workers returned on Monday.");
    }

    @Test
    void shouldDeriveTheIdFromTheCanonicalUrl() {
        Report a = factory.create(article().url("https://News.example.com/a?utm_source=rss&id=1#x").build());
        Report b = factory.create(Submission.builder().title("Other title").text("Different text entirely")
                .url("https://news.example.com:443/a?id=1").build());
        assertEquals("https://news.example.com/a?id=1", a.canonicalUrl());
        assertEquals(a.id(), b.id());
        assertTrue(a.id().matches("r-[0-9a-f]{32}"), a.id());
        assertEquals(ReportIds.fromUrl("https://news.example.com/a?id=1"), a.id());
        assertNotEquals(a.contentHash(), b.contentHash());
    }

    @Test
    void shouldDeriveTheIdFromNormalisedContentWithoutUrl() {
        Report a = factory.create(article().build());
        Report b = factory.create(Submission.builder().title("  PORT strike\u00a0ends ")
                .text("Dock   workers returned\non Monday.").build());
        Report c = factory.create(Submission.builder().title("Port strike ends")
                .text("Dock workers returned on Tuesday.").build());
        assertNull(a.canonicalUrl());
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), c.id());
        assertEquals("r-" + a.contentHash().substring(0, 32), a.id());
        assertEquals(64, a.contentHash().length());
    }

    @Test
    void shouldBeStableAcrossRunsForTheSameInput() {
        // Pinned value: an id change breaks downstream idempotency, so it must be deliberate.
        Report report = factory.create(article().url("https://example.com/story").build());
        assertEquals("r-ab116c15d8ac8b5285e0a8c70be0bf03", report.id());
    }

    @Test
    void shouldReduceHtmlToTextKeepingParagraphs() {
        Report report = factory.create(Submission.builder().html("<html><head><title>From HTML</title></head>"
                + "<body><h2>Update</h2><p>First paragraph.</p><p>Second <i>paragraph</i>.</p>"
                + "<script>evil()</script></body></html>").build());
        assertEquals("Update\n\nFirst paragraph.\n\nSecond paragraph.", report.text());
        assertEquals("From HTML", report.title());
        assertEquals("text/html", report.contentType());
    }

    @Test
    void shouldPreferTextOverHtmlWhenBothAreGiven() {
        Report report = factory.create(article().html("<p>ignored</p>").build());
        assertEquals("Dock workers returned on Monday.", report.text());
        assertEquals("text/plain", report.contentType());
    }

    @Test
    void shouldStripNulAndControlCharacters() {
        Report report = factory.create(Submission.builder().title("Ti\u0000tle")
                .text("Nul\u0000 here\u0001 and\u001b there").build());
        assertEquals("Nul here and there", report.text());
        assertEquals("Title", report.title());
        assertFalse(report.text().contains("\u0000"));
    }

    @Test
    void shouldKeepFarFutureAndEpochPublishDatesInThePayload() {
        Instant future = Instant.parse("2030-06-01T00:00:00Z");
        Report later = factory.create(article().publishedAt(future).build());
        Report epoch = factory.create(article().publishedAt(Instant.EPOCH).build());
        assertEquals(future, later.publishedAt());
        assertEquals(Instant.EPOCH, epoch.publishedAt());
        assertEquals(Instant.parse("2026-11-26T18:00:00.123Z"), later.ingestedAt());
    }

    @Test
    void shouldRejectMissingTextNamingTheField() {
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(Submission.builder().title("Only a title").text(" \n\t ").build()));
        assertEquals("text", e.field());
        assertTrue(e.hint().contains("text"));
    }

    @Test
    void shouldRejectTextThatIsOnlyControlCharacters() {
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(Submission.builder().text("\u0000\u0000\u0001").build()));
        assertEquals("text", e.field());
    }

    @Test
    void shouldRejectHtmlWithoutReadableText() {
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(Submission.builder().html("<script>x()</script><nav>Menu</nav>").build()));
        assertEquals("html", e.field());
    }

    @Test
    void shouldRejectBadUrlNamingTheField() {
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(article().url("file:///etc/passwd").build()));
        assertEquals("url", e.field());
    }

    @Test
    void shouldCapTextAndRecordTheOriginalLength() {
        ReportFactory small = new ReportFactory(new ReportLimits(10, 100, 5, 4), Clock.systemUTC());
        Report report = small.create(Submission.builder().title("A long title").text("abcdefghijklmnop").build());
        assertEquals("abcdefghij", report.text());
        assertEquals("A lon", report.title());
        assertEquals("16", report.attributes().get(ReportFactory.TRUNCATED_ATTRIBUTE));
    }

    @Test
    void shouldCapTextByUtf8BytesSoTheRecordAlwaysFitsItsTopic() {
        // 1,048,576 characters of a 3-byte script: within the character cap, three times the byte cap
        String text = "\u6f22".repeat(1_048_576);
        Report report = factory.create(Submission.builder().title("t").text(text).build());
        assertEquals(ReportLimits.DEFAULT_MAX_TEXT_BYTES / 3, report.text().length());
        assertTrue(report.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                <= ReportLimits.DEFAULT_MAX_TEXT_BYTES);
        assertEquals("1048576", report.attributes().get(ReportFactory.TRUNCATED_ATTRIBUTE));
        // plain ASCII at the character cap is cut by bytes too
        Report ascii = factory.create(Submission.builder().title("t").text("a".repeat(1_048_576)).build());
        assertEquals(ReportLimits.DEFAULT_MAX_TEXT_BYTES, ascii.text().length());
    }

    @Test
    void shouldApplySourceDefaultsAndValidateSource() {
        Report anonymous = factory.create(article().build());
        assertEquals(new ReportSource("http", "api", null, null), anonymous.source());
        Report fromFeed = factory.create(article().source("RSS", " Example News ", "https://example.com/feed.xml")
                .itemId("guid-1").build());
        assertEquals(new ReportSource("rss", "Example News", "https://example.com/feed.xml", "guid-1"),
                fromFeed.source());
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(article().source("no spaces allowed", "x", null).build()));
        assertEquals("source.kind", e.field());
    }

    @Test
    void shouldNormaliseLanguageAndRejectNonsense() {
        assertEquals("en", factory.create(article().language("en-GB").build()).language());
        assertNull(factory.create(article().build()).language());
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> factory.create(article().language("english please").build()));
        assertEquals("language", e.field());
    }

    @Test
    void shouldCleanAttributesAndLimitTheirNumber() {
        Report report = factory.create(article().attributes(Map.of("author", "A.\u0000 Writer")).build());
        assertEquals(Map.of("author", "A. Writer"), report.attributes());
        // a list attribute (the threat actors a STIX or MISP source asserts) keeps one name per line
        Report listed = factory.create(article().attributes(Map.of("source.threat-actors",
                "ISKP\r\n  Harbour\tSpider \n\n\u0000\nAPT1")).build());
        assertEquals("ISKP\nHarbour Spider\nAPT1", listed.attributes().get("source.threat-actors"));
        ReportFactory small = new ReportFactory(new ReportLimits(100, 100, 100, 1), Clock.systemUTC());
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> small.create(article().attributes(Map.of("a", "1", "b", "2")).build()));
        assertEquals("attributes", e.field());
    }

    @Test
    void shouldUseAGivenContentType() {
        Report report = factory.create(article().contentType("Application/RSS+XML; charset=utf-8").build());
        assertEquals("application/rss+xml", report.contentType());
    }
}
