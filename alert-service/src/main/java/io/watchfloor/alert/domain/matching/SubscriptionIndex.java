package io.watchfloor.alert.domain.matching;

import io.watchfloor.alert.domain.subscription.GroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import io.watchfloor.enrich.domain.groups.PhraseIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * All subscriptions, each filed under the keys of one field it requires (group ids with affiliates, entity
 * ids and names, event types, keywords via one trie, ...), so a report is evaluated only against those filed
 * under its own keys. Source-health subscriptions are kept beside them, never matched against reports
 * ({@link #sourceHealthSubscriptions()}). Immutable: {@link #with} and {@link #without} return a new index.
 * Thread-safe.
 */
public final class SubscriptionIndex {

    private final GroupDirectory directory;
    private final Map<String, CompiledSubscription> byId;
    /** Subscriptions on feed source health, by id: they watch sources, not reports. */
    private final Map<String, Subscription> health;
    /**
     * Built on first use after a change, so loading subscriptions one at a time does not rebuild each step.
     */
    private volatile Lookup lookup;

    private SubscriptionIndex(GroupDirectory directory, Map<String, CompiledSubscription> byId,
                              Map<String, Subscription> health) {
        this.directory = directory;
        this.byId = byId;
        this.health = health;
    }

    /** An index with no subscriptions; {@code directory} expands {@code includeAffiliates}. */
    public static SubscriptionIndex empty(GroupDirectory directory) {
        return new SubscriptionIndex(Objects.requireNonNull(directory, "directory"), Map.of(), Map.of());
    }

    /** An index over {@code subscriptions} (a later one with the same id replaces an earlier one). */
    public static SubscriptionIndex of(GroupDirectory directory, Collection<Subscription> subscriptions) {
        return empty(directory).withAll(subscriptions);
    }

    /**
     * This index with {@code subscription} added or replacing the one with its id.
     *
     * @throws IllegalArgumentException if it has no id, no filter, or a filter with no criteria (it would
     *                                  match every report)
     */
    public SubscriptionIndex with(Subscription subscription) {
        return withAll(List.of(subscription));
    }

    /** This index with every one of {@code subscriptions} added or replaced; one copy for the whole batch. */
    public SubscriptionIndex withAll(Collection<Subscription> subscriptions) {
        Map<String, CompiledSubscription> next = new HashMap<>(byId);
        Map<String, Subscription> nextHealth = new HashMap<>(health);
        for (Subscription s : subscriptions) {
            if (s.filter() != null && s.filter().isSourceHealth() && s.id() != null) {
                next.remove(s.id());
                nextHealth.put(s.id(), s);
            } else {
                CompiledSubscription c = new CompiledSubscription(s, directory);
                nextHealth.remove(c.id);
                next.put(c.id, c);
            }
        }
        return new SubscriptionIndex(directory, Collections.unmodifiableMap(next),
                Collections.unmodifiableMap(nextHealth));
    }

    /** This index without the subscription {@code id} (the same index if there is none). */
    public SubscriptionIndex without(String id) {
        if (!byId.containsKey(id) && !health.containsKey(id)) {
            return this;
        }
        Map<String, CompiledSubscription> next = new HashMap<>(byId);
        next.remove(id);
        Map<String, Subscription> nextHealth = new HashMap<>(health);
        nextHealth.remove(id);
        return new SubscriptionIndex(directory, Collections.unmodifiableMap(next),
                Collections.unmodifiableMap(nextHealth));
    }

    /** This index re-expanded against another directory (a new catalog version with new affiliates). */
    public SubscriptionIndex withDirectory(GroupDirectory newDirectory) {
        return empty(newDirectory).withAll(subscriptions());
    }

    public int size() {
        return byId.size() + health.size();
    }

    public Optional<Subscription> subscription(String id) {
        CompiledSubscription c = byId.get(id);
        return c != null ? Optional.of(c.subscription) : Optional.ofNullable(health.get(id));
    }

    public List<Subscription> subscriptions() {
        List<Subscription> all = new ArrayList<>(byId.size() + health.size());
        byId.values().forEach(c -> all.add(c.subscription));
        all.addAll(health.values());
        return all;
    }

    /** The subscriptions on feed source health, ordered by id. */
    public List<Subscription> sourceHealthSubscriptions() {
        return health.values().stream().sorted(Comparator.comparing(Subscription::id)).toList();
    }

    /** Every subscription the report fires, ordered by subscription id, each with the clauses that held. */
    public List<Match> match(AlertReport report) {
        Lookup l = lookup();
        ReportView view = new ReportView(report, l.keywords);
        List<Match> matches = new ArrayList<>();
        for (CompiledSubscription c : l.candidates(view)) {
            List<Clause> clauses = c.evaluate(view);
            if (clauses != null) {
                matches.add(new Match(c.id, clauses));
            }
        }
        matches.sort(Comparator.comparing(Match::subscriptionId));
        return matches;
    }

    /** How many subscriptions a report would be evaluated against; for tests and metrics. */
    public int candidateCount(AlertReport report) {
        Lookup l = lookup();
        return l.candidates(new ReportView(report, l.keywords)).size();
    }

    private Lookup lookup() {
        Lookup l = lookup;
        if (l == null) {
            synchronized (this) {
                l = lookup;
                if (l == null) {
                    l = new Lookup(byId.values());
                    lookup = l;
                }
            }
        }
        return l;
    }

    /** The posting lists per field and the keyword trie, derived from one set of subscriptions. */
    private static final class Lookup {
        private final Map<String, Map<String, List<CompiledSubscription>>> byField = new HashMap<>();
        private final PhraseIndex<String> keywords;

        Lookup(Collection<CompiledSubscription> subscriptions) {
            for (String field : CompiledSubscription.INDEX_ORDER) {
                byField.put(field, new HashMap<>());
            }
            PhraseIndex.Builder<String> trie = PhraseIndex.builder();
            for (CompiledSubscription c : subscriptions) {
                // every subscription's keywords go in the one trie: keywords are evaluated from its hits
                c.keywords.keySet().forEach(k -> trie.add(k, k));
                Map<String, List<CompiledSubscription>> postings = byField.get(c.indexField);
                for (String key : c.indexKeys) {
                    postings.computeIfAbsent(key, k -> new ArrayList<>(1)).add(c);
                }
            }
            this.keywords = trie.build();
        }

        Collection<CompiledSubscription> candidates(ReportView view) {
            // identity: compiled subscriptions are unique per index, and hashing records would cost more
            Map<CompiledSubscription, Boolean> found = new IdentityHashMap<>();
            Map<String, List<CompiledSubscription>> groups = byField.get(SubscriptionFilter.GROUPS);
            for (AlertReport.Group g : view.report.groups()) {
                add(found, groups, Terms.lower(g.id()));
                if (g.affiliation() != null) {
                    add(found, groups, Terms.lower(g.affiliation()));
                }
            }
            Map<String, List<CompiledSubscription>> entities = byField.get(SubscriptionFilter.ENTITIES);
            Map<String, List<CompiledSubscription>> places = byField.get(SubscriptionFilter.PLACES);
            for (ReportView.EntityView e : view.entities) {
                for (String key : e.keys()) {
                    add(found, entities, key);
                    if (e.location()) {
                        add(found, places, key);
                    }
                }
            }
            Map<String, List<CompiledSubscription>> events = byField.get(SubscriptionFilter.EVENT_TYPES);
            for (AlertReport.Event e : view.report.events()) {
                add(found, events, Terms.lower(e.type()));
            }
            Map<String, List<CompiledSubscription>> keywords = byField.get(SubscriptionFilter.KEYWORDS);
            for (String key : view.keywordHits.keySet()) {
                add(found, keywords, key);
            }
            Map<String, List<CompiledSubscription>> topics = byField.get(SubscriptionFilter.TOPICS);
            for (AlertReport.Topic t : view.report.topics()) {
                add(found, topics, Terms.lower(t.name()));
            }
            Map<String, List<CompiledSubscription>> sources = byField.get(SubscriptionFilter.SOURCES);
            add(found, sources, view.sourceName);
            add(found, sources, view.sourceKind);
            add(found, byField.get(SubscriptionFilter.LANGUAGES), view.language);
            return found.keySet();
        }

        private static void add(Map<CompiledSubscription, Boolean> found,
                                Map<String, List<CompiledSubscription>> postings, String key) {
            if (key == null) {
                return;
            }
            List<CompiledSubscription> subs = postings.get(key);
            if (subs != null) {
                for (CompiledSubscription c : subs) {
                    found.put(c, Boolean.TRUE);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SubscriptionIndex[" + byId.size() + " report and " + health.size()
                + " source-health subscriptions]";
    }
}
