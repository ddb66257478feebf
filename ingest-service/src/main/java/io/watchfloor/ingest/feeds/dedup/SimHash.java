package io.watchfloor.ingest.feeds.dedup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 64-bit SimHash over word 2-shingles (bigrams): near-identical texts get fingerprints a few bits apart.
 * Bigrams rather than trigrams because feed texts are short: one edited word then moves fewer features.
 */
public final class SimHash {

    /** Texts with fewer shingles than this get no fingerprint: too short to call near-duplicates. */
    public static final int MIN_SHINGLES = 12;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final int SHINGLE = 2;

    private SimHash() {
    }

    /** The fingerprint, or empty when the text is too short to fingerprint reliably. */
    public static OptionalLong of(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        int shingles = words.size() - SHINGLE + 1;
        if (shingles < MIN_SHINGLES) {
            return OptionalLong.empty();
        }
        int[] votes = new int[64];
        for (int i = 0; i < shingles; i++) {
            long h = hash(String.join(" ", words.subList(i, i + SHINGLE)));
            for (int bit = 0; bit < 64; bit++) {
                votes[bit] += ((h >>> bit) & 1L) == 1L ? 1 : -1;
            }
        }
        long fingerprint = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (votes[bit] > 0) {
                fingerprint |= 1L << bit;
            }
        }
        return OptionalLong.of(fingerprint);
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** FNV-1a 64 followed by a murmur3 finaliser so every output bit depends on every input byte. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
