package io.watchfloor.ingest.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.domain.InvalidSubmissionException;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.schemas.ReportAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STIX 2.1 bundles to submissions. */
public class StixBundleParserTest {
    private final StixBundleParser parser = new StixBundleParser(new ReportRequestParser());

    public static byte[] sample(String name) throws IOException {
        try (InputStream in = StixBundleParserTest.class.getResourceAsStream("/samples/intel/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldTurnEachReportObjectIntoASubmission() throws Exception {
        List<ReportRequestParser.Item> items = parser.parse(sample("stix-bundle.json"), 10);
        assertEquals(2, items.size());
        Submission first = items.get(0).submission();
        assertEquals("Phishing wave against port operators", first.title());
        assertEquals("""
                Port operators received invoice-themed phishing mails that installed a loader.

                Referenced objects:
                intrusion-set: Harbour Spider
                malware: DockLoader""", first.text());
        assertEquals("https://cert.example.org/advisories/EX-2026-114", first.url());
        assertEquals(Instant.parse("2026-11-21T09:30:00Z"), first.publishedAt());
        assertEquals("report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3", first.itemId());
        assertEquals("stix", first.sourceKind());
        assertEquals("Example CERT", first.sourceName());
        assertEquals("threat-report,campaign", first.attributes().get("stix.report_types"));
        assertEquals("Harbour Spider", first.attributes().get(ReportAttributes.SOURCE_THREAT_ACTORS),
                "the intrusion set the report references is kept as a source-asserted actor");

        Submission second = items.get(1).submission();
        assertEquals("Referenced objects:\nmalware: DockLoader", second.text());
        assertNull(second.url());
        assertEquals("STIX bundle", second.sourceName());
        assertNull(second.attributes().get(ReportAttributes.SOURCE_THREAT_ACTORS),
                "a report that references no actor in a bundle of several gets none");
    }

    @Test
    void shouldUseTheNameAsTextWhenAReportHasNothingElse() {
        String bundle = """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "report", "id": "report--1", "name": "Only a name",
                   "published": "2026-01-01T00:00:00Z"}]}""";
        Submission s = parser.parse(bundle.getBytes(StandardCharsets.UTF_8), 10).get(0).submission();
        assertEquals("Only a name", s.text());
    }

    @Test
    void shouldRejectABadReportButKeepTheOthers() {
        String bundle = """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "report", "id": "report--1", "name": 42, "description": "x"},
                  {"type": "report", "id": "report--2", "name": "Fine", "published": "not a date"},
                  {"type": "report", "id": "report--3", "name": "Good", "description": "good text"}]}""";
        List<ReportRequestParser.Item> items = parser.parse(bundle.getBytes(StandardCharsets.UTF_8), 10);
        assertEquals("name", items.get(0).error().field());
        assertEquals("published", items.get(1).error().field());
        assertEquals("good text", items.get(2).submission().text());
    }

    @Test
    void shouldRefuseWhatIsNotABundleOfReports() {
        assertEquals("type", refuse("{\"type\": \"report\", \"name\": \"x\"}").field());
        assertEquals("objects", refuse("{\"type\": \"bundle\", \"id\": \"bundle--1\"}").field());
        assertTrue(refuse("{\"type\": \"bundle\", \"objects\": [{\"type\": \"malware\", \"name\": \"m\"}]}")
                .getMessage().contains("no \"report\""));
        assertTrue(refuse("{\"type\": \"bundle\", \"objects\": [").getMessage().contains("not valid JSON"));
        String deep = "{\"type\": \"bundle\", \"objects\": [" + "[".repeat(100) + "]".repeat(100) + "]}";
        assertTrue(refuse(deep).getMessage().contains("too deeply nested"), refuse(deep).getMessage());
        String tooMany = "{\"type\": \"bundle\", \"objects\": [" + "{\"type\": \"report\", \"name\": \"r\"},".repeat(3)
                + "{\"type\": \"report\", \"name\": \"r\"}]}";
        assertTrue(refuse(tooMany).getMessage().contains("more than 3"));
    }

    private InvalidSubmissionException refuse(String body) {
        return assertThrows(InvalidSubmissionException.class,
                () -> parser.parse(body.getBytes(StandardCharsets.UTF_8), 3));
    }

    @Test
    void shouldKeepTheBundlesOwnActorsWithTheirAliasesForItsOnlyReport() {
        String bundle = """
                {"type": "bundle", "id": "bundle--1", "objects": [
                  {"type": "threat-actor", "id": "threat-actor--1", "name": "Ugly Gorilla", "aliases": ["Wang Dong"]},
                  {"type": "intrusion-set", "id": "intrusion-set--1", "name": "APT1", "aliases": ["Comment Crew"]},
                  {"type": "identity", "id": "identity--1", "name": "Unit 61398"},
                  {"type": "report", "id": "report--1", "name": "APT1 report", "description": "A long campaign.",
                   "published": "2013-02-19T00:00:00Z", "object_refs": ["identity--1"]}]}""";

        Submission s = parser.parse(bundle.getBytes(java.nio.charset.StandardCharsets.UTF_8), 10).get(0)
                .submission();

        assertEquals("Ugly Gorilla\nWang Dong\nAPT1\nComment Crew",
                s.attributes().get(ReportAttributes.SOURCE_THREAT_ACTORS));
    }
}
