package io.watchfloor.enrich.domain.groups;

import io.watchfloor.enrich.domain.AliasPath;
import io.watchfloor.enrich.domain.GroupFinding;
import io.watchfloor.enrich.domain.Provenance;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Evidence;
import io.watchfloor.enrich.domain.catalog.CatalogGroup;
import io.watchfloor.enrich.domain.catalog.GroupCatalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns group mentions into scored, role-labelled {@link GroupFinding}s. Score in [0,1] from alias strength, mention
 * count, title/lead position and role; role from cue patterns in the sentences that mention the group.
 */
public final class GroupClassifier {

    public static final String MENTIONED = "mentioned";
    public static final String CLAIMED = "claimed";
    public static final String ATTRIBUTED = "attributed";
    public static final String TARGETED = "targeted";

    /** Characters from the start of the text that count as the lead. */
    static final int LEAD = 400;
    /** Mentions per group inspected for role cues. */
    static final int MAX_ROLE_MENTIONS = 40;

    private static final Pattern CLAIMED_CUES = Pattern.compile("(?i)\\b(claimed (?:responsibility|credit)|"
            + "claims? of responsibility|claimed (?:the|an|a|its|their) (?:\\w+ )?(?:attack|bombing|killing|assault|"
            + "strike|ambush|abduction|kidnapping|shooting|blast)s?|took responsibility|"
            + "(?:has|have) claimed|claimed by|claiming responsibility|responsibility was claimed)");
    private static final Pattern ATTRIBUTED_CUES = Pattern.compile("(?i)\\b(blamed|blames|blaming|attribut\\w+|"
            + "accused|accuses|accusing|suspected|allegedly|alleged|linked to|responsible for|behind the|"
            + "carried out by|perpetrated by|orchestrated|masterminded|planned by)\\b");
    /** A violent act right after the mention: the group is reported as the perpetrator. */
    private static final Pattern AGENT_AFTER = Pattern.compile("(?i)^\\W{0,3}(?:\\w+\\W+){0,3}?(?:has |have |had )?"
            + "(?:attack\\w*|kill(?:s|ed)|bomb(?:s|ed)|ambush\\w*|abduct\\w*|kidnap\\w*|storm\\w*|fire[sd]?|"
            + "launch\\w*|detonat\\w*|seiz\\w*|shoots?|shot|execut\\w*|behead\\w*|raid(?:s|ed)|captur\\w*|"
            + "overr?a[nu]|took control|struck|strikes|massacred|targets|targeted)\\b");
    /** "killed by the X", "an attack by X": X is the perpetrator. */
    private static final Pattern AGENT_BEFORE = Pattern.compile("(?i)\\b(?:by)\\s+(?:the\\s+)?(?:\\w+\\s+){0,2}$");
    /** "arrested ... X", "kill 17 X militants", "strikes against X": the group is on the receiving end. */
    private static final Pattern TARGET_BEFORE = Pattern.compile("(?i)\\b(?<!(?:is|are|was|were|been|be) )"
            + "(arrest\\w*|detain\\w*|captur\\w*|"
            + "apprehend\\w*|kill(?:s|ed|ing)?|neutrali[sz]\\w*|eliminat\\w*|target\\w*|strikes? (?:on|against)|"
            + "airstrikes? (?:on|against)|operations? against|raids? (?:on|against)|crackdown on|offensive against|"
            + "extradit\\w*|sanction\\w*|designat\\w*|convicted|sentenced|charged|indicted|bann(?:ed|ing)|"
            + "proscrib\\w*|fight against|war on|defeat|bomb(?:s|ed|ing)?|shell(?:s|ed|ing)|struck|hit|"
            + "pound(?:s|ed|ing))\\b[^.;]{0,100}$");
    /** "X militants were killed", "X members are arrested". */
    private static final Pattern TARGET_AFTER = Pattern.compile("(?i)^\\W{0,3}(?:\\w+\\W+){0,3}?(?:members?|"
            + "militants?|fighters?|insurgents?|commanders?|leaders?|gunmen|gunman|operatives?|suspects?|planners?|"
            + "facilitators?|cells?|hideouts?|camps?|positions?|targets?|compounds?|bases?)\\b[^.;]{0,80}?"
            + "\\b(?:are|were|"
            + "was|is|have been|has been|being|got) (?:\\w+ )?(?:killed|arrested|detained|captured|neutrali[sz]ed|"
            + "eliminated|sentenced|charged|extradited|targeted|hit|destroyed|struck)\\b"
            + "|^\\W{0,3}(?:\\w+\\W+){0,3}?(?:is|are|was|were|have been|has been) (?:\\w+ )?(?:killed|arrested|"
            + "detained|captured|neutrali[sz]ed|eliminated|sentenced|charged|extradited|targeted)\\b");

    private final GroupCatalog catalog;
    private final Provenance producer;

    public GroupClassifier(GroupCatalog catalog, Provenance producer) {
        this.catalog = catalog;
        this.producer = producer;
    }

    public List<GroupFinding> classify(ReportText report, List<GroupMention> mentions) {
        List<GroupFinding> tags = new ArrayList<>();
        boolean inText = mentions.stream().anyMatch(m -> !Evidence.TITLE.equals(m.span().field()));
        List<int[]> sentences = inText ? Sentences.split(report.text()) : List.of();
        GroupMatcher.byGroup(mentions).forEach((id, ms) -> {
            CatalogGroup group = catalog.group(id).orElseThrow();
            String role = role(report, ms, sentences);
            List<Evidence> evidence = new ArrayList<>();
            List<AliasPath> resolutions = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (GroupMention m : ms) {
                evidence.add(m.span());
                String key = m.span().text() + "|" + m.alias().text() + "|" + m.method();
                if (seen.add(key)) {
                    resolutions.add(new AliasPath(m.span().text(), m.alias().text(), m.method(),
                            m.alias().source()));
                }
            }
            Map<String, String> refs = new LinkedHashMap<>(group.externalRefs());
            tags.add(new GroupFinding(group.id(), group.name(), group.kind(), score(ms, role), role, evidence,
                    resolutions, group.affiliation(), refs, producer));
        });
        tags.sort(Comparator.comparingDouble(GroupFinding::score).reversed().thenComparing(GroupFinding::id));
        return tags;
    }

    static double score(List<GroupMention> ms, String role) {
        boolean strong = ms.stream().anyMatch(m -> m.contextReason() == null);
        double score = strong ? 0.55 : 0.4;
        score += 0.08 * Math.min(ms.size() - 1, 3);
        if (ms.stream().anyMatch(m -> Evidence.TITLE.equals(m.span().field()))) {
            score += 0.15;
        } else if (ms.stream().anyMatch(m -> m.span().start() < LEAD)) {
            score += 0.08;
        }
        if (!MENTIONED.equals(role)) {
            score += 0.1;
        }
        return Math.round(Math.min(1.0, score) * 1000) / 1000.0;
    }

    private static String role(ReportText report, List<GroupMention> ms, List<int[]> sentences) {
        // per mention: claimed > targeted > attributed; per report: claimed > attributed > targeted > mentioned
        int best = 0;
        String[] roles = {MENTIONED, TARGETED, ATTRIBUTED, CLAIMED};
        int checked = 0;
        for (GroupMention m : ms) {
            if (best == 3 || checked++ >= MAX_ROLE_MENTIONS) {
                break; // claimed cannot be beaten; later mentions of a long report rarely change the role
            }
            String source = Evidence.TITLE.equals(m.span().field()) ? report.title() : report.text();
            int[] found = Evidence.TITLE.equals(m.span().field()) ? new int[] {0, source.length()}
                    : Sentences.containing(sentences, m.span().start());
            // a window, not the whole sentence, so unpunctuated megabyte texts stay linear
            int[] sentence = {Math.max(found[0], m.span().start() - 300), Math.min(found[1], m.span().end() + 300)};
            String s = source.substring(sentence[0], sentence[1]);
            String lower = s.toLowerCase(Locale.ROOT);
            String before = source.substring(Math.max(sentence[0], m.span().start() - 160), m.span().start());
            String after = source.substring(m.span().end(),
                    Math.max(m.span().end(), Math.min(sentence[1], m.span().end() + 160)));
            // cheap literal checks first: each pattern can only match where its literal words occur
            boolean agentBefore = containsAsciiIgnoreCase(before, "by") && AGENT_BEFORE.matcher(before).find();
            if ((lower.contains("claim") || lower.contains("responsibility")) && CLAIMED_CUES.matcher(s).find()
                    && !lower.contains("no group") && !lower.contains("not claimed") && !agentBefore) {
                best = Math.max(best, 3);
            } else if (!agentBefore
                    && (TARGET_BEFORE.matcher(before).find() || TARGET_AFTER.matcher(after).find())) {
                best = Math.max(best, 1);
            } else if ((mayBeAttributed(lower) && ATTRIBUTED_CUES.matcher(s).find())
                    || AGENT_AFTER.matcher(after).find() || agentBefore) {
                best = Math.max(best, 2);
            }
        }
        return roles[best];
    }

    /** Literal words one of which every {@link #ATTRIBUTED_CUES} match contains (lower case). */
    private static final String[] ATTRIBUTED_WORDS = {"blam", "attribut", "accus", "suspected", "alleged",
        "linked to", "responsible for", "behind the", "carried out by", "perpetrated by", "orchestrated",
        "masterminded", "planned by"};

    private static boolean mayBeAttributed(String lower) {
        for (String w : ATTRIBUTED_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code s} contains the lower-case ASCII {@code word} in any ASCII letter case (as {@code (?i)}). */
    private static boolean containsAsciiIgnoreCase(String s, String word) {
        int last = s.length() - word.length();
        outer:
        for (int i = 0; i <= last; i++) {
            for (int k = 0; k < word.length(); k++) {
                char c = s.charAt(i + k);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                if (c != word.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
