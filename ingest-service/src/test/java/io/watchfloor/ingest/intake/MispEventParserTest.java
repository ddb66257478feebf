package io.watchfloor.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.schemas.ReportAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MISP event JSON to submissions. */
class MispEventParserTest {
    private final MispEventParser parser = new MispEventParser(new ReportRequestParser());

    @Test
    void shouldTakeInfoTextLikeAttributesCommentsAndGalaxies() throws Exception {
        List<ReportRequestParser.Item> items = parser.parse(StixBundleParserTest.sample("misp-event.json"), 10);
        assertEquals(1, items.size());
        Submission s = items.get(0).submission();
        assertEquals("Invoice phishing against port operators", s.title());
        assertEquals("""
                Invoice phishing against port operators

                Landing page of the phishing mails

                The mails imitate invoices of a shipping agent.

                Harbour Spider

                Loader delivered through ISO attachments.

                Galaxy clusters: DockLoader, Harbour Spider, Transport""", s.text());
        assertTrue(!s.text().contains("invoice-harbour.example"), "indicators are not prose");
        assertTrue(!s.text().contains("2c26b46b"), "hashes are not prose");
        assertEquals("misp", s.sourceKind());
        assertEquals("Example CERT", s.sourceName());
        assertEquals("5f3c2a10-8d1e-4b7a-9c55-0e2f7b1d9a44", s.itemId());
        assertEquals(Instant.parse("2026-11-21T00:00:00Z"), s.publishedAt());
        assertEquals("tlp:green", s.attributes().get("misp.tags"));
        assertEquals("Harbour Spider", s.attributes().get(ReportAttributes.SOURCE_THREAT_ACTORS),
                "threat-actor galaxy tags are kept as source-asserted actors; the malware galaxy is not one");
        assertNull(s.url());
    }

    @Test
    void shouldAcceptAListAndASearchAnswerAndRejectEventsWithoutInfo() {
        String list = "[{\"Event\": {\"info\": \"one\", \"publish_timestamp\": \"1700000000\"}}, "
                + "{\"Event\": {\"uuid\": \"x\"}}, {\"NotAnEvent\": {}}]";
        List<ReportRequestParser.Item> items = parser.parse(list.getBytes(StandardCharsets.UTF_8), 10);
        assertEquals("one", items.get(0).submission().text());
        assertEquals(Instant.ofEpochSecond(1700000000L), items.get(0).submission().publishedAt());
        assertEquals("Event.info", items.get(1).error().field());
        assertEquals("Event", items.get(2).error().field());
        String search = "{\"response\": [{\"Event\": {\"info\": \"a\"}}, {\"Event\": {\"info\": \"b\"}}]}";
        assertEquals(2, parser.parse(search.getBytes(StandardCharsets.UTF_8), 10).size());
    }

    @Test
    void shouldRefuseMalformedAndOversizedInput() {
        assertThrows(InvalidSubmissionException.class, () -> parser.parse("{\"Event\": ".getBytes(), 10));
        assertThrows(InvalidSubmissionException.class, () -> parser.parse("42".getBytes(), 10));
        assertThrows(InvalidSubmissionException.class, () -> parser.parse("[]".getBytes(), 10));
        String many = "[" + "{\"Event\": {\"info\": \"e\"}},".repeat(3) + "{\"Event\": {\"info\": \"e\"}}]";
        InvalidSubmissionException e = assertThrows(InvalidSubmissionException.class,
                () -> parser.parse(many.getBytes(), 3));
        assertTrue(e.getMessage().contains("more than 3"));
    }

    @Test
    void shouldReadGalaxyTags() {
        assertEquals("APT 28", MispEventParser.galaxyTagValue("misp-galaxy:threat-actor=\"APT 28\""));
        assertNull(MispEventParser.galaxyTagValue("tlp:white"));
        assertNull(MispEventParser.galaxyTagValue("misp-galaxy:broken"));
    }
}
