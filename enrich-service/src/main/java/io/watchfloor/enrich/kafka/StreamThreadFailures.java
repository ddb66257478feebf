package io.watchfloor.enrich.kafka;

import io.micronaut.configuration.kafka.streams.event.BeforeKafkaStreamStart;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams uncaught-exception handler: a failed stream thread is replaced and resumes from the last committed
 * transaction (nothing is lost or written twice), and the failure is logged and counted in {@link StreamProgress},
 * which turns /health DOWN when the threads keep failing.
 */
@Singleton
public class StreamThreadFailures implements ApplicationEventListener<BeforeKafkaStreamStart>,
        StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final StreamProgress progress;

    public StreamThreadFailures(StreamProgress progress) {
        this.progress = progress;
    }

    @Override
    public void onApplicationEvent(BeforeKafkaStreamStart event) {
        event.getKafkaStreams().setUncaughtExceptionHandler(this);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        progress.threadFailed(exception);
        LOG.error("A stream thread failed and is replaced; it resumes from the last committed transaction. If this "
                + "repeats, check the schema registry, the dead-letter topic and the broker (see /health)", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
