package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuiteConfigTest {

    @Test
    void theSoakRunsAloneAtItsRateForItsDuration() {
        SuiteConfig c = SuiteConfig.parse(List.of("--soak", "10"), System.out);
        assertEquals(Duration.ofMinutes(10), c.soakDuration());
        assertEquals(30, c.rate());
        assertEquals(18_000, c.scale());
        assertEquals(Set.of(24), c.only());
        assertTrue(c.selected(24));
        assertFalse(c.selected(1));
        assertEquals(2, Soak.hours(SuiteConfig.parse(List.of("--soak", "120"), System.out)));
        assertEquals(1, Soak.hours(c));
        assertEquals(Duration.ofSeconds(5), Soak.sampleEvery(c));
        assertEquals(Duration.ofSeconds(30), Soak.sampleEvery(SuiteConfig.parse(List.of("--soak", "60"), System.out)));
    }

    @Test
    void anHourAtTheDefaultRateIsFullScaleWithFullFaults() {
        SuiteConfig c = SuiteConfig.parse(List.of("--rate", "40", "--soak", "60"), System.out);
        assertEquals(40, c.rate());
        assertEquals(144_000, c.scale());
        assertEquals(Duration.ofSeconds(20), c.brokerDowntime());
        assertEquals(Duration.ofMinutes(5), c.postgresOutage());
    }

    @Test
    void theLiveHeapIsReadFromJcmdsHeapInfo() {
        String g1 = "4242:\n garbage-first heap   total 262144K, used 123456K [0x00000000e0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 61234K, committed 62000K\n";
        assertEquals(123456L * 1024, Soak.heapUsed(g1));
        assertEquals(null, Soak.heapUsed("4242:\nCommand executed successfully\n"));
        assertEquals(null, Soak.heapUsed(null));
    }

    @Test
    void jcmdIsFoundBesideThisJvmsJava() {
        // the build runs on a JDK, which has jcmd; a bare JRE would give null and the soak says so
        java.nio.file.Path jcmd = Soak.jcmd();
        assertTrue(jcmd != null && jcmd.getFileName().toString().equals("jcmd"), String.valueOf(jcmd));
    }

    @Test
    void theSoakCapsIngestsStateAtAQuarterOfItsReports() {
        // an hour at 30/s: 108,000 reports, the caps full after 27,000 (minute 15), before the judged quarters
        SuiteConfig hour = SuiteConfig.parse(List.of("--soak", "60"), System.out);
        assertEquals(27_000, Soak.stateCap(hour));
        assertEquals(List.of("-Dwatchfloor.ingest.idempotency-max-keys=27000",
                "-Dwatchfloor.feeds.dedup-capacity=27000"), Soak.stateCapOptions(hour));
        // never below 1,000 entries, never above ingest's defaults (then nothing is set for the idempotency keys)
        assertEquals(1_000, Soak.stateCap(SuiteConfig.parse(List.of("--soak", "1", "--rate", "1"), System.out)));
        SuiteConfig tenHours = SuiteConfig.parse(List.of("--soak", "600", "--rate", "100"), System.out);
        assertEquals(100_000, Soak.stateCap(tenHours));
        assertEquals(List.of("-Dwatchfloor.feeds.dedup-capacity=100000"), Soak.stateCapOptions(tenHours));
    }

    @Test
    void withoutSoakTheSoakIsNeverSelected() {
        SuiteConfig all = SuiteConfig.parse(List.of("--scale", "500"), System.out);
        assertTrue(all.selected(1));
        assertTrue(all.selected(22));
        assertFalse(all.selected(24));
        assertFalse(SuiteConfig.parse(List.of("--only", "24"), System.out).selected(24));
        assertThrows(IllegalArgumentException.class, () -> SuiteConfig.parse(List.of("--soak", "0"), System.out));
    }

    @Test
    void theClusterTestsRunAloneOnThreeBrokersAndNeverByDefault() {
        SuiteConfig all = SuiteConfig.parse(List.of("--scale", "500"), System.out);
        assertFalse(all.cluster());
        assertFalse(all.selected(25));
        assertFalse(all.selected(26));
        SuiteConfig cluster = SuiteConfig.parse(List.of("--only", "25,26"), System.out);
        assertTrue(cluster.cluster());
        assertTrue(cluster.selected(25));
        assertTrue(cluster.selected(26));
        assertFalse(cluster.selected(1));
        assertTrue(SuiteConfig.parse(List.of("--only", "26"), System.out).cluster());
        assertFalse(SuiteConfig.parse(List.of("--only", "1,3"), System.out).cluster());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> SuiteConfig.parse(List.of("--only", "1,25"), System.out));
        assertTrue(mixed.getMessage().contains("three-broker stack"), mixed.getMessage());
        // every cluster test is one of the suite's tests, and its kills follow the scale like test 1's
        assertEquals(Set.of(25, 26), FaultTests.ALL.stream().map(FaultTest::number)
                .filter(SuiteConfig.CLUSTER_TESTS::contains).collect(java.util.stream.Collectors.toSet()));
        FaultTest leaderKill = FaultTests.ALL.stream().filter(t -> t.number() == 25).findFirst().orElseThrow();
        assertEquals(2, leaderKill.planned(SuiteConfig.parse(List.of("--only", "25"), System.out)));
        assertEquals(1, leaderKill.planned(SuiteConfig.parse(List.of("--only", "25", "--scale", "1000"), System.out)));
    }
}
