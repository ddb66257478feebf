package io.watchfloor.alert.kafka;

import io.watchfloor.alert.domain.subscription.SourceHealthFilter;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.alert.domain.subscription.Webhook;
import io.watchfloor.schemas.avro.AlertFilter;
import io.watchfloor.schemas.avro.AlertSubscription;
import io.watchfloor.schemas.avro.SourceHealthWatchFilter;
import io.watchfloor.schemas.avro.WebhookEndpoint;
import java.time.Duration;
import java.util.List;

/** Subscriptions both ways between the alert domain and the Avro record of {@code threat.subscriptions.v1}. */
final class SubscriptionToAvro {
    private SubscriptionToAvro() {
    }

    static AlertSubscription toAvro(Subscription s) {
        SubscriptionFilter f = s.filter();
        Webhook w = s.webhook();
        return AlertSubscription.newBuilder()
                .setId(s.id())
                .setName(s.name())
                .setFilter(AlertFilter.newBuilder()
                        .setGroups(f.groups()).setIncludeAffiliates(f.includeAffiliates())
                        .setEntities(f.entities()).setPlaces(f.places()).setKeywords(f.keywords())
                        .setTopics(f.topics()).setEventTypes(f.eventTypes()).setRoles(f.roles())
                        .setTemporal(f.temporal() == null ? SubscriptionFilter.TEMPORAL_ANY : f.temporal())
                        .setMinScore(f.minScore()).setLanguages(f.languages()).setSources(f.sources())
                        .setSourceHealth(f.sourceHealth() == null ? null : SourceHealthWatchFilter.newBuilder()
                                .setSources(f.sourceHealth().sources())
                                .setStatuses(f.sourceHealth().statuses()).build())
                        .build())
                .setWebhook(w == null ? null : WebhookEndpoint.newBuilder().setUrl(w.url()).setSecret(w.secret())
                        .setDisabled(w.disabled()).setDisabledReason(w.disabledReason()).build())
                .setDigest(s.digest() == null ? null : s.digest().toString())
                .setCreatedAt(s.createdAt())
                .setUpdatedAt(s.updatedAt())
                .build();
    }

    static Subscription toDomain(AlertSubscription a) {
        AlertFilter f = a.getFilter();
        WebhookEndpoint w = a.getWebhook();
        return new Subscription(a.getId(), a.getName(),
                new SubscriptionFilter(strings(f.getGroups()), f.getIncludeAffiliates(), strings(f.getEntities()),
                        strings(f.getPlaces()), strings(f.getKeywords()), strings(f.getTopics()),
                        strings(f.getEventTypes()), strings(f.getRoles()), f.getTemporal(), f.getMinScore(),
                        strings(f.getLanguages()), strings(f.getSources()),
                        f.getSourceHealth() == null ? null : new SourceHealthFilter(
                                strings(f.getSourceHealth().getSources()),
                                strings(f.getSourceHealth().getStatuses()))),
                w == null ? null : new Webhook(w.getUrl(), w.getSecret(), w.getDisabled(), w.getDisabledReason()),
                a.getDigest() == null ? null : Duration.parse(a.getDigest()),
                a.getCreatedAt(), a.getUpdatedAt());
    }

    private static List<String> strings(List<? extends CharSequence> values) {
        return values == null ? List.of() : values.stream().map(CharSequence::toString).toList();
    }
}
