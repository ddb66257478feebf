package io.watchfloor.store.kafka;

/**
 * A fault hook for the fault suite (RELIABILITY.md test 4), off unless asked for: with
 * {@code WATCHFLOOR_FAULT_HALT_AFTER_DB_COMMIT=n} (or {@code -Dwatchfloor.fault.halt-after-db-commit=n}) the
 * store halts the JVM ({@code Runtime.halt}, no shutdown hooks, like a crash) right after its n-th database commit
 * of a batch and before that batch's offsets are committed. The next start must read the batch again and store
 * nothing twice.
 */
final class CrashAfterDbCommit {
    static final String VARIABLE = "WATCHFLOOR_FAULT_HALT_AFTER_DB_COMMIT";
    static final String PROPERTY = "watchfloor.fault.halt-after-db-commit";
    /** The exit status of the halt, so a test can tell it from other exits. */
    static final int EXIT_STATUS = 86;

    private final int after;
    private int commits;

    CrashAfterDbCommit(int after) {
        this.after = after;
    }

    /** From the property, else the variable; 0 (off) when neither is set. */
    static CrashAfterDbCommit fromEnvironment() {
        String value = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        return new CrashAfterDbCommit(value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim()));
    }

    /** Called after each batch's database commit, before its offsets are committed. */
    void committed() {
        if (after > 0 && ++commits >= after) {
            System.err.println("fault hook " + VARIABLE + "=" + after + ": halting after database commit "
                    + commits + ", before the offset commit");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
