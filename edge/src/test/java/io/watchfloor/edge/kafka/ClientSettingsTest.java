package io.watchfloor.edge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    private final ClientSettings kafka = new ClientSettings(Map.of("bootstrap.servers", "broker:9092",
            "security.protocol", "SASL_SSL"));

    @Test
    void shouldGiveEveryProducerAcksAllIdempotenceAndTheCommonSecuritySettings() {
        Map<String, Object> p = kafka.producer("svc", ProducerTimeouts.INTERACTIVE, Map.of());

        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals("SASL_SSL", p.get("security.protocol"));
        assertEquals("broker:9092", p.get("bootstrap.servers"));
        assertEquals("svc", p.get("client.id"));
        assertEquals(5_000L, p.get("max.block.ms"));
    }

    @Test
    void shouldRaiseTheDeliveryTimeoutToLingerPlusRequestTimeout() {
        ProducerTimeouts t = new ProducerTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofMillis(50));

        assertEquals(Duration.ofMillis(20_050), t.delivery());
        Map<String, Object> p = kafka.producer("svc", t, Map.of());
        assertEquals(20_050, p.get("delivery.timeout.ms"));
    }

    @Test
    void shouldRefuseOverridesThatBreakAnInvariant() {
        assertThrows(IllegalArgumentException.class,
                () -> kafka.producer("svc", ProducerTimeouts.INTERACTIVE, Map.of("enable.idempotence", "false")));
        assertThrows(IllegalArgumentException.class,
                () -> kafka.consumer("g", "c", Map.of("enable.auto.commit", true)));
        assertThrows(IllegalArgumentException.class,
                () -> kafka.consumer("g", "c", Map.of("isolation.level", "read_uncommitted")));
        Properties streams = new Properties();
        streams.put("processing.guarantee", "at_least_once");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSettings.requireExactlyOnce(streams));
        assertTrue(e.getMessage().contains("exactly_once_v2"), e.getMessage());
    }

    @Test
    void shouldReadCommittedAndNeverAutoCommit() {
        Map<String, Object> c = kafka.consumer("store-service", "store-service", Map.of("max.poll.records", 100));

        assertEquals("read_committed", c.get("isolation.level"));
        assertEquals(false, c.get("enable.auto.commit"));
        assertEquals("store-service", c.get("group.id"));
        assertEquals(100, c.get("max.poll.records"));
        assertFalse(kafka.consumer(null, "watcher", Map.of()).containsKey("group.id"));
    }

    @Test
    void shouldTakeMicronautsKafkaSettingsWithoutItsHealthKeysAndSayWhatIsMissing() {
        Properties micronaut = new Properties();
        micronaut.put("bootstrap.servers", "a:1");
        micronaut.put("health-timeout", "2s");

        assertEquals(Map.of("bootstrap.servers", "a:1", "client.id", "x"), ClientSettings.of(micronaut).admin("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientSettings(Map.of()));
        assertTrue(e.getMessage().contains("KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
    }
}
