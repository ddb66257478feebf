package io.watchfloor.alert.domain.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DeliveryStepTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String URL = "https://hooks.example.org:443/in";
    /** No jitter: 10 s, then 20 s; three attempts in all. */
    private static final RetryPolicy POLICY = new RetryPolicy(List.of(Duration.ofSeconds(10),
            Duration.ofSeconds(20)), 0.0, Duration.ofMinutes(5), RandomGenerator.of("L64X128MixRandom"));

    private static PendingDelivery pending(String alertId, int attempts) {
        return PendingDelivery.immediate("sub-1", alertId, new byte[] {1, 2}, 0, 7, NOW.minusSeconds(60))
                .retryAt(attempts, NOW, attempts == 0 ? null : 500, attempts == 0 ? null : "HTTP 500");
    }

    private static DeliveryJob job(PendingDelivery... members) {
        return new DeliveryJob("sub-1", members[0].webhookId(), members[0].digestWindowStart(), List.of(members));
    }

    @Test
    void shouldTombstoneADeliveredAlertAndLogTheAttempt() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 0)),
                SendResult.response(204, Duration.ofMillis(42), null, ""), URL, NOW, POLICY);

        assertEquals(List.of("sub-1/al-1"), step.tombstones());
        assertTrue(step.reschedule().isEmpty());
        assertTrue(step.deadLetters().isEmpty());
        assertFalse(step.disablesWebhook());
        DeliveryAttempt a = step.attempt();
        assertEquals(DeliveryAttempt.Result.DELIVERED, a.result());
        assertEquals(1, a.attempt());
        assertEquals(204, a.status());
        assertEquals(42, a.latencyMs());
        assertEquals("al-1", a.webhookId());
        assertNull(a.error());
    }

    @Test
    void shouldRescheduleA500WithTheSameWebhookIdAndOneMoreAttempt() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 1)),
                SendResult.response(500, Duration.ofMillis(5), null, "upstream down"), URL, NOW, POLICY);

        assertTrue(step.tombstones().isEmpty(), "a retry keeps the record");
        PendingDelivery again = step.reschedule().get(0);
        assertEquals(2, again.attempts());
        assertEquals(NOW.plusSeconds(20), again.nextAttemptAt(), "second retry waits the second delay");
        assertEquals("al-1", again.webhookId(), "the same webhook-id on every retry");
        assertEquals(500, again.lastStatus());
        assertEquals("HTTP 500: upstream down", again.lastError());
        assertEquals(DeliveryAttempt.Result.RETRY, step.attempt().result());
        assertEquals(NOW.plusSeconds(20), step.attempt().nextAttemptAt());
    }

    @Test
    void shouldHonourRetryAfterOn429UpToTheCap() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 0)),
                SendResult.response(429, Duration.ZERO, "120", null), URL, NOW, POLICY);

        assertEquals(NOW.plusSeconds(120), step.reschedule().get(0).nextAttemptAt());
    }

    @Test
    void shouldDeadLetterAfterTheLastAttempt() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 2)),
                SendResult.failure(new HttpTimeoutException("no answer"), Duration.ofSeconds(10)), URL, NOW, POLICY);

        assertEquals(List.of("sub-1/al-1"), step.tombstones());
        assertEquals(1, step.deadLetters().size());
        assertEquals(3, step.deadLetters().get(0).attempts());
        assertTrue(step.deadLetterReason().startsWith("gave up after 3 attempt(s)"), step.deadLetterReason());
        assertTrue(step.deadLetterReason().contains("HttpTimeoutException: no answer"), step.deadLetterReason());
        assertEquals(DeliveryAttempt.Result.FAILED, step.attempt().result());
        assertNull(step.attempt().status());
    }

    @Test
    void shouldNotRetryOther4xxAndDeadLetterAtOnce() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 0)),
                SendResult.response(400, Duration.ZERO, null, "bad signature"), URL, NOW, POLICY);

        assertEquals(1, step.deadLetters().size());
        assertTrue(step.deadLetterReason().contains("not retryable"), step.deadLetterReason());
        assertTrue(step.deadLetterReason().contains("HTTP 400: bad signature"), step.deadLetterReason());
    }

    @Test
    void shouldDisableTheWebhookOn410WithoutDeadLettering() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 0)),
                SendResult.response(410, Duration.ZERO, null, null), URL, NOW, POLICY);

        assertTrue(step.disablesWebhook());
        assertTrue(step.disableReason().contains("410"), step.disableReason());
        assertEquals(List.of("sub-1/al-1"), step.tombstones());
        assertTrue(step.deadLetters().isEmpty());
        assertEquals(DeliveryAttempt.Result.DISABLED, step.attempt().result());
    }

    @Test
    void shouldRetryConnectionErrors() {
        DeliveryStep step = DeliveryStep.after(job(pending("al-1", 0)),
                SendResult.failure(new IOException("Connection refused"), Duration.ZERO), URL, NOW, POLICY);

        assertEquals(DeliveryAttempt.Result.RETRY, step.attempt().result());
        assertEquals("IOException: Connection refused", step.reschedule().get(0).lastError());
    }

    @Test
    void shouldSealADigestDeterministicallySoARerunKeepsItsWebhookId() {
        DigestWindow window = DigestWindow.containing(NOW, Duration.ofHours(1));
        PendingDelivery a = PendingDelivery.inDigest("sub-1", "al-a", new byte[] {1}, 0, 1, window, NOW);
        PendingDelivery b = PendingDelivery.inDigest("sub-1", "al-b", new byte[] {2}, 0, 2, window, NOW);

        DeliveryJob sealed = new DeliveryJob("sub-1", null, window.start(), List.of(b, a)).seal();
        DeliveryJob again = new DeliveryJob("sub-1", null, window.start(), List.of(a, b)).seal();
        DeliveryJob other = new DeliveryJob("sub-1", null, window.start(), List.of(a)).seal();

        assertTrue(sealed.webhookId().startsWith("dg-"), sealed.webhookId());
        assertEquals(sealed.webhookId(), again.webhookId());
        assertFalse(sealed.webhookId().equals(other.webhookId()), "another set of alerts, another id");
        assertTrue(sealed.members().stream().allMatch(m -> sealed.webhookId().equals(m.webhookId())));
        assertEquals(DeliveryJob.Kind.DIGEST, sealed.kind());
        assertEquals(window.closesAt(), a.nextAttemptAt(), "a digest member is due when its window closes");
    }

    @Test
    void shouldSkipWithoutAnAttemptNumberIncrease() {
        DeliveryStep step = DeliveryStep.skipped(job(pending("al-1", 1)), "webhook disabled", NOW);

        assertEquals(DeliveryAttempt.Result.SKIPPED, step.attempt().result());
        assertEquals(1, step.attempt().attempt());
        assertEquals(List.of("sub-1/al-1"), step.tombstones());
        assertTrue(step.deadLetters().isEmpty());
    }
}
