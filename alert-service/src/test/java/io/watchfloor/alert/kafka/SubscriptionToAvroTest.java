package io.watchfloor.alert.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertSubscription;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A source-health filter survives the compacted subscriptions topic; report filters stay without one. */
class SubscriptionToAvroTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private final AvroSerde<AlertSubscription> serde = AvroSerde.forValues(AlertSubscription.class,
            new InMemorySchemaRegistryClient());

    private Subscription roundTrip(Subscription s) {
        byte[] bytes = serde.serialize(Topics.SUBSCRIPTIONS, SubscriptionToAvro.toAvro(s));
        return SubscriptionToAvro.toDomain(serde.deserialize(Topics.SUBSCRIPTIONS, bytes));
    }

    @Test
    void shouldKeepTheSourcesAndStatusesOfASourceHealthSubscription() {
        Subscription s = Subscription.of("sub-feeds", "feeds desk", SubscriptionFilter.sourceHealth(
                new SourceHealthFilter(List.of("reuters-world"), List.of("FAILING"))), NOW);

        Subscription back = roundTrip(s);

        assertEquals(List.of("reuters-world"), back.filter().sourceHealth().sources());
        assertEquals(List.of("FAILING"), back.filter().sourceHealth().statuses());
        assertEquals(List.of(), back.filter().groups());
    }

    @Test
    void shouldLeaveReportSubscriptionsWithoutSourceHealth() {
        Subscription s = Subscription.of("sub-ttp", "TTP desk", SubscriptionFilter.builder().groups("ttp").build(),
                NOW);

        Subscription back = roundTrip(s);

        assertNull(back.filter().sourceHealth());
        assertEquals(List.of("ttp"), back.filter().groups());
    }
}
