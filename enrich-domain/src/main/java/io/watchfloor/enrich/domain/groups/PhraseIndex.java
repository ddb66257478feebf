package io.watchfloor.enrich.domain.groups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Many phrases in one trie: every whole-word, case-insensitive occurrence of every phrase in a text (overlaps
 * included) at original offsets; compared after {@link NormalizedText} folding. Immutable and thread-safe.
 */
public final class PhraseIndex<V> {

    private final KeyTrie<List<V>> trie;
    private final int phrases;

    private PhraseIndex(KeyTrie<List<V>> trie, int phrases) {
        this.trie = trie;
        this.phrases = phrases;
    }

    public static <V> Builder<V> builder() {
        return new Builder<>();
    }

    /**
     * The matching key of a phrase: normalised, lower-cased and trimmed; empty if nothing in it can match.
     */
    public static String key(String phrase) {
        return phrase == null ? "" : NormalizedText.foldKey(phrase);
    }

    /** Number of distinct phrase keys. */
    public int size() {
        return phrases;
    }

    /**
     * Every occurrence of every phrase in {@code text}, ordered by start, then end, then the order values
     * were added.
     */
    public List<Hit<V>> find(String text) {
        List<Hit<V>> hits = new ArrayList<>();
        if (text == null || text.isEmpty() || phrases == 0) {
            return hits;
        }
        NormalizedText norm = NormalizedText.of(text);
        trie.forEachWholeWordKey(norm, (start, end, values) -> {
            int from = norm.originalStart(start);
            int to = norm.originalEnd(end);
            String surface = text.substring(from, to);
            for (V value : values) {
                hits.add(new Hit<>(value, from, to, surface));
            }
        });
        return hits;
    }

    /** One occurrence: the phrase's value and the original span (end exclusive) with its surface text. */
    public record Hit<V>(V value, int start, int end, String text) {
    }

    /** Collects phrases; a phrase added twice (or two phrases with the same key) keeps every value once. */
    public static final class Builder<V> {
        private final Map<String, Set<V>> byKey = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds {@code phrase}; rejects a phrase with nothing to match (empty once normalised). */
        public Builder<V> add(String phrase, V value) {
            Objects.requireNonNull(value, "value");
            String key = key(phrase);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("phrase \"" + phrase + "\" is empty once normalised");
            }
            byKey.computeIfAbsent(key, k -> new LinkedHashSet<>(2)).add(value);
            return this;
        }

        public PhraseIndex<V> build() {
            KeyTrie.Builder<List<V>> tb = new KeyTrie.Builder<>();
            byKey.forEach((k, v) -> tb.add(k, List.copyOf(v)));
            return new PhraseIndex<>(tb.build(), byKey.size());
        }
    }
}
