package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** What every fault-suite IT asserts of a test's result, and where the repository is. */
final class SuiteAssertions {

    private SuiteAssertions() {
    }

    /** The repository root: the first folder upwards from the working directory that has {@code local-stack}. */
    static Path repoRoot() {
        Path repo = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(repo.resolve("local-stack"))) {
            repo = repo.getParent();
        }
        return repo;
    }

    /**
     * The audit by id (nothing lost, nothing duplicated, every stored id in the enriched topic, accepted = stored +
     * dead-lettered), the faults injected, each of the test's own checks and its verdict.
     */
    static void addAuditAndChecks(List<Executable> checks, TestResult r, int expectedFaults) {
        String test = "test " + r.number() + " " + r.name() + ": ";
        ConservationAudit.Result a = r.audit();
        checks.add(() -> assertEquals(List.of(), a.lost(), test + "lost ids"));
        checks.add(() -> assertEquals(List.of(), a.duplicated(), test + "duplicated ids"));
        checks.add(() -> assertEquals(List.of(), a.notInEnrichedTopic(), test + "stored, not in the enriched topic"));
        checks.add(() -> assertEquals(a.accepted(), a.stored() + a.deadLettered(), test + a.summary()));
        checks.add(() -> assertTrue(r.injected().startsWith(expectedFaults + " x "),
                test + "faults injected: " + r.injected()));
        for (TestResult.Check c : r.checks()) {
            checks.add(() -> assertTrue(c.passed(), test + c.name() + ": " + c.detail()));
        }
        checks.add(() -> assertTrue(r.passed(), test + "verdict"));
    }
}
