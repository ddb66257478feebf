package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.DeliveryJob;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.schemas.avro.AlertDelivery;
import io.watchfloor.schemas.avro.AlertDeliveryAttempt;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Delivery domain <-> Avro, both ways: pending deliveries ({@code AlertDelivery}) and attempts. */
final class DeliveryToAvro {
    private DeliveryToAvro() {
    }

    static AlertDelivery toAvro(PendingDelivery d) {
        return AlertDelivery.newBuilder()
                .setSubscriptionId(d.subscriptionId())
                .setAlertId(d.alertId())
                .setWebhookId(d.webhookId())
                .setDigestWindowStart(d.digestWindowStart())
                .setAttempts(d.attempts())
                .setNextAttemptAt(d.nextAttemptAt())
                .setCreatedAt(d.createdAt())
                .setAlert(ByteBuffer.wrap(d.alert()))
                .setAlertPartition(d.alertPartition())
                .setAlertOffset(d.alertOffset())
                .setLastStatus(d.lastStatus())
                .setLastError(d.lastError())
                .build();
    }

    static PendingDelivery toDomain(AlertDelivery a) {
        ByteBuffer buffer = a.getAlert().duplicate();
        byte[] alert = new byte[buffer.remaining()];
        buffer.get(alert);
        return new PendingDelivery(a.getSubscriptionId(), a.getAlertId(), a.getWebhookId(), a.getDigestWindowStart(),
                a.getAttempts(), a.getNextAttemptAt(), a.getCreatedAt(), alert, a.getAlertPartition(),
                a.getAlertOffset(), a.getLastStatus(), a.getLastError());
    }

    static AlertDeliveryAttempt toAvro(DeliveryAttempt a) {
        return AlertDeliveryAttempt.newBuilder()
                .setSubscriptionId(a.subscriptionId())
                .setWebhookId(a.webhookId())
                .setKind(a.kind().name().toLowerCase(Locale.ROOT))
                .setAlertIds(a.alertIds())
                .setAttempt(a.attempt())
                .setAttemptedAt(a.attemptedAt())
                .setEndpoint(a.endpoint())
                .setStatus(a.status())
                .setLatencyMs(a.latencyMs())
                .setOutcome(a.result().name())
                .setError(a.error())
                .setNextAttemptAt(a.nextAttemptAt())
                .build();
    }

    static DeliveryAttempt toDomain(AlertDeliveryAttempt a) {
        return new DeliveryAttempt(a.getSubscriptionId(), a.getWebhookId(),
                DeliveryJob.Kind.valueOf(a.getKind().toUpperCase(Locale.ROOT)), a.getAlertIds(), a.getAttempt(),
                a.getAttemptedAt(), a.getEndpoint(), a.getStatus(), a.getLatencyMs(),
                DeliveryAttempt.Result.valueOf(a.getOutcome()), a.getError(), a.getNextAttemptAt());
    }
}
