package io.watchfloor.enrich.domain.events;

import io.watchfloor.enrich.domain.EventFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventDetectorTest {

    private static final Instant JULY_2025 = Instant.parse("2025-07-20T00:00:00Z");
    private final EventDetector detector = new EventDetector(new Provenance("test", "1"));

    private List<EventFinding> detect(String text, Instant published) {
        List<EventFinding> events = detector.detect(new ReportText("e", null, text, published), offset -> false);
        for (EventFinding e : events) {
            e.mentions().forEach(m -> assertEquals(m.text(), text.substring(m.start(), m.end())));
        }
        return events;
    }

    @Test
    void shouldAnchorAnOlderBombingAsHistorical() {
        List<EventFinding> events = detect("Authorities arrested a planner tied to the deadly Kabul Abbey Gate bombing "
                + "in 2021 that killed 13 service members.", JULY_2025);
        assertEquals(1, events.size());
        EventFinding e = events.get(0);
        assertTrue(e.name().endsWith("Abbey Gate bombing"), e.name());
        assertEquals(EventDetector.HISTORICAL, e.temporal());
        assertEquals("2021", e.date());
        assertEquals("bombing", e.type());
    }

    @Test
    void shouldUseLatestYearInTextWhenNoPublicationDate() {
        EventFinding e = detect("The year 2025 brought new arrests. A suspect in the Abbey Gate bombing in 2021 was "
                + "held.", null).get(0);
        assertEquals(EventDetector.HISTORICAL, e.temporal());
    }

    @Test
    void shouldReadAYearBeforeTheName() {
        EventFinding e = detect("Survivors of the 2008 Mumbai attacks gathered.", JULY_2025).get(0);
        assertEquals("2008", e.date());
        assertEquals(EventDetector.HISTORICAL, e.temporal());
    }

    @Test
    void shouldTreatAnniversaryAsHistorical() {
        EventFinding e = detect("Crowds marked the anniversary of the Peshawar school massacre.", JULY_2025).get(0);
        assertEquals(EventDetector.HISTORICAL, e.temporal());
    }

    @Test
    void shouldTreatFreshCasualtiesAsCurrent() {
        EventFinding e = detect("At least 12 people were killed in the Quetta railway station bombing on Friday.",
                JULY_2025).get(0);
        assertEquals(EventDetector.CURRENT, e.temporal());
    }

    @Test
    void shouldLeaveUndatedReferencesUnknown() {
        EventFinding e = detect("Analysts compared it with the Jaffar Express hijacking.", JULY_2025).get(0);
        assertEquals(EventDetector.UNKNOWN, e.temporal());
    }

    @Test
    void shouldNotNameIndefiniteOrDemonymAttacks() {
        assertTrue(detect("A Hamas attack was repelled. An Israeli attack followed. Another attack came.",
                JULY_2025).isEmpty());
        assertTrue(detect("Pakistani attack helicopters flew overhead.", JULY_2025).isEmpty());
    }
}
