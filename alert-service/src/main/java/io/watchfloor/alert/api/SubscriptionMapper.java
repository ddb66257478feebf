package io.watchfloor.alert.api;

import io.watchfloor.alert.domain.matching.Clause;
import io.watchfloor.alert.domain.subscription.FieldError;
import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.alert.domain.subscription.Webhook;
import io.watchfloor.alert.subscriptions.SubscriptionService;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** HTTP records <-> subscription domain, both ways. */
final class SubscriptionMapper {
    private SubscriptionMapper() {
    }

    static SubscriptionService.Draft toDraft(SubscriptionRequest r)
            throws SubscriptionService.InvalidSubscriptionException {
        Duration digest = null;
        if (r.digest() != null && !r.digest().isBlank()) {
            try {
                digest = Duration.parse(r.digest().trim());
            } catch (DateTimeParseException e) {
                throw new SubscriptionService.InvalidSubscriptionException(List.of(new FieldError("digest",
                        "not an ISO-8601 duration such as PT1H: '" + r.digest() + "'")));
            }
        }
        SubscriptionRequest.WebhookRequest w = r.webhook();
        Webhook webhook = w == null ? null : new Webhook(w.url(), w.secret(), false, null);
        return new SubscriptionService.Draft(r.name(), toFilter(r.filter()), webhook, digest);
    }

    static SubscriptionFilter toFilter(SubscriptionRequest.Filter f) {
        if (f == null) {
            return new SubscriptionFilter(null, false, null, null, null, null, null, null, null, null, null, null);
        }
        return new SubscriptionFilter(f.groups(), Boolean.TRUE.equals(f.includeAffiliates()), f.entities(),
                f.places(), f.keywords(), f.topics(), f.eventTypes(), f.roles(), f.temporal(), f.minScore(),
                f.languages(), f.sources(), f.sourceHealth() == null ? null
                        : new SourceHealthFilter(f.sourceHealth().sources(), f.sourceHealth().statuses()));
    }

    static SubscriptionView toView(Subscription s) {
        SubscriptionFilter f = s.filter();
        Webhook w = s.webhook();
        return new SubscriptionView(s.id(), s.name(),
                new SubscriptionRequest.Filter(f.groups(), f.includeAffiliates(), f.entities(), f.places(),
                        f.keywords(), f.topics(), f.eventTypes(), f.roles(),
                        f.temporal() == null ? SubscriptionFilter.TEMPORAL_ANY : f.temporal(), f.minScore(),
                        f.languages(), f.sources(), f.sourceHealth() == null ? null
                                : new SubscriptionRequest.SourceHealth(f.sourceHealth().sources(),
                                        f.sourceHealth().statuses())),
                w == null ? null : new SubscriptionView.Webhook(w.url(), w.secret() != null, w.disabled(),
                        w.disabledReason()),
                s.digest() == null ? null : s.digest().toString(), s.createdAt().toString(),
                s.updatedAt().toString());
    }

    static PreviewView toView(int days, SubscriptionService.Preview preview) {
        var hits = preview.hits();
        return new PreviewView(days, preview.scanned(), hits.size(), hits.stream().map(h -> new PreviewView.Hit(
                h.report().id(), h.report().title(),
                h.report().publishedAt() == null ? null : h.report().publishedAt().toString(),
                h.match().clauses().stream().map(SubscriptionMapper::why).toList())).toList());
    }

    private static PreviewView.Why why(Clause c) {
        return new PreviewView.Why(c.field(), c.value(), c.tagKind(), c.tagId(), c.tagName(), c.score(), c.role(),
                c.evidence().stream().map(e -> new PreviewView.Span(e.field(), e.start(), e.end(), e.text()))
                        .toList());
    }

    static ApiError invalid(SubscriptionService.InvalidSubscriptionException e) {
        return new ApiError("invalid_subscription", e.errors().size() == 1 ? e.errors().get(0).field() + ": "
                + e.errors().get(0).message() : e.errors().size() + " fields are invalid; see errors",
                e.errors().stream().map(x -> new ApiError.FieldMessage(x.field(), x.message())).toList());
    }
}
