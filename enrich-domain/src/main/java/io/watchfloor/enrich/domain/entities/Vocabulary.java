package io.watchfloor.enrich.domain.entities;

import java.util.Set;

/**
 * The recogniser's view of its {@link Lexicon}: rule bits and gazetteer trie node per token (one hash probe,
 * cached in the {@link TokenSeq}) and allocation-free checks of lower-case title words.
 */
final class Vocabulary {

    /** Lower-case words that act as a title before a name ("spokesman Zabihullah Mujahid"). */
    private static final Set<String> LOWER_TITLES = Set.of("spokesman", "spokeswoman", "spokesperson",
            "commander", "leader", "chief", "founder", "minister", "president", "envoy", "cleric", "militant",
            "emir", "deputy", "governor", "general",
            // occupations: "pianist Eddy Duchin", "striker Harry Kane"
            "singer", "pianist", "guitarist", "drummer", "bassist", "actor", "actress", "writer", "author",
            "novelist", "poet", "painter", "artist", "composer", "producer", "director", "coach", "manager",
            "striker", "goalkeeper", "journalist", "reporter", "photographer", "lawyer", "businessman",
            "businesswoman", "historian", "economist", "activist", "rapper", "comedian", "architect", "cricketer",
            "footballer", "boxer", "chairman", "chairwoman", "analyst", "researcher", "hacker", "preacher",
            "colonel", "captain", "sergeant", "lieutenant", "brigadier", "admiral", "chancellor", "ambassador",
            "secretary", "senator", "mayor", "king", "queen", "prince",
            // more occupations and the roles news gives people: "outfielder Dustin Majewski", "suspect Ali Khan"
            "outfielder", "infielder", "catcher", "pitcher", "shortstop", "quarterback", "midfielder", "defender",
            "wrestler", "swimmer", "cyclist", "golfer", "sprinter", "surfer", "bodyboarder", "jockey", "dancer",
            "sculptor", "filmmaker", "screenwriter", "playwright", "lyricist", "vocalist", "keyboardist",
            "saxophonist", "trumpeter", "violinist", "cellist", "entrepreneur", "scientist", "physicist", "chemist",
            "biologist", "mathematician", "philosopher", "theologian", "diplomat", "politician", "legislator",
            "lawmaker", "surgeon", "commentator", "broadcaster", "presenter", "suspect", "hostage", "detainee",
            "defendant", "gunman", "insurgent", "soldier", "policeman", "policewoman", "pilot", "blogger",
            // "Nobel laureate Narges Mohammadi", "presidential candidate Bobi Wine", "prosecutor Ana Reyes"
            "laureate", "candidate", "dissident", "prosecutor", "judge", "premier", "incumbent", "nominee",
            "opponent", "challenger", "ruler", "warlord", "commissioner", "negotiator", "mediator",
            // crime and conflict reporting: "sex trafficker Ghislaine Maxwell", "Indonesian counterpart Prabowo"
            "counterpart", "trafficker", "smuggler", "kingpin", "mobster", "assassin", "killer", "murderer",
            "shooter", "attacker", "bomber", "hijacker", "fugitive", "convict", "inmate", "prisoner", "informant",
            "whistleblower", "defector", "oligarch", "magnate", "financier", "banker", "lobbyist", "strategist",
            "adviser", "advisor", "aide", "campaigner", "organiser", "organizer", "editor", "columnist",
            "correspondent", "influencer", "podcaster",
            // "first lady Cilia Flores"
            "lady");

    private final Lexicon lex;
    private final Set<String> cues;
    private final boolean[] lowerShapes = new boolean[26 * 32];
    /** LOWER_TITLES by first letter and length, compared in place for ASCII tokens. */
    private final String[][] lowerTitleShapes = new String[26 * 32][];

    /** Shapes (first letter, length) of the lower-case words checked after a capitalised word. */
    private final boolean[] afterCapShapes = new boolean[26 * 32];
    /** Shapes of the lower-case words checked before a capitalised word (organisation class nouns). */
    private final boolean[] beforeCapShapes = new boolean[26 * 32];

    Vocabulary(Lexicon lex) {
        this.lex = lex;
        this.cues = lex.section("person-cues");
        for (String section : new String[] {"institutions", "institution-modifiers", "name-particles"}) {
            lex.section(section).forEach(w -> shape(afterCapShapes, w));
        }
        LocationRules.LOWER_HEADS.forEach(w -> shape(afterCapShapes, w));
        lex.section("org-class-nouns").forEach(w -> shape(beforeCapShapes, w));
        for (String w : cues) {
            char c = w.charAt(0);
            if (c >= 'a' && c <= 'z' && w.length() < 32) {
                lowerShapes[(c - 'a') * 32 + w.length()] = true;
            }
        }
        for (String w : LOWER_TITLES) {
            int shape = (w.charAt(0) - 'a') * 32 + w.length();
            String[] old = lowerTitleShapes[shape];
            String[] grown = old == null ? new String[1] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = w;
            lowerTitleShapes[shape] = grown;
        }
    }

    private static void shape(boolean[] shapes, String w) {
        char c = w.charAt(0);
        if (c >= 'a' && c <= 'z' && w.length() < 32) {
            shapes[(c - 'a') * 32 + w.length()] = true;
        }
    }

    private static boolean hasShape(boolean[] shapes, TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        int len = t.end[i] - t.start[i];
        return c >= 'a' && c <= 'z' && len < 32 && shapes[(c - 'a') * 32 + len];
    }

    /**
     * Cheap pre-filter for lower-case token i after a capitalised word: could it be an institution noun or modifier,
     * a lower-case place noun or a name particle? (First letter and length, no lookup.)
     */
    boolean afterCapHint(TokenSeq t, int i) {
        return hasShape(afterCapShapes, t, i);
    }

    /** The same for an organisation class noun before a capitalised word ("the company Zublin"). */
    boolean beforeCapHint(TokenSeq t, int i) {
        return hasShape(beforeCapShapes, t, i);
    }

    PhraseTrie<Lexicon.Entry> phrases() {
        return lex.phrases;
    }

    PhraseTrie<String> techTerms() {
        return lex.techTerms;
    }

    Set<String> section(String name) {
        return lex.section(name);
    }

    /** Cheap pre-filter (first letter and length) before a lower-case word is looked up as a speech cue. */
    boolean cueHint(TokenSeq t, int i) {
        char c = t.chars[t.start[i]];
        int len = t.end[i] - t.start[i];
        return c >= 'a' && c <= 'z' && len < 32 && lowerShapes[(c - 'a') * 32 + len];
    }

    /**
     * Same as {@code LOWER_TITLES.contains(t.key(i))} for a lower-case token, without building the key for plain
     * ASCII tokens (first letter and length are checked first).
     */
    boolean lowerTitle(TokenSeq t, int i) {
        int s = t.start[i];
        int len = t.end[i] - s;
        char[] a = t.chars;
        char first = a[s];
        if (first < 'a' || first > 'z' || len >= 32 || lowerTitleShapes[(first - 'a') * 32 + len] == null) {
            return false; // no title has this first letter and length
        }
        for (int k = s; k < s + len; k++) {
            if (a[k] >= 128) {
                return LOWER_TITLES.contains(t.key(i));
            }
        }
        String[] words = lowerTitleShapes[(a[s] - 'a') * 32 + len];
        if (words == null) {
            return false;
        }
        for (String w : words) {
            int k = 0;
            while (k < len) {
                char c = a[s + k];
                if (c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                if (c != w.charAt(k)) {
                    break;
                }
                k++;
            }
            if (k == len) {
                return true;
            }
        }
        return false;
    }


    /** Token i's lookup key when the word is in the table (no allocation for ASCII), else null. */
    String tableKey(TokenSeq t, int i) {
        return (bits(t, i) & Lexicon.IN_TABLE) != 0 ? t.key(i) : null;
    }

    int bits(TokenSeq t, int i) {
        int b = t.bits[i];
        return b != 0 ? b : lookup(t, i);
    }

    /** Gazetteer trie node of phrases starting with token i's word (same as the root's child for its key). */
    PhraseTrie.Node<Lexicon.Entry> first(TokenSeq t, int i) {
        if (t.bits[i] == 0) {
            lookup(t, i);
        }
        return t.first[i];
    }

    /** One hash probe per token for both the rule bits and the gazetteer trie node; cached in the TokenSeq. */
    int lookup(TokenSeq t, int i) {
        int slot = lex.slotAscii(t.chars, t.start[i], t.end[i]);
        int b = Lexicon.COMPUTED;
        if (slot >= 0) {
            b |= lex.slotBits(slot) | Lexicon.IN_TABLE;
            t.first[i] = lex.slotFirst(slot);
            t.cacheKey(i, lex.slotKey(slot));
        } else if (slot == Lexicon.NOT_ASCII) {
            Lexicon.Word w = lex.word(t.key(i));
            if (w != null) {
                b |= w.bits() | Lexicon.IN_TABLE;
                t.first[i] = w.first();
            }
        }
        t.bits[i] = b;
        return b;
    }

    boolean has(TokenSeq t, int i, int bit) {
        return i >= 0 && i < t.size && t.isWord(i) && (bits(t, i) & bit) != 0;
    }
}
