package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupMatcherTest {

    private static GroupMatcher matcher;

    @BeforeAll
    static void loadCatalog() {
        matcher = new GroupMatcher(GroupCatalog.fromClasspath());
    }

    private static List<GroupMention> match(String text) {
        List<GroupMention> mentions = matcher.match(new ReportText("t", null, text, null));
        for (GroupMention m : mentions) {
            assertEquals(m.span().text(), text.substring(m.span().start(), m.span().end()),
                    "span must point into the original text");
        }
        return mentions;
    }

    private static List<String> ids(String text) {
        return match(text).stream().map(GroupMention::groupId).distinct().collect(Collectors.toList());
    }

    @Test
    void shouldMatchPossessiveWithoutTheApostropheS() {
        List<GroupMention> m = match("ISIS-K's leader was killed, and ISIS-K’s media wing said nothing.");
        assertEquals(2, m.size());
        assertTrue(m.stream().allMatch(x -> x.groupId().equals("iskp")));
        assertEquals("ISIS-K", m.get(0).span().text());
        assertEquals("ISIS-K", m.get(1).span().text());
    }

    @Test
    void shouldMatchAcrossDashAndHyphenVariants() {
        for (String dash : List.of("-", "\u2010", "\u2011", "\u2013", "\u2014", " ")) {
            String text = "Fighters of Tehrik" + dash + "e" + dash + "Taliban Pakistan attacked a post.";
            List<GroupMention> m = match(text);
            assertEquals(List.of("ttp"), m.stream().map(GroupMention::groupId).toList(), "dash " + dash);
            assertEquals("Tehrik" + dash + "e" + dash + "Taliban Pakistan", m.get(0).span().text());
        }
    }

    @Test
    void shouldMatchApostropheVariants() {
        assertEquals(List.of("kataib-hezbollah"), ids("Kata’ib Hezbollah fired rockets."));
        assertEquals(List.of("kataib-hezbollah"), ids("Kataib Hezbollah fired rockets."));
    }

    @Test
    void shouldRespectWholeWordBoundaries() {
        assertTrue(ids("The ISKPX gadget and MISKP code are products.").isEmpty());
        assertEquals(List.of("iskp"), ids("Officials blamed ISKP."));
        assertTrue(ids("Hamasville is a made-up town.").isEmpty());
    }

    @Test
    void shouldPreferLongestMatch() {
        List<GroupMention> m = match("The Islamic State Khorasan Province claimed it.");
        assertEquals(1, m.size());
        assertEquals("iskp", m.get(0).groupId());
        assertEquals("Islamic State Khorasan Province", m.get(0).span().text());
        assertEquals(List.of("ttp"), ids("Pakistani Taliban fighters crossed the border."));
        assertEquals(List.of("kataib-hezbollah"), ids("Kata'ib Hezbollah is an Iraqi militia."));
    }

    @Test
    void shouldIgnoreTtpInCyberSentence() {
        assertTrue(ids("The actor's TTP included spear-phishing and custom malware loaders.").isEmpty());
        assertTrue(ids("Map each TTP to the ATT&CK matrix.").isEmpty());
    }

    @Test
    void shouldAcceptTtpWhenLongFormIsElsewhere() {
        List<GroupMention> m = match("Tehrik-e-Taliban Pakistan issued a statement. Analysts note the TTP "
                + "has grown since 2021; the malware tactics of other actors are irrelevant here.");
        assertEquals(2, m.size());
        assertEquals("TTP", m.get(1).span().text());
        assertEquals("long-form", m.get(1).contextReason());
        assertEquals("acronym-with-context", m.get(1).method());
    }

    @Test
    void shouldAcceptTtpWithNearbyCueWords() {
        assertEquals(List.of("ttp"), ids("TTP militants ambushed a convoy in North Waziristan."));
    }

    @Test
    void shouldNotTakeIsAsAVerb() {
        assertTrue(ids("This IS what happens when the budget IS late.").isEmpty());
        assertTrue(ids("IT IS TIME FOR ACTION, IS IT NOT?").isEmpty());
        assertEquals(List.of("islamic-state"), ids("IS militants attacked a checkpoint near Raqqa."));
    }

    @Test
    void shouldKeepSpansInOriginalTextAfterNfkcChangingCharacters() {
        String text = "\uFB01nal \uD83D\uDE00 report \u2163: \uFF29\uFF33\uFF29\uFF33-K\u2019s cell and "
                + "Ha\u00ADmas were named.";
        List<GroupMention> m = match(text);
        assertEquals(List.of("iskp", "hamas"), m.stream().map(GroupMention::groupId).toList());
        assertEquals("\uFF29\uFF33\uFF29\uFF33-K", m.get(0).span().text());
        assertEquals("normalised", m.get(0).method());
        assertEquals("Ha\u00ADmas", m.get(1).span().text());
    }

    @Test
    void shouldTagTitleMentionsWithTitleField() {
        List<GroupMention> m = matcher.match(new ReportText("t", "Al-Shabaab attack in Mogadishu",
                "Militants stormed a hotel.", null));
        assertEquals(1, m.size());
        assertEquals("al-shabaab", m.get(0).groupId());
        assertEquals(Evidence.TITLE, m.get(0).span().field());
        assertEquals(0, m.get(0).span().start());
    }

    @Test
    void shouldResolveAllIskpSpellingsToOneGroup() {
        for (String s : List.of("ISIS-K", "IS-K", "ISKP", "ISIL-K", "Islamic State Khorasan Province",
                "Islamic State – Khorasan Province", "Islamic State's Khorasan Province", "Wilayat Khorasan")) {
            assertEquals(List.of("iskp"), ids("Officials say " + s + " planned the attack."), s);
        }
    }

    @Test
    void shouldKeepAlShabaabAwayFromMozambiqueProvince() {
        assertEquals(List.of("al-shabaab"), ids("Al-Shabaab fighters attacked a base in Somalia."));
        assertEquals(List.of("is-mozambique"), ids("Islamic State Mozambique Province raided a village."));
    }

    @Test
    void shouldMapPopularNamesMissingFromRawLists() {
        assertEquals(List.of("houthis"), ids("The Houthis fired a missile at a ship."));
        assertEquals(List.of("al-qaeda"), ids("Al-Qaeda's leadership remains in hiding."));
        assertFalse(ids("The Federation of Freedom hosted a conference.").iterator().hasNext());
    }

    @Test
    void shouldReadTalibanInPakistaniDistrictsAsPakistaniTaliban() {
        List<GroupMention> m = match("Security forces killed 12 Taliban militants in Lakki Marwat, "
                + "Khyber Pakhtunkhwa.");
        assertEquals(List.of("ttp"), m.stream().map(GroupMention::groupId).toList());
        assertEquals("context-variant", m.get(0).method());
        assertEquals(List.of("taliban"), ids("Pakistan accused the Taliban in Kabul of sheltering fighters from "
                + "Khyber Pakhtunkhwa."));
        assertEquals(List.of("taliban"), ids("The Taliban closed girls' schools."));
    }

    @Test
    void shouldAcceptNumberAliasOnlyNextToACue() {
        assertEquals(List.of("764"), ids("Canada designates 764 as a terrorist entity."));
        assertEquals(List.of("764"), ids("Police say 764 network members groomed children online."));
        assertTrue(ids("The county recorded 764 new cases and 764 votes.").isEmpty());
    }
}
