package io.watchfloor.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code watchfloor.http.*}: the defaults a service gets when it sets nothing, and a refused limit. */
class ConcurrencySettingsTest {

    @Test
    void shouldDefaultTo32At32Queued1sWaitAnd1sRetryAfter() {
        try (ApplicationContext context = ApplicationContext.run()) {
            ConcurrencySettings settings = context.getBean(ConcurrencySettings.class);
            assertEquals(32, settings.maxConcurrentRequests());
            assertEquals(32, settings.maxQueuedRequests());
            assertEquals(Duration.ofSeconds(1), settings.queueTimeout());
            assertEquals(1, settings.retryAfterSeconds());
        }
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSecondsAndRefuseALimitBelowOne() {
        assertEquals(2, new ConcurrencySettings(4, 0, Duration.ZERO, Duration.ofMillis(1500)).retryAfterSeconds());
        assertEquals(1, new ConcurrencySettings(4, 0, Duration.ZERO, Duration.ZERO).retryAfterSeconds());
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "watchfloor.http.max-concurrent-requests", "0"))) {
            assertThrows(BeanInstantiationException.class, () -> context.getBean(ConcurrencySettings.class));
        }
    }
}
