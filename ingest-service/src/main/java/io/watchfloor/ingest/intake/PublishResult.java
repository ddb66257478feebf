package io.watchfloor.ingest.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the broker acknowledged a report: topic, partition, offset and the record timestamp, with what the client
 * should know about what was kept (e.g. the text was cut at the size limit).
 */
public record PublishResult(String id, String topic, int partition, long offset, Instant timestamp,
                            List<String> warnings) {

    public PublishResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public PublishResult(String id, String topic, int partition, long offset, Instant timestamp) {
        this(id, topic, partition, offset, timestamp, List.of());
    }

    /** This result with one more warning. */
    public PublishResult withWarning(String warning) {
        List<String> all = new ArrayList<>(warnings);
        all.add(warning);
        return new PublishResult(id, topic, partition, offset, timestamp, all);
    }
}
