package io.watchfloor.ingest.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.watchfloor.edge.kafka.ClientSettings;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.ingest.config.PublishSettings;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.domain.ReportLimits;
import io.watchfloor.ingest.domain.Submission;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.testsupport.CapturedLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Publisher behaviour on Kafka's own MockProducer: record shape, failure classes, back-pressure. */
class KafkaReportPublisherTest {
    private static final Instant NOW = Instant.parse("2026-11-26T18:00:00Z");
    private static final Serializer<RawReport> NO_OP = (topic, value) -> new byte[0];

    private final ReportFactory factory = new ReportFactory(ReportLimits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MockProducer<String, RawReport> producer =
            new MockProducer<>(false, null, new StringSerializer(), NO_OP);
    private final KafkaReportPublisher publisher =
            new KafkaReportPublisher(producer, "threat.reports.raw.v1", 2, 4 * 1024, Duration.ofMinutes(1));

    private Report report(String text) {
        return factory.create(Submission.builder().text(text)
                .publishedAt(Instant.parse("2030-01-01T00:00:00Z")).build());
    }

    @Test
    void shouldKeyByIdAndStampWithTheIngestTimeNotThePublishDate() throws Exception {
        Report report = report("body");
        CompletableFuture<PublishResult> future = publisher.publish(report);
        assertFalse(future.isDone(), "must not complete before the broker acknowledged");
        producer.completeNext();
        PublishResult result = future.get();
        ProducerRecord<String, RawReport> record = producer.history().get(0);
        assertEquals(report.id(), record.key());
        assertEquals(NOW.toEpochMilli(), record.timestamp());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), record.value().getPublishedAt());
        assertEquals("threat.reports.raw.v1", record.topic());
        assertEquals(report.id(), result.id());
    }

    @Test
    void shouldLogAFailedFeedReportWithItsReportAndSourceIdsInTheMdc() {
        Report report = factory.create(Submission.builder().text("from a feed")
                .attributes(Map.of(Report.FEED_SOURCE_ATTRIBUTE, "src-0c1d")).build());
        CompletableFuture<PublishResult> future;
        List<ILoggingEvent> warnings;
        try (CapturedLogs logs = CapturedLogs.of(KafkaReportPublisher.class)) {
            future = publisher.publish(report);
            producer.errorNext(new KafkaException("broker gone")); // the callback runs on this thread here
            warnings = logs.containing("not acknowledged");
        }
        assertTrue(future.isCompletedExceptionally());
        assertEquals(1, warnings.size(), "one warning for the failed report");
        assertEquals(report.id(), warnings.get(0).getMDCPropertyMap().get(LogContext.REPORT_ID));
        assertEquals("src-0c1d", warnings.get(0).getMDCPropertyMap().get(LogContext.SOURCE_ID));
        assertNull(MDC.get(LogContext.REPORT_ID), "the report id must not outlive the callback");
        assertNull(MDC.get(LogContext.SOURCE_ID));
    }

    @Test
    void shouldSayARecordSentButNotAcknowledgedMayStillBeOnTheTopic() {
        CompletableFuture<PublishResult> future = publisher.publish(report("sent"));
        producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        PublishException cause = (PublishException) e.getCause();
        assertEquals(PublishException.Reason.UNAVAILABLE, cause.reason());
        // an attempt whose answer was lost may have been appended: "not written" would be a false promise
        assertTrue(cause.getMessage().contains("was not acknowledged by the in-sync replicas (it may still be on "
                + "the topic)"), cause.getMessage());
        assertFalse(cause.getMessage().contains("was not written"), cause.getMessage());
        assertTrue(cause.getMessage().contains("Expiring 1 record(s)"), cause.getMessage());
    }

    @Test
    void shouldClassifyAnOversizeRecordAsNotRetriable() {
        CompletableFuture<PublishResult> future = publisher.publish(report("big"));
        producer.errorNext(new RecordTooLargeException("too large"));
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        PublishException cause = (PublishException) e.getCause();
        assertEquals(PublishException.Reason.TOO_LARGE, cause.reason());
        assertFalse(cause.retriable());
    }

    @Test
    void shouldFailFastAfterAMetadataTimeout() {
        producer.sendException = new TimeoutException("Topic not present in metadata after 5000 ms");
        PublishException first = assertThrows(PublishException.class,
                () -> publisher.publishAndWait(report("one"), Duration.ofSeconds(1)));
        assertEquals(PublishException.Reason.UNAVAILABLE, first.reason());
        // never handed to the broker: here "not written" is certain
        assertTrue(first.getMessage().contains("was not written"), first.getMessage());
        producer.sendException = null;
        PublishException second = assertThrows(PublishException.class,
                () -> publisher.publishAndWait(report("two"), Duration.ofSeconds(1)));
        assertTrue(second.getMessage().contains("moments ago"), second.getMessage());
        assertTrue(producer.history().isEmpty(), "the second report must not reach the producer");
    }

    @Test
    void shouldRefuseReportsBeyondTheInFlightCap() throws Exception {
        publisher.publish(report("a"));
        publisher.publish(report("b"));
        CompletableFuture<PublishResult> third = publisher.publish(report("c"));
        ExecutionException e = assertThrows(ExecutionException.class, third::get);
        assertEquals(PublishException.Reason.OVERLOADED, ((PublishException) e.getCause()).reason());
        producer.completeNext();
        CompletableFuture<PublishResult> fourth = publisher.publish(report("d"));
        assertFalse(fourth.isCompletedExceptionally(), "a slot must be free again after an acknowledgement");
    }

    @Test
    void shouldRefuseReportsBeyondTheInFlightByteBudget() throws Exception {
        CompletableFuture<PublishResult> big = publisher.publish(report("x".repeat(3 * 1024)));
        CompletableFuture<PublishResult> tooMuch = publisher.publish(report("y".repeat(2 * 1024)));
        ExecutionException e = assertThrows(ExecutionException.class, tooMuch::get);
        assertEquals(PublishException.Reason.OVERLOADED, ((PublishException) e.getCause()).reason());
        producer.completeNext();
        big.get();
        assertFalse(publisher.publish(report("y".repeat(2 * 1024))).isCompletedExceptionally());
    }

    @Test
    void shouldConfigureAnIdempotentBoundedProducer() {
        ClientSettings kafka = new ClientSettings(Map.of("bootstrap.servers", "localhost:9092",
                "security.protocol", "SSL"));
        PublishSettings publish = new PublishSettings("ingest-service", Duration.ofSeconds(30),
                Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofSeconds(1), Map.of());
        Map<String, Object> config = KafkaReportPublisher.producerConfig(kafka, publish);
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(30_000, config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals(5_000L, config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals("SSL", config.get("security.protocol"));
        assertNull(config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    @Test
    void shouldRefuseAnOverrideThatWouldWeakenDurability() {
        ClientSettings kafka = ClientSettings.forBootstrap("localhost:9092");
        PublishSettings publish = new PublishSettings("ingest-service", Duration.ofSeconds(30),
                Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofSeconds(1),
                Map.of("acks", "1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaReportPublisher.producerConfig(kafka, publish));
        assertTrue(e.getMessage().contains("acks=all"), e.getMessage());
    }
}
