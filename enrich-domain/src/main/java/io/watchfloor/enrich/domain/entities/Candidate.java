package io.watchfloor.enrich.domain.entities;

import java.util.Arrays;
import java.util.function.BiConsumer;

/** A possible entity mention over tokens [s, e) of one field, with the rule that proposed it. */
final class Candidate {
    final int s;
    final int e;
    String type;
    String key;
    int linkS = -1;
    int linkE = -1;
    String id;
    String name;
    final double score;
    final int prio;
    final String rule;
    Attrs attrs;

    Candidate(int s, int e, String type, String key, String id, String name, double score, int prio, String rule) {
        this.s = s;
        this.e = e;
        this.type = type;
        this.key = key;
        this.id = id;
        this.name = name;
        this.score = score;
        this.prio = prio;
        this.rule = rule;
    }

    /** Attribute k, or null. */
    String attr(String k) {
        return attrs == null ? null : attrs.get(k);
    }

    Candidate attr(String k, String v) {
        if (attrs == null) {
            attrs = new Attrs();
        }
        attrs.put(k, v);
        return this;
    }

    /** A few attributes in insertion order (like a small LinkedHashMap, without its per-entry objects). */
    static final class Attrs {
        private String[] kv = new String[8];
        private int size;

        void put(String k, String v) {
            for (int i = 0; i < size; i += 2) {
                if (kv[i].equals(k)) {
                    kv[i + 1] = v;
                    return;
                }
            }
            if (size == kv.length) {
                kv = Arrays.copyOf(kv, size * 2);
            }
            kv[size++] = k;
            kv[size++] = v;
        }

        String get(String k) {
            for (int i = 0; i < size; i += 2) {
                if (kv[i].equals(k)) {
                    return kv[i + 1];
                }
            }
            return null;
        }

        void forEach(BiConsumer<String, String> action) {
            for (int i = 0; i < size; i += 2) {
                action.accept(kv[i], kv[i + 1]);
            }
        }
    }
}
