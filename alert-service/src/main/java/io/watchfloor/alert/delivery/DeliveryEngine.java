package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.DeliveryAttempt;
import io.watchfloor.alert.domain.delivery.DeliveryJob;
import io.watchfloor.alert.domain.delivery.DeliveryQueue;
import io.watchfloor.alert.domain.delivery.DeliveryStep;
import io.watchfloor.alert.domain.delivery.DigestWindow;
import io.watchfloor.alert.domain.delivery.PendingDelivery;
import io.watchfloor.alert.domain.delivery.RetryPolicy;
import io.watchfloor.alert.domain.delivery.SendResult;
import io.watchfloor.alert.domain.delivery.WebhookSignature;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.Webhook;
import io.watchfloor.alert.subscriptions.SubscriptionDirectory;
import io.watchfloor.edge.logging.LogContext;
import io.watchfloor.schemas.Topics;
import io.watchfloor.schemas.avro.AlertEvent;
import io.watchfloor.schemas.serde.AvroSerde;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due deliveries on a bounded worker pool and records each outcome in a crash-safe order (attempt and dead
 * letters, 410 disable, then reschedule or tombstone); a digest's id is sealed before its first attempt. A failed
 * write re-runs the job later: at least once, always with the same webhook-id.
 */
final class DeliveryEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

    /** Stops deliveries to a subscription's webhook (SubscriptionService::disableWebhook). */
    @FunctionalInterface
    interface WebhookDisabler {
        void disable(String subscriptionId, String reason) throws Exception;
    }

    /** How many jobs run at once, per endpoint, and how long a job waits after its outcome could not be written. */
    record Limits(int workers, int laneConcurrency, Duration writeRetryDelay) {
    }

    private final DeliveryQueue queue = new DeliveryQueue();
    private final SubscriptionDirectory subscriptions;
    private final WebhookSender sender;
    private final DeliveryWrites writes;
    private final WebhookDisabler disabler;
    private final AvroSerde<AlertEvent> alerts;
    private final RetryPolicy policy;
    private final Limits limits;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<DeliveryAttempt.Result, AtomicLong> outcomes = new EnumMap<>(
            DeliveryAttempt.Result.class);

    DeliveryEngine(SubscriptionDirectory subscriptions, WebhookSender sender, DeliveryWrites writes,
                   WebhookDisabler disabler, AvroSerde<AlertEvent> alerts, RetryPolicy policy, Limits limits,
                   Clock clock, ExecutorService workers) {
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.writes = writes;
        this.disabler = disabler;
        this.alerts = alerts;
        this.policy = policy;
        this.limits = limits;
        this.clock = clock;
        this.workers = workers;
        for (DeliveryAttempt.Result r : DeliveryAttempt.Result.values()) {
            outcomes.put(r, new AtomicLong());
        }
    }

    /** A record read from the deliveries log ({@code delivery} null: tombstone). */
    synchronized void apply(int partition, long offset, String key, PendingDelivery delivery) {
        queue.apply(partition, offset, key, delivery);
        notifyAll();
    }

    /** The partition was read to its end: its deliveries may run. */
    synchronized void ready(int partition) {
        queue.ready(partition);
    }

    /** Waits (up to {@code wait}) for the partitions' jobs in flight to finish, then forgets them. */
    synchronized void revoke(Collection<Integer> partitions, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (queue.busy(partitions) && System.nanoTime() < deadline) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        partitions.forEach(queue::drop);
    }

    /** Starts every due job that has a free worker and lane; nothing before the subscriptions are loaded. */
    void dispatch() {
        if (!subscriptions.loaded()) {
            return;
        }
        List<DeliveryQueue.Dispatch> due;
        synchronized (this) {
            due = queue.take(clock.instant(), this::laneOf, limits.laneConcurrency(), limits.workers());
        }
        for (DeliveryQueue.Dispatch d : due) {
            workers.execute(() -> run(d));
        }
    }

    synchronized int pending() {
        return queue.size();
    }

    synchronized int inFlight() {
        return queue.inFlight();
    }

    /** Jobs that ended an attempt with {@code result} since start (recorded or not). */
    long count(DeliveryAttempt.Result result) {
        return outcomes.get(result).get();
    }

    void run(DeliveryQueue.Dispatch dispatch) {
        DeliveryJob job = dispatch.job();
        // a single alert's delivery also gets its report id once the alert is decoded (see body)
        try (LogContext.Scope log = LogContext.scope().and(LogContext.SUBSCRIPTION_ID, job.subscriptionId())
                .and(LogContext.ALERT_ID, job.members().size() == 1 ? job.members().get(0).alertId() : null)) {
            run(dispatch, log);
        }
    }

    private void run(DeliveryQueue.Dispatch dispatch, LogContext.Scope log) {
        Map<String, Long> written;
        try {
            written = attempt(dispatch, log);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Delivery {} of subscription {} not recorded ({}); it runs again in {} ms",
                    dispatch.job().webhookId() == null ? dispatch.job().alertIds() : dispatch.job().webhookId(),
                    dispatch.job().subscriptionId(), e.toString(), limits.writeRetryDelay().toMillis());
            synchronized (this) {
                queue.release(dispatch, clock.instant().plus(limits.writeRetryDelay()));
                notifyAll();
            }
            return;
        }
        synchronized (this) {
            queue.complete(dispatch, written);
            notifyAll();
        }
    }

    private Map<String, Long> attempt(DeliveryQueue.Dispatch dispatch, LogContext.Scope log) throws Exception {
        DeliveryJob job = dispatch.job();
        Optional<Subscription> subscription = subscriptions.get(job.subscriptionId());
        Webhook webhook = subscription.map(Subscription::webhook).orElse(null);
        if (webhook == null || webhook.disabled()) {
            String why = subscription.isEmpty() ? "subscription deleted" : webhook == null ? "subscription has no "
                    + "webhook" : "webhook disabled: " + webhook.disabledReason();
            LOG.debug("Dropping delivery of {} for {}: {}", job.alertIds(), job.subscriptionId(), why);
            return record(dispatch.partition(), DeliveryStep.skipped(job, why, clock.instant()));
        }
        if (!job.sealed()) {
            job = job.seal();
            writes.update(dispatch.partition(), job.members(), List.of());
        }
        URI url = uri(webhook.url());
        SendResult result;
        try {
            if (url == null) {
                throw new TargetRefusedException("unusable webhook URL");
            }
            byte[] body = body(job, subscription.get(), log);
            Map<String, String> headers = new WebhookSignature(webhook.secret()).headers(job.webhookId(),
                    clock.instant(), body);
            result = sender.send(url, headers, body);
        } catch (SerializationException | IllegalArgumentException | TargetRefusedException e) {
            // a corrupt alert, a bad secret or URL: no attempt can succeed, so it fails (and is dead-lettered)
            result = SendResult.failure(new IllegalStateException(e.getMessage(), e), Duration.ZERO);
        }
        DeliveryStep step = DeliveryStep.after(job, result, endpoint(url), clock.instant(), policy);
        LOG.debug("Delivery {} attempt {} to {}: {}", job.webhookId(), step.attempt().attempt(),
                step.attempt().endpoint(), step.attempt().result());
        if (step.attempt().result() != DeliveryAttempt.Result.DELIVERED
                && step.attempt().result() != DeliveryAttempt.Result.RETRY) {
            LOG.info("Delivery {} of subscription {} ended {} after attempt {}: {}", job.webhookId(),
                    job.subscriptionId(), step.attempt().result(), step.attempt().attempt(), step.attempt().error());
        }
        return record(dispatch.partition(), step);
    }

    /** Writes a step in its safe order; returns the offsets of the pending records' rewrites and tombstones. */
    private Map<String, Long> record(int partition, DeliveryStep step) throws Exception {
        outcomes.get(step.attempt().result()).incrementAndGet();
        writes.attempt(step.attempt());
        if (!step.deadLetters().isEmpty()) {
            writes.deadLetter(step.deadLetters(), step.deadLetterReason());
        }
        if (step.disablesWebhook()) {
            disabler.disable(step.attempt().subscriptionId(), step.disableReason());
        }
        return writes.update(partition, step.reschedule(), step.tombstones());
    }

    private byte[] body(DeliveryJob job, Subscription subscription, LogContext.Scope log) {
        List<AlertEvent> events = job.members().stream()
                .map(m -> alerts.deserialize(Topics.ALERTS, m.alert()))
                .sorted(Comparator.comparing(AlertEvent::getCreatedAt).thenComparing(AlertEvent::getAlertId))
                .toList();
        if (job.kind() == DeliveryJob.Kind.DIGEST) {
            Duration length = subscription.digest() != null ? subscription.digest() : Duration.ofHours(1);
            DigestWindow window = new DigestWindow(job.digestWindowStart(), job.digestWindowStart().plus(length));
            return AlertJson.bytes(AlertJson.digest(subscription.id(), subscription.name(), window, events));
        }
        log.and(LogContext.REPORT_ID, events.get(0).getReportId());
        return AlertJson.bytes(AlertJson.message(events.get(0)));
    }

    /** The lane of a subscription: its webhook's host:port, or null (no cap) when nothing will be sent. */
    private String laneOf(String subscriptionId) {
        Webhook webhook = subscriptions.get(subscriptionId).map(Subscription::webhook).orElse(null);
        if (webhook == null || webhook.disabled()) {
            return null;
        }
        URI url = uri(webhook.url());
        return url == null ? null : lane(url);
    }

    private static URI uri(String url) {
        try {
            return url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String lane(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return (url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    /** scheme://host:port/path, without the query (which may carry a token). */
    static String endpoint(URI url) {
        if (url == null) {
            return null;
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return (url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT)) + "://" + lane(url) + path;
    }

    /** When the next job is due (for the loop's poll timeout), or null. */
    synchronized Instant nextDue() {
        return queue.nextDue();
    }
}
