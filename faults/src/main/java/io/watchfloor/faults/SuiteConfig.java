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
 * @param soak        how long test 24 (the soak) runs; null = no soak (it runs only when asked for)
 */
public record SuiteConfig(int scale, Set<Integer> only, double rate, int inFlight, Duration brokerDown,
                          Duration pgOutage, Duration progress, PrintStream out, Duration flood, Duration soak) {

    public SuiteConfig(int scale, Set<Integer> only, double rate, int inFlight, Duration brokerDown,
                       Duration pgOutage, Duration progress, PrintStream out, Duration flood) {
        this(scale, only, rate, inFlight, brokerDown, pgOutage, progress, out, flood, null);
    }

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
        boolean rateGiven = false;
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
                    c = new SuiteConfig(c.scale, only, c.rate, c.inFlight, c.brokerDown, c.pgOutage, c.progress, out, c.flood, c.soak);
                }
                case "--rate" -> {
                    rateGiven = true;
                    c = new SuiteConfig(c.scale, c.only, positive(a, v), c.inFlight, c.brokerDown,
                            c.pgOutage, c.progress, out, c.flood, c.soak);
                }
                case "--broker-down" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight,
                        Duration.ofSeconds(positive(a, v)), c.pgOutage, c.progress, out, c.flood, c.soak);
                case "--pg-outage" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight, c.brokerDown,
                        Duration.ofSeconds(positive(a, v)), c.progress, out, c.flood, c.soak);
                case "--flood" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight, c.brokerDown, c.pgOutage,
                        c.progress, out, Duration.ofSeconds(positive(a, v)), c.soak);
                case "--soak" -> c = new SuiteConfig(c.scale, c.only, c.rate, c.inFlight, c.brokerDown, c.pgOutage,
                        c.progress, out, c.flood, Duration.ofMinutes(positive(a, v)));
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            i++;
        }
        if (c.soak == null && !c.only.isEmpty() && c.only.stream().anyMatch(CLUSTER_TESTS::contains)
                && !CLUSTER_TESTS.containsAll(c.only)) {
            throw new IllegalArgumentException("tests " + CLUSTER_TESTS + " run on a three-broker stack of their own: "
                    + "select them alone (--only 25,26) and the others in a separate run");
        }
        return c.soak != null ? c.forSoak(rateGiven) : c;
    }

    public SuiteConfig withScale(int newScale) {
        return new SuiteConfig(newScale, only, rate, inFlight, brokerDown, pgOutage, progress, out, flood, soak);
    }

    public SuiteConfig withRate(double newRate) {
        return new SuiteConfig(scale, only, newRate, inFlight, brokerDown, pgOutage, progress, out, flood, soak);
    }

    public SuiteConfig withOnly(Set<Integer> tests) {
        return new SuiteConfig(scale, Set.copyOf(tests), rate, inFlight, brokerDown, pgOutage, progress, out, flood, soak);
    }

    boolean selected(int test) {
        if (test == SOAK_TEST) {
            return soak != null;
        }
        return soak == null && (only.isEmpty() ? !CLUSTER_TESTS.contains(test) : only.contains(test));
    }

    /** Tests 25 and 26 (the multi-broker failover RELIABILITY.md leaves to a cluster): they need three brokers. */
    static final Set<Integer> CLUSTER_TESTS = Set.of(25, 26);

    /** Whether this run is of the cluster tests, on a stack of three brokers ({@code --only 25,26}). */
    boolean cluster() {
        return soak == null && !only.isEmpty() && CLUSTER_TESTS.containsAll(only);
    }

    /** Test 24's number: it runs only with {@code --soak}, and then alone. */
    static final int SOAK_TEST = 24;
    /** The soak's rate when {@code --rate} is not given: about half of what ingest answered here one by one. */
    static final double SOAK_RATE = 30;

    /** How long the soak runs (an hour unless {@code --soak} says otherwise). */
    Duration soakDuration() {
        return soak != null ? soak : Duration.ofMinutes(60);
    }

    /** The soak's settings: only test 24, its rate, and as many reports as that rate posts in its duration. */
    SuiteConfig forSoak(boolean rateGiven) {
        double r = rateGiven ? rate : SOAK_RATE;
        int reports = (int) Math.min(Integer.MAX_VALUE, Math.round(r * soakDuration().toSeconds()));
        return new SuiteConfig(reports, Set.of(SOAK_TEST), r, inFlight, brokerDown, pgOutage, progress, out, flood,
                soakDuration());
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
              --only 1,3       run only these tests (available: 1 2 3 4 5 6 7 8 9 17 18 19 20 22; 24 with --soak;
                               25 26 on a stack of three brokers, selected alone: --only 25,26)
              --rate R         reports per second posted at most (default 200)
              --broker-down S  tests 1 and 25: seconds the broker stays down (default 20 s at 100k, scaled down, >= 5)
              --pg-outage S    test 5: seconds PostgreSQL stays down (default 300 at 100k, 20 below)
              --flood S        test 22: seconds of the POST flood (default 600 at 100k, 60 from 10k, 15 below)
              --soak M         run test 24 alone instead: M minutes of steady load at --rate (default 30/s) with
                               a broker kill -9 and a PostgreSQL outage in every hour; memory, file handles and
                               threads of every process must stay flat, consumer lag bounded, the audit hold
            Starts its own stack on free ports in a scratch directory; exit code 0 only if every verdict is PASS.""";
}
