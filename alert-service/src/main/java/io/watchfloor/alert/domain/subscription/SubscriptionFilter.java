package io.watchfloor.alert.domain.subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a report must contain to fire a subscription. Every field is optional; all given fields must hold
 * (AND), one value of a list is enough (OR). {@code includeAffiliates} and {@code roles} qualify {@code
 * groups}, {@code temporal} qualifies {@code eventTypes}, {@code minScore} qualifies every tag clause.
 */
public record SubscriptionFilter(List<String> groups, boolean includeAffiliates, List<String> entities,
                                 List<String> places, List<String> keywords, List<String> topics,
                                 List<String> eventTypes, List<String> roles, String temporal,
                                 Double minScore, List<String> languages, List<String> sources) {

    public static final String GROUPS = "groups";
    public static final String INCLUDE_AFFILIATES = "includeAffiliates";
    public static final String ENTITIES = "entities";
    public static final String PLACES = "places";
    public static final String KEYWORDS = "keywords";
    public static final String TOPICS = "topics";
    public static final String EVENT_TYPES = "eventTypes";
    public static final String ROLES = "roles";
    public static final String TEMPORAL = "temporal";
    public static final String MIN_SCORE = "minScore";
    public static final String LANGUAGES = "languages";
    public static final String SOURCES = "sources";

    public static final String TEMPORAL_ANY = "any";
    public static final String TEMPORAL_CURRENT = "current";
    /** The roles the enricher gives a group in a report. */
    public static final List<String> GROUP_ROLES = List.of("mentioned", "claimed", "attributed", "targeted");

    public SubscriptionFilter {
        // null elements are kept (not List.copyOf) so the validator can point at them
        groups = copy(groups);
        entities = copy(entities);
        places = copy(places);
        keywords = copy(keywords);
        topics = copy(topics);
        eventTypes = copy(eventTypes);
        roles = copy(roles);
        languages = copy(languages);
        sources = copy(sources);
    }

    private static List<String> copy(List<String> values) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** True if any clause that selects reports is given; qualifiers alone select nothing. */
    public boolean hasCriteria() {
        return !groups.isEmpty() || !entities.isEmpty() || !places.isEmpty() || !keywords.isEmpty()
                || !topics.isEmpty() || !eventTypes.isEmpty() || !languages.isEmpty() || !sources.isEmpty();
    }

    /** True if event clauses count only events the enricher anchored as current. */
    public boolean currentEventsOnly() {
        return temporal != null && TEMPORAL_CURRENT.equalsIgnoreCase(temporal.trim());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a filter field by field; unset fields stay empty. */
    public static final class Builder {
        private List<String> groups = List.of();
        private boolean includeAffiliates;
        private List<String> entities = List.of();
        private List<String> places = List.of();
        private List<String> keywords = List.of();
        private List<String> topics = List.of();
        private List<String> eventTypes = List.of();
        private List<String> roles = List.of();
        private String temporal;
        private Double minScore;
        private List<String> languages = List.of();
        private List<String> sources = List.of();

        private Builder() {
        }

        public Builder groups(String... values) {
            this.groups = Arrays.asList(values);
            return this;
        }

        public Builder includeAffiliates(boolean value) {
            this.includeAffiliates = value;
            return this;
        }

        public Builder entities(String... values) {
            this.entities = Arrays.asList(values);
            return this;
        }

        public Builder places(String... values) {
            this.places = Arrays.asList(values);
            return this;
        }

        public Builder keywords(String... values) {
            this.keywords = Arrays.asList(values);
            return this;
        }

        public Builder topics(String... values) {
            this.topics = Arrays.asList(values);
            return this;
        }

        public Builder eventTypes(String... values) {
            this.eventTypes = Arrays.asList(values);
            return this;
        }

        public Builder roles(String... values) {
            this.roles = Arrays.asList(values);
            return this;
        }

        public Builder temporal(String value) {
            this.temporal = value;
            return this;
        }

        public Builder minScore(Double value) {
            this.minScore = value;
            return this;
        }

        public Builder languages(String... values) {
            this.languages = Arrays.asList(values);
            return this;
        }

        public Builder sources(String... values) {
            this.sources = Arrays.asList(values);
            return this;
        }

        public SubscriptionFilter build() {
            return new SubscriptionFilter(groups, includeAffiliates, entities, places, keywords, topics,
                    eventTypes, roles, temporal, minScore, languages, sources);
        }
    }
}
