package io.watchfloor.alert.subscriptions;

import io.watchfloor.alert.domain.matching.AlertReport;
import io.watchfloor.alert.domain.matching.Match;
import io.watchfloor.alert.domain.matching.SubscriptionIndex;
import io.watchfloor.alert.domain.subscription.FieldError;
import io.watchfloor.alert.domain.subscription.FilterValidator;
import io.watchfloor.alert.domain.subscription.GroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.alert.domain.subscription.Webhook;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The subscription use cases the HTTP API (and the delivery room) call: validate and save, update, delete,
 * disable a webhook, and preview what a filter would have fired on among recently stored reports.
 */
public final class SubscriptionService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionDirectory directory;
    private final SubscriptionStore store;
    private final GroupDirectory groups;
    private final FilterValidator validator;
    private final StoredReports reports;
    private final Clock clock;

    public SubscriptionService(SubscriptionDirectory directory, SubscriptionStore store, GroupDirectory groups,
                               StoredReports reports, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.groups = groups;
        this.validator = new FilterValidator(groups);
        this.reports = reports;
        this.clock = clock;
    }

    /** What a subscription should be, as a client sends it (webhook and digest optional). */
    public record Draft(String name, SubscriptionFilter filter, Webhook webhook, Duration digest) {
    }

    /** A draft that did not validate: every field error, each naming its field. */
    public static final class InvalidSubscriptionException extends Exception {
        private final List<FieldError> errors;

        public InvalidSubscriptionException(List<FieldError> errors) {
            super(errors.size() + " invalid field(s): " + errors);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    public Optional<Subscription> get(String id) {
        return directory.get(id);
    }

    public List<Subscription> all() {
        return directory.all();
    }

    /** Validates and saves a new subscription under a fresh id. */
    public Subscription create(Draft draft) throws InvalidSubscriptionException,
            SubscriptionStore.StoreUnavailableException {
        var now = clock.instant();
        Subscription subscription = new Subscription(newId(), draft.name(), draft.filter(), draft.webhook(),
                draft.digest(), now, now);
        validate(subscription);
        store.save(subscription);
        return subscription;
    }

    /**
     * Replaces a subscription's name, filter, webhook and digest. A webhook sent without a secret keeps the stored
     * secret (clients never see it, so they cannot send it back).
     */
    public Optional<Subscription> update(String id, Draft draft) throws InvalidSubscriptionException,
            SubscriptionStore.StoreUnavailableException {
        Optional<Subscription> existing = directory.get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Webhook webhook = draft.webhook();
        Webhook old = existing.get().webhook();
        if (webhook != null && (webhook.secret() == null || webhook.secret().isBlank()) && old != null) {
            webhook = new Webhook(webhook.url(), old.secret(), false, null);
        }
        Subscription updated = new Subscription(id, draft.name(), draft.filter(), webhook, draft.digest(),
                existing.get().createdAt(), clock.instant());
        validate(updated);
        store.save(updated);
        return Optional.of(updated);
    }

    public boolean delete(String id) throws SubscriptionStore.StoreUnavailableException {
        if (directory.get(id).isEmpty()) {
            return false;
        }
        store.delete(id);
        return true;
    }

    /** Stops deliveries to a subscription's webhook (the receiver answered 410 Gone); matching goes on. */
    public void disableWebhook(String id, String reason) throws SubscriptionStore.StoreUnavailableException {
        Optional<Subscription> existing = directory.get(id);
        if (existing.isEmpty() || existing.get().webhook() == null || existing.get().webhook().disabled()) {
            return;
        }
        store.save(existing.get().withWebhook(existing.get().webhook().disable(reason), clock.instant()));
    }

    /** One stored report a filter would have fired on, and why. */
    public record PreviewHit(AlertReport report, Match match) {
    }

    /** How many stored reports a preview read, and those the filter fires on. */
    public record Preview(int scanned, List<PreviewHit> hits) {
    }

    /** The stored reports of the last {@code window} (at most {@code max}) that {@code filter} would fire on. */
    public Preview preview(SubscriptionFilter filter, Duration window, int max)
            throws InvalidSubscriptionException, StoredReports.UnavailableException {
        List<FieldError> errors = validator.validateFilter(filter);
        if (errors.isEmpty() && filter.isSourceHealth()) {
            errors = List.of(new FieldError("filter.sourceHealth", "a preview replays stored reports, and a"
                    + " source-health subscription watches feed sources; save it without \"preview\" and see"
                    + " GET /sources on ingest-service for the sources' current health"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidSubscriptionException(errors);
        }
        var now = clock.instant();
        Subscription probe = new Subscription("preview", "preview", filter, null, null, now, now);
        SubscriptionIndex index = SubscriptionIndex.of(groups, List.of(probe));
        List<PreviewHit> hits = new ArrayList<>();
        List<AlertReport> recent = reports.recent(window, max);
        for (AlertReport report : recent) {
            for (Match match : index.match(report)) {
                if (match.subscriptionId().equals(probe.id())) {
                    hits.add(new PreviewHit(report, match));
                }
            }
        }
        return new Preview(recent.size(), hits);
    }

    private void validate(Subscription subscription) throws InvalidSubscriptionException {
        List<FieldError> errors = validator.validate(subscription);
        if (!errors.isEmpty()) {
            throw new InvalidSubscriptionException(errors);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "sub-" + HexFormat.of().formatHex(bytes);
    }
}
