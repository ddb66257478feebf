package io.watchfloor.enrich.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.enrich.domain.Enricher;
import io.watchfloor.enrich.domain.Enrichment;
import io.watchfloor.enrich.domain.ReportText;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaggerThrowsOnTest {
    private static final Enrichment NOTHING = new Enrichment(List.of(), List.of(), List.of(), List.of(), "c1", "e1",
            List.of(), List.of());
    private final AtomicInteger calls = new AtomicInteger();
    private final Enricher tagger = report -> {
        calls.incrementAndGet();
        return NOTHING;
    };

    private static ReportText report(String title, String text) {
        return new ReportText("r-1", title, text, null);
    }

    @Test
    void offUnlessAMarkerIsGiven() {
        assertSame(tagger, TaggerThrowsOn.wrap(tagger, null));
        assertSame(tagger, TaggerThrowsOn.wrap(tagger, ""));
        assertSame(tagger, TaggerThrowsOn.wrap(tagger, "  "));
    }

    @Test
    void throwsOnlyForATextContainingTheMarker() {
        Enricher hooked = TaggerThrowsOn.wrap(tagger, " BOOM-7 ");
        assertSame(NOTHING, hooked.enrich(report("t", "an ordinary report")));
        // the title does not count: the marker must be in the text
        assertSame(NOTHING, hooked.enrich(report("BOOM-7", "an ordinary report")));
        // case matters: boom-7 is not the marker
        assertSame(NOTHING, hooked.enrich(report("t", "says boom-7 quietly")));
        assertEquals(3, calls.get());

        RuntimeException e = assertThrows(TaggerThrowsOn.InjectedTaggerFault.class,
                () -> hooked.enrich(new ReportText("r-42", "t", "before BOOM-7 after", null)));
        assertTrue(e.getMessage().contains("r-42") && e.getMessage().contains("BOOM-7")
                && e.getMessage().contains(TaggerThrowsOn.VARIABLE), e.getMessage());
        assertEquals(3, calls.get(), "the tagger itself is not called for a marked report");
    }

    @Test
    void thePropertyWinsOverTheVariable() {
        String before = System.getProperty(TaggerThrowsOn.PROPERTY);
        try {
            System.setProperty(TaggerThrowsOn.PROPERTY, "PROP-MARK");
            Enricher hooked = TaggerThrowsOn.fromEnvironment(tagger);
            assertThrows(TaggerThrowsOn.InjectedTaggerFault.class, () -> hooked.enrich(report("t", "x PROP-MARK")));
            System.clearProperty(TaggerThrowsOn.PROPERTY);
            if (System.getenv(TaggerThrowsOn.VARIABLE) == null) {
                assertSame(tagger, TaggerThrowsOn.fromEnvironment(tagger));
            }
        } finally {
            if (before == null) {
                System.clearProperty(TaggerThrowsOn.PROPERTY);
            } else {
                System.setProperty(TaggerThrowsOn.PROPERTY, before);
            }
        }
    }
}
