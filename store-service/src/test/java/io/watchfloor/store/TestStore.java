package io.watchfloor.store;

import io.watchfloor.store.domain.DatabaseUnavailableException;
import io.watchfloor.store.domain.ReportWriter;
import io.watchfloor.store.domain.StoredReport;
import io.watchfloor.testsupport.PostgresExtension;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes reports straight through the store's write port, for tests of the read side (the Kafka path has its
 * own tests), and the settings of a store without a broker: the consumer stays off.
 */
@Singleton
public class TestStore {
    private static final AtomicLong OFFSETS = new AtomicLong(1_000_000);
    private final ReportWriter writer;

    public TestStore(ReportWriter writer) {
        this.writer = writer;
    }

    public void write(List<StoredReport> reports) throws DatabaseUnavailableException {
        writer.write(reports.stream().map(r -> new ReportWriter.Positioned(r, 0, OFFSETS.incrementAndGet()))
                .toList());
    }

    /** Embedded PostgreSQL, no consumer (so no broker), a mock registry. */
    public static Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("datasources.default.url", PostgresExtension.jdbcUrl());
        p.put("datasources.default.username", PostgresExtension.user());
        p.put("datasources.default.password", PostgresExtension.password());
        p.put("watchfloor.store.consumer-enabled", "false");
        p.put("kafka.bootstrap.servers", "127.0.0.1:9");
        p.put("watchfloor.schema-registry.url", "mock://analyst-view");
        // the dead-letter producer has no broker to reach here
        p.put("logger.levels.org.apache.kafka", "ERROR");
        return p;
    }

    /** The report published (and ingested a minute later) at the given time. */
    public static StoredReport published(StoredReport r, Instant at) {
        return new StoredReport(r.id(), r.revision(), r.title(), r.text(), r.source(), r.canonicalUrl(),
                r.contentType(), r.language(), at, at.plusSeconds(60), r.contentHash(), r.duplicateOf(),
                r.attributes(), r.entities(), r.groups(), r.events(), r.topics(),
                new StoredReport.Metadata(r.metadata().catalogVersion(), r.metadata().enricherVersion(),
                        at.plusSeconds(70), r.metadata().producers(), r.metadata().warnings()));
    }
}
