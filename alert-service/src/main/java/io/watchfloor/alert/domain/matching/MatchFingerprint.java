package io.watchfloor.alert.domain.matching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * What matched, as sorted {@code field=tagId} keys and their hash: scores, roles, offsets and evidence are
 * left out, so a revision or re-enrichment that matches the same things has the same fingerprint.
 */
public record MatchFingerprint(String value, List<String> keys) {

    public MatchFingerprint {
        keys = List.copyOf(keys);
    }

    public static MatchFingerprint of(List<Clause> clauses) {
        TreeSet<String> keys = new TreeSet<>();
        for (Clause c : clauses) {
            keys.add(c.field() + "=" + c.tagId());
        }
        String hash = sha256Hex(String.join("\n", keys)).substring(0, 32);
        return new MatchFingerprint("mf-" + hash, List.copyOf(keys));
    }

    static String sha256Hex(String s) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
