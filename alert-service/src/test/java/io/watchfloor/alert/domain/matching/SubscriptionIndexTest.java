package io.watchfloor.alert.domain.matching;

import io.watchfloor.alert.domain.subscription.CatalogGroupDirectory;
import io.watchfloor.alert.domain.subscription.Subscription;
import io.watchfloor.alert.domain.subscription.SubscriptionFilter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.watchfloor.alert.domain.matching.TestReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filter semantics through the index: AND/OR, affiliates, keywords, roles, scores, time, entities, places.
 */
class SubscriptionIndexTest {

    static final CatalogGroupDirectory CATALOG = CatalogGroupDirectory.fromClasspath();
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static Subscription sub(String id, SubscriptionFilter filter) {
        return Subscription.of(id, "name of " + id, filter, NOW);
    }

    private static List<String> ids(List<Match> matches) {
        return matches.stream().map(Match::subscriptionId).toList();
    }

    private static Map<String, Match> byId(List<Match> matches) {
        return matches.stream().collect(Collectors.toMap(Match::subscriptionId, m -> m));
    }

    @Test
    void shouldRequireEveryGivenFieldAndAnyOneValueWithinAField() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("either-group", SubscriptionFilter.builder().groups("iskp", "ttp").build()),
                sub("group-and-topic", SubscriptionFilter.builder().groups("iskp").topics("attack").build()),
                sub("group-and-other-topic",
                        SubscriptionFilter.builder().groups("iskp").topics("financing").build()),
                sub("other-groups", SubscriptionFilter.builder().groups("hamas", "al-shabaab").build())));
        AlertReport r = report().text("ISIS-K attacked.").group("ttp", 0.7).topic("attack", 0.9).build();

        List<Match> matches = index.match(r);

        assertEquals(List.of("either-group"), ids(matches),
                "ttp satisfies the OR; iskp is absent for the ANDs");
        Clause c = matches.get(0).clauses().get(0);
        assertEquals(List.of("groups", "ttp", "group", "ttp"),
                List.of(c.field(), c.value(), c.tagKind(), c.tagId()));

        AlertReport both = report().text("ISIS-K attacked.")
                .group("iskp", "islamic-state", "claimed", 0.8, "ISIS-K").topic("attack", 0.9).build();
        Map<String, Match> m = byId(index.match(both));
        assertEquals(List.of("either-group", "group-and-topic"), m.keySet().stream().sorted().toList());
        assertEquals(List.of("groups", "topics"),
                m.get("group-and-topic").clauses().stream().map(Clause::field).toList());
        assertEquals(new Evidence("text", 0, 6, "ISIS-K"),
                m.get("group-and-topic").clauses().get(0).evidence().get(0));
    }

    @Test
    void shouldMatchAffiliatesOfAListedGroupOnlyWhenAskedWithTheRealCatalog() {
        assertTrue(CATALOG.contains("iskp") && CATALOG.contains("is-somalia"),
                "catalog lost its IS provinces");
        assertEquals("islamic-state", CATALOG.affiliation("iskp").orElseThrow());
        assertTrue(CATALOG.affiliatesOf("islamic-state").containsAll(List.of("iskp", "is-somalia", "iswap")));
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("is-family",
                        SubscriptionFilter.builder().groups("islamic-state").includeAffiliates(true).build()),
                sub("is-core", SubscriptionFilter.builder().groups("islamic-state").build()),
                sub("farc-family",
                        SubscriptionFilter.builder().groups("farc").includeAffiliates(true).build())));

        Match family = index.match(report().text("x").group("is-somalia", 0.6).build()).get(0);
        assertEquals("is-family", family.subscriptionId());
        assertEquals("islamic-state", family.clauses().get(0).value(), "the listed group it matched through");
        assertEquals("is-somalia", family.clauses().get(0).tagId());

        assertEquals(List.of("is-core", "is-family"),
                ids(index.match(report().group("islamic-state", 0.6).build())));
        assertEquals(List.of("farc-family"),
                ids(index.match(report().group("segunda-marquetalia", 0.6).build())),
                "affiliation is transitive: segunda-marquetalia -> farc-dissidents -> farc");
        assertEquals(List.of(), ids(index.match(report().group("farc-dissidents-unknown", 0.6).build())));
    }

    @Test
    void shouldUseTheReportsOwnAffiliationForAProvinceTheDirectoryDoesNotKnowYet() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("is-family",
                        SubscriptionFilter.builder().groups("islamic-state").includeAffiliates(true).build()),
                sub("is-core", SubscriptionFilter.builder().groups("islamic-state").build())));
        AlertReport r = report().group("is-new-province", "islamic-state", "mentioned", 0.7, null).build();
        assertEquals(List.of("is-family"), ids(index.match(r)));
    }

    @Test
    void shouldMatchKeywordsAsWholeWordsCaseInsensitivelyWithOriginalOffsets() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("isis", SubscriptionFilter.builder().keywords("ISIS").build()),
                sub("abbey", SubscriptionFilter.builder().keywords("Abbey Gate").build())));
        assertEquals(List.of(),
                ids(index.match(report().text("The ISISK cell, ISISes, the abbeygate.").build())));
        Match isis = index.match(report().text("A statement by ISIS.").build()).get(0);
        assertEquals(List.of(new Evidence("text", 15, 19, "ISIS")), isis.clauses().get(0).evidence());

        String text = "Crowds at the abbey gate, then ABBEY-GATE.";
        Match abbey = index.match(report().title("Abbey Gate anniversary").text(text).build()).get(0);
        assertEquals("abbey", abbey.subscriptionId());
        Clause c = abbey.clauses().get(0);
        assertEquals(List.of("keywords", "Abbey Gate", "keyword", "abbey gate"),
                List.of(c.field(), c.value(), c.tagKind(), c.tagId()));
        assertEquals(List.of(new Evidence("title", 0, 10, "Abbey Gate"),
                new Evidence("text", 14, 24, "abbey gate"),
                new Evidence("text", 31, 41, "ABBEY-GATE")), c.evidence());
        assertEquals("abbey gate", text.substring(14, 24));
    }

    @Test
    void shouldCountGroupsOnlyInTheGivenRolesAndAtOrAboveMinScore() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("claimed",
                        SubscriptionFilter.builder().groups("iskp").roles("claimed", "attributed").build()),
                sub("confident", SubscriptionFilter.builder().groups("iskp", "ttp").minScore(0.7).build())));

        assertEquals(List.of(),
                ids(index.match(report().group("iskp", null, "mentioned", 0.6, null).build())));
        assertEquals(List.of("claimed", "confident"),
                ids(index.match(report().group("iskp", null, "claimed", 0.7, null).build())), "0.7 >= 0.7");
        Match m = index.match(report().group("iskp", null, "attributed", 0.69, null)
                .group("ttp", null, "mentioned", 0.9, null).build()).get(0);
        assertEquals("claimed", m.subscriptionId());
        assertEquals("attributed", m.clauses().get(0).role());
        List<Match> confident = index.match(report().group("iskp", null, "mentioned", 0.5, null)
                .group("ttp", null, "mentioned", 0.95, null).build());
        assertEquals(List.of("confident"), ids(confident));
        assertEquals(List.of("ttp"), confident.get(0).clauses().stream().map(Clause::tagId).toList(),
                "only the tag above minScore is a reason");
    }

    @Test
    void shouldCountOnlyCurrentEventsWhenTemporalIsCurrent() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("bombing-now",
                        SubscriptionFilter.builder().eventTypes("bombing").temporal("current").build()),
                sub("bombing-any", SubscriptionFilter.builder().eventTypes("bombing").build())));
        String text = "Officials recalled the 2021 Kabul Abbey Gate bombing.";
        AlertReport history = report().text(text)
                .event("Kabul Abbey Gate bombing", "bombing", "historical", 0.8).build();
        assertEquals(List.of("bombing-any"), ids(index.match(history)));
        Clause c = index.match(history).get(0).clauses().get(0);
        assertEquals(List.of("eventTypes", "bombing", "event", "event:kabul-abbey-gate-bombing"),
                List.of(c.field(), c.value(), c.tagKind(), c.tagId()));

        AlertReport now = report().text("A bombing in Peshawar today.")
                .event("Peshawar bombing", "Bombing", "current", 0.8).build();
        assertEquals(List.of("bombing-any", "bombing-now"), ids(index.match(now)));
    }

    @Test
    void shouldMatchEntitiesByIdDerivedTypedIdOrNormalisedName() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("typed", SubscriptionFilter.builder().entities("person:sharifullah").build()),
                sub("typed-spaced", SubscriptionFilter.builder().entities("person:Michael Kurilla").build()),
                sub("by-id", SubscriptionFilter.builder().entities("org:us-centcom").build()),
                sub("by-name", SubscriptionFilter.builder().entities("michael  KURILLA").build()),
                sub("wrong-type", SubscriptionFilter.builder().entities("org:sharifullah").build())));
        AlertReport r = report().text("Sharifullah met General Michael Kurilla of U.S. Central Command.")
                .entity("PERSON", null, "Sharifullah", 0.7)
                .entity("PERSON", null, "Michael Kurilla", 0.88)
                .entity("ORGANIZATION", "org:us-centcom", "U.S. Central Command", 0.93)
                .build();
        Map<String, Match> m = byId(index.match(r));
        assertEquals(List.of("by-id", "by-name", "typed", "typed-spaced"),
                m.keySet().stream().sorted().toList());
        Clause typed = m.get("typed").clauses().get(0);
        assertEquals(List.of("entities", "person:sharifullah", "person", "person:sharifullah", "Sharifullah"),
                List.of(typed.field(), typed.value(), typed.tagKind(), typed.tagId(), typed.tagName()));
        assertEquals(new Evidence("text", 0, 11, "Sharifullah"), typed.evidence().get(0));
        assertEquals("person:michael-kurilla", m.get("by-name").clauses().get(0).tagId());
    }

    @Test
    void shouldMatchPlacesOnLocationEntitiesOnlyAndIgnoreGroupAndEventEntitiesForEntities() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("pk", SubscriptionFilter.builder().places("geo:country:PK").build()),
                sub("kabul", SubscriptionFilter.builder().places("Kabul").build()),
                sub("iskp-as-entity", SubscriptionFilter.builder().entities("iskp").build())));
        AlertReport nationalityOnly = report().text("Pakistani officials said.")
                .entity("NATIONALITY", "geo:country:PK", "Pakistan", 0.8)
                .entity("THREAT_GROUP", "iskp", "iskp", 0.8).build();
        assertEquals(List.of(), ids(index.match(nationalityOnly)));
        AlertReport located = report().text("In Pakistan and Kabul.")
                .entity("LOCATION", "geo:country:PK", "Pakistan", 0.99)
                .entity("LOCATION", "geo:city:AF:kabul", "Kabul", 0.85).build();
        Map<String, Match> m = byId(index.match(located));
        assertEquals(List.of("kabul", "pk"), m.keySet().stream().sorted().toList());
        assertEquals("geo:country:PK", m.get("pk").clauses().get(0).tagId());
        assertEquals("location", m.get("pk").clauses().get(0).tagKind());
    }

    @Test
    void shouldMatchLanguagesAndSourcesByNameOrKind() {
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, List.of(
                sub("french", SubscriptionFilter.builder().languages("FR").build()),
                sub("stix-iskp", SubscriptionFilter.builder().sources("stix").groups("iskp").build()),
                sub("wire", SubscriptionFilter.builder().sources("example wire").build())));
        assertEquals(List.of("french", "wire"), ids(index.match(report().language("fr").build())));
        assertEquals(List.of("wire"), ids(index.match(report().language(null).group("iskp", 0.9).build())));
        List<Match> stix = index.match(report().source("CTI feed", "stix").group("iskp", 0.9).build());
        assertEquals(List.of("stix-iskp"), ids(stix));
        assertEquals(List.of("groups", "sources"),
                stix.get(0).clauses().stream().map(Clause::field).toList());
    }

    @Test
    void shouldReplaceChangedAndForgetRemovedSubscriptionsWithoutTouchingTheOldIndex() {
        SubscriptionIndex v1 = SubscriptionIndex.empty(CATALOG)
                .with(sub("a", SubscriptionFilter.builder().groups("iskp").build()))
                .with(sub("b", SubscriptionFilter.builder().keywords("abbey gate").build()));
        SubscriptionIndex v2 = v1.with(sub("a",
                SubscriptionFilter.builder().groups("ttp").build())).without("b");
        AlertReport r = report().text("At Abbey Gate.").group("iskp", 0.9).build();
        assertEquals(List.of("a", "b"), ids(v1.match(r)));
        assertEquals(List.of(), ids(v2.match(r)));
        assertEquals(List.of("a"), ids(v2.match(report().group("ttp", 0.9).build())));
        assertEquals(1, v2.size());
        assertEquals(v2, v2.without("missing"));
    }

    @Test
    void shouldRefuseAFilterWithNoCriteria() {
        SubscriptionIndex index = SubscriptionIndex.empty(CATALOG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> index.with(sub("all",
                SubscriptionFilter.builder().minScore(0.5).roles("claimed").build())));
        assertTrue(e.getMessage().contains("all") && e.getMessage().contains("every report"), e.getMessage());
    }

    @Test
    void shouldEvaluateOnlySubscriptionsThatCanMatch() {
        List<Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            subs.add(sub("g" + i, SubscriptionFilter.builder().groups("hamas").languages("en").build()));
            subs.add(sub("k" + i, SubscriptionFilter.builder().keywords("keyword" + i).build()));
        }
        subs.add(sub("iskp", SubscriptionFilter.builder().groups("iskp").build()));
        SubscriptionIndex index = SubscriptionIndex.of(CATALOG, subs);
        AlertReport r = report().text("An ISIS-K statement, keyword7 and keyword7x.").group("iskp",
                0.9).build();
        assertEquals(2, index.candidateCount(r), "only iskp and k7 are looked at, not the 10,000 others");
        assertEquals(List.of("iskp", "k7"), ids(index.match(r)));
    }
}
