package io.watchfloor.alert.domain.matching;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fingerprint says what matched, not how strongly or where. */
class MatchFingerprintTest {

    private static Clause group(String id, double score, int start) {
        return new Clause("groups", id, "group", id, id, score, "mentioned",
                List.of(new Evidence("text", start, start + 6, "ISIS-K")));
    }

    private static Clause keyword(String key, int start) {
        return new Clause("keywords", key, "keyword", key, key, null, null,
                List.of(new Evidence("text", start, start + key.length(), key)));
    }

    @Test
    void shouldIgnoreScoresOffsetsRolesAndClauseOrder() {
        MatchFingerprint a = MatchFingerprint.of(List.of(group("iskp", 0.81, 508),
                keyword("abbey gate", 931)));
        Clause claimed = new Clause("groups", "iskp", "group", "iskp", "ISKP", 0.55, "claimed", List.of());
        MatchFingerprint b = MatchFingerprint.of(List.of(keyword("abbey gate", 12), claimed,
                group("iskp", 0.9, 3)));
        assertEquals(a, b);
        assertEquals(List.of("groups=iskp", "keywords=abbey gate"), a.keys());
        assertTrue(a.value().matches("mf-[0-9a-f]{32}"), a.value());
    }

    @Test
    void shouldChangeWhenWhatMatchedChanges() {
        MatchFingerprint base = MatchFingerprint.of(List.of(group("iskp", 0.8, 0)));
        assertNotEquals(base.value(),
                MatchFingerprint.of(List.of(group("iskp", 0.8, 0), group("ttp", 0.6, 9)))
                .value(), "another group matched");
        assertNotEquals(base.value(), MatchFingerprint.of(List.of(group("ttp", 0.8, 0))).value());
        Clause sameIdOtherField = new Clause("entities", "iskp", "organization", "iskp", "x", 0.8, null,
                List.of());
        assertNotEquals(base.value(), MatchFingerprint.of(List.of(sameIdOtherField)).value());
    }

    @Test
    void shouldBeStableAcrossRunsAndVersions() {
        // pinned (sha256 of the sorted keys, computed outside Java): a change re-alerts every stored story
        assertEquals("mf-dc6e4ff7e8d7cf7417a91fe7045135e3",
                MatchFingerprint.of(List.of(group("iskp", 0.1, 0))).value());
        assertEquals("mf-2a62b7b393094b1f4a891c48978e1200",
                MatchFingerprint.of(List.of(keyword("abbey gate", 0), group("iskp", 0.1, 0))).value());
    }
}
