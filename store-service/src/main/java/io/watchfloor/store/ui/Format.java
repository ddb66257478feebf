package io.watchfloor.store.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How pages show times and scores. */
final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String day(Instant t) {
        return t == null ? "" : t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    static String score(double s) {
        return String.format(Locale.ROOT, "%.2f", s);
    }
}
