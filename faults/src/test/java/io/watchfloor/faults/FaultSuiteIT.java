package io.watchfloor.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The fault suite at reduced scale (the CI version of {@code ./watchfloor faults}): a stack of its own on free
 * ports, one fault of each kind once on a few hundred reports ({@link #CI_TESTS}; every test with
 * {@code -Dwatchfloor.faults.all=true}), each verdict and each audit asserted on its content.
 */
class FaultSuiteIT {

    private static final int SCALE = 500;
    /**
     * The tests CI runs: one of each kind of fault (broker, enrich, store, PostgreSQL, corrupt input, a throwing
     * tagger, oversize input, duplicates, lost produce responses: 18 at {@link #SMALL_SCALE}, schema evolution,
     * overload). Tests 2 (clean broker stops, the gentler twin of 1), 8 (dead-letter topic missing: a 80 s outage
     * plus the recovery) and 19 (scaling 1 -> 2 -> 1, 80 s of JVM starts) run with
     * {@code -Dwatchfloor.faults.all=true} and in {@code ./watchfloor faults}, to keep CI in its budget.
     */
    private static final List<Integer> CI_TESTS = List.of(1, 3, 4, 5, 6, 7, 9, 17, 18, 20, 22);
    private static final List<Integer> ALL_TESTS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 18, 19, 20, 22);
    /**
     * Run after the others on the same stack at {@link #SMALL_SCALE}: 18 (its proxy runs produce the scale's
     * records twice, one at a time) and 8 (its time is the outage and the recovery, not the load).
     */
    private static final List<Integer> SMALL_TESTS = List.of(8, 18);
    private static final int SMALL_SCALE = 200;

    @Test
    void everyFaultTestPassesItsChecksAndTheConservationAudit() throws Exception {
        Path repo = SuiteAssertions.repoRoot();
        Path home = Files.createTempDirectory("watchfloor-faults-it-");
        SuiteConfig config = SuiteConfig.defaults(System.out).withScale(SCALE).withRate(50);
        boolean all = Boolean.getBoolean("watchfloor.faults.all");
        List<Integer> expected = all ? ALL_TESTS : CI_TESTS;
        config = new SuiteConfig(config.scale(), new java.util.TreeSet<>(expected), config.rate(), config.inFlight(),
                Duration.ofSeconds(5), Duration.ofSeconds(15), config.progress(), System.out);
        List<TestResult> results;
        try (LocalStack stack = FaultSuite.startStack(repo, home, System.out)) {
            // (an empty --only means every test: both parts are non-empty in CI and with all)
            results = new ArrayList<>(FaultSuite.run(stack, config.withOnly(expected.stream()
                    .filter(n -> !SMALL_TESTS.contains(n)).collect(java.util.stream.Collectors.toSet()))));
            results.addAll(FaultSuite.run(stack, config.withScale(SMALL_SCALE).withOnly(expected.stream()
                    .filter(SMALL_TESTS::contains).collect(java.util.stream.Collectors.toSet()))));
            results.sort(java.util.Comparator.comparingInt(TestResult::number));
            ResultTable.print(results, System.out);
            // the suite leaves the stack whole: every service answers UP again
            HttpClient http = HttpClient.newHttpClient();
            for (String url : List.of(stack.ingestUrl(), stack.storeUrl(), stack.enrichUrl())) {
                await(url).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> http.send(
                        HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("UP"));
            }
        } finally {
            FaultSuite.deleteTree(home);
        }

        assertEquals(expected, results.stream().map(TestResult::number).toList());
        List<Executable> checks = new ArrayList<>();
        for (TestResult r : results) {
            String test = "test " + r.number() + " " + r.name() + ": ";
            checks.add(() -> assertNotNull(r.audit(), test + "did not reach its audit: " + r.checks()));
            if (r.audit() == null) {
                continue;
            }
            ConservationAudit.Result a = r.audit();
            // test 17 adds its keyed report and its feed item, 7 its marked reports, 9 its oversize and small raw
            // reports, 20 its new-schema reports, test 22 the flood's 2xx'd reports
            checks.add(() -> assertEquals(r.scale() + extraAccepted(r.number()), r.number() == 22
                    ? Math.min(r.scale(), a.accepted()) : a.accepted(), test + "every posted report got a 2xx"));
            checks.add(() -> assertEquals(SMALL_TESTS.contains(r.number()) ? SMALL_SCALE : SCALE, r.scale(), test));
            // only test 7's marked reports and test 9's two oversize ones are dead letters
            checks.add(() -> assertEquals(r.number() == 7 ? SCALE / 100 : r.number() == 9 ? 2 : 0, a.deadLettered(),
                    test + "dead-lettered: " + a.summary()));
            if (r.number() == 22) {
                checks.add(() -> assertTrue(a.accepted() > SCALE, test + "the flood got 2xx answers: " + a.summary()));
            }
            SuiteAssertions.addAuditAndChecks(checks, r, expectedFaults(r.number()));
        }
        Function<Integer, TestResult> byNumber = n -> results.stream().filter(r -> r.number() == n).findFirst()
                .orElseThrow();
        // the tests' own checks are there, not just the audit
        checks.add(() -> assertTrue(names(byNumber.apply(1)).containsAll(Set.of("no 2xx while the broker was down",
                "throughput back to 90% within 60 s")), names(byNumber.apply(1)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(5)).containsAll(Set.of("store stayed in its group",
                "0 dead letters from the outage")), names(byNumber.apply(5)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(6)).containsAll(Set.of("dead letters = injected, exactly",
                "headers name topic, partition, offset, error", "enrich never stopped")),
                names(byNumber.apply(6)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(7)).containsAll(Set.of(
                "marked reports dead-lettered exactly once", "dead letters name the exception", "the rest flow",
                "no stream thread died")), names(byNumber.apply(7)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(9)).containsAll(Set.of("413 for 1 MiB + 1 and 20 MiB bodies",
                "nothing of them in the raw topic", "oversize enriched record dead-lettered once with its reason",
                "raw record over enrich's producer limit dead-lettered once, truncated",
                "no retry loop, no stalled partition")), names(byNumber.apply(9)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(20)).containsAll(Set.of("compatible change registered",
                "incompatible changes refused with 409", "old and new schema records in the raw topic",
                "every old- and new-schema report stored")), names(byNumber.apply(20)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(17)).containsAll(Set.of("3 keyed POSTs answered with one id",
                "keyed report: exactly 1 row and 1 raw record", "same article via 2 feeds: 1 row listing both")),
                names(byNumber.apply(17)).toString()));
        checks.add(() -> assertTrue(names(byNumber.apply(18)).containsAll(Set.of(
                "every client connection through the proxy", "produce responses dropped",
                "idempotence on: 0 duplicates", "idempotence off: duplicates (the check sees them)")),
                names(byNumber.apply(18)).toString()));
        if (all) {
            checks.add(() -> assertTrue(names(byNumber.apply(8)).containsAll(Set.of(
                    "health DOWN within 60 s, naming the topic", "health stayed DOWN until the topic was back",
                    "no commit past the records it could not dead-letter",
                    "recovered without a restart once the topic was back", "dead letters = injected, exactly",
                    "headers name topic, partition, offset, error", "enrich UP at the end")),
                    names(byNumber.apply(8)).toString()));
        }
        checks.add(() -> assertTrue(names(byNumber.apply(22)).containsAll(Set.of("flood answered only 2xx or 429",
                "429 with Retry-After beyond the queue", "bounded memory")), names(byNumber.apply(22)).toString()));
        assertAll(checks);
    }

    private static int extraAccepted(int test) {
        return switch (test) {
            case 7, 20 -> SCALE / 100;
            case 9 -> 2 + Oversize.FOLLOWERS;
            case 17 -> 2;
            default -> 0;
        };
    }

    private static int expectedFaults(int test) {
        return switch (test) {
            case 6, 7 -> SCALE / 100;
            case 9 -> 4;
            case 20 -> 3;
            case 17, 18, 19 -> 2;
            default -> 1;
        };
    }

    private static List<String> names(TestResult r) {
        return r.checks().stream().map(TestResult.Check::name).toList();
    }
}
