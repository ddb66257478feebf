package io.watchfloor.alert.kafka;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.edge.streams.StreamThreadFailures;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the matching topology only once every subscription was read, so no report is matched against a
 * half-loaded index (application.yml sets {@code start-kafka-streams: false} for the default stream).
 */
@Singleton
public class AlertStreamsStarter implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertStreamsStarter.class);
    private final KafkaStreams streams;
    private final SubscriptionDirectory subscriptions;
    private final StreamThreadFailures failures;

    public AlertStreamsStarter(KafkaStreams streams, SubscriptionDirectory subscriptions,
                               StreamThreadFailures failures) {
        this.streams = streams;
        this.subscriptions = subscriptions;
        this.failures = failures;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Thread starter = new Thread(() -> {
            try {
                while (!subscriptions.loaded()) {
                    Thread.sleep(100);
                }
                streams.setStateListener((now, before) -> LOG.info("Alert streams {} -> {}", before, now));
                // a failed stream thread is replaced and counted: /health's alertProgress DOWN while they keep failing
                streams.setUncaughtExceptionHandler(failures);
                streams.start();
                LOG.info("Matching started with {} subscription(s)", subscriptions.all().size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException e) {
                LOG.debug("Alert streams not started: {}", e.getMessage());
            }
        }, "alert-streams-starter");
        starter.setDaemon(true);
        starter.start();
    }
}
