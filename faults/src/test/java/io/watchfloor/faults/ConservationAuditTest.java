package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConservationAuditTest {

    private static final Map<Integer, Integer> ONCE = Map.of(1, 1);

    @Test
    void passesWhenEveryAcceptedIdIsStoredOrDeadLetteredOnce() {
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b", "c"),
                Map.of("a", 1, "b", 1), Map.of("a", ONCE, "b", ONCE), Map.of("c", List.of("enrich: boom"))));
        assertTrue(result.passed(), result.summary());
        assertEquals(3, result.accepted());
        assertEquals(2, result.stored());
        assertEquals(1, result.deadLettered());
        assertEquals(List.of(), result.lost());
        assertEquals(List.of(), result.duplicated());
    }

    @Test
    void anAcceptedIdNeitherStoredNorDeadLetteredIsLostEvenWhenTheCountsMatch() {
        // 3 accepted, 3 rows: the counts agree, but "c" is lost and "x" was never accepted
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b", "c"),
                Map.of("a", 1, "b", 1, "x", 1), Map.of("a", ONCE, "b", ONCE, "x", ONCE), Map.of()));
        assertFalse(result.passed());
        assertEquals(List.of("c"), result.lost());
        assertTrue(result.summary().contains("lost 1"), result.summary());
        assertTrue(result.problems().get(0).contains("c"), result.problems().toString());
    }

    @Test
    void aDuplicateRowFails() {
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b"),
                Map.of("a", 2, "b", 1), Map.of("a", ONCE, "b", ONCE), Map.of()));
        assertFalse(result.passed());
        assertEquals(List.of("a"), result.duplicated());
        assertEquals(List.of(), result.lost());
    }

    @Test
    void anIdTwiceInTheEnrichedTopicAtOneRevisionFails() {
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b"),
                Map.of("a", 1, "b", 1), Map.of("a", Map.of(1, 2), "b", Map.of(1, 1, 2, 1)), Map.of()));
        assertFalse(result.passed());
        assertEquals(List.of("a"), result.duplicated(), "b has two revisions once each: not a duplicate");
    }

    @Test
    void aSecondEnrichedCopyIsADuplicateUnlessTheRawTopicHadTwoCopiesToo() {
        // "a" was written twice to the raw topic (a client retry after a lost answer): two enriched copies are
        // enrich doing its job; "b" was written once and enriched twice: enrich duplicated it
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b"),
                Map.of("a", 1, "b", 1), Map.of("a", Map.of(1, 2), "b", Map.of(1, 2)), Map.of(),
                Map.of("a", Map.of(1, 2), "b", Map.of(1, 1))));
        assertFalse(result.passed());
        assertEquals(List.of("b"), result.duplicated());
        assertEquals(List.of("a"), result.retriedIntoRaw());
    }

    @Test
    void storedAndDeadLetteredIsADuplicateAndStoredWithoutEnrichedRecordFails() {
        var both = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a"), Map.of("a", 1),
                Map.of("a", ONCE), Map.of("a", List.of("store: refused"))));
        assertEquals(List.of("a"), both.duplicated());
        var notEnriched = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a"), Map.of("a", 1),
                Map.of(), Map.of()));
        assertFalse(notEnriched.passed());
        assertEquals(List.of("a"), notEnriched.notInEnrichedTopic());
    }

    @Test
    void nothingAcceptedIsNotAPass() {
        var result = ConservationAudit.audit(new ConservationAudit.Observed(Set.of(), Map.of(), Map.of(), Map.of()));
        assertFalse(result.passed());
    }

    @Test
    void theTableShowsEachTestWithItsVerdict() {
        var ok = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a"), Map.of("a", 1),
                Map.of("a", ONCE), Map.of()));
        var lost = ConservationAudit.audit(new ConservationAudit.Observed(Set.of("a", "b"), Map.of("a", 1),
                Map.of("a", ONCE), Map.of()));
        String table = ResultTable.format(List.of(
                new TestResult(3, "enrich kill -9", 1000, "1 x enrich kill -9", ok,
                        List.of(new TestResult.Check("x", true, "")), Duration.ofMillis(12_300), Duration.ofSeconds(40)),
                new TestResult(1, "broker kill -9", 1000, "1 x broker kill -9", lost, List.of(), null,
                        Duration.ofSeconds(50))));
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        assertTrue(lines[0].startsWith("| test "), table);
        assertTrue(lines[2].contains("| 3 enrich kill -9 ") && lines[2].contains("| 12.3 s ")
                && lines[2].endsWith("| PASS    |"), table);
        assertTrue(lines[3].contains("| 1 ") && lines[3].endsWith("| FAIL    |"), table);
    }

    @Test
    void optionsScaleTheFaults() {
        var small = SuiteConfig.parse(List.of("--scale", "1000", "--only", "1,3"), System.out);
        assertEquals(Set.of(1, 3), small.only());
        assertEquals(1, small.times(10));
        assertEquals(Duration.ofSeconds(5), small.brokerDowntime());
        assertEquals(Duration.ofSeconds(20), small.postgresOutage());
        var full = SuiteConfig.parse(List.of(), System.out);
        assertEquals(10, full.times(10));
        assertEquals(Duration.ofSeconds(20), full.brokerDowntime());
        assertEquals(Duration.ofMinutes(5), full.postgresOutage());
    }
}
