package io.watchfloor.alert.domain.matching;

import java.util.List;

/**
 * One reason a subscription fired: the filter field and the value of it that matched, the tag that satisfied
 * it (kind, id, name, score, role for groups) and the evidence spans. Score and role are null where they do
 * not apply (keywords, languages, sources).
 */
public record Clause(String field, String value, String tagKind, String tagId, String tagName, Double score,
                     String role, List<Evidence> evidence) {

    public Clause {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
}
