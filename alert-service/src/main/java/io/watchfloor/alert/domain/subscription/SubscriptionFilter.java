package io.watchfloor.alert.domain.subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a report must contain to fire a subscription. Every field is optional; all given fields must hold
 * (AND), one value of a list is enough (OR). {@code includeAffiliates} and {@code roles} qualify {@code
 * groups}, {@code temporal} qualifies {@code eventTypes}, {@code minScore} qualifies every tag clause.
 * With {@code sourceHealth} set, the subscription watches feed sources instead of reports (its own kind: the
 * report fields must then be empty).
 */
public record SubscriptionFilter(List<String> groups, boolean includeAffiliates, List<String> entities,
                                 List<String> places, List<String> keywords, List<String> topics,
                                 List<String> eventTypes, List<String> roles, String temporal,
                                 Double minScore, List<String> languages, List<String> sources,
                                 SourceHealthFilter sourceHealth) {

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
    public static final String SOURCE_HEALTH = "sourceHealth";

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

    /** A report filter (no {@code sourceHealth}). */
    public SubscriptionFilter(List<String> groups, boolean includeAffiliates, List<String> entities,
                              List<String> places, List<String> keywords, List<String> topics,
                              List<String> eventTypes, List<String> roles, String temporal, Double minScore,
                              List<String> languages, List<String> sources) {
        this(groups, includeAffiliates, entities, places, keywords, topics, eventTypes, roles, temporal, minScore,
                languages, sources, null);
    }

    /** A filter that watches feed source health only. */
    public static SubscriptionFilter sourceHealth(SourceHealthFilter sourceHealth) {
        return new SubscriptionFilter(null, false, null, null, null, null, null, null, null, null, null, null,
                sourceHealth);
    }

    /** True if this subscription watches feed source health, not reports. */
    public boolean isSourceHealth() {
        return sourceHealth != null;
    }

    /** The report fields given (non-empty), by name: a source-health filter must have none. */
    public List<String> reportFieldsGiven() {
        List<String> given = new ArrayList<>();
        addIf(given, GROUPS, !groups.isEmpty());
        addIf(given, INCLUDE_AFFILIATES, includeAffiliates);
        addIf(given, ENTITIES, !entities.isEmpty());
        addIf(given, PLACES, !places.isEmpty());
        addIf(given, KEYWORDS, !keywords.isEmpty());
        addIf(given, TOPICS, !topics.isEmpty());
        addIf(given, EVENT_TYPES, !eventTypes.isEmpty());
        addIf(given, ROLES, !roles.isEmpty());
        addIf(given, TEMPORAL, currentEventsOnly());
        addIf(given, MIN_SCORE, minScore != null);
        addIf(given, LANGUAGES, !languages.isEmpty());
        addIf(given, SOURCES, !sources.isEmpty());
        return given;
    }

    private static void addIf(List<String> names, String name, boolean given) {
        if (given) {
            names.add(name);
        }
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
        private SourceHealthFilter sourceHealth;

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

        public Builder sourceHealth(SourceHealthFilter value) {
            this.sourceHealth = value;
            return this;
        }

        public SubscriptionFilter build() {
            return new SubscriptionFilter(groups, includeAffiliates, entities, places, keywords, topics,
                    eventTypes, roles, temporal, minScore, languages, sources, sourceHealth);
        }
    }
}
