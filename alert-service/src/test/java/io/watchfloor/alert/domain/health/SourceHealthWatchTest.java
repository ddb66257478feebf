package io.watchfloor.alert.domain.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transition rule: alert on entering a watched status, once per outage, and a recovery notice after it. */
class SourceHealthWatchTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:01Z");

    private static Subscription watching(String id, List<String> sources, List<String> statuses) {
        return Subscription.of(id, id + " desk",
                SubscriptionFilter.sourceHealth(new SourceHealthFilter(sources, statuses)), T0);
    }

    private static final Subscription EVERY = watching("sub-every", List.of(), List.of());

    @Test
    void shouldAlertWhenASourceEntersFailingWithTheErrorAndTheLastSuccess() {
        var out = SourceHealthWatch.decide(new SourceHealthState("OK", List.of()),
                SourceHealthEvents.failing(T0, 1), List.of(EVERY), NOW);

        assertEquals(1, out.alerts().size());
        SourceHealthAlert a = out.alerts().get(0);
        assertEquals(SourceHealthAlert.Type.ENTERED, a.type());
        assertEquals("sub-every", a.subscriptionId());
        assertEquals("OK", a.previousStatus());
        assertEquals("FAILING", a.event().status());
        assertEquals("HTTP_STATUS: HTTP 503 Service Unavailable; 1 failed poll(s) in a row, last successful poll"
                + " 2026-12-03T08:00:00Z", a.reason());
        assertEquals(SourceHealthEvents.LAST_SUCCESS, a.since());
        assertEquals("Feed source reuters-world is FAILING", a.title());
        assertEquals("Source reuters-world (src-0123456789abcdef) entered FAILING (was OK): " + a.reason()
                + ". Subscription \"sub-every desk\" watches FAILING, STALE on every source.", a.why());
        assertEquals("sourceHealth.statuses", a.clause().field());
        assertEquals("FAILING", a.clause().value());
        assertEquals(SourceHealthEvents.ID, a.clause().tagId());
        assertTrue(a.alertId().matches("al-[0-9a-f]{20}"), a.alertId());
        assertEquals(new SourceHealthState("FAILING", List.of("FAILING")), out.state());
    }

    @Test
    void shouldNotAlertAgainWhileTheSameOutageGoesOn() {
        var first = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(EVERY), NOW);
        var second = SourceHealthWatch.decide(first.state(), SourceHealthEvents.failing(T0.plusSeconds(300), 2),
                List.of(EVERY), NOW);

        assertEquals(1, first.alerts().size());
        assertNull(first.alerts().get(0).previousStatus(), "never seen before");
        assertEquals(List.of(), second.alerts());
        assertEquals(first.state(), second.state());
    }

    @Test
    void shouldSendARecoveryThenAlertAgainWhenTheSourceFailsAgain() {
        var failed = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(EVERY), NOW);
        var recovered = SourceHealthWatch.decide(failed.state(), SourceHealthEvents.ok(T0.plusSeconds(600)),
                List.of(EVERY), NOW);
        var failedAgain = SourceHealthWatch.decide(recovered.state(),
                SourceHealthEvents.failing(T0.plusSeconds(900), 1), List.of(EVERY), NOW);

        SourceHealthAlert notice = recovered.alerts().get(0);
        assertEquals(SourceHealthAlert.Type.RECOVERED, notice.type());
        assertEquals("FAILING", notice.previousStatus());
        assertEquals("Feed source reuters-world recovered (OK)", notice.title());
        assertEquals("polled successfully at 2026-12-03T10:10:00Z", notice.reason());
        assertTrue(notice.why().contains("is healthy again (OK) (was FAILING) after being FAILING"), notice.why());
        assertEquals(new SourceHealthState("OK", List.of()), recovered.state());
        assertEquals(1, failedAgain.alerts().size());
        assertEquals(SourceHealthAlert.Type.ENTERED, failedAgain.alerts().get(0).type());
        assertNotEquals(failed.alerts().get(0).alertId(), failedAgain.alerts().get(0).alertId(),
                "a new outage is a new alert for receivers that dedupe on the id");
    }

    @Test
    void shouldSayHowLongNothingNewCameForAStaleSource() {
        var out = SourceHealthWatch.decide(new SourceHealthState("NOT_MODIFIED", List.of()),
                SourceHealthEvents.stale(T0, 6), List.of(EVERY), NOW);

        SourceHealthAlert a = out.alerts().get(0);
        assertEquals("nothing new for 6 polls in a row (about 30m at its usual interval of 5m); newest item the"
                + " feed lists was published 2026-12-02T23:00:00Z", a.reason());
        assertEquals(T0.minus(Duration.ofMinutes(30)), a.since());
        assertEquals("STALE", a.clause().value());
    }

    @Test
    void shouldAlertOnlySubscriptionsThatWatchTheSourceByIdOrName() {
        Subscription byName = watching("sub-name", List.of("Reuters-World"), List.of());
        Subscription byId = watching("sub-id", List.of(SourceHealthEvents.ID), List.of());
        Subscription other = watching("sub-other", List.of("dawn"), List.of());

        var out = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(other, byName, byId),
                NOW);

        assertEquals(List.of("sub-id", "sub-name"), out.alerts().stream().map(SourceHealthAlert::subscriptionId)
                .toList());
    }

    @Test
    void shouldAlertOnlyOnTheWatchedStatusesAndRecoverOnlyWhoWatchedTheOutage() {
        Subscription failingOnly = watching("sub-failing", List.of(), List.of("FAILING"));
        Subscription staleOnly = watching("sub-stale", List.of(), List.of("STALE"));
        List<Subscription> subs = List.of(failingOnly, staleOnly);

        var stale = SourceHealthWatch.decide(null, SourceHealthEvents.stale(T0, 6), subs, NOW);
        var failing = SourceHealthWatch.decide(stale.state(), SourceHealthEvents.failing(T0.plusSeconds(300), 1),
                subs, NOW);
        var ok = SourceHealthWatch.decide(failing.state(), SourceHealthEvents.ok(T0.plusSeconds(600)), subs, NOW);

        assertEquals(List.of("sub-stale"), ids(stale.alerts()));
        assertEquals(List.of("sub-failing"), ids(failing.alerts()), "STALE -> FAILING enters FAILING");
        assertEquals(List.of("sub-failing", "sub-stale"), ids(ok.alerts()), "both watched a part of the outage");
        assertEquals("STALE", ok.alerts().get(1).clause().value());
    }

    @Test
    void shouldIgnoreReportSubscriptionsAndHealthyFirstRecords() {
        Subscription report = Subscription.of("sub-report", "TTP", SubscriptionFilter.builder().groups("ttp")
                .build(), T0);

        var failing = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(report), NOW);
        var firstOk = SourceHealthWatch.decide(null, SourceHealthEvents.ok(T0), List.of(EVERY), NOW);

        assertEquals(List.of(), failing.alerts());
        assertEquals(List.of(), firstOk.alerts(), "nothing recovered that alert-service saw failing");
    }

    @Test
    void shouldGiveTheSameIdForTheSameRecordSoReprocessingDoesNotDuplicate() {
        var a = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(EVERY), NOW);
        var b = SourceHealthWatch.decide(null, SourceHealthEvents.failing(T0, 1), List.of(EVERY),
                NOW.plusSeconds(5));

        assertEquals(a.alerts().get(0).alertId(), b.alerts().get(0).alertId());
    }

    @Test
    void shouldWriteDurationsTheWayOperatorsReadThem() {
        assertEquals("1m30s", SourceHealthWatch.human(Duration.ofSeconds(90)));
        assertEquals("1d2h", SourceHealthWatch.human(Duration.ofHours(26)));
        assertEquals("0s", SourceHealthWatch.human(Duration.ZERO));
    }

    private static List<String> ids(List<SourceHealthAlert> alerts) {
        return alerts.stream().map(SourceHealthAlert::subscriptionId).toList();
    }
}
