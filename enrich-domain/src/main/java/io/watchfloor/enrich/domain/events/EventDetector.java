package io.watchfloor.enrich.domain.events;

import io.watchfloor.enrich.domain.EventFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.groups.Sentences;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds named incidents ("the Abbey Gate bombing", "the 2021 Kabul airport attack", "September 11 attacks") and
 * anchors each in time relative to the report: historical (an older year, "anniversary", "then"), current (told as
 * happening now or just now) or unknown.
 */
public final class EventDetector {

    public static final String HISTORICAL = "historical";
    public static final String CURRENT = "current";
    public static final String UNKNOWN = "unknown";

    private static final Pattern NOUN = Pattern.compile("\\b(bombings?|attacks?|massacres?|siege|shootings?|blasts?|"
            + "explosions?|hijackings?|ambush(?:es)?|raids?|assaults?|stabbings?|killings|hostage crisis|uprising|"
            + "car bombing|suicide bombing)\\b");
    private static final Set<String> VENUES = Set.of("airport", "mosque", "church", "school", "market", "embassy",
            "hotel", "university", "hospital", "prison", "jail", "stadium", "festival", "concert", "checkpoint", "mall",
            "bazaar", "shrine", "parliament", "bridge", "station", "train", "bus", "camp", "base", "suicide", "car",
            "truck", "twin", "terror", "terrorist", "militant", "drone", "rocket", "missile", "knife", "gun", "court",
            "courthouse", "police", "army", "cadet", "college", "temple", "synagogue", "beach", "square", "club",
            "railway", "metro", "subway", "highway", "convoy", "headquarters", "compound", "office", "airbase",
            "theatre", "theater", "restaurant", "cafe", "arena", "rally", "parade", "wedding", "funeral");
    private static final Set<String> DETERMINERS = Set.of("a", "an", "another", "one", "two", "three", "several",
            "multiple", "any", "each", "every", "no", "new", "fresh", "further", "more", "such");
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    private static final Set<String> NOT_NAMES = Set.of("the", "this", "that", "these", "those", "its", "his", "her",
            "their", "our", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "in", "on",
            "at", "after", "before", "during", "since", "following", "a", "an", "and", "but", "while", "when", "if",
            "as", "by", "for", "from", "with", "it", "they", "he", "she", "we", "i", "one", "another", "every",
            "each", "any", "no", "several", "such", "new", "fresh");
    private static final Pattern YEAR = Pattern.compile("\\b(19[5-9]\\d|20\\d{2})\\b");
    private static final Pattern HISTORICAL_CUES = Pattern.compile("(?i)\\b(anniversary|commemorat\\w*|"
            + "years? ago|decades? ago|at the time|then-|recalled|memorial|remembered|back in|historic)\\b");
    private static final Pattern CURRENT_CUES = Pattern.compile("(?i)\\b(today|tonight|yesterday|this (?:morning|"
            + "week|weekend)|earlier today|last night|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
            + "(?:were|are|is|was|have been|has been) (?:killed|injured|wounded)|killing at least|left \\d+ dead|"
            + "at least \\d+ (?:people )?(?:were |are )?(?:killed|dead|injured)|claims? responsibility|ongoing)\\b");
    /** First letters of the {@link #NOUN} alternatives (the pattern is case-sensitive). */
    private static final boolean[] NOUN_FIRST = new boolean[128];
    /** ASCII letters and digits ({@code Character.isLetterOrDigit}). */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c : "abcehkmrsu".toCharArray()) {
            NOUN_FIRST[c] = true;
        }
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = Character.isLetterOrDigit(c);
        }
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern FINAL_S = Pattern.compile("s$");
    private static final Pattern DAY_NUMBER = Pattern.compile("\\d{1,2}");
    private static final Pattern YEAR_WORD = Pattern.compile("(19|20)\\d{2}");
    private static final Pattern YEAR_AFTER = Pattern.compile("^[^.;]*?\\b(?:in|of|on|since)\\s+"
            + "(?:[A-Z][a-z]+\\s+(?:\\d{1,2},?\\s+)?)?((?:19|20)\\d{2})\\b");
    private static final Pattern DEMONYM = Pattern.compile("(?:[a-z]ian|[a-z]an|ese|ish|[^a]i)$");

    private final Provenance producer;

    public EventDetector(Provenance producer) {
        this.producer = producer;
    }

    /**
     * Named incidents in the report text. {@code insideGroup} tells whether a text offset lies in a group mention,
     * so "a Hamas attack" is not taken for a name.
     */
    public List<EventFinding> detect(ReportText report, IntPredicate insideGroup) {
        String text = report.text();
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        // sentences and the reference year are worked out on the first candidate: most reports have none
        List<int[]> sentences = null;
        Integer refYear = null;
        Map<String, EventBuilder> byName = new LinkedHashMap<>();
        Matcher m = NOUN.matcher(text).useTransparentBounds(true);
        int from = 0;
        while (findNoun(m, text, from)) {
            from = m.end() > m.start() ? m.end() : m.end() + 1;
            Candidate c = nameBefore(text, m.start(), m.end(), insideGroup);
            if (c == null) {
                continue;
            }
            String name = WHITESPACE.matcher(text.substring(c.start, m.end())).replaceAll(" ");
            String key = FINAL_S.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
            if (sentences == null) {
                sentences = Sentences.split(text);
                refYear = referenceYear(report);
            }
            int[] found = Sentences.containing(sentences, c.start);
            // a window, not the whole sentence, so a megabyte "sentence" stays linear
            int[] sentence = {Math.max(found[0], c.start - 300), Math.min(found[1], m.end() + 300)};
            String date = c.year != null ? c.year : yearNear(text, sentence, m.end());
            String temporal = temporal(text.substring(sentence[0], sentence[1]), date, refYear, c.hasMonth);
            EventBuilder b = byName.computeIfAbsent(key, k -> new EventBuilder(name, m.group(1), date, temporal));
            b.mentions.add(new Evidence(Evidence.TEXT, c.start, m.end(), text.substring(c.start, m.end())));
            if (b.date == null && date != null) {
                b.date = date;
            }
            if (UNKNOWN.equals(b.temporal) && !UNKNOWN.equals(temporal)) {
                b.temporal = temporal;
            }
            b.determiner |= c.determiner;
        }
        List<EventFinding> out = new ArrayList<>();
        for (EventBuilder b : byName.values()) {
            double score = 0.55 + (b.determiner ? 0.15 : 0) + (b.date != null ? 0.1 : 0)
                    + 0.05 * Math.min(b.mentions.size() - 1, 3);
            out.add(new EventFinding(b.name, type(b.noun), b.temporal, b.date, Math.min(1.0, score),
                    List.copyOf(b.mentions), producer));
        }
        return out;
    }

    private record Candidate(int start, String year, boolean determiner, boolean hasMonth) {
    }

    /**
     * Same as {@code m.find(from)} for {@link #NOUN}, but tries the pattern only where it can start: at a first
     * letter of one of its words that does not follow a letter or digit (the pattern itself still checks {@code \b}).
     */
    private static boolean findNoun(Matcher m, String text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char ch = text.charAt(i);
            if (ch >= 128 || !NOUN_FIRST[ch]) {
                continue;
            }
            if (i > 0) {
                char prev = text.charAt(i - 1);
                if (prev < 128 ? ASCII_WORD[prev] : Character.isLetterOrDigit(prev)) {
                    continue;
                }
            }
            if (i + 2 >= n || !prefix3(text.charAt(i), text.charAt(i + 1), text.charAt(i + 2))) {
                continue; // every alternative of NOUN is at least three lower-case letters long
            }
            m.region(i, n);
            if (m.lookingAt()) {
                return true;
            }
        }
        return false;
    }

    private static final class EventBuilder {
        final String name;
        final String noun;
        String date;
        String temporal;
        boolean determiner;
        final List<Evidence> mentions = new ArrayList<>();

        EventBuilder(String name, String noun, String date, String temporal) {
            this.name = name;
            this.noun = noun;
            this.date = date;
            this.temporal = temporal;
        }
    }

    /** Walks back from the event noun over venue words, capitalised name tokens and an optional year. */
    private static Candidate nameBefore(String text, int nounStart, int nounEnd, IntPredicate insideGroup) {
        List<int[]> tokens = tokensBefore(text, nounStart, 8);
        int i = 0;
        while (i < tokens.size() && VENUES.contains(word(text, tokens.get(i)).toLowerCase(Locale.ROOT))
                && Character.isLowerCase(text.charAt(tokens.get(i)[0]))) {
            i++;
        }
        int nameTokens = 0;
        boolean hasMonth = false;
        boolean allInGroup = true;
        int start = -1;
        while (i < tokens.size()) {
            int[] t = tokens.get(i);
            String w = word(text, t);
            String lw = w.toLowerCase(Locale.ROOT);
            boolean cap = Character.isUpperCase(w.charAt(0)) && !NOT_NAMES.contains(lw);
            boolean dayNumber = DAY_NUMBER.matcher(w).matches() && i + 1 < tokens.size()
                    && MONTHS.contains(word(text, tokens.get(i + 1)).toLowerCase(Locale.ROOT));
            if (!cap && !dayNumber) {
                break;
            }
            hasMonth |= MONTHS.contains(lw);
            allInGroup &= insideGroup.test(t[0]);
            nameTokens++;
            start = t[0];
            i++;
        }
        if (nameTokens == 0 || allInGroup) {
            return null;
        }
        String year = null;
        if (i < tokens.size() && YEAR_WORD.matcher(word(text, tokens.get(i))).matches()) {
            year = word(text, tokens.get(i));
            start = tokens.get(i)[0];
            i++;
        }
        boolean determiner = false;
        for (int k = i; k < Math.min(tokens.size(), i + 3); k++) {
            String raw = word(text, tokens.get(k));
            String w = raw.toLowerCase(Locale.ROOT);
            if (w.equals("the") || w.endsWith("'s") || w.endsWith("\u2019s")) {
                determiner = true;
                break;
            }
            if (DETERMINERS.contains(w)) {
                return null;
            }
            if (!Character.isLowerCase(raw.charAt(0))) {
                break;
            }
        }
        String firstName = word(text, tokensAt(tokens, start));
        boolean sentenceStart = isSentenceStart(text, start);
        if (nameTokens == 1 && year == null && !determiner) {
            return null;
        }
        if (nameTokens == 1 && year == null && sentenceStart) {
            return null;
        }
        if (nameTokens == 1 && DEMONYM.matcher(firstName).find() && !hasMonth && year == null) {
            return null;
        }
        if (nameTokens == 1 && hasMonth) {
            return null; // "the March attack" names a month, not an incident
        }
        return new Candidate(start, year, determiner, hasMonth);
    }

    private static int[] tokensAt(List<int[]> tokens, int start) {
        for (int[] t : tokens) {
            if (t[0] == start) {
                return t;
            }
        }
        return tokens.get(0);
    }

    /** Up to {@code max} word tokens before {@code end}, nearest first; stops at sentence punctuation. */
    private static List<int[]> tokensBefore(String text, int end, int max) {
        List<int[]> out = new ArrayList<>();
        int i = end;
        while (out.size() < max) {
            while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\u00A0')) {
                i--;
            }
            int e = i;
            while (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1))
                    || "'’-".indexOf(text.charAt(i - 1)) >= 0)) {
                i--;
            }
            if (i == e) {
                break;
            }
            out.add(new int[] {i, e});
        }
        return out;
    }

    private static String word(String text, int[] t) {
        return text.substring(t[0], t[1]);
    }

    private static boolean isSentenceStart(String text, int start) {
        int i = start - 1;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i < 0 || ".!?\n\"“".indexOf(text.charAt(i)) >= 0;
    }

    private static String yearNear(String text, int[] sentence, int nounEnd) {
        String after = text.substring(nounEnd, Math.min(sentence[1], nounEnd + 60));
        Matcher m = YEAR_AFTER.matcher(after);
        return m.find() ? m.group(1) : null;
    }

    static String temporal(String sentence, String date, Integer refYear, boolean hasMonth) {
        if (HISTORICAL_CUES.matcher(sentence).find()) {
            return HISTORICAL;
        }
        if (date != null && refYear != null) {
            int year = Integer.parseInt(date);
            if (year < refYear) {
                return HISTORICAL;
            }
            if (year == refYear && CURRENT_CUES.matcher(sentence).find()) {
                return CURRENT;
            }
            return year > refYear ? UNKNOWN : (CURRENT_CUES.matcher(sentence).find() ? CURRENT : UNKNOWN);
        }
        if (date == null && CURRENT_CUES.matcher(sentence).find()) {
            return CURRENT;
        }
        return UNKNOWN;
    }

    /** The report's year: publishedAt, else the latest plausible year written in the text. */
    static Integer referenceYear(ReportText report) {
        if (report.publishedAt() != null) {
            return report.publishedAt().atZone(ZoneOffset.UTC).getYear();
        }
        // same as scanning with YEAR ("\\b(19[5-9]\\d|20\\d{2})\\b"), without the regex engine: a run of exactly
        // four ASCII digits between non-word characters
        String text = report.text();
        Integer max = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                i++;
                continue;
            }
            int start = i;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i - start != 4 || (start > 0 && isWordChar(text.charAt(start - 1)))
                    || (i < n && isWordChar(text.charAt(i)))) {
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            int y = (text.charAt(start) - '0') * 1000 + (text.charAt(start + 1) - '0') * 100
                    + (text.charAt(start + 2) - '0') * 10 + (text.charAt(start + 3) - '0');
            if (y >= 1950 && y <= 2099) {
                max = max == null ? y : Math.max(max, y);
            }
        }
        return max;
    }

    private static String type(String noun) {
        String n = noun.toLowerCase(Locale.ROOT);
        if (n.contains("bomb") || n.startsWith("blast") || n.startsWith("explosion")) {
            return "bombing";
        }
        if (n.startsWith("shooting")) {
            return "shooting";
        }
        if (n.startsWith("massacre") || n.equals("killings")) {
            return "massacre";
        }
        if (n.startsWith("hijack") || n.equals("hostage crisis") || n.equals("siege")) {
            return "siege";
        }
        return "attack";
    }

    /** A character {@code \\b} treats as a word character: a letter, a digit or '_' (Unicode-aware like YEAR). */
    private static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] || c == '_' : Character.isLetterOrDigit(c);
    }

    /** First three letters of every {@link #NOUN} alternative (all lower-case ASCII, the pattern is case-sensitive). */
    private static final boolean[] NOUN_PREFIX3 = new boolean[26 * 26 * 26];

    static {
        for (String w : List.of("bombing", "attack", "massacre", "siege", "shooting", "blast", "explosion",
                "hijacking", "ambush", "raid", "assault", "stabbing", "killings", "hostage", "uprising", "car bombing",
                "suicide bombing")) {
            NOUN_PREFIX3[(w.charAt(0) - 'a') * 676 + (w.charAt(1) - 'a') * 26 + (w.charAt(2) - 'a')] = true;
        }
    }

    private static boolean prefix3(char a, char b, char c) {
        return a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && c >= 'a' && c <= 'z'
                && NOUN_PREFIX3[(a - 'a') * 676 + (b - 'a') * 26 + (c - 'a')];
    }
}
