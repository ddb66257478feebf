package io.watchfloor.ingest.drop;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.watchfloor.ingest.config.DropProperties;
import io.watchfloor.ingest.config.IngestProperties;
import io.watchfloor.ingest.intake.ReportIngestor;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scans {@code watchfloor.drop.dir} on one background thread when it is set (off by default). */
@Singleton
public class DropDirectoryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DropDirectoryWatcher.class);

    private final DropProperties properties;
    private final ReportIngestor ingestor;
    private final IngestProperties ingest;
    private ScheduledExecutorService scanner;

    public DropDirectoryWatcher(DropProperties properties, ReportIngestor ingestor, IngestProperties ingest) {
        this.properties = properties;
        this.ingestor = ingestor;
        this.ingest = ingest;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!properties.enabled()) {
            return;
        }
        DropDirectory directory;
        try {
            directory = new DropDirectory(Path.of(properties.dir()).toAbsolutePath(),
                    new DropFileIngestor(ingestor, properties.maxFileBytes(), ingest.maxBatchItems()),
                    properties.settle(), Clock.systemUTC());
        } catch (IOException e) {
            LOG.error("drop directory {} cannot be used (create it, or fix its permissions): {}", properties.dir(),
                    e.toString());
            return;
        }
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drop-directory");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, properties.scanInterval().toMillis());
        scanner.scheduleWithFixedDelay(() -> {
            try {
                directory.scan();
            } catch (IOException | RuntimeException e) {
                LOG.warn("scan of drop directory {} failed: {}", directory.dir(), e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        LOG.info("watching drop directory {} every {} ms", directory.dir(), every);
    }

    @PreDestroy
    void stop() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }
}
