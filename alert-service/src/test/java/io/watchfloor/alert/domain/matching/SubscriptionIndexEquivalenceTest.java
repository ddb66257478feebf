package io.watchfloor.alert.domain.matching;

import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The index returns exactly what a naive loop over every subscription returns: 10,000 random subscriptions, a
 * few hundred random reports. The reference below re-states the filter semantics on its own, in the plainest
 * way.
 */
class SubscriptionIndexEquivalenceTest {

    private static final CatalogGroupDirectory CATALOG = SubscriptionIndexTest.CATALOG;
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    /** The IS, al-Qaeda and FARC families (affiliates two levels deep) and 40 more catalog groups. */
    private static final List<String> GROUPS = Stream.concat(Stream.of("islamic-state", "iskp", "iswap",
            "is-somalia", "al-qaeda", "aqap", "jnim", "ttp", "hamas", "farc", "farc-dissidents",
            "segunda-marquetalia"), CATALOG.ids().stream().sorted().limit(40)).distinct().toList();
    private static final List<String> ROLES = SubscriptionFilter.GROUP_ROLES;
    /**
     * Real shapes (no id, typed ids, shared ids across types, a THREAT_GROUP entity) and 100 synthetic ones.
     */
    private static final List<String[]> ENTITIES = Stream.concat(Stream.of(
            new String[] {"PERSON", null, "Ali Khan"},
            new String[] {"PERSON", null, "Sharifullah"},
            new String[] {"PERSON", null, "Michael Kurilla"},
            new String[] {"ORGANIZATION", "org:us-centcom", "U.S. Central Command"},
            new String[] {"LOCATION", "geo:country:PK", "Pakistan"},
            new String[] {"NATIONALITY", "geo:country:PK", "Pakistan"},
            new String[] {"LOCATION", "geo:city:AF:kabul", "Kabul"},
            new String[] {"LOCATION", "geo:country:AF", "Afghanistan"},
            new String[] {"THREAT_GROUP", "iskp", "ISKP"}), IntStream.range(0, 100).mapToObj(i -> i % 2 == 0
            ? new String[] {"PERSON", null, "Person Nr " + i}
            : new String[] {"LOCATION", "geo:city:XX:town-" + i, "Town " + i})).toList();
    /** Phrases, words that are prefixes of others (isis, isisk), and 1,000 synthetic terms. */
    private static final List<String> KEYWORDS = Stream.concat(
            Stream.of("attack", "abbey gate", "kabul airport", "bomb", "isis", "isisk", "border",
                    "drone strike", "gate", "abbey", "peace talks"),
            IntStream.range(0, 1000).mapToObj(i -> "term" + i)).toList();
    private static final List<String> FILLER = Stream.concat(
            Stream.of("the", "officials", "said", "near", "in", "a", "on", "bombs", "attacks", "airport",
                    "kabul", "drone", "strike", "peace", "talks", "abbey", "gate", "isis", "isisk", "border",
                    "attack", "bomb"),
            IntStream.range(0, 1000).mapToObj(i -> "term" + i)).toList();
    private static final List<String> TOPICS = Stream.concat(Stream.of("attack", "arrest-law-enforcement",
            "financing", "policy-opinion"), IntStream.range(0, 16).mapToObj(i -> "topic-" + i)).toList();
    private static final List<String> EVENT_TYPES = List.of("bombing", "attack", "arrest", "kidnapping",
            "shooting", "hijacking", "raid", "ambush", "assassination", "siege");
    private static final List<String> TEMPORALS = List.of("current", "historical", "unknown");
    private static final List<String> LANGUAGES = List.of("en", "fr", "ar", "ps", "ur", "de", "es", "ru",
            "fa", "so", "ha", "pt");
    private static final List<String[]> SOURCES = Stream.concat(Stream.of(new String[] {"Reuters", "rss"},
            new String[] {"Dawn", "atom"}, new String[] {"CTI feed", "stix"},
            new String[] {"analyst", "http"}),
            IntStream.range(0, 30).mapToObj(i -> new String[] {"Source " + i, "kind-" + (i % 8)})).toList();
    private static final List<Double> SCORES = List.of(0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.95);

    @Test
    void shouldReturnExactlyWhatANaiveLoopOverAllSubscriptionsReturns() {
        Random random = new Random(20261201L);
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            subs.add(Subscription.of(String.format("s%05d", i), "s" + i, randomFilter(random), NOW));
        }
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, subs);
        assertEquals(10_000, index.size());
        Naive naive = new Naive(subs);

        int total = 0;
        int reportsWithMatches = 0;
        long candidates = 0;
        Set<String> fieldsSeen = new TreeSet<>();
        for (int r = 0; r < 300; r++) {
            AlertReport report = randomReport(random, "r" + r);
            Map<String, Set<String>> expected = naive.match(report);
            Map<String, Set<String>> actual = new TreeMap<>();
            for (Match m : index.match(report)) {
                actual.put(m.subscriptionId(), new TreeSet<>(m.fingerprint().keys()));
                m.clauses().forEach(c -> fieldsSeen.add(c.field()));
            }
            if (!expected.equals(actual)) {
                fail("report " + r + " " + report + "\n" + difference(expected, actual));
            }
            total += actual.size();
            reportsWithMatches += actual.isEmpty() ? 0 : 1;
            candidates += index.candidateCount(report);
        }
        assertTrue(total > 3_000, "the generator must produce real matches, got " + total);
        assertTrue(reportsWithMatches > 250, "most reports should match something: " + reportsWithMatches);
        assertEquals(Set.of("entities", "eventTypes", "groups", "keywords", "languages", "places", "sources",
                "topics"), fieldsSeen);
        assertTrue(candidates < 300L * 10_000 / 10, "the index must skip most subscriptions: " + candidates);
    }

    /** Only the subscriptions that differ: the full maps hold hundreds of matches. */
    private static String difference(Map<String, Set<String>> expected, Map<String, Set<String>> actual) {
        Set<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            if (!Objects.equals(expected.get(id), actual.get(id))) {
                b.append(id).append(' ').append(expected.get(id)).append(" expected, index gave ")
                        .append(actual.get(id)).append('\n');
            }
        }
        return b.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String[] some(Random random, List<String> values, int max) {
        Set<String> out = new HashSet<>();
        int n = 1 + random.nextInt(max);
        while (out.size() < n) {
            out.add(pick(random, values));
        }
        return out.toArray(new String[0]);
    }

    /** The forms a filter may name an entity by: its id, a typed id, its name in any case. */
    private static String entityValue(Random random, boolean placesOnly) {
        String[] e;
        do {
            e = pick(random, ENTITIES);
        } while (placesOnly && !e[0].equals("LOCATION") && random.nextInt(4) > 0);
        int form = random.nextInt(4);
        if (form == 0 && e[1] != null) {
            return random.nextBoolean() ? e[1] : e[1].toUpperCase(Locale.ROOT);
        }
        if (form == 1) {
            return prefix(e[0]) + ":" + e[2];
        }
        return random.nextBoolean() ? e[2] : e[2].toLowerCase(Locale.ROOT);
    }

    private static String prefix(String type) {
        return switch (type) {
            case "PERSON" -> "person";
            case "ORGANIZATION" -> "org";
            case "LOCATION" -> "location";
            case "NATIONALITY" -> "nationality";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }

    private static SubscriptionFilter randomFilter(Random random) {
        List<String> fields = new ArrayList<>(List.of("groups", "entities", "places", "keywords", "topics",
                "eventTypes", "languages", "sources"));
        Collections.shuffle(fields, random);
        int n = 1 + (random.nextInt(10) < 6 ? 0 : random.nextInt(2) + 1);
        SubscriptionFilter.Builder b = SubscriptionFilter.builder();
        boolean tagClause = false;
        for (String field : fields.subList(0, n)) {
            switch (field) {
                case "groups" -> {
                    b.groups(some(random, GROUPS, 3)).includeAffiliates(random.nextInt(3) == 0);
                    if (random.nextInt(3) == 0) {
                        b.roles(some(random, ROLES, 2));
                    }
                    tagClause = true;
                }
                case "entities" -> {
                    b.entities(entityValue(random, false), entityValue(random, false));
                    tagClause = true;
                }
                case "places" -> {
                    b.places(entityValue(random, true));
                    tagClause = true;
                }
                case "keywords" -> b.keywords(Arrays.stream(some(random, KEYWORDS, 2))
                        .map(k -> random.nextBoolean() ? k.toUpperCase(Locale.ROOT) : k)
                        .toArray(String[]::new));
                case "topics" -> {
                    b.topics(some(random, TOPICS, 2));
                    tagClause = true;
                }
                case "eventTypes" -> {
                    b.eventTypes(some(random, EVENT_TYPES, 2));
                    if (random.nextInt(3) == 0) {
                        b.temporal("current");
                    }
                    tagClause = true;
                }
                case "languages" -> b.languages(some(random, LANGUAGES, 2));
                default -> b.sources(random.nextBoolean() ? pick(random, SOURCES)[0]
                        : pick(random, SOURCES)[1]);
            }
        }
        if (tagClause && random.nextInt(3) == 0) {
            b.minScore(pick(random, List.of(0.3, 0.5, 0.7)));
        }
        return b.build();
    }

    private static AlertReport randomReport(Random random, String id) {
        StringBuilder text = new StringBuilder();
        int words = 5 + random.nextInt(20);
        for (int i = 0; i < words; i++) {
            String w = pick(random, FILLER);
            text.append(i == 0 ? "" : " ").append(random.nextInt(4) == 0 ? w.toUpperCase(Locale.ROOT) : w);
        }
        String title = random.nextBoolean() ? pick(random, KEYWORDS) + " report" : null;
        List<AlertReport.Group> groups = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            String g = random.nextInt(12) == 0 ? "is-new-province" : pick(random, GROUPS);
            String affiliation = g.equals("is-new-province") ? "islamic-state"
                    : CATALOG.affiliation(g).orElse(null);
            groups.add(new AlertReport.Group(g, g, affiliation, pick(random, ROLES), pick(random, SCORES),
                    List.of()));
        }
        List<AlertReport.Entity> entities = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String[] e = pick(random, ENTITIES);
            entities.add(new AlertReport.Entity(e[0], e[1], e[2], pick(random, SCORES), List.of()));
        }
        List<AlertReport.Event> events = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            String type = pick(random, EVENT_TYPES);
            events.add(new AlertReport.Event("Event " + type + " " + i, type, pick(random, TEMPORALS), null,
                    pick(random, SCORES), List.of()));
        }
        List<AlertReport.Topic> topics = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            topics.add(new AlertReport.Topic(pick(random, TOPICS), pick(random, SCORES), List.of()));
        }
        String[] source = pick(random, SOURCES);
        return new AlertReport(id, 1, title, text.toString(), source[0], source[1], null, null,
                random.nextInt(8) == 0 ? null : pick(random, LANGUAGES), NOW, NOW, null, groups, entities,
                events, topics, "test");
    }

    /** The reference: every subscription, every field, checked one after another, keys as field=tagId. */
    private static final class Naive {
        private final List<Subscription> subs;
        private final Map<String, Pattern> keywordPatterns = new HashMap<>();

        Naive(List<Subscription> subs) {
            this.subs = subs;
        }

        /**
         * Whether a keyword occurs in the current report, so each pattern runs once per report, not per
         * subscription.
         */
        private final Map<String, Boolean> keywordFound = new HashMap<>();

        private boolean found(String keyword, AlertReport r) {
            Pattern p = keywordPatterns.computeIfAbsent(keyword, kw -> Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(kw) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE));
            return p.matcher(r.text()).find() || r.title() != null && p.matcher(r.title()).find();
        }

        Map<String, Set<String>> match(AlertReport r) {
            keywordFound.clear();
            Map<String, Set<String>> out = new TreeMap<>();
            for (Subscription s : subs) {
                Set<String> keys = new TreeSet<>();
                if (matches(s.filter(), r, keys)) {
                    out.put(s.id(), keys);
                }
            }
            return out;
        }

        private boolean matches(SubscriptionFilter f, AlertReport r, Set<String> keys) {
            double min = f.minScore() == null ? -1 : f.minScore();
            if (!f.groups().isEmpty()) {
                boolean any = false;
                for (AlertReport.Group g : r.groups()) {
                    boolean listed = f.groups().contains(g.id())
                            || f.includeAffiliates()
                            && (hasListedAncestor(f, g.id()) || g.affiliation() != null
                            && (f.groups().contains(g.affiliation())
                            || hasListedAncestor(f, g.affiliation())));
                    if (listed && (f.roles().isEmpty() || f.roles().contains(g.role())) && g.score() >= min) {
                        keys.add("groups=" + g.id());
                        any = true;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            if (!f.entities().isEmpty() && !entities(f.entities(), r, false, min, "entities", keys)) {
                return false;
            }
            if (!f.places().isEmpty() && !entities(f.places(), r, true, min, "places", keys)) {
                return false;
            }
            if (!f.keywords().isEmpty()) {
                boolean any = false;
                for (String k : f.keywords()) {
                    if (keywordFound.computeIfAbsent(k, kw -> found(kw, r))) {
                        keys.add("keywords=" + k.toLowerCase(Locale.ROOT));
                        any = true;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            if (!f.topics().isEmpty()) {
                boolean any = false;
                for (AlertReport.Topic t : r.topics()) {
                    if (f.topics().contains(t.name()) && t.score() >= min) {
                        keys.add("topics=" + t.name());
                        any = true;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            if (!f.eventTypes().isEmpty()) {
                boolean any = false;
                for (AlertReport.Event e : r.events()) {
                    boolean when = !"current".equals(f.temporal()) || "current".equals(e.temporal());
                    if (f.eventTypes().contains(e.type()) && when && e.score() >= min) {
                        keys.add("eventTypes=event:" + slug(e.name()));
                        any = true;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            if (!f.languages().isEmpty()) {
                if (r.language() == null || !f.languages().contains(r.language())) {
                    return false;
                }
                keys.add("languages=" + r.language());
            }
            if (!f.sources().isEmpty()) {
                boolean name = f.sources().contains(r.sourceName());
                boolean kind = f.sources().contains(r.sourceKind());
                if (!name && !kind) {
                    return false;
                }
                if (name) {
                    keys.add("sources=" + r.sourceName());
                }
                if (kind) {
                    keys.add("sources=" + r.sourceKind());
                }
            }
            return true;
        }

        private static boolean hasListedAncestor(SubscriptionFilter f, String id) {
            Optional<String> parent = CATALOG.affiliation(id);
            for (int depth = 0; parent.isPresent() && depth < 10; depth++) {
                if (f.groups().contains(parent.get())) {
                    return true;
                }
                parent = CATALOG.affiliation(parent.get());
            }
            return false;
        }

        private static boolean entities(List<String> values, AlertReport r, boolean placesOnly, double min,
                                        String field, Set<String> keys) {
            boolean any = false;
            for (AlertReport.Entity e : r.entities()) {
                if (e.type().equals("THREAT_GROUP") || e.type().equals("EVENT")
                        || placesOnly && !e.type().equals("LOCATION") || e.score() < min) {
                    continue;
                }
                for (String v : values) {
                    if (entityMatches(v, e)) {
                        keys.add(field + "="
                                + (e.id() != null ? e.id() : prefix(e.type()) + ":" + slug(e.name())));
                        any = true;
                    }
                }
            }
            return any;
        }

        private static boolean entityMatches(String value, AlertReport.Entity e) {
            int colon = value.indexOf(':');
            if (colon < 0) {
                return slug(value).equals(slug(e.name()));
            }
            if (value.equalsIgnoreCase(e.id())) {
                return true;
            }
            return value.substring(0, colon).equalsIgnoreCase(prefix(e.type()))
                    && slug(value.substring(colon + 1)).equals(slug(e.name()));
        }

        private static final Map<String, String> SLUGS = new HashMap<>();

        private static String slug(String s) {
            return SLUGS.computeIfAbsent(s, k -> k.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    .replaceAll("^-|-$", ""));
        }
    }
}
