package io.watchfloor.store;

import io.watchfloor.schemas.avro.AliasResolution;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EnrichmentMetadata;
import io.watchfloor.schemas.avro.EntityTag;
import io.watchfloor.schemas.avro.EventTag;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.Producer;
import io.watchfloor.schemas.avro.RawReport;
import io.watchfloor.schemas.avro.Source;
import io.watchfloor.schemas.avro.Span;
import io.watchfloor.schemas.avro.TopicTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds realistic enriched reports for tests, with evidence spans computed from the text itself. */
public final class SampleReports {
    public static final String TITLE = "Pakistan arrests ISIS-K planner linked to Abbey Gate bombing";
    public static final String TEXT = "Pakistani authorities arrested Sharifullah, a key ISIS-K planner linked to the "
            + "Kabul Abbey Gate bombing in 2021, after U.S. intelligence inputs. Officials said the Islamic "
            + "State Khorasan Province cell had ties to Tehrik-e-Taliban Pakistan (TTP) commanders, while "
            + "Al-Qaeda remnants operate along the Afghan frontier.";
    private static final Producer PRODUCER = new Producer("test-tagger", "1.0.0");

    private SampleReports() {
    }

    /** The sample with ISIS-K, TTP and Al-Qaeda tagged, revision 1. */
    /**
     * The seed report with one mention whose extent is wider than its name: the second mention of Pakistan (entity
     * 1) inside "Tehrik-e-Taliban Pakistan"; the first mention of Pakistan has no extent.
     */
    public static EnrichedReport seedWithExtent(String id) {
        EnrichedReport report = seed(id);
        Span second = report.getEntities().get(1).getMentions().get(1);
        second.setExtentStart(TEXT.indexOf("Tehrik-e-Taliban Pakistan"));
        second.setExtentEnd(second.getEnd());
        return report;
    }

    public static EnrichedReport seed(String id) {
        return build(id, 1, Instant.parse("2025-07-02T08:00:00Z"), TITLE, TEXT,
                Instant.parse("2025-07-01T10:00:00Z"), List.of("iskp", "ttp", "al-qaeda"));
    }

    /** A report with the given groups (from iskp, ttp, al-qaeda, or any id with a name equal to it). */
    public static EnrichedReport build(String id, int revision, Instant enrichedAt, String title, String text,
                                       Instant publishedAt, List<String> groupIds) {
        RawReport raw = RawReport.newBuilder()
                .setId(id)
                .setRevision(revision)
                .setSource(Source.newBuilder().setKind("http").setName("store-it").setUrl(null).setItemId(null)
                        .build())
                .setCanonicalUrl("https://news.example.org/" + id)
                .setTitle(title)
                .setText(text)
                .setContentType("text/plain")
                .setLanguage("en")
                .setPublishedAt(publishedAt)
                .setIngestedAt(Instant.parse("2025-07-02T09:00:00Z"))
                .setContentHash(Integer.toHexString(text.hashCode()))
                .setDuplicateOf(null)
                .setAttributes(Map.of("author", "Staff"))
                .build();
        List<GroupTag> groups = new ArrayList<>();
        for (String g : groupIds) {
            groups.add(group(g, text));
        }
        return EnrichedReport.newBuilder()
                .setReport(raw)
                .setEntities(List.of(
                        entity("PERSON", null, "Sharifullah", text),
                        entity("LOCATION", "geo:country:PK", "Pakistan", text)))
                .setGroups(groups)
                .setEvents(text.contains("Abbey Gate")
                        ? List.of(EventTag.newBuilder().setName("Abbey Gate bombing").setType("bombing")
                                .setTemporal("historical").setDate("2021").setScore(0.8)
                                .setMentions(spans(text, "Abbey Gate bombing")).setProducer(PRODUCER).build())
                        : List.of())
                .setTopics(List.of(TopicTag.newBuilder().setName("arrest").setScore(0.7)
                        .setEvidence(spans(text, "arrested")).setProducer(PRODUCER).build()))
                .setMetadata(EnrichmentMetadata.newBuilder().setCatalogVersion("catalog-2025.07")
                        .setEnricherVersion("0.1.0").setEnrichedAt(enrichedAt).setProducers(List.of(PRODUCER))
                        .setWarnings(List.of()).build())
                .build();
    }

    private static GroupTag group(String id, String text) {
        String name;
        List<String> surfaces;
        switch (id) {
            case "iskp" -> {
                name = "Islamic State Khorasan Province";
                surfaces = List.of("ISIS-K", "Islamic State Khorasan Province");
            }
            case "ttp" -> {
                name = "Tehrik-e-Taliban Pakistan";
                surfaces = List.of("Tehrik-e-Taliban Pakistan", "TTP");
            }
            case "al-qaeda" -> {
                name = "Al-Qaeda";
                surfaces = List.of("Al-Qaeda");
            }
            default -> {
                name = id;
                surfaces = List.of(id);
            }
        }
        List<Span> evidence = new ArrayList<>();
        List<AliasResolution> resolutions = new ArrayList<>();
        for (String surface : surfaces) {
            List<Span> found = spans(text, surface);
            evidence.addAll(found);
            if (!found.isEmpty()) {
                resolutions.add(new AliasResolution(surface, surface, "exact", "curated"));
            }
        }
        return GroupTag.newBuilder().setId(id).setName(name).setKind("terrorist").setScore(0.9)
                .setRole("mentioned").setEvidence(evidence).setResolutions(resolutions)
                .setAffiliation(id.equals("iskp") ? "islamic-state" : null)
                .setExternalRefs(Map.of()).setProducer(PRODUCER).build();
    }

    private static EntityTag entity(String type, String id, String name, String text) {
        return EntityTag.newBuilder().setType(type).setId(id).setName(name).setScore(0.75).setProducer(PRODUCER)
                .setMentions(spans(text, name)).setAttributes(Map.of()).build();
    }

    /** Every occurrence of the surface text in the text, as spans. */
    public static List<Span> spans(String text, String surface) {
        List<Span> out = new ArrayList<>();
        for (int i = text.indexOf(surface); i >= 0; i = text.indexOf(surface, i + 1)) {
            out.add(Span.newBuilder().setField("text").setStart(i).setEnd(i + surface.length()).setText(surface)
                    .build());
        }
        return out;
    }
}
