package io.watchfloor.enrich.domain;

import io.watchfloor.enrich.domain.catalog.GroupCatalog;
import io.watchfloor.enrich.domain.entities.EntityRecognizer;
import io.watchfloor.enrich.domain.events.EventDetector;
import io.watchfloor.enrich.domain.groups.GroupClassifier;
import io.watchfloor.enrich.domain.groups.GroupMatcher;
import io.watchfloor.enrich.domain.groups.GroupMention;
import io.watchfloor.enrich.domain.groups.SourceActors;
import io.watchfloor.enrich.domain.topics.TopicClassifier;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The default enricher: catalog group matching and classification, named events with temporal anchoring, report
 * topics and the entity recogniser, with groups and events also emitted as THREAT_GROUP / EVENT entities.
 * Immutable and thread-safe; build it once (loading the catalog is the expensive part).
 */
public final class DefaultEnricher implements Enricher {

    public static final String VERSION = "0.1.0";
    /** Characters of title and text that are enriched; the rest is ignored with a warning. */
    public static final int DEFAULT_TEXT_CAP = 200_000;

    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static volatile DefaultEnricher classpathInstance;

    private final GroupCatalog catalog;
    private final GroupMatcher matcher;
    private final GroupClassifier classifier;
    private final EventDetector events;
    private final TopicClassifier topics;
    private final Function<ReportText, List<EntityFinding>> entities;
    private final int textCap;
    private final Provenance groupProducer;
    private final List<Provenance> producers;
    private final SourceActors sourceActors;
    private final Provenance sourceProducer = new Provenance(SourceActors.SOURCE, VERSION);

    public DefaultEnricher(GroupCatalog catalog, Function<ReportText, List<EntityFinding>> entities, int textCap) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.entities = Objects.requireNonNull(entities, "entities");
        this.textCap = textCap;
        this.groupProducer = new Provenance("watchfloor-group-matcher", VERSION + "+" + catalog.version());
        Provenance eventProducer = new Provenance("watchfloor-event-detector", VERSION);
        Provenance topicProducer = new Provenance("watchfloor-topic-classifier", VERSION);
        this.matcher = new GroupMatcher(catalog);
        this.classifier = new GroupClassifier(catalog, groupProducer);
        this.events = new EventDetector(eventProducer);
        this.topics = new TopicClassifier(topicProducer);
        this.producers = List.of(groupProducer, eventProducer, topicProducer);
        this.sourceActors = new SourceActors(catalog, sourceProducer);
    }

    /** An enricher over {@code catalog} with the default entity recogniser. */
    public DefaultEnricher(GroupCatalog catalog) {
        this(catalog, EntityRecognizer.fromClasspath()::recognize, DEFAULT_TEXT_CAP);
    }

    /** The shared enricher over the committed catalog; the catalog is loaded once per JVM. */
    public static DefaultEnricher fromClasspath() {
        DefaultEnricher e = classpathInstance;
        if (e == null) {
            synchronized (DefaultEnricher.class) {
                e = classpathInstance;
                if (e == null) {
                    e = new DefaultEnricher(GroupCatalog.fromClasspath());
                    classpathInstance = e;
                }
            }
        }
        return e;
    }

    public GroupCatalog catalog() {
        return catalog;
    }

    @Override
    public Enrichment enrich(ReportText report) {
        List<String> warnings = new ArrayList<>();
        ReportText capped = cap(report, warnings);
        List<GroupMention> mentions = matcher.match(capped);
        List<GroupFinding> groups = classifier.classify(capped, mentions);
        BitSet inGroup = new BitSet();
        for (GroupMention m : mentions) {
            if (Evidence.TEXT.equals(m.span().field())) {
                inGroup.set(m.span().start(), m.span().end());
            }
        }
        List<EventFinding> eventTags = events.detect(capped, inGroup::get);
        List<TopicFinding> topicTags = topics.classify(capped);
        // the source's own threat-actor tags, beside Watchfloor's (the same group may appear from both producers)
        SourceActors.Asserted asserted = sourceActors.findings(capped);
        if (!asserted.groups().isEmpty()) {
            groups = new ArrayList<>(groups);
            groups.addAll(asserted.groups());
            groups = List.copyOf(groups);
        }
        List<EntityFinding> entityTags = new ArrayList<>();
        try {
            for (EntityFinding t : entities.apply(capped)) {
                EntityFinding kept = withoutGroupOverlaps(t, mentions);
                if (kept != null) {
                    entityTags.add(kept);
                }
            }
        } catch (RuntimeException ex) {
            warnings.add("entity recogniser failed: " + ex);
        }
        for (GroupFinding g : groups) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("kind", g.kind());
            attrs.put("role", g.role());
            if (g.affiliation() != null) {
                attrs.put("affiliation", g.affiliation());
            }
            if (g.externalRefs().containsKey("wikipedia")) {
                attrs.put("wikipedia", g.externalRefs().get("wikipedia"));
            }
            entityTags.add(new EntityFinding("THREAT_GROUP", g.id(), g.name(), g.score(), g.producer(), g.evidence(),
                    attrs));
        }
        entityTags.addAll(asserted.unresolved());
        for (EventFinding ev : eventTags) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("temporal", ev.temporal());
            attrs.put("eventType", ev.type());
            if (ev.date() != null) {
                attrs.put("date", ev.date());
            }
            entityTags.add(new EntityFinding("EVENT", "event:" + NOT_WORD.matcher(ev.name().toLowerCase(Locale.ROOT))
                    .replaceAll("-"), ev.name(), ev.score(), ev.producer(), ev.mentions(), attrs));
        }
        List<Provenance> used = new ArrayList<>(producers);
        if (!asserted.groups().isEmpty() || !asserted.unresolved().isEmpty()) {
            used.add(sourceProducer);
        }
        return new Enrichment(List.copyOf(entityTags), groups, eventTags, topicTags, catalog.version(), VERSION,
                used, List.copyOf(warnings));
    }

    /** The catalog wins where spans overlap: recogniser mentions inside a group mention are dropped. */
    private static EntityFinding withoutGroupOverlaps(EntityFinding tag, List<GroupMention> groups) {
        if ("THREAT_GROUP".equals(tag.type())) {
            return tag;
        }
        if (groups.isEmpty() && !tag.mentions().isEmpty()) {
            return tag; // nothing to drop (a tag without mentions is dropped below, as before)
        }
        boolean any = false;
        for (int m = 0; m < tag.mentions().size() && !any; m++) {
            Evidence s = tag.mentions().get(m);
            for (int i = 0; i < groups.size() && !any; i++) {
                Evidence g = groups.get(i).span();
                any = Objects.equals(g.field(), s.field()) && g.start() < s.end() && s.start() < g.end();
            }
        }
        if (!any && !tag.mentions().isEmpty()) {
            return tag; // the usual case: no mention overlaps a group, nothing to copy
        }
        List<Evidence> kept = new ArrayList<>();
        for (Evidence s : tag.mentions()) {
            boolean overlaps = false;
            for (int i = 0; i < groups.size() && !overlaps; i++) {
                Evidence g = groups.get(i).span();
                overlaps = Objects.equals(g.field(), s.field()) && g.start() < s.end() && s.start() < g.end();
            }
            if (!overlaps) {
                kept.add(s);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return kept.size() == tag.mentions().size() ? tag : new EntityFinding(tag.type(), tag.id(), tag.name(),
                tag.score(), tag.producer(), List.copyOf(kept), tag.attributes());
    }

    private ReportText cap(ReportText report, List<String> warnings) {
        String text = report.text() == null ? "" : report.text();
        String title = report.title();
        if (text.length() > textCap) {
            int cut = textCap;
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            warnings.add("text truncated for enrichment: first " + cut + " of " + text.length() + " chars tagged");
            text = text.substring(0, cut);
        }
        if (title != null && title.length() > 2_000) {
            warnings.add("title truncated for enrichment: first 2000 of " + title.length() + " chars tagged");
            title = title.substring(0, 2_000);
        }
        return new ReportText(report.id(), title, text, report.publishedAt(), report.sourceActors());
    }
}
