package io.watchfloor.enrich.reprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagDiffTest {
    private static final TagDiff.Tag ISKP = new TagDiff.Tag("group", "iskp", "Islamic State Khorasan Province",
            List.of(TagDiff.span("text", 0, 6, "ISIS-K")));
    private static final TagDiff.Tag TTP = new TagDiff.Tag("group", "ttp", "Tehrik-e-Taliban Pakistan", List.of());
    private static final TagDiff.Tag KABUL = new TagDiff.Tag("LOCATION", "geo:city:kabul", "Kabul",
            List.of(TagDiff.span("text", 40, 45, "Kabul")));

    @Test
    void shouldListAddedAndRemovedTagsWithTheirEvidence() {
        TagDiff.ReportDiff d = TagDiff.diff("r-1", "T", true, List.of(TTP, KABUL), List.of(ISKP, KABUL));
        assertTrue(d.changed());
        assertEquals(List.of(ISKP), d.added());
        assertEquals(List.of(TTP), d.removed());
        assertTrue(d.added().get(0).toString().contains("text[0,6] \"ISIS-K\""), d.added().get(0).toString());
    }

    @Test
    void shouldSeeNoChangeWhenOnlyTheOrderOrEvidenceDiffers() {
        TagDiff.Tag moved = new TagDiff.Tag("group", "iskp", "Islamic State Khorasan Province",
                List.of(TagDiff.span("text", 7, 13, "ISIS-K")));
        assertFalse(TagDiff.diff("r-1", "T", true, List.of(ISKP, KABUL), List.of(KABUL, moved)).changed());
    }

    @Test
    void shouldCountGainsAndLossesPerGroup() {
        var a = TagDiff.diff("a", "", true, List.of(TTP), List.of(ISKP));
        var b = TagDiff.diff("b", "", false, List.of(), List.of(ISKP, KABUL));
        Map<String, int[]> per = TagDiff.perGroup(List.of(a, b));
        assertEquals(2, per.get("iskp")[0]);
        assertEquals(0, per.get("iskp")[1]);
        assertEquals(1, per.get("ttp")[1]);
        assertFalse(per.containsKey("geo:city:kabul"), "entities are not groups");
    }

    @Test
    void shouldKeyEntitiesByIdOrFoldedName() {
        assertEquals("org:un", TagDiff.entityKey("org:un", "United Nations"));
        assertEquals("sharifullah", TagDiff.entityKey(null, " Sharifullah "));
    }

    @Test
    void shouldReadSinceAsInstantDateOrDuration() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        assertEquals(Instant.parse("2026-12-02T00:00:00Z"), ReprocessCommand.when("2026-12-02", now));
        assertEquals(now.minus(Duration.ofDays(7)), ReprocessCommand.when("7d", now));
        assertEquals(now.minus(Duration.ofHours(24)), ReprocessCommand.when("PT24H", now));
        var args = ReprocessCommand.parse(List.of("--group", "iskp", "--dry-run"), now);
        assertEquals("iskp", args.group());
        assertTrue(args.dryRun());
    }
}
