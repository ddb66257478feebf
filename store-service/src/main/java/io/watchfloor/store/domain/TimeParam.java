package io.watchfloor.store.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses query-string times: an ISO-8601 instant, an offset date-time, or a date (midnight UTC). */
public final class TimeParam {
    private TimeParam() {
    }

    public static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 date (2025-07-01) or date-time"
                    + " (2025-07-01T12:00:00Z), got '" + value + "'", e);
        }
    }
}
