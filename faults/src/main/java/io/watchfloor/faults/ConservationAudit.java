package io.watchfloor.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RELIABILITY.md test 23, as plain Java: every report id that got a 2xx is stored exactly once in PostgreSQL or
 * dead-lettered exactly once with its reason, no id has two rows, and every stored id is in the committed enriched
 * topic exactly once per revision. Ids are compared, not counts: a lost report and a duplicated one do not cancel
 * out.
 */
public final class ConservationAudit {

    /**
     * What was observed after a test.
     *
     * @param accepted     ids that got a 2xx from ingest
     * @param rows         rows in PostgreSQL per id (for the accepted ids and any other id of the test)
     * @param enriched     records in the committed enriched topic per id and revision
     * @param deadLetters  dead letters per original key (report id), with their reasons
     * @param raw          records in the raw topic per id and revision: a client that retried a request whose
     *                     first try was written after all (its answer lost to a timeout) put the report there
     *                     twice, and enrich rightly enriches both; enrich itself must add no copy
     */
    public record Observed(Set<String> accepted, Map<String, Integer> rows,
                           Map<String, Map<Integer, Integer>> enriched, Map<String, List<String>> deadLetters,
                           Map<String, Map<Integer, Integer>> raw) {

        /** Without the raw topic: every id expected once per revision in the enriched topic. */
        public Observed(Set<String> accepted, Map<String, Integer> rows, Map<String, Map<Integer, Integer>> enriched,
                        Map<String, List<String>> deadLetters) {
            this(accepted, rows, enriched, deadLetters, Map.of());
        }
    }

    /** The audit's verdict with the ids behind each number (sorted, for stable messages). */
    public record Result(int accepted, int stored, int deadLettered, List<String> lost, List<String> duplicated,
                         List<String> notInEnrichedTopic, List<String> problems, List<String> retriedIntoRaw) {

        public boolean passed() {
            return accepted > 0 && problems.isEmpty();
        }

        /** One line: the numbers and the first ids of each problem. */
        public String summary() {
            return "accepted " + accepted + ", stored " + stored + ", dead-lettered " + deadLettered + ", lost "
                    + lost.size() + ", duplicated " + duplicated.size()
                    + (retriedIntoRaw.isEmpty() ? "" : " (" + retriedIntoRaw.size() + " ids twice in the raw topic "
                    + "at one revision: client retries after a lost answer, not counted as duplicates)")
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
        }
    }

    private ConservationAudit() {
    }

    public static Result audit(Observed observed) {
        TreeSet<String> lost = new TreeSet<>();
        TreeSet<String> duplicated = new TreeSet<>();
        TreeSet<String> notEnriched = new TreeSet<>();
        int stored = 0;
        int deadLettered = 0;
        for (String id : observed.accepted()) {
            int rows = observed.rows().getOrDefault(id, 0);
            int letters = observed.deadLetters().getOrDefault(id, List.of()).size();
            if (rows == 0 && letters == 0) {
                lost.add(id);
                continue;
            }
            if (rows > 1 || letters > 1 || (rows > 0 && letters > 0)) {
                duplicated.add(id);
            }
            if (rows > 0) {
                stored++;
                Map<Integer, Integer> revisions = observed.enriched().getOrDefault(id, Map.of());
                if (revisions.isEmpty()) {
                    notEnriched.add(id);
                }
            } else {
                deadLettered++;
            }
        }
        // duplicates among everything seen, accepted or not (a record twice in the enriched topic, two rows)
        observed.rows().forEach((id, n) -> {
            if (n > 1) {
                duplicated.add(id);
            }
        });
        TreeSet<String> retried = new TreeSet<>();
        observed.raw().forEach((id, revisions) -> revisions.forEach((revision, n) -> {
            if (n > 1) {
                retried.add(id);
            }
        }));
        observed.enriched().forEach((id, revisions) -> revisions.forEach((revision, n) -> {
            int inRaw = observed.raw().getOrDefault(id, Map.of()).getOrDefault(revision, 1);
            if (n > Math.max(1, inRaw)) {
                duplicated.add(id);
            }
        }));
        List<String> problems = new ArrayList<>();
        if (observed.accepted().isEmpty()) {
            problems.add("no report was accepted: nothing was tested");
        }
        if (!lost.isEmpty()) {
            problems.add(lost.size() + " accepted but neither stored nor dead-lettered (lost): " + first(lost));
        }
        if (!duplicated.isEmpty()) {
            problems.add(duplicated.size() + " duplicated (two rows, twice in the enriched topic at one revision, "
                    + "or stored and dead-lettered): " + first(duplicated));
        }
        if (!notEnriched.isEmpty()) {
            problems.add(notEnriched.size() + " stored but not in the committed enriched topic: " + first(notEnriched));
        }
        return new Result(observed.accepted().size(), stored, deadLettered, List.copyOf(lost),
                List.copyOf(duplicated), List.copyOf(notEnriched), List.copyOf(problems), List.copyOf(retried));
    }

    private static String first(TreeSet<String> ids) {
        List<String> head = ids.stream().limit(5).toList();
        return String.join(", ", head) + (ids.size() > head.size() ? ", ..." : "");
    }
}
