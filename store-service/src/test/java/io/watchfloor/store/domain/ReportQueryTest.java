package io.watchfloor.store.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportQueryTest {

    @Test
    void shouldTreatBlankFiltersAsAbsent() {
        ReportQuery q = new ReportQuery(" ", "", " iskp ", null, null, 20, null);

        assertNull(q.group());
        assertNull(q.entity());
        assertEquals("iskp", q.text());
    }

    @Test
    void shouldBoundTheLimit() {
        assertThrows(IllegalArgumentException.class, () -> new ReportQuery(null, null, null, null, null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new ReportQuery(null, null, null, null, null, 201, null));
        assertEquals(200, new ReportQuery(null, null, null, null, null, 200, null).limit());
    }

    @Test
    void shouldRejectAnEmptyTimeRange() {
        Instant t = Instant.parse("2025-07-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new ReportQuery(null, null, null, t, t, 20, null));
    }

    @Test
    void shouldParseDatesAndDateTimes() {
        assertEquals(Instant.parse("2025-07-01T00:00:00Z"), TimeParam.parse("from", "2025-07-01"));
        assertEquals(Instant.parse("2025-07-01T10:00:00Z"), TimeParam.parse("from", "2025-07-01T12:00:00+02:00"));
        assertNull(TimeParam.parse("from", " "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimeParam.parse("to", "yesterday"));
        assertEquals(true, e.getMessage().startsWith("to must be an ISO-8601 date"));
    }
}
