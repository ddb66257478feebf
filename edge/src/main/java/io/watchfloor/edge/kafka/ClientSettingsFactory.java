package io.watchfloor.edge.kafka;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** {@link ClientSettings} from Micronaut's {@code kafka.*} settings (bootstrap servers, security). */
@Factory
public class ClientSettingsFactory {

    @Singleton
    ClientSettings clientSettings(KafkaDefaultConfiguration defaults) {
        return ClientSettings.of(defaults.getConfig());
    }
}
