package io.watchfloor.enrich.domain.entities;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** The recogniser's data: gazetteer phrases (places, curated organisations) and the rule word lists. */
final class Lexicon {

    static final String BASE = "/gazetteer/";

    /** One gazetteer phrase. {@code cs}: must match case exactly; {@code ctx}: needs locative context. */
    record Entry(String type, String id, String name, String kind, boolean ctx, boolean cs, String surface,
                 double score, String candKey, String rule) {

        Entry(String type, String id, String name, String kind, boolean ctx, boolean cs, String surface,
              double score) {
            this(type, id, name, kind, ctx, cs, surface, score, type + "|" + id, ("gazetteer:" + kind).intern());
        }
    }

    static final int TITLE = 1;
    static final int ROLE = 1 << 1;
    static final int CUE = 1 << 2;
    static final int PARTICLE = 1 << 3;
    static final int ORG_HEAD = 1 << 4;
    static final int LOC_HEAD = 1 << 5;
    static final int LOC_PREFIX = 1 << 6;
    static final int CTX = 1 << 7;
    static final int SKIP = 1 << 8;
    static final int COMMON = 1 << 9;
    static final int FIRST = 1 << 10;
    /** Some gazetteer phrase starts with this word. */
    static final int PHRASE = 1 << 11;
    static final int NOT_PLACE = 1 << 12;
    static final int ORG_PREFIX = 1 << 13;
    static final int CLASS_NOUN = 1 << 14;
    static final int INSTITUTION = 1 << 15;
    /** Some technical phrase (tech-terms.txt) contains this word. */
    static final int TECH = 1 << 16;
    static final int INSTITUTION_MODIFIER = 1 << 17;
    static final int PLACE_OF = 1 << 18;
    /** A capitalised word that never closes a person's name (religions and denominations: "Roman Catholic"). */
    static final int NOT_SURNAME = 1 << 19;
    /** The word is in the lookup table (some list or phrase has it); its key is then the table's string. */
    static final int IN_TABLE = 1 << 29;
    static final int COMPUTED = 1 << 30;

    final PhraseTrie<Entry> phrases = new PhraseTrie<>();
    /** Technical vocabulary (tech-terms.txt): phrases that are no entity on their own. */
    final PhraseTrie<String> techTerms = new PhraseTrie<>();
    private final Map<String, Integer> wordBits = new HashMap<>();
    /** Plural demonyms read while loading, added once every place is in ("Palestinians", not "Philippines"). */
    private final List<Entry> demonymPlurals = new ArrayList<>();
    final Set<String> commonWords;
    final Set<String> firstNames;
    final Map<String, Set<String>> sections;

    private Lexicon(Set<String> commonWords, Set<String> firstNames, Map<String, Set<String>> sections) {
        this.commonWords = commonWords;
        this.firstNames = firstNames;
        this.sections = sections;
    }

    static Lexicon fromClasspath() {
        Set<String> common = new HashSet<>();
        lines("common-words.txt", l -> common.add(l.toLowerCase(Locale.ROOT)));
        Set<String> first = new HashSet<>();
        lines("first-names.txt", l -> first.add(l.toLowerCase(Locale.ROOT)));
        Map<String, Set<String>> sections = new HashMap<>();
        String[] current = {null};
        lines("entity-rules.txt", l -> {
            if (l.startsWith("[") && l.endsWith("]")) {
                current[0] = l.substring(1, l.length() - 1);
            } else if (current[0] != null) {
                sections.computeIfAbsent(current[0], k -> new HashSet<>()).add(l.toLowerCase(Locale.ROOT));
            }
        });
        Lexicon lex = new Lexicon(common, first, sections);
        lines("organizations.tsv", lex::addOrganization);
        lines("locations-curated.tsv", lex::addPlace);
        lines("geo.tsv", lex::addPlace);
        lines("cities.tsv.gz", lex::addPlace);
        lex.addDemonymPlurals();
        lines("tech-terms.txt", l -> {
            String[] keys = keysOf(l);
            lex.techTerms.put(keys, l);
            for (String k : keys) {
                lex.wordBits.merge(k, TECH, (a, b) -> a | b);
            }
        });
        String[][] sectionBits = {{"person-titles", "1"}, {"person-roles", "2"}, {"person-cues", "4"},
            {"name-particles", "8"}, {"org-heads", "16"}, {"location-heads", "32"}, {"location-prefixes", "64"},
            {"context-before", "128"}, {"skip-leading", "256"}, {"not-places", "4096"}, {"org-prefixes", "8192"},
            {"org-class-nouns", "16384"}, {"institutions", "32768"},
            {"institution-modifiers", "131072"}, {"place-of-nouns", "262144"},
            {"not-surnames", "524288"}};
        for (String[] sb : sectionBits) {
            int bit = Integer.parseInt(sb[1]);
            lex.section(sb[0]).forEach(w -> lex.wordBits.merge(w, bit, (a, b) -> a | b));
        }
        common.forEach(w -> lex.wordBits.merge(w, COMMON, (a, b) -> a | b));
        first.forEach(w -> lex.wordBits.merge(w, FIRST, (a, b) -> a | b));
        lex.phrases.firstKeys().forEach(w -> lex.wordBits.merge(w, PHRASE, (a, b) -> a | b));
        // every word of every phrase is in the table, so a word that is not cannot continue a phrase
        lex.phrases.allKeys().forEach(w -> lex.wordBits.merge(w, 0, (a, b) -> a | b));
        lex.wordBits.forEach((w, b) -> lex.words.put(w, new Word(b, lex.phrases.root().child(w))));
        lex.buildTable();
        return lex;
    }

    /** Rule bits and the gazetteer trie node of one normalised word, looked up together. */
    record Word(int bits, PhraseTrie.Node<Entry> first) {
    }

    private final Map<String, Word> words = new HashMap<>();

    /** Rule bits of one normalised word (0 when the word is in no list). */
    int bits(String key) {
        Integer b = wordBits.get(key);
        return b == null ? 0 : b;
    }

    /** Bits and first trie node of a normalised word, or null when the word is in no list and starts no phrase. */
    Word word(String key) {
        return words.get(key);
    }

    /** Returned by {@link #slotAscii} for a range with a non-ASCII character: look it up by its folded key. */
    static final int NOT_ASCII = -2;

    /** Open-addressing copy of {@code words} (keys hashed like String.hashCode) for allocation-free probes. */
    private String[] tableKeys;
    /** The same keys as char arrays: comparing them avoids String.charAt's per-call checks on the hot path. */
    private char[][] tableChars;
    private int[] tableHashes;
    private int[] tableBits;
    private PhraseTrie.Node<Entry>[] tableFirst;
    private int tableMask;

    @SuppressWarnings("unchecked")
    private void buildTable() {
        int cap = Integer.highestOneBit(Math.max(16, words.size() * 2)) * 2;
        tableKeys = new String[cap];
        tableChars = new char[cap][];
        tableHashes = new int[cap];
        tableBits = new int[cap];
        tableFirst = new PhraseTrie.Node[cap];
        tableMask = cap - 1;
        words.forEach((k, w) -> {
            int idx = spread(k.hashCode()) & tableMask;
            while (tableKeys[idx] != null) {
                idx = (idx + 1) & tableMask;
            }
            tableKeys[idx] = k;
            tableChars[idx] = k.toCharArray();
            tableHashes[idx] = k.hashCode();
            tableBits[idx] = w.bits();
            tableFirst[idx] = w.first();
        });
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /**
     * Table slot of the lower-cased all-ASCII range {@code text[from, to)} (same entry as {@link #word} gives for
     * its key), -1 when the word is not known, {@link #NOT_ASCII} when the range holds a non-ASCII character.
     */
    int slotAscii(char[] text, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            char c = text[k];
            if (c >= 128) {
                return NOT_ASCII;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            h = 31 * h + c;
        }
        int len = to - from;
        int idx = spread(h) & tableMask;
        while (true) {
            if (tableHashes[idx] == h) {
                char[] key = tableChars[idx];
                if (key == null) {
                    return -1;
                }
                if (key.length == len && sameLower(key, text, from)) {
                    return idx;
                }
            } else if (tableKeys[idx] == null) {
                return -1;
            }
            idx = (idx + 1) & tableMask;
        }
    }

    /** The table's own copy of the word in this slot (the lower-cased key), so tokens need not build one. */
    String slotKey(int slot) {
        return tableKeys[slot];
    }

    int slotBits(int slot) {
        return tableBits[slot];
    }

    PhraseTrie.Node<Entry> slotFirst(int slot) {
        return tableFirst[slot];
    }

    private static boolean sameLower(char[] key, char[] text, int from) {
        for (int k = 0; k < key.length; k++) {
            char c = text[from + k];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (key[k] != c) {
                return false;
            }
        }
        return true;
    }


    Set<String> section(String name) {
        Set<String> s = sections.get(name);
        if (s == null) {
            throw new IllegalStateException("gazetteer/entity-rules.txt has no [" + name + "] section: "
                    + "restore it from version control");
        }
        return s;
    }

    private void addOrganization(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
            throw new IllegalStateException("bad line in gazetteer/organizations.tsv (want id, name, aliases, "
                    + "flags): " + line);
        }
        boolean cs = f.length > 3 && f[3].contains("cs");
        for (String alias : f[2].split("\\|")) {
            String a = alias.strip();
            if (!a.isEmpty()) {
                // a lower-case-free alias of 2-5 letters is an acronym and always matched exactly
                boolean acronym = a.length() <= 6 && a.equals(a.toUpperCase(Locale.ROOT));
                put(a, new Entry("ORGANIZATION", f[0], f[1], "organization", false, cs || acronym, a, 0.9));
            }
        }
    }

    private void addPlace(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 4) {
            throw new IllegalStateException("bad gazetteer line (want surface, id, name, kind, flags): " + line);
        }
        String flags = f.length > 4 ? f[4] : "";
        String kind = f[3];
        String type = kind.equals("demonym") ? "NATIONALITY" : "LOCATION";
        double score = switch (kind) {
            case "country" -> 0.9;
            case "region", "continent", "capital" -> 0.85;
            case "demonym" -> 0.8;
            case "admin1" -> 0.75;
            default -> 0.65;
        };
        put(f[0], new Entry(type, f[1], f[2], kind, flags.contains("ctx"), flags.contains("cs"), f[0], score));
        String plural = kind.equals("demonym") ? demonymPlural(f[0]) : null;
        if (plural != null) {
            // "Palestinians", "Israelis": the people, a nationality mention like the adjective; added after every
            // place, so a place of the same spelling keeps it ("Philippines")
            demonymPlurals.add(new Entry(type, f[1], f[2], kind, flags.contains("ctx"), flags.contains("cs"), plural,
                    score));
        }
    }

    private void addDemonymPlurals() {
        demonymPlurals.forEach(e -> put(e.surface(), e));
        demonymPlurals.clear();
    }

    /** The plural of a one-word demonym that has one ("Afghan" -> "Afghans"; not "Chinese", "Swiss", "Dutch"). */
    static String demonymPlural(String demonym) {
        if (demonym.indexOf(' ') >= 0 || demonym.endsWith("ese") || demonym.endsWith("s") || demonym.endsWith("sh")
                || demonym.endsWith("ch") || demonym.endsWith("x") || demonym.endsWith("z")) {
            return null;
        }
        return demonym + "s";
    }

    private void put(String surface, Entry e) {
        String[] keys = keysOf(surface);
        if (keys.length > 0) {
            phrases.put(keys, e);
        }
    }

    private static String[] keysOf(String surface) {
        TokenSeq t = TokenSeq.of(surface);
        String[] keys = new String[t.size];
        for (int i = 0; i < t.size; i++) {
            keys[i] = t.key(i);
        }
        return keys;
    }

    private static void lines(String resource, Consumer<String> sink) {
        String path = BASE + resource;
        try (InputStream raw = Lexicon.class.getResourceAsStream(path)) {
            if (raw == null) {
                throw new IllegalStateException("missing classpath resource " + path
                        + ": rebuild enrich-service (the gazetteer ships in its jar)");
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    String s = l.strip();
                    if (!s.isEmpty() && !s.startsWith("#")) {
                        sink.accept(s);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }
}
