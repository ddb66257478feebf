package io.watchfloor.store.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportCursorTest {

    @Test
    void shouldRoundTripTimeToTheMicrosecondAndIdWithSeparators() {
        ReportCursor cursor = new ReportCursor(Instant.parse("2025-07-01T10:00:00.123456Z"), "id|with|bars");

        ReportCursor back = ReportCursor.decode(cursor.encode());

        assertEquals(cursor, back);
    }

    @Test
    void shouldRoundTripTimesBeforeTheEpoch() {
        ReportCursor cursor = new ReportCursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "old");

        assertEquals(cursor, ReportCursor.decode(cursor.encode()));
    }

    @Test
    void shouldBeUrlSafeAndOpaque() {
        String token = new ReportCursor(Instant.parse("2025-07-01T10:00:00Z"), "r/1?+&").encode();

        assertFalse(token.contains("r/1"));
        assertEquals(token, token.replaceAll("[^A-Za-z0-9_-]", ""));
    }

    @Test
    void shouldRejectTokensItDidNotMake() {
        assertThrows(IllegalArgumentException.class, () -> ReportCursor.decode("not a cursor!"));
        assertThrows(IllegalArgumentException.class, () -> ReportCursor.decode("djJ8YWJjfGlk")); // v2|abc|id
        assertThrows(IllegalArgumentException.class, () -> ReportCursor.decode("djF8YWJjfGlk")); // v1|abc|id
        assertThrows(IllegalArgumentException.class, () -> ReportCursor.decode(""));
    }
}
