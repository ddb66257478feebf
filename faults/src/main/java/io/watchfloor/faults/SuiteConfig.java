package io.watchfloor.faults;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the suite runs: reports per test ({@code --scale}, RELIABILITY.md says 100k), which tests
 * ({@code --only 1,3}), the posting rate, and the fault sizes that follow from the scale.
 *
 * @param scale       reports posted per test
 * @param only        test numbers to run; empty = all
 * @param rate        reports per second the load generator posts at most
 * @param inFlight    requests open at once
 * @param brokerDown  how long the broker stays down after a kill (test 1), null = from the scale
 * @param pgOutage    how long PostgreSQL stays down (test 5), null = from the scale
 * @param progress    how often a progress line is printed
 * @param flood       how long test 22 floods ingest, null = from the scale
 */
public record SuiteConfig(int scale, Set<Integer> only, double rate, int inFlight, Duration brokerDown,
                          Duration pgOutage, Duration progress, PrintStream out, Duration flood) {

    public SuiteConfig(int scale, Set<Integer> only, double rate, int inFlight, Duration brokerDown,
                       Duration pgOutage, Duration progress, PrintStream out) {
        this(scale, only, rate, inFlight, brokerDown, pgOutage, progress, out, null);
    }

    /** The scale at and above which every fault is injected as often as RELIABILITY.md says. */
    static final int FULL_FAULTS_SCALE = 10_000;
    static final int FULL_SCALE = 100_000;

    public static SuiteConfig defaults(PrintStream out) {
        return new SuiteConfig(FULL_SCALE, Set.of(), 200, 16, null, null, Duration.ofSeconds(5), out);
    }

    /** {@code --scale N --only 1,3 --rate R --broker-down S --pg-outage S}. */
    public static SuiteConfig parse(List<String> args, PrintStream out) {
        SuiteConfig c = defaults(out);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            if (v == null && !a.equals("-h") && !a.equals("--help")) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--scale" -> c = c.withScale(positive(a, v));
                case "--only" -> {
                    Set<Integer> only = new TreeSet<>();
                    for (String n : v.split(",")) {
                        only.add(positive(a, n.trim()));
                    }
                    c = new SuiteConfig(c.scale, only, c.rate, c.inFlight, c.brokerDown, c.pgOutage, c.progress, out, c.flood);
                }
                case "--rate" -> c = new SuiteConfig(c.scale, c.only, positive(a, v), c.inFlight, c.brokerDown,
                        c.pgOutage, c.progress, out, c.flood);
                case "--broker-down" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight,
                        Duration.ofSeconds(positive(a, v)), c.pgOutage, c.progress, out, c.flood);
                case "--pg-outage" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight, c.brokerDown,
                        Duration.ofSeconds(positive(a, v)), c.progress, out, c.flood);
                case "--flood" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight, c.brokerDown, c.pgOutage,
                        c.progress, out, Duration.ofSeconds(positive(a, v)));
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        return c;
    }

    public SuiteConfig withScale(int newScale) {
        return new SuiteConfig(newScale, only, rate, inFlight, brokerDown, pgOutage, progress, out, flood);
    }

    public SuiteConfig withRate(double newRate) {
        return new SuiteConfig(scale, only, newRate, inFlight, brokerDown, pgOutage, progress, out, flood);
    }

    public SuiteConfig withOnly(Set<Integer> tests) {
        return new SuiteConfig(scale, Set.copyOf(tests), rate, inFlight, brokerDown, pgOutage, progress, out, flood);
    }

    boolean selected(int test) {
        return only.isEmpty() || only.contains(test);
    }

    /** How many times a fault is injected: RELIABILITY.md's count from 10k reports on, once below. */
    int times(int full) {
        return scale >= FULL_FAULTS_SCALE ? full : 1;
    }

    /** Test 1's broker downtime: 20 s at 100k, scaled down, at least 5 s. */
    Duration brokerDowntime() {
        return brokerDown != null ? brokerDown
                : Duration.ofMillis(Math.max(5_000, Math.min(20_000, 20_000L * scale / FULL_SCALE)));
    }

    /** Test 5's PostgreSQL outage: 5 minutes at 100k, 20 s below. */
    Duration postgresOutage() {
        return pgOutage != null ? pgOutage : scale >= FULL_SCALE ? Duration.ofMinutes(5) : Duration.ofSeconds(20);
    }

    /** Test 22's flood: 10 minutes at 100k, 60 s from 10k on, 15 s below. */
    Duration floodDuration() {
        return flood != null ? flood : scale >= FULL_SCALE ? Duration.ofMinutes(10)
                : scale >= FULL_FAULTS_SCALE ? Duration.ofSeconds(60) : Duration.ofSeconds(15);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a positive number, got '" + value + "'");
        }
    }

    static final String USAGE = """
            usage: ./watchfloor faults [--scale N] [--only 1,3] [--rate R] [--broker-down S] [--pg-outage S] [--flood S]
              --scale N        reports posted per test (default 100000, RELIABILITY.md's size; faults are injected
                               as often as RELIABILITY.md says from 10000 on, once below)
              --only 1,3       run only these tests (available: 1 2 3 4 5 6 8 17 18 19 22)
              --rate R         reports per second posted at most (default 200)
              --broker-down S  test 1: seconds the broker stays down (default 20 s at 100k, scaled down, >= 5)
              --pg-outage S    test 5: seconds PostgreSQL stays down (default 300 at 100k, 20 below)
              --flood S        test 22: seconds of the POST flood (default 600 at 100k, 60 from 10k, 15 below)
            Starts its own stack on free ports in a scratch directory; exit code 0 only if every verdict is PASS.""";
}
