package io.watchfloor.store.domain.alerts;

import java.util.List;

/**
 * What the analyst asks alert-service to save (or preview): the name, the filter, an optional webhook and digest.
 * A webhook without a secret on an update keeps the stored secret (alert-service never returns it).
 */
public record SubscriptionDraft(String name, Filter filter, String webhookUrl, String webhookSecret, String digest) {

    /** alert-service's filter: all given fields must hold (AND), one value of a list is enough (OR). */
    public record Filter(List<String> groups, boolean includeAffiliates, List<String> entities, List<String> places,
                         List<String> keywords, List<String> topics, List<String> eventTypes, List<String> roles,
                         String temporal, Double minScore, List<String> languages, List<String> sources) {
        public Filter {
            groups = List.copyOf(groups);
            entities = List.copyOf(entities);
            places = List.copyOf(places);
            keywords = List.copyOf(keywords);
            topics = List.copyOf(topics);
            eventTypes = List.copyOf(eventTypes);
            roles = List.copyOf(roles);
            languages = List.copyOf(languages);
            sources = List.copyOf(sources);
        }
    }

    /** True when the draft names a webhook (a URL or a secret); then alert-service checks both. */
    public boolean hasWebhook() {
        return !blank(webhookUrl) || !blank(webhookSecret);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
