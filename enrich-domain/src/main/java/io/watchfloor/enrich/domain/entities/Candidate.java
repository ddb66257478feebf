package io.watchfloor.enrich.domain.entities;

import java.util.LinkedHashMap;
import java.util.Map;

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
    Map<String, String> attrs;

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

    Candidate attr(String k, String v) {
        if (attrs == null) {
            attrs = new LinkedHashMap<>(8);
        }
        attrs.put(k, v);
        return this;
    }
}
