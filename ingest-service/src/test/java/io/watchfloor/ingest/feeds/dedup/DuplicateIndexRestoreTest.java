package io.watchfloor.ingest.feeds.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Applying records of the raw topic to the index: what a restarted or second instance knows. */
class DuplicateIndexRestoreTest {

    private static final String TEXT = "Researchers at a national response team said on Monday that a new loader "
            + "was used by the group against three regional banks, spreading through invoices sent from compromised "
            + "supplier mailboxes over the past month. The loader checks the keyboard layout and the time zone of "
            + "each machine before it fetches a second stage from servers rented under stolen identities, and it "
            + "removes itself when it finds analysis tools. The team published the addresses of the servers and "
            + "the hashes of the invoices, and asked banks in the region to block the domains and to report any "
            + "payment requests that arrive from suppliers with changed bank details during the coming weeks.";

    @Test
    void shouldKeepTheHighestRevisionWhateverTheOrder() {
        DuplicateIndex index = new DuplicateIndex(100);
        assertTrue(index.apply(stored("r-1", 2, "h2", null, null)));
        assertFalse(index.apply(stored("r-1", 1, "h1", null, null)), "an older revision must not win");
        assertEquals(2, index.knownRevision("r-1"));
        assertTrue(index.apply(stored("r-1", 3, "h3", null, null)));
        assertEquals(3, index.knownRevision("r-1"));
    }

    @Test
    void shouldApplyTheSameRecordTwiceAsOnce() {
        DuplicateIndex index = new DuplicateIndex(100);
        Report record = stored("r-1", 1, "h1", "src-a", "guid-1");
        assertTrue(index.apply(record));
        assertFalse(index.apply(record), "an own record arriving again changes nothing");
        assertEquals(1, index.size());
        assertEquals(1, index.knownRevision("r-1"));
    }

    @Test
    void shouldContinueRevisionsOfAFeedItemAfterRestore() {
        DuplicateIndex index = new DuplicateIndex(100);
        index.apply(stored("r-1", 4, "h1", "src-a", "guid-1"));
        // same GUID, changed content, a new URL: found through the restored GUID owner
        DuplicateIndex.Decision decision = index.decide("src-a", "guid-1", report("r-other", 1, "h2", TEXT));
        assertEquals(DuplicateIndex.Kind.NEW_REVISION, decision.kind());
        assertEquals("r-1", decision.reportId());
        assertEquals(5, decision.revision());
    }

    @Test
    void shouldTreatRestoredContentAsOwnedByItsFirstReport() {
        DuplicateIndex index = new DuplicateIndex(100);
        index.apply(stored("r-1", 1, "h1", "src-a", "guid-1"));
        DuplicateIndex.Decision decision = index.decide("src-b", "guid-x", report("r-2", 1, "h1", TEXT));
        assertEquals(DuplicateIndex.Kind.DUPLICATE, decision.kind());
        assertEquals("r-1", decision.reportId());
        DuplicateIndex.Decision unchanged = index.decide("src-a", "guid-1", report("r-1", 1, "h1", TEXT));
        assertEquals(DuplicateIndex.Kind.DUPLICATE, unchanged.kind(), "unchanged after restart: not published");
    }

    @Test
    void shouldFindNearDuplicatesOfRestoredReports() {
        DuplicateIndex index = new DuplicateIndex(100);
        String copy = TEXT + " Copyright 2026 Wire.";
        int distance = SimHash.distance(SimHash.of(TEXT).getAsLong(), SimHash.of(copy).getAsLong());
        assertTrue(distance <= 3, "the copy must be a near-duplicate, distance " + distance);
        index.apply(report("r-1", 1, "h1", TEXT));
        DuplicateIndex.Decision decision = index.decide("src-b", null, report("r-2", 1, "h2", copy));
        assertEquals(DuplicateIndex.Kind.NEAR_DUPLICATE, decision.kind());
        assertEquals("r-1", decision.duplicateOf());
    }

    @Test
    void shouldNumberDirectSubmissionsAfterTheKnownRevision() {
        DuplicateIndex index = new DuplicateIndex(100);
        assertEquals(1, index.revisionFor(report("r-9", 1, "h1", TEXT)), "unknown id");
        assertEquals(1, index.revisionFor(report("r-9", 1, "h1", TEXT)), "a retry keeps its revision");
        index.apply(stored("r-1", 3, "h1", null, null));
        assertEquals(4, index.revisionFor(report("r-1", 1, "h-corrected", TEXT)));
        assertEquals(4, index.revisionFor(report("r-1", 1, "h-corrected", TEXT)));
        assertFalse(index.apply(stored("r-1", 4, "h-corrected", null, null)), "own record comes back: no change");
        assertEquals(4, index.knownRevision("r-1"));
    }

    @Test
    void shouldRestoreTheSourcesOfALinkAndNotLinkThemAgain() {
        DuplicateIndex index = new DuplicateIndex(100);
        ReportSource feedA = new ReportSource("rss", "Feed", "https://feed.example/rss", "guid-1");
        ReportSource feedB = new ReportSource("rss", "Other feed", "https://other.example/rss", "guid-9");
        index.apply(stored("r-1", 2, "h1", "src-a", "guid-1"));
        Report link = new Report("r-1", feedB, "https://news.example/r-1", "Title", "short text h1", "text/html",
                "en", null, Instant.parse("2026-12-01T00:05:00Z"), "h1", Map.of(Report.FEED_SOURCE_ATTRIBUTE,
                "src-b"), 2, null, List.of(feedA, feedB));

        assertTrue(index.apply(link), "a link of the known revision adds its source");
        assertFalse(index.apply(link), "the same link again changes nothing");
        assertEquals(List.of("Feed", "Other feed"), index.sourcesOf("r-1").stream().map(ReportSource::name).toList());
        assertEquals(2, index.knownRevision("r-1"), "a link is no new revision");

        Report fromB = new Report("r-1", feedB, "https://news.example/r-1", "Title", "short text h1", "text/html",
                "en", null, Instant.parse("2026-12-01T00:10:00Z"), "h1", Map.of(), 1, null);
        assertEquals(DuplicateIndex.Kind.DUPLICATE, index.decide("src-b", "guid-9", fromB).kind());
        assertEquals(DuplicateIndex.Kind.DUPLICATE, index.decide("src-b", "guid-new", fromB).kind(),
                "the same source under another GUID is still listed");
    }

    @Test
    void shouldLinkAThirdSourceAfterRestoreUnderTheKnownRevision() {
        DuplicateIndex index = new DuplicateIndex(100);
        index.apply(stored("r-1", 3, "h1", "src-a", "guid-1"));
        Report fromC = new Report("r-1", new ReportSource("atom", "Third", "https://third.example/atom", "c-1"),
                "https://news.example/r-1", "Title", "short text h1", "text/html", "en", null,
                Instant.parse("2026-12-01T00:10:00Z"), "h1", Map.of(), 1, null);

        DuplicateIndex.Decision decision = index.decide("src-c", "c-1", fromC);

        assertEquals(DuplicateIndex.Kind.LINKED, decision.kind());
        assertTrue(decision.publish());
        assertEquals("r-1", decision.reportId());
        assertEquals(3, decision.revision());
        assertEquals(List.of("Feed", "Third"), decision.sources().stream().map(ReportSource::name).toList());
        index.forget(decision);
        assertEquals(List.of("Feed"), index.sourcesOf("r-1").stream().map(ReportSource::name).toList(),
                "a link whose publish failed is undone");
        assertEquals(3, index.knownRevision("r-1"));
    }

    @Test
    void shouldListEverySourceOfADirectSubmission() {
        DuplicateIndex index = new DuplicateIndex(100);
        Report byA = report("r-5", 1, "h1", TEXT);
        Report byB = new Report("r-5", new ReportSource("http", "Analyst desk", null, null), byA.canonicalUrl(),
                "Title", TEXT, "text/html", "en", null, Instant.parse("2026-12-01T00:00:00Z"), "h1", Map.of(), 1,
                null);
        assertEquals(List.of("Feed"), index.numbered(byA).sources().stream().map(ReportSource::name).toList());
        Report numbered = index.numbered(byB);
        assertEquals(1, numbered.revision());
        assertEquals(List.of("Feed", "Analyst desk"), numbered.sources().stream().map(ReportSource::name).toList());
        assertEquals(2, index.numbered(byB).sources().size(), "a retry adds nothing");
    }

    private static Report stored(String id, int revision, String hash, String sourceId, String guid) {
        Map<String, String> attributes = sourceId == null ? Map.of() : Map.of(Report.FEED_SOURCE_ATTRIBUTE, sourceId);
        return new Report(id, new ReportSource("rss", "Feed", "https://feed.example/rss", guid),
                "https://news.example/" + id, "Title", "short text " + hash, "text/html", "en", null,
                Instant.parse("2026-12-01T00:00:00Z"), hash, attributes, revision, null);
    }

    private static Report report(String id, int revision, String hash, String text) {
        return new Report(id, new ReportSource("rss", "Feed", "https://feed.example/rss", null),
                "https://news.example/" + id, "Title", text, "text/html", "en", null,
                Instant.parse("2026-12-01T00:00:00Z"), hash, Map.of(), revision, null);
    }
}
