package io.watchfloor.alert.delivery;

import io.micronaut.context.annotation.Requires;
import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.DeliveryJob;
import io.watchfloor.alert.domain.delivery.DeliveryOutcome;
import io.watchfloor.alert.domain.delivery.SendResult;
import io.watchfloor.alert.domain.delivery.WebhookSignature;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.Webhook;
import io.watchfloor.alert.subscriptions.WebhookTester;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /subscriptions/{id}/test}: one signed {@code alert.test} event, sent now through the same sender
 * (SSRF guard, timeout, no redirects) with a fresh webhook-id, never retried; the attempt goes to the delivery
 * log too. A 410 here does not disable the webhook: only real deliveries do.
 */
@Singleton
@Requires(property = "watchfloor.alert.delivery.enabled", notEquals = "false")
final class TestEvents implements WebhookTester {
    private static final Logger LOG = LoggerFactory.getLogger(TestEvents.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookSender sender;
    private final DeliveryWrites writes;
    private final Clock clock = Clock.systemUTC();

    TestEvents(WebhookSender sender, KafkaDeliveryWrites writes) {
        this.sender = sender;
        this.writes = writes;
    }

    @Override
    public DeliveryAttempt sendTest(Subscription subscription) {
        Webhook webhook = subscription.webhook();
        if (webhook == null) {
            throw new IllegalArgumentException("subscription " + subscription.id() + " has no webhook");
        }
        byte[] id = new byte[10];
        RANDOM.nextBytes(id);
        String webhookId = "test-" + HexFormat.of().formatHex(id);
        Instant now = clock.instant();
        byte[] body = AlertJson.bytes(AlertJson.test(subscription, now));
        URI url;
        SendResult result;
        try {
            url = URI.create(webhook.url());
            result = sender.send(url, new WebhookSignature(webhook.secret()).headers(webhookId, now, body), body);
        } catch (IllegalArgumentException e) {
            url = null;
            result = SendResult.failure(new IllegalStateException(e.getMessage(), e), Duration.ZERO);
        }
        boolean ok = DeliveryOutcome.classify(result.status(), result.error()) == DeliveryOutcome.SUCCESS;
        DeliveryAttempt attempt = new DeliveryAttempt(subscription.id(), webhookId, DeliveryJob.Kind.TEST, List.of(),
                1, now, DeliveryEngine.endpoint(url), result.status() == 0 ? null : result.status(),
                result.latency().toMillis(), ok ? DeliveryAttempt.Result.DELIVERED : DeliveryAttempt.Result.FAILED,
                ok ? null : result.describe(), null);
        try {
            writes.attempt(attempt);
        } catch (DeliveryWrites.WriteFailedException e) {
            LOG.warn("Test event {} of subscription {} sent but not logged: {}", webhookId, subscription.id(),
                    e.getMessage());
        }
        return attempt;
    }
}
