package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.CatalogAlias;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.ContextVariant;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds catalog groups in a report with one pass over the normalised, case-folded text (a character trie of all alias
 * keys walked from every word start, see {@link KeyTrie}): whole words only, longest match wins, case-sensitive
 * aliases re-checked against the cased text, ambiguous aliases kept only with supporting context. Spans are mapped
 * back to the original title or text. Thread-safe.
 */
public final class GroupMatcher {

    /** Characters either side of an ambiguous alias searched for cue words. */
    static final int CUE_WINDOW = 150;

    private final GroupCatalog catalog;
    private final KeyTrie<List<Entry>> trie;
    private final Map<String, List<Entry>> entriesByKey;
    private final List<Variant> variants;

    private record Entry(CatalogGroup group, CatalogAlias alias, String casedKey, List<String> cues,
                         List<String> negativeCues, Set<String> adjacentCues, Set<String> previousCues) {
    }

    private record Variant(String group, String variant, List<String> cues, List<String> blocking) {
    }

    private record Candidate(String field, int normStart, int normEnd, Entry entry, NormalizedText text) {
        int length() {
            return normEnd - normStart;
        }
    }

    public GroupMatcher(GroupCatalog catalog) {
        this.catalog = catalog;
        Map<String, List<Entry>> byKey = new HashMap<>();
        Map<String, List<String>> foldedCueSets = new HashMap<>();
        for (CatalogGroup group : catalog.groups()) {
            for (CatalogAlias alias : group.aliases()) {
                String key = NormalizedText.foldKey(alias.text());
                if (key.isEmpty()) {
                    continue;
                }
                List<String> cues = new ArrayList<>();
                List<String> negatives = new ArrayList<>();
                Set<String> adjacent = new HashSet<>();
                Set<String> previous = new HashSet<>();
                if (alias.ambiguous()) {
                    String cueSet = alias.cueSet() == null ? "armed" : alias.cueSet();
                    cues.addAll(foldedCueSets.computeIfAbsent(cueSet, n -> foldAll(catalog.cueSet(n))));
                    cues.addAll(foldAll(alias.cues()));
                    negatives.addAll(foldedCueSets.computeIfAbsent(String.valueOf(alias.negativeCueSet()),
                            n -> foldAll(catalog.cueSet(alias.negativeCueSet()))));
                    negatives.addAll(foldAll(alias.negativeCues()));
                    adjacent.addAll(foldAll(alias.adjacentCues()));
                    previous.addAll(foldAll(alias.previousCues()));
                }
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Entry(group, alias,
                        NormalizedText.normalize(alias.text()), List.copyOf(cues), List.copyOf(negatives),
                        Set.copyOf(adjacent), Set.copyOf(previous)));
            }
        }
        this.entriesByKey = Map.copyOf(byKey);
        List<Variant> vs = new ArrayList<>();
        for (ContextVariant v : catalog.contextVariants()) {
            vs.add(new Variant(v.group(), v.variant(), foldAll(v.cues()), foldAll(v.blockingCues())));
        }
        this.variants = List.copyOf(vs);
        KeyTrie.Builder<List<Entry>> tb = new KeyTrie.Builder<>();
        entriesByKey.forEach((k, v) -> tb.add(k, List.copyOf(v)));
        this.trie = tb.build();
    }

    public GroupCatalog catalog() {
        return catalog;
    }

    /** Number of distinct alias keys in the automaton. */
    public int aliasCount() {
        return entriesByKey.size();
    }

    /** All accepted group mentions in title and text, in reading order (title first). */
    public List<GroupMention> match(ReportText report) {
        List<Candidate> candidates = new ArrayList<>();
        if (report.title() != null && !report.title().isBlank()) {
            candidates.addAll(resolveOverlaps(candidates(Evidence.TITLE, NormalizedText.of(report.title()))));
        }
        if (report.text() != null) {
            candidates.addAll(resolveOverlaps(candidates(Evidence.TEXT, NormalizedText.of(report.text()))));
        }
        Set<String> named = new HashSet<>();
        for (Candidate c : candidates) {
            if (!c.entry().alias().ambiguous()) {
                named.add(c.entry().group().id());
            }
        }
        List<GroupMention> mentions = new ArrayList<>();
        for (Candidate c : candidates) {
            String reason = null;
            if (c.entry().alias().ambiguous()) {
                reason = contextReason(c, named);
                if (reason == null) {
                    continue;
                }
            }
            mentions.add(applyVariants(c, toMention(c, reason)));
        }
        return mentions;
    }

    /** Re-reads a mention as a more specific group when its sentence says so (see ContextVariant). */
    private GroupMention applyVariants(Candidate c, GroupMention mention) {
        for (Variant v : variants) {
            if (!v.group().equals(mention.groupId())) {
                continue;
            }
            String folded = c.text().folded();
            int from = sentenceStart(folded, c.normStart());
            int to = sentenceEnd(folded, c.normEnd());
            boolean blocked = v.blocking().stream().anyMatch(b -> containsWord(folded, b, from, to, c));
            if (blocked) {
                continue;
            }
            for (String cue : v.cues()) {
                if (containsWord(folded, cue, from, to, c)) {
                    return new GroupMention(v.variant(), mention.alias(), mention.span(), "context-variant",
                            "variant-cue:" + cue);
                }
            }
        }
        return mention;
    }

    private static int sentenceStart(String s, int from) {
        int limit = Math.max(0, from - 300);
        int i = from;
        while (i > limit && !(".!?\n".indexOf(s.charAt(i - 1)) >= 0 && (i == s.length() || s.charAt(i) == ' '))) {
            i--;
        }
        return i;
    }

    private static int sentenceEnd(String s, int to) {
        int limit = Math.min(s.length(), to + 300);
        int i = to;
        while (i < limit && ".!?\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** Mentions grouped by group id, keeping reading order. */
    public static Map<String, List<GroupMention>> byGroup(List<GroupMention> mentions) {
        Map<String, List<GroupMention>> map = new LinkedHashMap<>();
        for (GroupMention m : mentions) {
            map.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m);
        }
        return map;
    }

    private List<Candidate> candidates(String field, NormalizedText text) {
        List<Candidate> found = new ArrayList<>();
        String cased = text.cased();
        trie.forEachWholeWordKey(text, (start, end, entries) -> {
            for (Entry entry : entries) {
                if (entry.alias().caseSensitive()
                        && !cased.regionMatches(start, entry.casedKey(), 0, entry.casedKey().length())) {
                    continue;
                }
                found.add(new Candidate(field, start, end, entry, text));
            }
        });
        return found;
    }

    private static List<Candidate> resolveOverlaps(List<Candidate> found) {
        List<Candidate> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(Candidate::length).reversed()
                .thenComparingInt(Candidate::normStart)
                .thenComparing(c -> c.entry().alias().ambiguous())
                .thenComparing(c -> !"curated".equals(c.entry().alias().source())));
        List<Candidate> kept = new ArrayList<>();
        boolean[] taken = new boolean[found.isEmpty() ? 0 : found.get(0).text().length() + 1];
        for (Candidate c : sorted) {
            boolean free = true;
            for (int i = c.normStart(); i < c.normEnd() && free; i++) {
                free = !taken[i];
            }
            if (!free) {
                continue;
            }
            for (int i = c.normStart(); i < c.normEnd(); i++) {
                taken[i] = true;
            }
            kept.add(c);
        }
        kept.sort(Comparator.comparingInt(Candidate::normStart));
        return kept;
    }

    private static String contextReason(Candidate c, Set<String> named) {
        if (named.contains(c.entry().group().id())) {
            return "long-form";
        }
        String folded = c.text().folded();
        String cased = c.text().cased();
        if (c.entry().alias().caseSensitive() && isShouting(cased, c.normStart(), c.normEnd())) {
            return null;
        }
        if (!c.entry().adjacentCues().isEmpty() || !c.entry().previousCues().isEmpty()) {
            String next = nextWord(folded, c.normEnd());
            if (c.entry().adjacentCues().contains(next)) {
                return "adjacent-cue:" + next;
            }
            String previous = previousWord(folded, c.normStart());
            return c.entry().previousCues().contains(previous) ? "previous-cue:" + previous : null;
        }
        int from = Math.max(0, c.normStart() - CUE_WINDOW);
        int to = Math.min(folded.length(), c.normEnd() + CUE_WINDOW);
        for (String negative : c.entry().negativeCues()) {
            if (containsWord(folded, negative, from, to, c)) {
                return null;
            }
        }
        for (String cue : c.entry().cues()) {
            if (containsWord(folded, cue, from, to, c)) {
                return "cue:" + cue;
            }
        }
        return null;
    }

    /** All-caps surroundings (a shouted headline) make acronym-like aliases meaningless. */
    private static boolean isShouting(String cased, int start, int end) {
        int from = Math.max(0, start - 30);
        int to = Math.min(cased.length(), end + 30);
        int letters = 0;
        for (int i = from; i < to; i++) {
            char ch = cased.charAt(i);
            if ((i < start || i >= end) && Character.isLetter(ch)) {
                letters++;
                if (Character.isLowerCase(ch)) {
                    return false;
                }
            }
        }
        return letters > 3;
    }

    private static String nextWord(String folded, int from) {
        int i = from;
        while (i < folded.length() && (folded.charAt(i) == ' ' || folded.charAt(i) == '\'')) {
            i++;
        }
        int start = i;
        while (i < folded.length() && Character.isLetterOrDigit(folded.charAt(i))) {
            i++;
        }
        return folded.substring(start, i);
    }

    private static String previousWord(String folded, int to) {
        int i = to;
        while (i > 0 && folded.charAt(i - 1) == ' ') {
            i--;
        }
        int end = i;
        while (i > 0 && Character.isLetterOrDigit(folded.charAt(i - 1)) && end - i < 40) {
            i--;
        }
        return folded.substring(i, end);
    }

    private static boolean containsWord(String folded, String word, int from, int to, Candidate self) {
        if (word.isEmpty() || to - from < word.length()) {
            return false;
        }
        // search only the window [from, to): indexOf on the whole text would make long texts quadratic
        char first = word.charAt(0);
        for (int i = from; i <= to - word.length(); i++) {
            if (folded.charAt(i) != first || !folded.startsWith(word, i)) {
                continue;
            }
            boolean inside = i >= self.normStart() && i < self.normEnd();
            boolean left = i == 0 || !Character.isLetterOrDigit(folded.charAt(i - 1));
            int after = i + word.length();
            boolean right = after >= folded.length() || !Character.isLetterOrDigit(folded.charAt(after));
            if (left && right && !inside) {
                return true;
            }
        }
        return false;
    }

    private static GroupMention toMention(Candidate c, String reason) {
        NormalizedText text = c.text();
        int start = text.originalStart(c.normStart());
        int end = text.originalEnd(c.normEnd());
        String surface = text.original().substring(start, end);
        CatalogAlias alias = c.entry().alias();
        String method;
        if (reason != null && isAcronym(alias.text())) {
            method = "acronym-with-context";
        } else if (surface.equals(alias.text())) {
            method = "exact";
        } else if (surface.equalsIgnoreCase(alias.text())) {
            method = "case-folded";
        } else {
            method = "normalised";
        }
        return new GroupMention(c.entry().group().id(), alias, new Evidence(c.field(), start, end, surface,
                io.watchfloor.enrich.domain.entities.Determiner.start(text.original(), start, end), end), method,
                reason);
    }

    static boolean isAcronym(String alias) {
        return alias.length() <= 6 && alias.chars().noneMatch(Character::isWhitespace);
    }

    private static List<String> foldAll(List<String> words) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            String k = NormalizedText.foldKey(w);
            if (!k.isEmpty()) {
                out.add(k);
            }
        }
        return out;
    }
}
