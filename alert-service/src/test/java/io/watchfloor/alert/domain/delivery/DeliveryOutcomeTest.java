package io.watchfloor.alert.domain.delivery;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static io.watchfloor.alert.domain.delivery.DeliveryOutcome.DISABLE;
import static io.watchfloor.alert.domain.delivery.DeliveryOutcome.FAIL;
import static io.watchfloor.alert.domain.delivery.DeliveryOutcome.RETRY;
import static io.watchfloor.alert.domain.delivery.DeliveryOutcome.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The classification table for statuses and errors, and reading Retry-After. */
class DeliveryOutcomeTest {

    @Test
    void shouldClassifyStatuses() {
        Map<Integer, DeliveryOutcome> expected = new TreeMap<>(Map.ofEntries(
                Map.entry(200, SUCCESS), Map.entry(201, SUCCESS), Map.entry(204, SUCCESS),
                Map.entry(299, SUCCESS),
                Map.entry(301, FAIL), Map.entry(302, FAIL), Map.entry(304, FAIL), Map.entry(308, FAIL),
                Map.entry(400, FAIL), Map.entry(401, FAIL), Map.entry(403, FAIL), Map.entry(404, FAIL),
                Map.entry(405, FAIL), Map.entry(409, FAIL), Map.entry(413, FAIL), Map.entry(422, FAIL),
                Map.entry(408, RETRY), Map.entry(429, RETRY), Map.entry(410, DISABLE),
                Map.entry(500, RETRY), Map.entry(502, RETRY), Map.entry(503, RETRY), Map.entry(504, RETRY),
                Map.entry(599, RETRY), Map.entry(100, FAIL), Map.entry(600, FAIL)));
        Map<Integer, DeliveryOutcome> actual = new TreeMap<>();
        expected.keySet().forEach(status -> actual.put(status, DeliveryOutcome.classify(status, null)));
        assertEquals(expected, actual);
    }

    @Test
    void shouldRetryTimeoutsAndConnectionErrorsAndFailOtherErrors() {
        assertEquals(RETRY, DeliveryOutcome.classify(0, new ConnectException("refused")));
        assertEquals(RETRY, DeliveryOutcome.classify(0, new SocketTimeoutException("read timed out")));
        assertEquals(RETRY, DeliveryOutcome.classify(0, new HttpTimeoutException("request timed out")));
        assertEquals(RETRY, DeliveryOutcome.classify(0, new UnknownHostException("hooks.example")));
        assertEquals(RETRY, DeliveryOutcome.classify(0, new TimeoutException()));
        assertEquals(RETRY, DeliveryOutcome.classify(0, new CompletionException(new IOException("reset"))),
                "the cause counts");
        assertEquals(RETRY,
                DeliveryOutcome.classify(500, new UncheckedIOException(new IOException("broken pipe"))));
        assertEquals(FAIL, DeliveryOutcome.classify(200, new IllegalArgumentException("bad URI")),
                "an error wins over a status");
        assertEquals(FAIL,
                DeliveryOutcome.classify(0, new CompletionException(new IllegalStateException("x"))));
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", now));
        assertEquals(Optional.of(Duration.ofSeconds(0)), RetryAfter.parse(" 0 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RetryAfter.parse("Tue, 01 Dec 2026 10:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RetryAfter.parse("Tuesday, 01-Dec-26 10:01:30 GMT", now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Tue Dec  1 10:01:30 2026", now));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Mon, 30 Nov 2026 10:00:00 GMT", now),
                "past");
        assertEquals(Optional.of(Duration.ofSeconds(Long.MAX_VALUE)),
                RetryAfter.parse("99999999999999999999", now));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", now));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
        assertEquals(Optional.empty(), RetryAfter.parse("", now));
        assertEquals(Optional.empty(), RetryAfter.parse(null, now));
    }
}
