package io.watchfloor.alert.domain.alerts;

import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Clause;
import io.watchfloor.alert.domain.matching.Evidence;
import io.watchfloor.alert.domain.matching.Match;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.watchfloor.alert.domain.matching.TestReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CREATED, nothing, UPDATED, stale revisions and near-duplicates folded into the first report's alert. */
class AlertDeciderTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-12-01T11:00:00Z");
    private static final Subscription SUB = Subscription.of("sub-1", "ISKP watch",
            SubscriptionFilter.builder().groups("iskp", "ttp").build(), T0);

    private static Clause group(String id, double score, int start) {
        return new Clause("groups", id, "group", id, id.toUpperCase(), score, "mentioned",
                List.of(new Evidence("text", start, start + 4, id)));
    }

    private static Match match(Clause... clauses) {
        return new Match("sub-1", List.of(clauses));
    }

    private static AlertReport rep(String id, int revision, String duplicateOf) {
        return report().id(id).revision(revision).duplicateOf(duplicateOf).title("Title of " + id)
                .url("https://news.example/" + id).build();
    }

    @Test
    void shouldCreateADeterministicAlertWhenThereIsNoState() {
        AlertDecision d = AlertDecider.decide(null, SUB, rep("r1", 1, null), match(group("iskp", 0.8, 10)),
                T0);
        Alert a = d.alert();
        assertEquals(AlertDecision.Outcome.CREATED, d.outcome());
        assertTrue(a.alertId().matches("al-[0-9a-f]{20}"), a.alertId());
        assertEquals(List.of(AlertType.CREATED, "sub-1", "ISKP watch", "r1", "r1", 1, "Title of r1",
                        "Example Wire", "https://news.example/r1", T0),
                List.of(a.type(), a.subscriptionId(), a.subscriptionName(), a.reportId(), a.matchedReportId(),
                        a.revision(), a.title(), a.sourceName(), a.url(), a.createdAt()));
        assertNull(a.previousAlertId());
        assertEquals(match(group("iskp", 0.8, 10)).fingerprint().value(), a.matchFingerprint());
        assertEquals(new AlertState(a.alertId(), a.matchFingerprint(), "r1", 1), d.state());

        AlertDecision again = AlertDecider.decide(null, SUB, rep("r1", 1, null),
                match(group("iskp", 0.3, 99)), T1);
        assertEquals(a.alertId(), again.alert().alertId(),
                "re-processing yields the same id for receivers to dedupe");
        Subscription other = Subscription.of("sub-2", "x", SUB.filter(), T0);
        assertNotEquals(a.alertId(), AlertDecider.decide(null, other, rep("r1", 1, null),
                new Match("sub-2", List.of(group("iskp", 0.8, 10))), T0).alert().alertId());
    }

    @Test
    void shouldStayQuietWhenARevisionMatchesTheSameThings() {
        AlertDecision first = AlertDecider.decide(null, SUB, rep("r1", 1, null),
                match(group("iskp", 0.8, 10)), T0);
        AlertDecision second = AlertDecider.decide(first.state(), SUB, rep("r1", 2, null),
                match(group("iskp", 0.55, 140)), T1);
        assertEquals(AlertDecision.Outcome.UNCHANGED, second.outcome());
        assertNull(second.alert());
        assertEquals(new AlertState(first.alert().alertId(), first.state().fingerprint(), "r1", 2),
                second.state());
    }

    @Test
    void shouldRaiseAnUpdateWithANewIdWhenWhatMatchesChanges() {
        AlertDecision first = AlertDecider.decide(null, SUB, rep("r1", 1, null),
                match(group("iskp", 0.8, 10)), T0);
        AlertDecision update = AlertDecider.decide(first.state(), SUB, rep("r1", 2, null),
                match(group("iskp", 0.8, 10), group("ttp", 0.6, 40)), T1);
        Alert a = update.alert();
        assertEquals(AlertDecision.Outcome.UPDATED, update.outcome());
        assertEquals(AlertType.UPDATED, a.type());
        assertEquals(first.alert().alertId(), a.previousAlertId());
        assertNotEquals(first.alert().alertId(), a.alertId());
        assertEquals(2, a.revision());
        assertEquals(List.of("iskp", "ttp"), a.clauses().stream().map(Clause::tagId).toList());
        assertEquals(new AlertState(a.alertId(), a.matchFingerprint(), "r1", 2), update.state());

        AlertDecision back = AlertDecider.decide(update.state(), SUB, rep("r1", 3, null),
                match(group("iskp", 0.8, 10)), T1);
        assertEquals(AlertDecision.Outcome.UPDATED, back.outcome());
        assertNotEquals(first.alert().alertId(), back.alert().alertId(),
                "A -> B -> A must not reuse A's id, or receivers would drop it as seen");
    }

    @Test
    void shouldIgnoreARevisionOlderThanTheOneAlerted() {
        AlertState state = new AlertState("al-00000000000000000000", "mf-x", "r1", 3);
        AlertDecision d = AlertDecider.decide(state, SUB, rep("r1", 2, null), match(group("ttp", 0.9, 0)),
                T1);
        assertEquals(AlertDecision.Outcome.STALE_REVISION, d.outcome());
        assertNull(d.alert());
        assertEquals(state, d.state());
    }

    @Test
    void shouldFoldANearDuplicateIntoTheFirstReportsAlertEvenWhenItMatchesMore() {
        AlertDecision first = AlertDecider.decide(null, SUB, rep("r1", 1, null),
                match(group("iskp", 0.8, 10)), T0);
        AlertDecision copy = AlertDecider.decide(first.state(), SUB, rep("r2", 1, "r1"),
                match(group("iskp", 0.8, 12), group("ttp", 0.7, 30)), T1);
        assertEquals(AlertDecision.Outcome.DUPLICATE_FOLDED, copy.outcome());
        assertNull(copy.alert());
        assertEquals(first.state(), copy.state());
        assertEquals("sub-1|r1", AlertState.key("sub-1", rep("r2", 1, "r1").rootId()),
                "a duplicate reads the state of its root");
    }

    @Test
    void shouldAlertOnTheRootWhenOnlyADuplicateMatchedAndFoldLaterCopies() {
        AlertDecision dup = AlertDecider.decide(null, SUB, rep("r2", 1, "r1"), match(group("ttp", 0.7, 5)),
                T0);
        assertEquals(AlertDecision.Outcome.CREATED, dup.outcome());
        assertEquals("r1", dup.alert().reportId());
        assertEquals("r2", dup.alert().matchedReportId(), "evidence offsets point into r2's text");
        assertEquals("Title of r2", dup.alert().title());
        AlertDecision third = AlertDecider.decide(dup.state(), SUB, rep("r3", 1, "r1"),
                match(group("iskp", 0.9, 5)), T1);
        assertEquals(AlertDecision.Outcome.DUPLICATE_FOLDED, third.outcome());
        AlertDecision revisedCopy = AlertDecider.decide(dup.state(), SUB, rep("r2", 2, "r1"),
                match(group("ttp", 0.7, 5), group("iskp", 0.9, 50)), T1);
        assertEquals(AlertDecision.Outcome.UPDATED, revisedCopy.outcome(),
                "the copy that alerted can update it");
    }

    @Test
    void shouldRefuseAMatchOfAnotherSubscription() {
        assertThrows(IllegalArgumentException.class, () -> AlertDecider.decide(null, SUB, rep("r1", 1, null),
                new Match("sub-2", List.of(group("iskp", 0.8, 0))), T0));
    }

    @Test
    void shouldKeepIdInputsApart() {
        assertNotEquals(AlertIds.created("a|b", "c", "f"), AlertIds.created("a", "b|c", "f"));
        assertNotEquals(AlertIds.created("s", "r", "f"), AlertIds.updated("s", "r", "f", "al-1"));
        assertEquals(AlertIds.created("s", "r", "f"), AlertIds.created("s", "r", "f"));
    }
}
