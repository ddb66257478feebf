package io.watchfloor.ingest.drop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scan of the drop directory: every settled regular file is ingested, then moved to {@code processed/}, or to
 * {@code failed/} with {@code <name>.error.txt} beside it; files are left in place when Kafka is unavailable.
 */
public final class DropDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DropDirectory.class);

    private final Path dir;
    private final Path processed;
    private final Path failed;
    private final DropFileIngestor ingestor;
    private final Duration settle;
    private final Clock clock;

    public DropDirectory(Path dir, DropFileIngestor ingestor, Duration settle, Clock clock) throws IOException {
        this.dir = dir;
        this.processed = dir.resolve("processed");
        this.failed = dir.resolve("failed");
        this.ingestor = ingestor;
        this.settle = settle;
        this.clock = clock;
        Files.createDirectories(processed);
        Files.createDirectories(failed);
    }

    public Path dir() {
        return dir;
    }

    /** Ingests every settled file once; returns how many files were moved. */
    public int scan() throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        int moved = 0;
        Instant settledBefore = clock.instant().minus(settle);
        for (Path file : files) {
            if (Files.getLastModifiedTime(file).toInstant().isAfter(settledBefore)) {
                continue; // may still be being written; taken on a later scan
            }
            DropFileIngestor.Outcome outcome;
            try {
                outcome = ingestor.ingest(file);
            } catch (IOException | RuntimeException e) {
                LOG.warn("dropped file {} could not be read: {}", file, e.toString());
                outcome = new DropFileIngestor.Outcome(DropFileIngestor.Status.FAILED, 0,
                        List.of("Could not read the file: " + e));
            }
            switch (outcome.status()) {
                case DONE -> {
                    move(file, processed);
                    LOG.info("dropped file {}: {} reports written", file.getFileName(), outcome.accepted());
                    moved++;
                }
                case FAILED -> {
                    Path target = move(file, failed);
                    Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"),
                            String.join("\n", outcome.errors()) + "\n"
                                    + (outcome.accepted() > 0 ? outcome.accepted()
                                    + " other report(s) of this file were written; resending it is safe.\n" : ""),
                            StandardCharsets.UTF_8);
                    LOG.warn("dropped file {} failed: {}", file.getFileName(), outcome.errors());
                    moved++;
                }
                case RETRY -> LOG.warn("dropped file {} left in place, Kafka unavailable: {}", file.getFileName(),
                        outcome.errors());
            }
        }
        return moved;
    }

    private Path move(Path file, Path into) throws IOException {
        Path target = into.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = into.resolve(clock.millis() + "-" + file.getFileName());
        }
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
