package io.watchfloor.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchfloor.faults.SoakJudge.Point;
import io.watchfloor.faults.SoakJudge.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class SoakJudgeTest {
    private static final long HOUR = 3_600_000;
    private static final long MIB = 1 << 20;

    /** One sample a minute for an hour, value as a function of the minute. */
    private static List<Point> hourly(LongUnaryOperator valueAtMinute) {
        List<Point> points = new ArrayList<>();
        for (long m = 0; m <= 60; m++) {
            points.add(new Point(m * 60_000, valueAtMinute.applyAsLong(m)));
        }
        return points;
    }

    @Test
    void aWarmUpFollowedByAPlateauThatBreathesIsFlat() {
        // grows fast for 10 minutes (JIT, heap sizing), then oscillates by 20 MiB with GC
        List<Point> rss = hourly(m -> m < 10 ? (100 + 20 * m) * MIB : (300 + (m % 3 == 0 ? 20 : 0)) * MIB);
        SoakJudge.Flatness f = SoakJudge.flatness(rss, HOUR, 0.10, 48 * MIB);
        assertTrue(f.flat(), f.describe("MiB", MIB));
        assertEquals(100 * MIB, f.first());
        assertEquals(320 * MIB, f.earlyMax());
        assertEquals(320 * MIB, f.lateMax());
    }

    @Test
    void aSteadyLeakIsNotFlat() {
        // 4 MiB a minute for the whole hour: 2nd-quarter max ~ 260, last-quarter max 340
        List<Point> rss = hourly(m -> (100 + 4 * m) * MIB);
        SoakJudge.Flatness f = SoakJudge.flatness(rss, HOUR, 0.10, 48 * MIB);
        assertFalse(f.flat(), f.describe("MiB", MIB));
        assertEquals(100 + 4 * 29, f.earlyMax() / MIB);
        assertEquals(340, f.lateMax() / MIB);
    }

    @Test
    void fileHandlesGrowingByOneAMinuteAreALeak() {
        List<Point> fds = hourly(m -> 200 + m);
        assertFalse(SoakJudge.flatness(fds, HOUR, 0.05, 16).flat());
        List<Point> steady = hourly(m -> 200 + (m % 5));
        assertTrue(SoakJudge.flatness(steady, HOUR, 0.05, 16).flat());
    }

    @Test
    void aCatchUpSpikeInsideAFaultWindowIsShownButNotJudged() {
        // the hour of 2026-12-03: store's live heap ~21 MiB, 50 MiB once while it drained a 5-minute outage (40-45)
        List<Point> heap = hourly(m -> m == 45 ? 50 * MIB : 21 * MIB);
        assertFalse(SoakJudge.flatness(heap, HOUR, 0.10, 16 * MIB).flat(), "judged without the window");
        SoakJudge.Flatness f = SoakJudge.flatness(heap, List.of(new Window(40 * 60_000, 48 * 60_000)), HOUR, 0.10,
                16 * MIB);
        assertTrue(f.flat(), f.describe("MiB", MIB));
        assertEquals(21 * MIB, f.lateMax());
        assertEquals(9, f.inWindows());
        assertEquals(50 * MIB, f.windowMax());
        assertTrue(f.describe("MiB", MIB).contains("9 in fault windows, not judged: max 50"), f.describe("MiB", MIB));
    }

    @Test
    void aLeakIsStillALeakWithFaultWindowsLeftOut() {
        // 2 MiB a minute; windows at minutes 20-23 and 40-48 take samples out but not the growth
        List<Point> heap = hourly(m -> (20 + 2 * m) * MIB);
        List<Window> windows = List.of(new Window(20 * 60_000, 23 * 60_000), new Window(40 * 60_000, 48 * 60_000));
        SoakJudge.Flatness f = SoakJudge.flatness(heap, windows, HOUR, 0.10, 16 * MIB);
        assertFalse(f.flat(), f.describe("MiB", MIB));
        assertEquals(20 + 2 * 29, f.earlyMax() / MIB);
        assertEquals(140, f.lateMax() / MIB);
    }

    @Test
    void tooFewSamplesAreNoVerdictOfFlat() {
        List<Point> two = List.of(new Point(0, 1), new Point(HOUR, 1));
        assertFalse(SoakJudge.flatness(two, HOUR, 0.10, 0).flat());
        assertFalse(SoakJudge.flatness(List.of(), HOUR, 0.10, 0).flat());
    }

    @Test
    void lagInsideFaultWindowsIsReportedButNotJudged() {
        List<Point> lag = hourly(m -> m >= 20 && m <= 25 ? 9000 : m == 40 ? -1 : 3);
        SoakJudge.Boundedness b = SoakJudge.boundedness(lag, List.of(new Window(20 * 60_000, 26 * 60_000)), 1800);
        assertTrue(b.bounded());
        assertEquals(3, b.maxOutside());
        assertEquals(9000, b.maxInside());
        assertEquals(53, b.samplesOutside()); // 61 samples, minutes 20-26 inside the window, 1 unmeasured
    }

    @Test
    void lagBeyondTheBoundOutsideTheWindowsFails() {
        List<Point> lag = hourly(m -> m == 50 ? 5000 : 10);
        SoakJudge.Boundedness b = SoakJudge.boundedness(lag, List.of(new Window(0, 60_000)), 1800);
        assertFalse(b.bounded());
        assertEquals(5000, b.maxOutside());
        // nothing measured outside the windows is no proof of a bound
        assertFalse(SoakJudge.boundedness(lag, List.of(new Window(0, HOUR)), 1800).bounded());
    }
}
