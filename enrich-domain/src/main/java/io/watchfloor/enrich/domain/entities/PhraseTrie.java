package io.watchfloor.enrich.domain.entities;

import java.util.HashMap;
import java.util.Map;

/** A trie over normalised tokens: finds the longest known phrase starting at a token in one hash probe per token. */
final class PhraseTrie<V> {

    private final Node<V> root = new Node<>();
    private int size;

    static final class Node<V> {
        private Map<String, Node<V>> next;
        V value;

        Node<V> child(String key) {
            return next == null ? null : next.get(key);
        }
    }

    /** Adds a phrase given as token keys; the first value added for a phrase wins. Returns true if added. */
    boolean put(String[] keys, V value) {
        Node<V> n = root;
        for (String k : keys) {
            if (n.next == null) {
                n.next = new HashMap<>(4);
            }
            n = n.next.computeIfAbsent(k, x -> new Node<>());
        }
        if (n.value != null) {
            return false;
        }
        n.value = value;
        size++;
        return true;
    }

    java.util.Set<String> firstKeys() {
        return root.next == null ? java.util.Set.of() : root.next.keySet();
    }

    /** Every key at every depth (the words of all phrases). */
    java.util.Set<String> allKeys() {
        java.util.Set<String> out = new java.util.HashSet<>();
        java.util.ArrayDeque<Node<V>> todo = new java.util.ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Node<V> n = todo.poll();
            if (n.next != null) {
                out.addAll(n.next.keySet());
                todo.addAll(n.next.values());
            }
        }
        return out;
    }

    Node<V> root() {
        return root;
    }

    int size() {
        return size;
    }

    /** Callback deciding whether a match ending at token {@code last} with value v is acceptable. */
    interface Check<V> {
        boolean ok(V value, int first, int last);
    }

    /**
     * Longest acceptable match starting at token {@code from}; returns the exclusive end token index or -1.
     * The value is left in {@code out[0]}.
     */
    int longest(TokenSeq t, int from, Check<V> check, Object[] out) {
        return longest(root.child(t.key(from)), t, from, check, out);
    }

    /** Like {@link #longest(TokenSeq, int, Check, Object[])} with the root's child for token {@code from} given. */
    int longest(Node<V> first, TokenSeq t, int from, Check<V> check, Object[] out) {
        Node<V> n = first;
        int best = -1;
        int i = from;
        while (n != null) {
            if (n.value != null && check.ok(n.value, from, i)) {
                best = i + 1;
                out[0] = n.value;
            }
            i++;
            if (i >= t.size || n.next == null || t.lineBreakAfter(i - 1)) {
                break;
            }
            n = n.child(t.key(i));
        }
        return best;
    }

    /**
     * Like {@link #longest(Node, TokenSeq, int, Check, Object[])} for a trie whose every word is in the vocabulary's
     * table: a later token's key comes from {@link Vocabulary#tableKey}, and a word not in the table ends the walk
     * without building a key.
     */
    int longest(Node<V> first, TokenSeq t, int from, Check<V> check, Object[] out, Vocabulary voc) {
        Node<V> n = first;
        int best = -1;
        int i = from;
        while (n != null) {
            if (n.value != null && check.ok(n.value, from, i)) {
                best = i + 1;
                out[0] = n.value;
            }
            i++;
            if (i >= t.size || n.next == null || t.lineBreakAfter(i - 1)) {
                break;
            }
            String key = voc.tableKey(t, i);
            if (key == null) {
                break;
            }
            n = n.child(key);
        }
        return best;
    }
}
