package io.watchfloor.alert.domain.matching;

import io.watchfloor.alert.domain.subscription.GroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.enrich.domain.groups.PhraseIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subscription's filter in the form matching needs: every value normalised to the keys reports are looked
 * up by, groups expanded to their affiliates, and the one field the index files it under. Immutable.
 */
final class CompiledSubscription {

    /**
     * Index fields in order of preference: the first the filter gives is the one the subscription is filed
     * under.
     */
    static final List<String> INDEX_ORDER = List.of(SubscriptionFilter.GROUPS, SubscriptionFilter.ENTITIES,
            SubscriptionFilter.PLACES, SubscriptionFilter.EVENT_TYPES, SubscriptionFilter.KEYWORDS,
            SubscriptionFilter.TOPICS, SubscriptionFilter.SOURCES, SubscriptionFilter.LANGUAGES);

    final Subscription subscription;
    final String id;
    private final SubscriptionFilter filter;
    /** Group id (lower case) -> the listed filter value it satisfies; affiliates included when asked for. */
    private final Map<String, String> groups;
    private final Set<String> roles;
    private final Map<String, String> entities;
    private final Map<String, String> places;
    /** Keyword key (see {@link PhraseIndex#key}) -> the filter value as given. */
    final Map<String, String> keywords;
    private final Map<String, String> topics;
    private final Map<String, String> eventTypes;
    private final Map<String, String> languages;
    private final Map<String, String> sources;
    private final double minScore;
    private final boolean currentOnly;
    /** The field this subscription is filed under, and its keys there (empty: it can never match). */
    final String indexField;
    final Set<String> indexKeys;

    CompiledSubscription(Subscription subscription, GroupDirectory directory) {
        if (subscription.id() == null || subscription.filter() == null) {
            throw new IllegalArgumentException("subscription " + subscription.id()
                    + " needs an id and a filter");
        }
        SubscriptionFilter f = subscription.filter();
        if (!f.hasCriteria()) {
            throw new IllegalArgumentException("subscription " + subscription.id()
                    + " has an empty filter that would match every report; validate it with FilterValidator");
        }
        this.subscription = subscription;
        this.id = subscription.id();
        this.filter = f;
        this.groups = groups(f, directory);
        Set<String> r = new HashSet<>();
        f.roles().stream().filter(v -> !Terms.isBlank(v)).forEach(v -> r.add(Terms.lower(v)));
        this.roles = Set.copyOf(r);
        this.entities = entityKeys(f.entities());
        this.places = entityKeys(f.places());
        Map<String, String> kw = new LinkedHashMap<>();
        for (String v : f.keywords()) {
            String key = PhraseIndex.key(v);
            if (!key.isEmpty()) {
                kw.putIfAbsent(key, v.strip());
            }
        }
        this.keywords = kw;
        this.topics = lowered(f.topics());
        this.eventTypes = lowered(f.eventTypes());
        this.languages = lowered(f.languages());
        this.sources = lowered(f.sources());
        this.minScore = f.minScore() == null ? Double.NEGATIVE_INFINITY : f.minScore();
        this.currentOnly = f.currentEventsOnly();
        String field = null;
        Set<String> keys = Set.of();
        for (String candidate : INDEX_ORDER) {
            if (!given(candidate).isEmpty()) {
                field = candidate;
                keys = Set.copyOf(keysOf(candidate).keySet());
                break;
            }
        }
        this.indexField = field;
        this.indexKeys = keys;
    }

    private static Map<String, String> groups(SubscriptionFilter f, GroupDirectory directory) {
        Map<String, String> byId = new LinkedHashMap<>();
        // listed ids first, so a group listed itself keeps its own value when it is also someone's affiliate
        for (String v : f.groups()) {
            if (!Terms.isBlank(v)) {
                byId.putIfAbsent(Terms.lower(v), v.strip());
            }
        }
        if (f.includeAffiliates()) {
            for (Map.Entry<String, String> listed : new ArrayList<>(byId.entrySet())) {
                for (String affiliate : directory.affiliatesOf(listed.getKey())) {
                    byId.putIfAbsent(Terms.lower(affiliate), listed.getValue());
                }
            }
        }
        return byId;
    }

    private static Map<String, String> entityKeys(List<String> values) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String v : values) {
            for (String key : Terms.filterEntityKeys(v)) {
                byKey.putIfAbsent(key, v.strip());
            }
        }
        return byKey;
    }

    private static Map<String, String> lowered(List<String> values) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String v : values) {
            if (!Terms.isBlank(v)) {
                byKey.putIfAbsent(Terms.lower(v), v.strip());
            }
        }
        return byKey;
    }

    private List<String> given(String field) {
        return switch (field) {
            case SubscriptionFilter.GROUPS -> filter.groups();
            case SubscriptionFilter.ENTITIES -> filter.entities();
            case SubscriptionFilter.PLACES -> filter.places();
            case SubscriptionFilter.EVENT_TYPES -> filter.eventTypes();
            case SubscriptionFilter.KEYWORDS -> filter.keywords();
            case SubscriptionFilter.TOPICS -> filter.topics();
            case SubscriptionFilter.SOURCES -> filter.sources();
            case SubscriptionFilter.LANGUAGES -> filter.languages();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private Map<String, String> keysOf(String field) {
        return switch (field) {
            case SubscriptionFilter.GROUPS -> groups;
            case SubscriptionFilter.ENTITIES -> entities;
            case SubscriptionFilter.PLACES -> places;
            case SubscriptionFilter.EVENT_TYPES -> eventTypes;
            case SubscriptionFilter.KEYWORDS -> keywords;
            case SubscriptionFilter.TOPICS -> topics;
            case SubscriptionFilter.SOURCES -> sources;
            case SubscriptionFilter.LANGUAGES -> languages;
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** Every clause that holds, in filter field order, or null when some given field does not hold. */
    List<Clause> evaluate(ReportView view) {
        List<Clause> clauses = new ArrayList<>();
        AlertReport report = view.report;
        if (!filter.groups().isEmpty() && !addGroups(report, clauses)) {
            return null;
        }
        if (!filter.entities().isEmpty()
                && !addEntities(view, entities, false, SubscriptionFilter.ENTITIES, clauses)) {
            return null;
        }
        if (!filter.places().isEmpty()
                && !addEntities(view, places, true, SubscriptionFilter.PLACES, clauses)) {
            return null;
        }
        if (!filter.keywords().isEmpty() && !addKeywords(view, clauses)) {
            return null;
        }
        if (!filter.topics().isEmpty() && !addTopics(report, clauses)) {
            return null;
        }
        if (!filter.eventTypes().isEmpty() && !addEvents(report, clauses)) {
            return null;
        }
        if (!filter.languages().isEmpty() && !addLanguage(view, clauses)) {
            return null;
        }
        if (!filter.sources().isEmpty() && !addSources(view, clauses)) {
            return null;
        }
        return clauses;
    }

    private boolean addGroups(AlertReport report, List<Clause> clauses) {
        int before = clauses.size();
        for (AlertReport.Group g : report.groups()) {
            String value = groups.get(Terms.lower(g.id()));
            if (value == null && filter.includeAffiliates() && g.affiliation() != null) {
                // the report's own affiliation covers a province the directory does not know yet
                value = groups.get(Terms.lower(g.affiliation()));
            }
            String role = g.role() == null ? "mentioned" : Terms.lower(g.role());
            if (value != null && (roles.isEmpty() || roles.contains(role)) && g.score() >= minScore) {
                clauses.add(new Clause(SubscriptionFilter.GROUPS, value, "group", g.id(), g.name(), g.score(),
                        role, g.evidence()));
            }
        }
        return clauses.size() > before;
    }

    private boolean addEntities(ReportView view, Map<String, String> wanted, boolean locationsOnly,
                                String field, List<Clause> clauses) {
        int before = clauses.size();
        for (ReportView.EntityView e : view.entities) {
            if (locationsOnly && !e.location()) {
                continue;
            }
            String value = null;
            for (String key : e.keys()) {
                value = wanted.get(key);
                if (value != null) {
                    break;
                }
            }
            AlertReport.Entity tag = e.tag();
            if (value != null && tag.score() >= minScore) {
                clauses.add(new Clause(field, value, Terms.lower(tag.type()), Terms.entityId(tag), tag.name(),
                        tag.score(), null, tag.mentions()));
            }
        }
        return clauses.size() > before;
    }

    private boolean addKeywords(ReportView view, List<Clause> clauses) {
        int before = clauses.size();
        for (Map.Entry<String, String> k : keywords.entrySet()) {
            List<Evidence> hits = view.keywordHits.get(k.getKey());
            if (hits != null && !hits.isEmpty()) {
                clauses.add(new Clause(SubscriptionFilter.KEYWORDS, k.getValue(), "keyword", k.getKey(),
                        k.getValue(), null, null, hits));
            }
        }
        return clauses.size() > before;
    }

    private boolean addTopics(AlertReport report, List<Clause> clauses) {
        int before = clauses.size();
        for (AlertReport.Topic t : report.topics()) {
            String value = topics.get(Terms.lower(t.name()));
            if (value != null && t.score() >= minScore) {
                clauses.add(new Clause(SubscriptionFilter.TOPICS, value, "topic", t.name(), t.name(),
                        t.score(), null, t.evidence()));
            }
        }
        return clauses.size() > before;
    }

    private boolean addEvents(AlertReport report, List<Clause> clauses) {
        int before = clauses.size();
        for (AlertReport.Event e : report.events()) {
            String value = eventTypes.get(Terms.lower(e.type()));
            boolean when = !currentOnly || SubscriptionFilter.TEMPORAL_CURRENT.equalsIgnoreCase(e.temporal());
            if (value != null && when && e.score() >= minScore) {
                clauses.add(new Clause(SubscriptionFilter.EVENT_TYPES, value, "event", Terms.eventId(e),
                        e.name(), e.score(), null, e.mentions()));
            }
        }
        return clauses.size() > before;
    }

    private boolean addLanguage(ReportView view, List<Clause> clauses) {
        String value = view.language == null ? null : languages.get(view.language);
        if (value == null) {
            return false;
        }
        clauses.add(new Clause(SubscriptionFilter.LANGUAGES, value, "language", view.language, view.language,
                null, null, List.of()));
        return true;
    }

    private boolean addSources(ReportView view, List<Clause> clauses) {
        int before = clauses.size();
        String byName = view.sourceName == null ? null : sources.get(view.sourceName);
        if (byName != null) {
            clauses.add(new Clause(SubscriptionFilter.SOURCES, byName, "source", view.report.sourceName(),
                    view.report.sourceName(), null, null, List.of()));
        }
        String byKind = view.sourceKind == null ? null : sources.get(view.sourceKind);
        if (byKind != null && !view.sourceKind.equals(view.sourceName)) {
            clauses.add(new Clause(SubscriptionFilter.SOURCES, byKind, "source", view.report.sourceKind(),
                    view.report.sourceKind(), null, null, List.of()));
        }
        return clauses.size() > before;
    }
}
