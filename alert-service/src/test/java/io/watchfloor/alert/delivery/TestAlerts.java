package io.watchfloor.alert.delivery;

import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertClause;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.avro.AlertEvidence;
import io.watchfloor.schemas.registry.InMemorySchemaRegistryClient;
import io.watchfloor.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.List;

/** Alerts as the topology writes them, for delivery tests. */
final class TestAlerts {
    static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    static final AvroSerde<AlertEvent> SERDE = AvroSerde.forValues(AlertEvent.class,
            new InMemorySchemaRegistryClient());

    private TestAlerts() {
    }

    static AlertEvent alert(String alertId, String subscriptionId) {
        return AlertEvent.newBuilder()
                .setAlertId(alertId)
                .setType("alert.created")
                .setSubscriptionId(subscriptionId)
                .setSubscriptionName("ISKP desk")
                .setReportId("rep-1")
                .setMatchedReportId("rep-1b")
                .setRevision(2)
                .setTitle("Quetta plot foiled")
                .setSourceName("Dawn")
                .setUrl("https://example.org/quetta")
                .setPublishedAt(Instant.parse("2026-12-01T09:00:00Z"))
                .setClauses(List.of(AlertClause.newBuilder()
                        .setField("groups").setValue("iskp").setTagKind("THREAT_GROUP").setTagId("iskp")
                        .setTagName("Islamic State Khorasan Province").setScore(0.93).setRole("perpetrator")
                        .setEvidence(List.of(AlertEvidence.newBuilder().setField("text").setStart(21).setEnd(27)
                                .setText("ISIS-K").build()))
                        .build()))
                .setMatchFingerprint("fp-1")
                .setPreviousAlertId(null)
                .setCreatedAt(CREATED)
                .setReportLink("http://store/reports/rep-1")
                .build();
    }

    static byte[] bytes(String alertId, String subscriptionId) {
        return SERDE.serialize(Topics.ALERTS, alert(alertId, subscriptionId));
    }
}
