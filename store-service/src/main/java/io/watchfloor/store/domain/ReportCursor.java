package io.watchfloor.store.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Keyset position in the report list (sorted by time desc, then id desc), encoded as an opaque
 * URL-safe token so clients cannot depend on its shape.
 */
public record ReportCursor(Instant sortTime, String id) {
    private static final String VERSION = "v1";

    public ReportCursor {
        if (sortTime == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("A cursor needs a time and a report id");
        }
    }

    /** The opaque token for this position. */
    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(sortTime.getEpochSecond(), 1_000_000L),
                sortTime.getNano() / 1_000L);
        String plain = VERSION + "|" + micros + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a token made by {@link #encode()}; IllegalArgumentException for anything else. */
    public static ReportCursor decode(String token) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid cursor: not a token returned as nextCursor", e);
        }
        String[] parts = plain.split("\\|", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("Invalid cursor: not a token returned as nextCursor");
        }
        try {
            long micros = Long.parseLong(parts[1]);
            Instant time = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new ReportCursor(time, parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid cursor: not a token returned as nextCursor", e);
        }
    }
}
