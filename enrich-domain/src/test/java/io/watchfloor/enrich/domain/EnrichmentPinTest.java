package io.watchfloor.enrich.domain;

import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the complete group, event and topic output of the enricher (ids, roles, scores, spans) on three self-written
 * reports, so speed work on the matcher, classifier, event detector and topic lexicon cannot change results unseen;
 * and the entity recogniser's output on the same reports (regenerate it when a rule change is meant to change it).
 */
class EnrichmentPinTest {

    private static final DefaultEnricher ENRICHER = new DefaultEnricher(GroupCatalog.fromClasspath(), r -> List.of(),
            DefaultEnricher.DEFAULT_TEXT_CAP);

    /** One line per group (G), event (E) and topic (T), in the enricher's order. */
    private static List<String> render(String id, String title, String text, String publishedAt) {
        Enrichment en = ENRICHER.enrich(new ReportText(id, title, text,
                publishedAt == null ? null : Instant.parse(publishedAt)));
        List<String> lines = new ArrayList<>();
        en.groups().forEach(g -> lines.add("G " + g.id() + " " + g.role() + " " + g.score() + " " + g.evidence()));
        en.events().forEach(v -> lines.add("E " + v.name() + " | " + v.type() + " " + v.temporal() + " " + v.date()
                + " " + v.score() + " " + v.mentions()));
        en.topics().forEach(t -> lines.add("T " + t.name() + " " + t.score() + " " + t.evidence()));
        return lines;
    }

    @Test
    void claimedGroupHistoricalEventAndTopicsArePinned() {
        List<String> lines = render("pin-1", null, "Islamic State Khorasan Province (ISIS-K) claimed responsibility "
                + "for the suicide bombing at a Kabul market on Friday, which killed 12 people. Police arrested two "
                + "suspects linked to the group. Officials recalled the 2021 Abbey Gate bombing, when ISIS-K killed "
                + "13 U.S. service members.", "2025-10-03T08:00:00Z");
        assertEquals(List.of(
                "G iskp claimed 0.89 [Evidence[field=text, start=0, end=31, text=Islamic State Khorasan Province], "
                        + "Evidence[field=text, start=33, end=39, text=ISIS-K], "
                        + "Evidence[field=text, start=244, end=250, text=ISIS-K]]",
                "E 2021 Abbey Gate bombing | bombing historical 2021 0.8 "
                        + "[Evidence[field=text, start=214, end=237, text=2021 Abbey Gate bombing]]",
                "T attack 0.878 [Evidence[field=text, start=72, end=87, text=suicide bombing], "
                        + "Evidence[field=text, start=80, end=87, text=bombing], "
                        + "Evidence[field=text, start=123, end=129, text=killed], "
                        + "Evidence[field=text, start=230, end=237, text=bombing], "
                        + "Evidence[field=text, start=251, end=257, text=killed]]",
                "T arrest-law-enforcement 0.573 [Evidence[field=text, start=141, end=147, text=Police], "
                        + "Evidence[field=text, start=148, end=156, text=arrested]]"), lines);
    }

    @Test
    void titleMentionsAmbiguousAcronymAndFinancingArePinned() {
        List<String> lines = render("pin-2", "Pakistan sanctions TTP financiers", "Pakistani authorities designated "
                + "three financiers of Tehrik-i-Taliban Pakistan on Monday. The TTP militants were accused of "
                + "extortion and hawala transfers in North Waziristan. Security forces killed five TTP fighters in a "
                + "raid.", null);
        assertEquals(List.of(
                "G ttp attributed 1.0 [Evidence[field=title, start=19, end=22, text=TTP], "
                        + "Evidence[field=text, start=53, end=78, text=Tehrik-i-Taliban Pakistan], "
                        + "Evidence[field=text, start=94, end=97, text=TTP], "
                        + "Evidence[field=text, start=204, end=207, text=TTP]]",
                "T financing 0.929 [Evidence[field=title, start=9, end=18, text=sanctions], "
                        + "Evidence[field=title, start=23, end=33, text=financiers], "
                        + "Evidence[field=text, start=22, end=32, text=designated], "
                        + "Evidence[field=text, start=39, end=49, text=financiers], "
                        + "Evidence[field=text, start=124, end=133, text=extortion]]"), lines);
    }

    @Test
    void unicodeDashesApostrophesAccentsAndCapitalsArePinned() {
        List<String> lines = render("pin-3", null, "Al\u2011Shabaab fighters attacked an army base near Mogadishu; "
                + "the government blamed al\u2011Shabaab\u2019s commanders. Des jeunes radicalis\u00e9s "
                + "ont \u00e9t\u00e9 "
                + "ARRESTED by police. Hamas and Hezbollah issued statements on the Mogadishu Airport Attack of "
                + "2019.", null);
        assertEquals(List.of(
                "G al-shabaab attributed 0.81 [Evidence[field=text, start=0, end=10, text=Al\u2011Shabaab], "
                        + "Evidence[field=text, start=83, end=90, text=Shabaab]]",
                "G hamas mentioned 0.63 [Evidence[field=text, start=156, end=161, text=Hamas]]",
                "G hezbollah mentioned 0.63 [Evidence[field=text, start=166, end=175, text=Hezbollah]]",
                "T arrest-law-enforcement 0.573 [Evidence[field=text, start=136, end=144, text=ARRESTED], "
                        + "Evidence[field=text, start=148, end=154, text=police]]",
                "T attack 0.551 [Evidence[field=text, start=20, end=28, text=attacked], "
                        + "Evidence[field=text, start=219, end=225, text=Attack]]",
                "T radicalisation-propaganda 0.451 "
                        + "[Evidence[field=text, start=116, end=127, text=radicalis\u00e9s]]"), lines);
    }

    /** One line per recognised entity: type, id, name, score, mention offsets, rules. */
    private static List<String> entities(String text) {
        List<String> lines = new ArrayList<>();
        for (EntityFinding f : EntityRecognizer.fromClasspath().recognize(new ReportText("pin", null, text, null))) {
            lines.add(f.type() + " " + f.id() + " " + f.name() + " " + f.score() + " "
                    + f.mentions().stream().map(m -> m.start() + "-" + m.end()).toList() + " "
                    + f.attributes().get("rules"));
        }
        return lines;
    }

    @Test
    void recognisedEntitiesArePinned() {
        assertEquals(List.of(
                "LOCATION null Islamic State Khorasan Province 0.65 [0-31] location-head",
                "ORGANIZATION null ISIS 0.43 [33-37, 244-248] unknown-acronym",
                "LOCATION geo:city:AF:kabul Kabul 0.85 [93-98] gazetteer:capital",
                "LOCATION geo:country:US United States 0.9 [261-265] gazetteer:country"),
                entities("Islamic State Khorasan Province (ISIS-K) claimed responsibility for the suicide bombing at "
                        + "a Kabul market on Friday, which killed 12 people. Police arrested two suspects linked to "
                        + "the group. Officials recalled the 2021 Abbey Gate bombing, when ISIS-K killed 13 U.S. "
                        + "service members."));
        assertEquals(List.of(
                "ORGANIZATION null Pakistani authorities 0.6 [0-21] institution",
                "ORGANIZATION null Tehrik-i-Taliban Pakistan 0.7 [53-78] org-prefix",
                "LOCATION geo:region:north-waziristan North Waziristan 0.85 [158-174] gazetteer:region"),
                entities("Pakistani authorities designated three financiers of Tehrik-i-Taliban Pakistan on Monday. "
                        + "The TTP militants were accused of extortion and hawala transfers in North Waziristan. "
                        + "Security forces killed five TTP fighters in a raid."));
        assertEquals(List.of(
                "LOCATION geo:city:SO:mogadishu Mogadishu 0.85 [47-56] gazetteer:capital",
                "LOCATION null Mogadishu Airport 0.65 [201-218] location-head"),
                entities("Al\u2011Shabaab fighters attacked an army base near Mogadishu; the government blamed "
                        + "al\u2011Shabaab\u2019s commanders. Des jeunes radicalis\u00e9s ont \u00e9t\u00e9 "
                        + "ARRESTED by police. Hamas and Hezbollah issued statements on the Mogadishu Airport Attack "
                        + "of 2019."));
    }
}
