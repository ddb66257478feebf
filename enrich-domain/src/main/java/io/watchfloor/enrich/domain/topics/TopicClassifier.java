package io.watchfloor.enrich.domain.topics;

import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.TopicFinding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report topics from weighted cue lexicons matched over word tokens, each with the cue hits as evidence.
 * Score = 1 - exp(-weight / 2), where a cue counts at most twice; topics under {@link #THRESHOLD} are dropped.
 * A cue is a phrase of words; a trailing {@code *} on a word matches any word with that prefix.
 */
public final class TopicClassifier {

    public static final double THRESHOLD = 0.4;
    private static final int MAX_EVIDENCE = 5;

    private record Cue(String topic, int index, double weight, int slot) {
    }

    /** A cue phrase; {@code stems[j]} is the word without its {@code *}, {@code prefix[j]} whether it had one. */
    private record Phrase(String[] stems, boolean[] prefix, Cue cue, int order) {
        int length() {
            return stems.length;
        }
    }

    private record CueSpec(String[] phrases, double weight) {
    }

    private static final Map<String, List<Cue>> LEXICON = new LinkedHashMap<>();
    private static final Map<String, List<Phrase>> BY_FIRST_WORD = new HashMap<>();
    /** Phrases whose first word is a prefix, by the first letter of that prefix, in lexicon order. */
    private static final Map<Character, List<Phrase>> BY_PREFIX = new HashMap<>();
    /** Only the first spans of a cue count (weight and evidence), so later hits are not recorded. */
    private static final int SPANS_PER_CUE = 2;
    private static int cueCount;
    /** ASCII letters and digits ({@code Character.isLetterOrDigit}). */
    private static final boolean[] ASCII_WORD = new boolean[128];
    private static int phraseCount;
    /** Trie over the lower-case first words of all phrases. */
    private static final Node FIRST_WORDS = new Node();

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
        topic("attack",
                cue("attack*|assault|assaults|assaulted", 0.8),
                cue("bomb|bombs|bombed|bombing*|bomber*", 1.0),
                cue("suicide bomb*|car bomb*|ied|ieds|improvised explosive device*", 1.2),
                cue("explosion*|blast|blasts|detonat*", 0.8),
                cue("shooting|shootings|gunmen|gunman|gunfire", 0.9),
                cue("ambush*|massacre*|siege", 1.0),
                cue("killed|kills|killing|dead|death|deaths", 0.5),
                cue("injured|wounded|casualties", 0.5),
                cue("drone strike*|airstrike*|air strike*|shelling", 0.7),
                cue("hostage*|kidnap*|abduct*|hijack*", 0.8),
                cue("stabbing|ramming", 0.9));
        topic("arrest-law-enforcement",
                cue("arrest*", 1.2),
                cue("detain*|detention|in custody|apprehended", 1.0),
                cue("charged|indicted|indictment|prosecut*|convicted|sentenced|trial|court", 0.8),
                cue("extradit*|deport*", 0.9),
                cue("police|law enforcement|investigators|fbi|ctd", 0.5),
                cue("raid|raids|crackdown|seized|seizure|warrant", 0.6));
        topic("counterterrorism-cooperation",
                cue("counterterrorism cooperation|counter terrorism cooperation|security cooperation", 1.5),
                cue("intelligence sharing|shared intelligence|intelligence input*", 1.3),
                cue("partnership|partner|partners|alliance|allies|bilateral|joint operation*|joint effort*"
                        + "|joint exercise*", 0.6),
                cue("cooperation|collaboration|coordination|coordinated", 0.5),
                cue("counterterrorism|counter terrorism|counter isis", 0.4));
        topic("financing",
                cue("financing|finance|financier*|funding|terror financing|terrorist financing", 1.2),
                cue("money laundering|laundered|hawala|remittance*|donation*|crypto*", 1.0),
                cue("sanction*|asset freeze|assets frozen|fatf|designat*", 0.6),
                cue("extortion|smuggling|ransom|illicit fund*", 0.7));
        topic("radicalisation-propaganda",
                cue("radicali*|indoctrinat*|ideolog*", 1.2),
                cue("propaganda|recruit*|online extremism|extremist content", 1.1),
                cue("social media|telegram|video|videos|messaging", 0.4),
                cue("extremism|extremist|extremists", 0.5));
        topic("policy-opinion",
                cue("opinions expressed|op ed|editorial|commentary", 1.2),
                cue("opinion|analysis", 0.5),
                cue("policy|policies|strategy|strategic|diploma*|geopolitic*", 0.5),
                cue("should|must|imperative|crucial|in this regard|cannot be taken for granted", 0.4),
                cue("legislation|law|bill|parliament|minister|government announced|government approved", 0.4));
        withPrefixPaths(FIRST_WORDS, List.of());
    }

    private final Provenance producer;

    public TopicClassifier(Provenance producer) {
        this.producer = producer;
    }

    public List<TopicFinding> classify(ReportText report) {
        @SuppressWarnings("unchecked")
        List<Evidence>[] hits = new List[cueCount];
        scan(report.title(), Evidence.TITLE, hits);
        scan(report.text(), Evidence.TEXT, hits);
        List<TopicFinding> out = new ArrayList<>();
        for (Map.Entry<String, List<Cue>> topic : LEXICON.entrySet()) {
            double weight = 0;
            List<Evidence> evidence = new ArrayList<>();
            for (Cue cue : topic.getValue()) {
                List<Evidence> spans = hits[cue.slot()];
                if (spans == null) {
                    continue; // a cue the report does not use adds nothing
                }
                weight += cue.weight() * Math.min(spans.size(), SPANS_PER_CUE);
                evidence.addAll(spans.subList(0, Math.min(SPANS_PER_CUE, spans.size())));
            }
            double score = Math.round((1 - Math.exp(-weight / 2)) * 1000) / 1000.0;
            if (score >= THRESHOLD) {
                evidence.sort(Comparator.comparing((Evidence s) -> !Evidence.TITLE.equals(s.field()))
                        .thenComparingInt(Evidence::start));
                out.add(new TopicFinding(topic.getKey(), score,
                        List.copyOf(evidence.subList(0, Math.min(MAX_EVIDENCE, evidence.size()))), producer));
            }
        }
        out.sort(Comparator.comparingDouble(TopicFinding::score).reversed());
        return out;
    }

    private static void scan(String s, String field, List<Evidence>[] hits) {
        if (s == null || s.isEmpty()) {
            return;
        }
        // token t spans [bounds[2t], bounds[2t+1]) of s; ascii[t]: all its chars are ASCII
        int[] bounds = new int[32];
        boolean[] ascii = new boolean[16];
        int count = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && !isWordChar(s.charAt(i))) {
                i++;
            }
            int start = i;
            boolean plain = true;
            char c;
            while (i < n && isWordChar(c = s.charAt(i))) {
                plain &= c < 128;
                i++;
            }
            if (i > start) {
                if (count == ascii.length) {
                    bounds = Arrays.copyOf(bounds, bounds.length * 2);
                    ascii = Arrays.copyOf(ascii, ascii.length * 2);
                }
                bounds[2 * count] = start;
                bounds[2 * count + 1] = i;
                ascii[count] = plain;
                count++;
            }
        }
        Words words = new Words(s, bounds, count);
        List<Phrase> slowPrefixed = new ArrayList<>(2);
        for (int t = 0; t < count; t++) {
            List<Phrase> exact;
            List<Phrase> prefixed;
            if (ascii[t]) {
                Node node = deepest(s, bounds[2 * t], bounds[2 * t + 1]);
                exact = node.complete ? node.exact : null;
                prefixed = node.prefixPath;
            } else {
                exact = firstWordPhrasesSlow(words.get(t), slowPrefixed);
                prefixed = slowPrefixed;
            }
            if (exact != null) {
                for (Phrase p : exact) {
                    record(p, t, words, bounds, s, field, hits);
                }
            }
            for (int k = 0; k < prefixed.size(); k++) {
                record(prefixed.get(k), t, words, bounds, s, field, hits);
            }
        }
    }

    private static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    /**
     * The deepest node of {@link #FIRST_WORDS} on the path of the all-ASCII token {@code [start, end)}: its
     * {@code prefixPath} holds the phrases whose first word is a prefix of the token, in lexicon order, and its
     * {@code exact} those naming it exactly when the whole token was walked ({@link Node#complete} of the node
     * returned is then true). Walks without allocating; other tokens go to {@link #firstWordPhrasesSlow}.
     */
    private static Node deepest(String s, int start, int end) {
        Node node = FIRST_WORDS;
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            Node next = node.kids[c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c];
            if (next == null) {
                return node.partial;
            }
            node = next;
        }
        return node;
    }

    /**
     * Gives every node the phrases of its own prefix list and of all its ancestors', sorted by lexicon order
     * ({@code prefixPath}), and a view of itself for tokens that run past it ({@code partial}), once, after the
     * lexicon is built, so matching a token never copies or sorts.
     */
    private static void withPrefixPaths(Node node, List<Phrase> above) {
        List<Phrase> path = above;
        if (node.prefix != null) {
            List<Phrase> merged = new ArrayList<>(above);
            merged.addAll(node.prefix);
            merged.sort(Comparator.comparingInt(Phrase::order));
            path = List.copyOf(merged);
        }
        node.prefixPath = path;
        node.complete = true;
        node.partial = new Node(path);
        for (Node kid : node.kids) {
            if (kid != null) {
                withPrefixPaths(kid, path);
            }
        }
    }

    /** The same for any token, lower-cased exactly as {@code String.toLowerCase(Locale.ROOT)} does. */
    private static List<Phrase> firstWordPhrasesSlow(String word, List<Phrase> prefixed) {
        prefixed.clear();
        List<Phrase> candidates = word.isEmpty() ? null : BY_PREFIX.get(word.charAt(0));
        if (candidates != null) {
            for (Phrase p : candidates) {
                if (word.startsWith(p.stems()[0])) {
                    prefixed.add(p);
                }
            }
        }
        return BY_FIRST_WORD.get(word);
    }

    /** Lower-cased token texts, made only when a multi-word phrase or a non-ASCII token needs them. */
    private static final class Words {
        private final String s;
        private final int[] bounds;
        private final String[] cache;

        Words(String s, int[] bounds, int count) {
            this.s = s;
            this.bounds = bounds;
            this.cache = new String[count];
        }

        int count() {
            return cache.length;
        }

        String get(int t) {
            String w = cache[t];
            if (w == null) {
                w = s.substring(bounds[2 * t], bounds[2 * t + 1]).toLowerCase(Locale.ROOT);
                cache[t] = w;
            }
            return w;
        }
    }

    /** Records phrase {@code p} at token {@code t}; its first word is already known to match. */
    private static void record(Phrase p, int t, Words words, int[] bounds, String s, String field,
                               List<Evidence>[] hits) {
        List<Evidence> spans = hits[p.cue().slot()];
        if (spans != null && spans.size() >= SPANS_PER_CUE) {
            return;
        }
        if (t + p.length() > words.count()) {
            return;
        }
        for (int j = 1; j < p.length(); j++) {
            String token = words.get(t + j);
            boolean ok = p.prefix()[j] ? token.startsWith(p.stems()[j]) : token.equals(p.stems()[j]);
            if (!ok) {
                return;
            }
        }
        int start = bounds[2 * t];
        int end = bounds[2 * (t + p.length() - 1) + 1];
        if (spans == null) {
            spans = new ArrayList<>(SPANS_PER_CUE);
            hits[p.cue().slot()] = spans;
        }
        spans.add(new Evidence(field, start, end, s.substring(start, end)));
    }

    /** A node of the first-word trie (lower-case ASCII): phrases whose first word ends here, exactly or as prefix. */
    private static final class Node {
        final Node[] kids;
        List<Phrase> exact;
        List<Phrase> prefix;
        /** This node's and its ancestors' prefix phrases in lexicon order; set by {@link #withPrefixPaths}. */
        List<Phrase> prefixPath = List.of();
        /** Whether a token ending here was walked whole (false only for {@link #partial} views). */
        boolean complete;
        /** The same prefix phrases for a token that continues past this node: no exact phrases. */
        Node partial;

        Node() {
            kids = new Node[128];
        }

        private Node(List<Phrase> prefixPath) {
            kids = null;
            this.prefixPath = prefixPath;
        }
    }

    private static Node node(String word) {
        Node node = FIRST_WORDS;
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c >= 128 || (c >= 'A' && c <= 'Z')) {
                throw new IllegalStateException("topic cue words must be lower-case ASCII: " + word);
            }
            if (node.kids[c] == null) {
                node.kids[c] = new Node();
            }
            node = node.kids[c];
        }
        return node;
    }

    private static void topic(String name, CueSpec... specs) {
        List<Cue> list = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            Cue c = new Cue(name, i, specs[i].weight(), cueCount++);
            list.add(c);
            for (String phrase : specs[i].phrases()) {
                String[] words = phrase.trim().split("\\s+");
                String[] stems = new String[words.length];
                boolean[] prefix = new boolean[words.length];
                for (int j = 0; j < words.length; j++) {
                    prefix[j] = words[j].endsWith("*");
                    stems[j] = prefix[j] ? words[j].substring(0, words[j].length() - 1) : words[j];
                }
                Phrase p = new Phrase(stems, prefix, c, phraseCount++);
                Node node = node(stems[0]);
                if (prefix[0]) {
                    if (stems[0].isEmpty()) {
                        throw new IllegalStateException("cue word '*' alone matches everything: " + phrase);
                    }
                    BY_PREFIX.computeIfAbsent(stems[0].charAt(0), k -> new ArrayList<>()).add(p);
                    node.prefix = node.prefix == null ? new ArrayList<>() : node.prefix;
                    node.prefix.add(p);
                } else {
                    BY_FIRST_WORD.computeIfAbsent(words[0], k -> new ArrayList<>()).add(p);
                    node.exact = node.exact == null ? new ArrayList<>() : node.exact;
                    node.exact.add(p);
                }
            }
        }
        LEXICON.put(name, List.copyOf(list));
    }

    private static CueSpec cue(String alternatives, double weight) {
        return new CueSpec(alternatives.split("\\|"), weight);
    }
}
