package io.watchfloor.faults;

import java.time.Duration;
import java.util.List;

/**
 * One fault test's outcome: the audit, the test's own checks (each with what was seen), the faults injected and
 * how long the pipeline took to recover.
 *
 * @param recovery time from the end of the last fault until the pipeline was back (see the test), or null
 */
public record TestResult(int number, String name, int scale, String injected, ConservationAudit.Result audit,
                         List<Check> checks, Duration recovery, Duration duration) {

    /** A test-specific pass condition and what was measured. */
    public record Check(String name, boolean passed, String detail) {
    }

    public boolean passed() {
        return audit != null && audit.passed() && checks.stream().allMatch(Check::passed);
    }

    /** A test that could not run to its audit (the stack failed under it, say). */
    public static TestResult crashed(int number, String name, int scale, String injected, Throwable error,
                                     Duration duration) {
        return new TestResult(number, name, scale, injected, null,
                List.of(new Check("ran to the audit", false, String.valueOf(error))), null, duration);
    }
}
