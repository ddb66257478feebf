package io.watchfloor.store.domain.trace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The ports {@link ReportTracer} reads: the report database and the pipeline's topics. */
public final class TraceSources {

    private TraceSources() {
    }

    /** The stored row of a report (implemented in {@code db}). */
    public interface StoredRows {
        Optional<ReportTrace.StoredRow> find(String id) throws TraceUnavailableException;
    }

    /** The topics, searched by report id (implemented in {@code kafka}). */
    public interface Topics {
        /** Records keyed {@code id} in the raw topic, searched from {@code from} (null = as far back as kept). */
        List<ReportTrace.TopicRecord> raw(String id, Instant from) throws TraceUnavailableException;

        /** Records keyed {@code id} in the enriched topic, from {@code from}. */
        List<ReportTrace.TopicRecord> enriched(String id, Instant from) throws TraceUnavailableException;

        /** Dead letters keyed {@code id} in the dead-letter topics. */
        List<ReportTrace.DeadLetterRecord> deadLetters(String id) throws TraceUnavailableException;

        /** Alerts whose subject is report {@code id}, from {@code from}. */
        List<ReportTrace.AlertRecord> alerts(String id, Instant from) throws TraceUnavailableException;
    }

    /** A source could not be read (Kafka or PostgreSQL down); the message says which and what to do. */
    public static final class TraceUnavailableException extends Exception {
        public TraceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
