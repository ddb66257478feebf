package io.watchfloor.ingest.drop;

import io.watchfloor.ingest.kafka.ReportToRawAvro;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.annotation.MockBean;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.kafka.KafkaReportPublisher;
import io.watchfloor.schemas.avro.RawReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With {@code watchfloor.drop.dir} set, the service picks dropped files up by itself. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DropDirectoryWatcherTest implements TestPropertyProvider {
    private static final List<RawReport> PUBLISHED = new CopyOnWriteArrayList<>();
    private Path dir;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("drop-watch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("watchfloor.drop.dir", dir.toString(), "watchfloor.drop.settle", "0s",
                "watchfloor.drop.scan-interval", "100ms",
                "watchfloor.schema-registry.url", "mock://drop-watcher-test");
    }

    @MockBean(KafkaReportPublisher.class)
    ReportPublisher publisher() {
        return domain -> {
            RawReport report = ReportToRawAvro.map(domain);
            PUBLISHED.add(report);
            return CompletableFuture.completedFuture(new PublishResult(report.getId(), "t", 0, 0,
                    report.getIngestedAt()));
        };
    }

    @Test
    void shouldIngestADroppedFileAndMoveItToProcessed() throws Exception {
        Path partial = Files.writeString(dir.resolve(".incoming.txt"), "Lock gates closed\n\nThe canal lock is shut.");
        Files.move(partial, dir.resolve("lock.txt"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("processed/lock.txt")));
        assertEquals(1, PUBLISHED.size());
        assertEquals("Lock gates closed", PUBLISHED.get(0).getTitle());
        assertEquals("lock.txt", PUBLISHED.get(0).getSource().getName());
    }
}
