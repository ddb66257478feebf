package io.watchfloor.faults;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The suite's table: one row per test, then every check with what was measured, failed ones marked. */
public final class ResultTable {
    static final String[] HEADER = {"test", "scale", "injected faults", "accepted", "stored", "dead-lettered",
        "lost", "duplicated", "recovery", "verdict"};

    private ResultTable() {
    }

    public static List<String[]> rows(List<TestResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (TestResult r : results) {
            ConservationAudit.Result a = r.audit();
            rows.add(new String[] {r.number() + " " + r.name(), Integer.toString(r.scale()), r.injected(),
                a == null ? "-" : Integer.toString(a.accepted()), a == null ? "-" : Integer.toString(a.stored()),
                a == null ? "-" : Integer.toString(a.deadLettered()),
                a == null ? "-" : Integer.toString(a.lost().size()),
                a == null ? "-" : Integer.toString(a.duplicated().size()),
                r.recovery() == null ? "-" : String.format("%.1f s", r.recovery().toMillis() / 1000.0),
                r.passed() ? "PASS" : "FAIL"});
        }
        return rows;
    }

    /** The table as Markdown (readable in a terminal and pasteable into docs). */
    public static String format(List<TestResult> results) {
        List<String[]> rows = rows(results);
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int i = 0; i < HEADER.length; i++) {
                out.append(' ').append(pad(rows.get(r)[i], widths[i])).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int width : widths) {
                    out.append('-').append("-".repeat(width)).append("-|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** The table, then each test's audit and checks. */
    public static void print(List<TestResult> results, PrintStream out) {
        out.print(format(results));
        out.println();
        for (TestResult r : results) {
            out.printf("test %d %s (%s, %.0f s):%n", r.number(), r.name(), r.passed() ? "PASS" : "FAIL",
                    r.duration().toMillis() / 1000.0);
            if (r.audit() != null) {
                out.printf("  [%s] conservation audit: %s%n", r.audit().passed() ? "ok" : "FAILED", r.audit().summary());
            }
            for (TestResult.Check c : r.checks()) {
                out.printf("  [%s] %s: %s%n", c.passed() ? "ok" : "FAILED", c.name(), c.detail());
            }
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
