package io.watchfloor.enrich.reprocess;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchfloor.schemas.avro.EnrichedReport;
import io.watchfloor.schemas.avro.EntityTag;
import io.watchfloor.schemas.avro.GroupTag;
import io.watchfloor.schemas.avro.Span;
import java.util.ArrayList;
import java.util.List;

/** Group and entity tags of an enriched report (Avro) or of the store's JSON document, for {@link TagDiff}. */
final class Tags {

    /** Entity type the enricher gives threat groups, which are compared as groups already. */
    static final String GROUP_ENTITY = "THREAT_GROUP";

    private Tags() {
    }

    static List<TagDiff.Tag> of(EnrichedReport report) {
        List<TagDiff.Tag> tags = new ArrayList<>();
        for (GroupTag g : report.getGroups()) {
            tags.add(new TagDiff.Tag("group", g.getId().toString(), g.getName().toString(), spans(g.getEvidence())));
        }
        for (EntityTag e : report.getEntities()) {
            if (GROUP_ENTITY.contentEquals(e.getType())) {
                continue; // the same tag as the group above
            }
            String id = e.getId() == null ? null : e.getId().toString();
            tags.add(new TagDiff.Tag(e.getType().toString(), TagDiff.entityKey(id, e.getName().toString()),
                    e.getName().toString(), spans(e.getMentions())));
        }
        return tags;
    }

    /** From the document {@code GET /reports/{id}} answers. */
    static List<TagDiff.Tag> of(JsonNode document) {
        List<TagDiff.Tag> tags = new ArrayList<>();
        for (JsonNode g : document.path("groups")) {
            tags.add(new TagDiff.Tag("group", g.path("id").asText(), g.path("name").asText(),
                    spans(g.path("evidence"))));
        }
        for (JsonNode e : document.path("entities")) {
            if (GROUP_ENTITY.equals(e.path("type").asText())) {
                continue;
            }
            String id = e.hasNonNull("id") ? e.path("id").asText() : null;
            tags.add(new TagDiff.Tag(e.path("type").asText(), TagDiff.entityKey(id, e.path("name").asText()),
                    e.path("name").asText(), spans(e.path("mentions"))));
        }
        return tags;
    }

    private static List<String> spans(List<Span> spans) {
        List<String> out = new ArrayList<>();
        if (spans != null) {
            for (Span s : spans) {
                out.add(TagDiff.span(s.getField().toString(), s.getStart(), s.getEnd(), s.getText().toString()));
            }
        }
        return out;
    }

    private static List<String> spans(JsonNode spans) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : spans) {
            out.add(TagDiff.span(s.path("field").asText(), s.path("start").asInt(), s.path("end").asInt(),
                    s.path("text").asText()));
        }
        return out;
    }
}
