package io.watchfloor.enrich.domain.topics;

import io.watchfloor.enrich.domain.Producer;
import io.watchfloor.enrich.domain.ReportText;
import io.watchfloor.enrich.domain.Span;
import io.watchfloor.enrich.domain.TopicTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Report topics from weighted cue lexicons, each with the cue hits as evidence. Score = 1 - exp(-weight / 2), where a
 * cue counts at most twice; topics under {@link #THRESHOLD} are dropped.
 */
public final class TopicClassifier {

    public static final double THRESHOLD = 0.4;
    private static final int MAX_EVIDENCE = 5;

    private record Cue(Pattern pattern, double weight) {
    }

    private static final Map<String, List<Cue>> LEXICON = new LinkedHashMap<>();

    static {
        topic("attack",
                cue("attack(?:s|ed|ing)?|assault(?:s|ed)?", 0.8), cue("bomb(?:ing|ings|s|ed|er|ers)?", 1.0),
                cue("suicide bomb\\w*|car bomb\\w*|IEDs?|improvised explosive devices?", 1.2),
                cue("explosions?|blasts?|detonat\\w+", 0.8), cue("shoot(?:ing|ings)|gun(?:men|man|fire)", 0.9),
                cue("ambush(?:ed|es)?|massacre[sd]?|siege", 1.0), cue("killed|kills|killing|dead|deaths?", 0.5),
                cue("injured|wounded|casualties", 0.5), cue("drone strikes?|airstrikes?|air strikes?|shelling", 0.7),
                cue("hostages?|kidnapp\\w+|abduct\\w+|hijack\\w*", 0.8), cue("stabbing|ramming", 0.9));
        topic("arrest-law-enforcement",
                cue("arrest(?:s|ed|ing)?", 1.2), cue("detain(?:s|ed|ing)?|detention|in custody|apprehended", 1.0),
                cue("charged|indicted|indictment|prosecut\\w+|convicted|sentenced|trial|court", 0.8),
                cue("extradit\\w+|deport\\w+", 0.9), cue("police|law enforcement|investigators|FBI|CTD", 0.5),
                cue("raids?|crackdown|seized|seizure|warrant", 0.6));
        topic("counterterrorism-cooperation",
                cue("counterterrorism cooperation|counter-terrorism cooperation|security cooperation", 1.5),
                cue("intelligence[- ]sharing|shared intelligence|intelligence inputs?", 1.3),
                cue("partnership|partners?|alliance|allies|bilateral|joint (?:operation|efforts?|exercise)s?", 0.6),
                cue("cooperation|collaboration|coordination|coordinated", 0.5),
                cue("counterterrorism|counter-terrorism|counter-ISIS", 0.4));
        topic("financing",
                cue("financ(?:e|ing|ier|iers)(?: of terror\\w*)?|terror(?:ist)? financing|funding", 1.2),
                cue("money laundering|laundered|hawala|remittances?|donations?|crypto\\w*", 1.0),
                cue("sanction(?:s|ed)?|asset freeze|assets? (?:frozen|froze)|FATF|designat\\w+", 0.6),
                cue("extortion|smuggling|ransom|illicit funds?", 0.7));
        topic("radicalisation-propaganda",
                cue("radicali[sz]\\w*|indoctrinat\\w+|extremist ideology|ideolog\\w+", 1.2),
                cue("propaganda|recruit(?:s|ed|ing|ment)?|online extremism|extremist content", 1.1),
                cue("social media|Telegram|videos?|messaging", 0.4), cue("extremism|extremists?", 0.5));
        topic("policy-opinion",
                cue("opinions? expressed|op-ed|editorial|commentary|analysis", 1.2),
                cue("policy|policies|strategy|strategic|diploma\\w+|geopolitic\\w*", 0.5),
                cue("should|must|imperative|cannot be taken for granted|in this regard|crucial", 0.4),
                cue("government (?:said|announced|approved)|legislation|law|bill|parliament|minister", 0.4));
    }

    private final Producer producer;

    public TopicClassifier(Producer producer) {
        this.producer = producer;
    }

    public List<TopicTag> classify(ReportText report) {
        List<TopicTag> out = new ArrayList<>();
        for (Map.Entry<String, List<Cue>> topic : LEXICON.entrySet()) {
            double weight = 0;
            List<Span> evidence = new ArrayList<>();
            for (Cue cue : topic.getValue()) {
                int hits = 0;
                hits += scan(report.title(), Span.TITLE, cue, evidence);
                hits += scan(report.text(), Span.TEXT, cue, evidence);
                weight += cue.weight() * Math.min(hits, 2);
            }
            double score = Math.round((1 - Math.exp(-weight / 2)) * 1000) / 1000.0;
            if (score >= THRESHOLD) {
                evidence.sort(Comparator.comparing((Span s) -> !Span.TITLE.equals(s.field()))
                        .thenComparingInt(Span::start));
                out.add(new TopicTag(topic.getKey(), score,
                        List.copyOf(evidence.subList(0, Math.min(MAX_EVIDENCE, evidence.size()))), producer));
            }
        }
        out.sort(Comparator.comparingDouble(TopicTag::score).reversed());
        return out;
    }

    private static int scan(String s, String field, Cue cue, List<Span> evidence) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        Matcher m = cue.pattern().matcher(s);
        int hits = 0;
        while (m.find()) {
            hits++;
            if (hits <= 2) {
                evidence.add(new Span(field, m.start(), m.end(), m.group()));
            }
        }
        return hits;
    }

    private static void topic(String name, Cue... cues) {
        LEXICON.put(name, List.of(cues));
    }

    private static Cue cue(String regex, double weight) {
        return new Cue(Pattern.compile("\\b(?:" + regex + ")\\b", Pattern.CASE_INSENSITIVE), weight);
    }
}
