package io.watchfloor.edge.streams;

import io.micronaut.configuration.kafka.streams.event.BeforeKafkaStreamStart;
import io.micronaut.context.event.ApplicationEventListener;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams uncaught-exception handler of a micronaut-kafka-streams app (installed on every KafkaStreams before
 * it starts): a failed stream thread is replaced and resumes from the last committed transaction (nothing is lost
 * or written twice), and the failure is logged and counted in {@link StreamProgress}, which turns /health DOWN
 * when the threads keep failing. Not a bean by itself: a service makes one in its own factory (edge is also used
 * by services without Streams).
 */
public class StreamThreadFailures implements ApplicationEventListener<BeforeKafkaStreamStart>,
        StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final StreamProgress progress;
    private final String check;

    /** {@code check}: what to look at when it repeats, for the log line. */
    public StreamThreadFailures(StreamProgress progress, String check) {
        this.progress = progress;
        this.check = check;
    }

    @Override
    public void onApplicationEvent(BeforeKafkaStreamStart event) {
        event.getKafkaStreams().setUncaughtExceptionHandler(this);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        progress.threadFailed(exception);
        LOG.error("A stream thread failed and is replaced; it resumes from the last committed transaction. If this "
                + "repeats, {} (see /health)", check, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
