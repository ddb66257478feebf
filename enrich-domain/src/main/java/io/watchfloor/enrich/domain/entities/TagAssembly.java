package io.watchfloor.enrich.domain.entities;

import io.watchfloor.enrich.domain.EntityFinding;
import io.watchfloor.enrich.domain.Evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.watchfloor.enrich.domain.entities.EntityRecognizer.PRODUCER;

/** Tag assembly: one finding per entity key, mentions in reading order, merged attributes and rule names. */
final class TagAssembly {

    private TagAssembly() {
    }

    static List<EntityFinding> build(List<FieldState> fields, MentionExtent extents) {
        Map<String, Agg> byKey = new LinkedHashMap<>();
        for (FieldState f : fields) {
            f.selected.sort(Comparator.comparingInt(c -> c.s));
        }
        // title first, then text: mentions come out in reading order
        for (FieldState f : fields) {
            int[] nationalities = MentionExtent.nationalityStarts(f);
            int[] possessors = null;
            for (int k = 0; k < f.selected.size(); k++) {
                Candidate c = f.selected.get(k);
                Agg a = byKey.computeIfAbsent(c.key, x -> new Agg(c));
                int start = f.t.start[c.s];
                int end = f.t.end[c.e - 1];
                String text = f.t.text.substring(start, end);
                Candidate next = k + 1 < f.selected.size() ? f.selected.get(k + 1) : null;
                int extentStart = extents.start(f, c, nationalities, possessors);
                possessors = MentionExtent.possessor(possessors, f, c, extentStart);
                a.mentions.add(new Evidence(f.name, start, end, text, f.t.start[extentStart],
                        f.t.end[extents.end(f, c, next) - 1]));
                a.score = Math.max(a.score, c.score);
                if (c.attrs != null) {
                    c.attrs.forEach(a.attrs::putIfAbsent);
                }
                if (a.id == null && text.length() > a.name.length() && !c.rule.equals("acronym")) {
                    a.name = text;
                }
                if (!a.rules.contains(c.rule)) {
                    a.rules.add(c.rule);
                }
            }
        }
        List<EntityFinding> tags = new ArrayList<>(byKey.size());
        for (Agg a : byKey.values()) {
            double score = Math.min(0.99, a.score + 0.03 * (a.mentions.size() - 1));
            a.attrs.put("rules", a.rules.size() == 1 ? a.rules.get(0) : String.join(",", sorted(a.rules)));
            // sorted and unmodifiable: the same report always serialises the same way
            tags.add(new EntityFinding(a.type, a.id, a.name, Math.round(score * 1000) / 1000.0, PRODUCER,
                    List.copyOf(a.mentions), java.util.Collections.unmodifiableMap(a.attrs)));
        }
        return tags;
    }

    private static List<String> sorted(List<String> rules) {
        List<String> list = new ArrayList<>(rules);
        list.sort(null);
        return list;
    }

    /** Mentions of one entity being gathered. */
    private static final class Agg {
        final String type;
        final String id;
        String name;
        double score;
        final List<Evidence> mentions = new ArrayList<>();
        final Map<String, String> attrs = new TreeMap<>();
        /** Distinct rule names (a short list: a linear contains beats hashing for two or three). */
        final List<String> rules = new ArrayList<>(4);

        Agg(Candidate c) {
            this.type = c.type;
            this.id = c.id;
            this.name = c.name;
            this.score = c.score;
        }
    }
}
