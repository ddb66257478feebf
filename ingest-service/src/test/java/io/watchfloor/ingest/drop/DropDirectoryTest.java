package io.watchfloor.ingest.drop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.watchfloor.ingest.domain.Report;
import io.watchfloor.ingest.domain.ReportFactory;
import io.watchfloor.ingest.domain.ReportLimits;
import io.watchfloor.ingest.intake.PublishException;
import io.watchfloor.ingest.intake.PublishResult;
import io.watchfloor.ingest.intake.ReportIngestor;
import io.watchfloor.ingest.intake.ReportPublisher;
import io.watchfloor.ingest.kafka.ReportToRawAvro;
import io.watchfloor.schemas.avro.RawReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drop directory: each file type, where files go, and that nothing moves while Kafka is away. */
class DropDirectoryTest {
    private static final Instant NOW = Instant.parse("2026-11-26T19:00:00Z");

    @TempDir
    Path dir;

    private final List<RawReport> published = new CopyOnWriteArrayList<>();
    private volatile PublishException failure;
    private final ReportPublisher publisher = new ReportPublisher() {
        @Override
        public CompletableFuture<PublishResult> publish(Report domain) {
            RawReport report = ReportToRawAvro.map(domain);
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            published.add(report);
            return CompletableFuture.completedFuture(new PublishResult(report.getId(), "t", 0, 0, NOW));
        }
    };

    private DropDirectory directory() throws IOException {
        ReportIngestor ingestor = new ReportIngestor(new ReportFactory(ReportLimits.DEFAULTS, Clock.systemUTC()),
                publisher, Duration.ofSeconds(5), 500, new SimpleMeterRegistry());
        return new DropDirectory(dir, new DropFileIngestor(ingestor, 1024 * 1024, 500), Duration.ofSeconds(1),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Path drop(String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minusSeconds(10)));
        return file;
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = DropDirectoryTest.class.getResourceAsStream("/samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldIngestEachFileTypeAndMoveItToProcessed() throws Exception {
        DropDirectory directory = directory();
        drop("note.txt", "Ferry delays\n\nThe ferry operator reported delays after a ticketing outage.");
        drop("page.html", "<html><title>Harbour page</title><body><p>Cranes stopped.</p><nav>menu</nav></body></html>");
        drop("report.json", sample("report.json"));
        drop("batch.jsonl", "{\"text\": \"line one\"}\n{\"text\": \"line two\"}\n");
        drop("bundle.json", sample("intel/stix-bundle.json"));
        drop("event.json", sample("intel/misp-event.json"));

        assertEquals(6, directory.scan());

        assertEquals(8, published.size());
        RawReport text = published.stream().filter(r -> "note.txt".equals(r.getSource().getName())).findFirst()
                .orElseThrow();
        assertEquals("file", text.getSource().getKind());
        assertEquals("Ferry delays", text.getTitle());
        RawReport html = published.stream().filter(r -> "page.html".equals(r.getSource().getName())).findFirst()
                .orElseThrow();
        assertEquals("Cranes stopped.", html.getText());
        assertEquals(2, published.stream().filter(r -> "stix".equals(r.getSource().getKind())).count());
        assertEquals(1, published.stream().filter(r -> "misp".equals(r.getSource().getKind())).count());
        for (String name : List.of("note.txt", "page.html", "report.json", "batch.jsonl", "bundle.json",
                "event.json")) {
            assertTrue(Files.exists(dir.resolve("processed").resolve(name)), name);
            assertFalse(Files.exists(dir.resolve(name)), name);
        }
    }

    @Test
    void shouldMoveInvalidFilesToFailedWithTheReasonBesideThem() throws Exception {
        DropDirectory directory = directory();
        drop("broken.json", "{\"text\": ");
        drop("partly.jsonl", "{\"text\": \"fine\"}\n{\"title\": \"no text\"}\n");
        drop("picture.png", "not really a png");

        assertEquals(3, directory.scan());

        Path failed = dir.resolve("failed");
        assertTrue(Files.readString(failed.resolve("broken.json.error.txt")).contains("not valid JSON"));
        String partly = Files.readString(failed.resolve("partly.jsonl.error.txt"));
        assertTrue(partly.contains("item 1: [text]"), partly);
        assertTrue(partly.contains("1 other report(s) of this file were written"), partly);
        assertTrue(Files.readString(failed.resolve("picture.png.error.txt")).contains("Unsupported file type"));
        assertEquals(1, published.size());
    }

    @Test
    void shouldLeaveFilesInPlaceWhileKafkaIsUnavailableAndTakeThemLater() throws Exception {
        DropDirectory directory = directory();
        drop("wait.txt", "Waiting for Kafka");
        failure = new PublishException(PublishException.Reason.UNAVAILABLE, "Kafka is unavailable", null);
        assertEquals(0, directory.scan());
        assertTrue(Files.exists(dir.resolve("wait.txt")));
        failure = null;
        assertEquals(1, directory.scan());
        assertTrue(Files.exists(dir.resolve("processed/wait.txt")));
        assertEquals(1, published.size());
    }

    @Test
    void shouldSkipFilesStillBeingWrittenAndHiddenFiles() throws Exception {
        DropDirectory directory = directory();
        Path fresh = Files.writeString(dir.resolve("fresh.txt"), "just written");
        Files.setLastModifiedTime(fresh, FileTime.from(NOW));
        drop(".partial.txt", "hidden while being written");
        assertEquals(0, directory.scan());
        assertTrue(published.isEmpty());
    }

    @Test
    void shouldRefuseFilesOverTheSizeCap() throws Exception {
        DropDirectory directory = directory();
        drop("huge.txt", "x".repeat(1024 * 1024 + 1));
        assertEquals(1, directory.scan());
        assertTrue(Files.readString(dir.resolve("failed/huge.txt.error.txt")).contains("larger than"));
        assertTrue(published.isEmpty());
    }
}
