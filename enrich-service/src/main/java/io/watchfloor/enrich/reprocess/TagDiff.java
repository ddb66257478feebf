package io.watchfloor.enrich.reprocess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a re-enrichment changes in one report: the group and entity tags added and removed, each with its evidence,
 * and the counts per group over many reports. Plain Java: both sides come as {@link Tag} lists.
 */
public final class TagDiff {

    private TagDiff() {
    }

    /** A tag: kind ({@code group}, {@code PERSON}, ...), identity key, display name and evidence spans. */
    public record Tag(String kind, String key, String name, List<String> evidence) {
        String identity() {
            return kind + ":" + key;
        }

        @Override
        public String toString() {
            return kind + " " + name + (key.equals(name.toLowerCase(Locale.ROOT)) ? "" : " (" + key + ")")
                    + (evidence.isEmpty() ? "" : " " + String.join(", ", evidence));
        }
    }

    /** The changes of one report; {@code stored} is false when the store had no enrichment of it. */
    public record ReportDiff(String id, String title, boolean stored, List<Tag> added, List<Tag> removed) {
        public boolean changed() {
            return !added.isEmpty() || !removed.isEmpty();
        }

        /** Whether group {@code groupId} is among the old or the new tags. */
        public boolean involvesGroup(String groupId, List<Tag> before, List<Tag> after) {
            return hasGroup(before, groupId) || hasGroup(after, groupId);
        }
    }

    public static ReportDiff diff(String id, String title, boolean stored, List<Tag> before, List<Tag> after) {
        Map<String, Tag> old = index(before);
        Map<String, Tag> neu = index(after);
        List<Tag> added = new ArrayList<>();
        List<Tag> removed = new ArrayList<>();
        neu.forEach((k, t) -> {
            if (!old.containsKey(k)) {
                added.add(t);
            }
        });
        old.forEach((k, t) -> {
            if (!neu.containsKey(k)) {
                removed.add(t);
            }
        });
        return new ReportDiff(id, title, stored, added, removed);
    }

    static boolean hasGroup(List<Tag> tags, String groupId) {
        return tags.stream().anyMatch(t -> "group".equals(t.kind()) && t.key().equalsIgnoreCase(groupId));
    }

    private static Map<String, Tag> index(List<Tag> tags) {
        Map<String, Tag> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            out.putIfAbsent(t.identity(), t);
        }
        return out;
    }

    /** Per group id: how many reports gain it and how many lose it. */
    public static Map<String, int[]> perGroup(List<ReportDiff> diffs) {
        Map<String, int[]> counts = new TreeMap<>();
        for (ReportDiff d : diffs) {
            d.added().stream().filter(t -> "group".equals(t.kind()))
                    .forEach(t -> counts.computeIfAbsent(t.key(), k -> new int[2])[0]++);
            d.removed().stream().filter(t -> "group".equals(t.kind()))
                    .forEach(t -> counts.computeIfAbsent(t.key(), k -> new int[2])[1]++);
        }
        return counts;
    }

    /** A span as evidence text: {@code text[21,27] "ISIS-K"}. */
    public static String span(String field, int start, int end, String text) {
        return field + "[" + start + "," + end + "] \"" + text + "\"";
    }

    /** An entity's identity: its id when it has one, else its name folded to lower case. */
    public static String entityKey(String id, String name) {
        return id != null && !id.isBlank() ? id : name.toLowerCase(Locale.ROOT).strip();
    }
}
