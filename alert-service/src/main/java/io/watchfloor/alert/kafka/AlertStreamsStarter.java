package io.watchfloor.alert.kafka;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
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

    public AlertStreamsStarter(KafkaStreams streams, SubscriptionDirectory subscriptions) {
        this.streams = streams;
        this.subscriptions = subscriptions;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Thread starter = new Thread(() -> {
            try {
                while (!subscriptions.loaded()) {
                    Thread.sleep(100);
                }
                streams.setStateListener((now, before) -> LOG.info("Alert streams {} -> {}", before, now));
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
