package io.watchfloor.enrich.domain.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable character trie over string keys with a value per key, stored in flat arrays (sorted labels per node,
 * a direct table for ASCII at the root) so walking it allocates nothing and boxes nothing. Thread-safe once built.
 */
final class KeyTrie<V> {

    static final int ROOT = 0;

    private final int[] rootAscii;
    private final int[] firstChild;
    private final char[] labels;
    private final int[] targets;
    private final Object[] values;

    private KeyTrie(int[] rootAscii, int[] firstChild, char[] labels, int[] targets, Object[] values) {
        this.rootAscii = rootAscii;
        this.firstChild = firstChild;
        this.labels = labels;
        this.targets = targets;
        this.values = values;
    }

    /** The node reached from {@code node} by {@code c}, or -1. */
    int next(int node, char c) {
        if (node == ROOT && c < 128) {
            return rootAscii[c];
        }
        int lo = firstChild[node];
        int hi = firstChild[node + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            char l = labels[mid];
            if (l < c) {
                lo = mid + 1;
            } else if (l > c) {
                hi = mid - 1;
            } else {
                return targets[mid];
            }
        }
        return -1;
    }

    /** The value of the key ending at {@code node}, or null if no key ends there. */
    @SuppressWarnings("unchecked")
    V value(int node) {
        return (V) values[node];
    }

    /** What {@link #forEachWholeWordKey} hands over: a key found at [start, end) of the folded text. */
    interface KeyVisitor<V> {
        void visit(int start, int end, V value);
    }

    /**
     * Calls {@code visitor} for every occurrence of a key in {@code text}'s folded form that starts and ends on a
     * word boundary, in order of start, shorter keys first.
     */
    void forEachWholeWordKey(NormalizedText text, KeyVisitor<V> visitor) {
        String folded = text.folded();
        int n = folded.length();
        for (int start = 0; start < n; start++) {
            if (!text.isBoundary(start - 1)) {
                continue;
            }
            int node = ROOT;
            for (int i = start; i < n; i++) {
                node = next(node, folded.charAt(i));
                if (node < 0) {
                    break;
                }
                V value = value(node);
                if (value != null && text.isBoundary(i + 1)) {
                    visitor.visit(start, i + 1, value);
                }
            }
        }
    }

    /** Collects keys, then lays the trie out in arrays. */
    static final class Builder<V> {
        private final List<Map<Character, Integer>> children = new ArrayList<>();
        private final List<V> nodeValues = new ArrayList<>();

        Builder() {
            children.add(new HashMap<>());
            nodeValues.add(null);
        }

        Builder<V> add(String key, V value) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("empty trie key");
            }
            int node = ROOT;
            for (int i = 0; i < key.length(); i++) {
                Integer child = children.get(node).get(key.charAt(i));
                if (child == null) {
                    child = children.size();
                    children.add(new HashMap<>());
                    nodeValues.add(null);
                    children.get(node).put(key.charAt(i), child);
                }
                node = child;
            }
            nodeValues.set(node, value);
            return this;
        }

        KeyTrie<V> build() {
            int nodes = children.size();
            int[] firstChild = new int[nodes + 1];
            int edges = 0;
            for (int n = 0; n < nodes; n++) {
                firstChild[n] = edges;
                edges += children.get(n).size();
            }
            firstChild[nodes] = edges;
            char[] labels = new char[edges];
            int[] targets = new int[edges];
            for (int n = 0; n < nodes; n++) {
                Character[] cs = children.get(n).keySet().toArray(new Character[0]);
                Arrays.sort(cs);
                for (int k = 0; k < cs.length; k++) {
                    labels[firstChild[n] + k] = cs[k];
                    targets[firstChild[n] + k] = children.get(n).get(cs[k]);
                }
            }
            int[] rootAscii = new int[128];
            Arrays.fill(rootAscii, -1);
            children.get(ROOT).forEach((c, t) -> {
                if (c < 128) {
                    rootAscii[c] = t;
                }
            });
            return new KeyTrie<>(rootAscii, firstChild, labels, targets, nodeValues.toArray());
        }
    }
}
