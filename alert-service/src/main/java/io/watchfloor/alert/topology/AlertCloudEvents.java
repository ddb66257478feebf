package io.watchfloor.alert.topology;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.watchfloor.schemas.avro.AlertEvent;
import java.net.URI;
import java.time.ZoneOffset;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 Kafka binary-mode headers of an alert record ({@code ce_id} = alert id, {@code ce_subject}
 * = report id, {@code ce_type} = {@code io.watchfloor.alert.created|updated}), written by the CloudEvents SDK.
 */
final class AlertCloudEvents {
    static final URI SOURCE = URI.create("urn:watchfloor:alert-service");
    static final String TYPE_PREFIX = "io.watchfloor.";

    private AlertCloudEvents() {
    }

    /** Adds the {@code ce_*} and {@code content-type} headers for {@code alert} to {@code headers}. */
    static void addTo(Headers headers, String topic, AlertEvent alert) {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(alert.getAlertId())
                .withSource(SOURCE)
                .withType(TYPE_PREFIX + alert.getType())
                .withTime(alert.getCreatedAt().atOffset(ZoneOffset.UTC))
                .withSubject(alert.getReportId())
                .withDataContentType("application/vnd.watchfloor.alert+avro")
                .build();
        var record = KafkaMessageFactory.createWriter(topic).writeBinary(event);
        for (Header h : record.headers()) {
            headers.remove(h.key());
            headers.add(h.key(), h.value());
        }
    }
}
