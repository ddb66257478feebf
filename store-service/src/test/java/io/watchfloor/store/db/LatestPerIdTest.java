package io.watchfloor.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchfloor.store.domain.ReportRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch holds one row per id, the one writing them in order would leave (the newest; the later on a tie). */
class LatestPerIdTest {

    private static ReportRow row(String id, int revision, String enrichedAt, long offset) {
        return new ReportRow(id, revision, "t", "x", "{}", null, "en", null, Instant.EPOCH,
                Instant.parse(enrichedAt), "h", "c", "e", "{\"o\":" + offset + "}", List.of(), List.of(), 0, offset);
    }

    @Test
    void shouldKeepTheNewestRowPerIdInFirstSeenOrder() {
        List<ReportRow> latest = ReportRepository.latestPerId(List.of(
                row("a", 2, "2026-01-01T00:00:00Z", 1),
                row("b", 1, "2026-01-01T00:00:00Z", 2),
                row("a", 1, "2026-01-02T00:00:00Z", 3),    // older revision, later enrichment: loses
                row("b", 1, "2026-01-01T00:00:00Z", 4),    // same version: the later one wins, as in order
                row("c", 1, "2026-01-01T00:00:00Z", 5),
                row("c", 1, "2026-01-03T00:00:00Z", 6)));  // re-enrichment wins

        assertEquals(List.of("a", "b", "c"), latest.stream().map(ReportRow::id).toList());
        assertEquals(List.of(1L, 4L, 6L), latest.stream().map(ReportRow::kafkaOffset).toList());
    }
}
