package io.watchfloor.alert.delivery;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.config.DeliverySettings;
import io.watchfloor.edge.net.AddressPolicy;
import io.watchfloor.edge.net.HostResolver;
import jakarta.inject.Singleton;

/** The webhook sender: the shared SSRF guard with the webhooks allowlist, and the configured timeouts. */
@Factory
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
class DeliveryFactory {

    @Singleton
    @Bean(preDestroy = "close")
    HttpWebhookSender webhookSender(DeliverySettings settings) {
        AddressPolicy policy = new AddressPolicy(settings.allowlist(), HostResolver.system(),
                "watchfloor.alert.delivery.allowlist (WATCHFLOOR_WEBHOOKS_ALLOWLIST)");
        return new HttpWebhookSender(policy, settings.connectTimeout(), settings.requestTimeout());
    }
}
