package io.watchfloor.faults;

import java.util.List;

/**
 * The soak's verdicts on sampled series (plain Java, {@code SoakJudgeTest}): whether memory and file handles stay
 * flat, and whether consumer lag stays bounded outside the fault windows.
 *
 * <p>Flat: the first quarter of the soak is warm-up (JIT, heap sizing, connection pools) and is not judged; the
 * largest value of the last quarter may exceed the largest value of the second quarter by at most
 * {@code relative} of it plus {@code absolute}. A leak grows without bound, so over a soak it shows up as a last
 * quarter above the second; a heap that breathes with garbage collection stays within the margin.
 *
 * <p>Samples inside a fault window (a fault and the recovery after it) are shown but not judged, for memory as for
 * lag: a consumer catching up on a five-minute backlog holds a full fetch buffer of records for a while, which is
 * bounded and goes away, not a leak. A leak shows in the steady samples after the window as well.
 */
final class SoakJudge {

    /** One sampled value at {@code millis} on the soak's clock. */
    record Point(long millis, long value) {
    }

    /** The verdict on one series, with the numbers it rests on. */
    record Flatness(boolean flat, long first, long earlyMax, long lateMax, long last, long allowed, int samples,
            int inWindows, long windowMax) {
        String describe(String unit, long divisor) {
            String s = String.format("first %d, 2nd-quarter max %d, last-quarter max %d (allowed %d), last %d %s; %d samples",
                    first / divisor, earlyMax / divisor, lateMax / divisor, allowed / divisor, last / divisor, unit,
                    samples);
            return inWindows == 0 ? s : s + String.format(" (%d in fault windows, not judged: max %d)", inWindows,
                    windowMax / divisor);
        }
    }

    /** Lag verdict: the largest lag outside the fault windows against the bound, and the largest inside them. */
    record Boundedness(boolean bounded, long maxOutside, long maxInside, long bound, int samplesOutside) {
    }

    /** A window excluded from the lag bound and the flatness verdicts: a fault and the recovery after it, in ms on the soak's clock. */
    record Window(long fromMillis, long toMillis) {
        boolean contains(long millis) {
            return millis >= fromMillis && millis <= toMillis;
        }
    }

    private SoakJudge() {
    }

    /**
     * Judges {@code points} of a soak that lasted {@code durationMillis}. With fewer than two samples in the second
     * or the last quarter there is nothing to judge: not flat (the soak was too short or sampling failed).
     */
    static Flatness flatness(List<Point> points, long durationMillis, double relative, long absolute) {
        return flatness(points, List.of(), durationMillis, relative, absolute);
    }

    /** As above, with the samples inside {@code windows} left out of both quarters' maxima. */
    static Flatness flatness(List<Point> points, List<Window> windows, long durationMillis, double relative,
            long absolute) {
        long q = durationMillis / 4;
        long earlyMax = Long.MIN_VALUE;
        long lateMax = Long.MIN_VALUE;
        int early = 0;
        int late = 0;
        int inWindows = 0;
        long windowMax = 0;
        for (Point p : points) {
            if (windows.stream().anyMatch(w -> w.contains(p.millis()))) {
                inWindows++;
                windowMax = Math.max(windowMax, p.value());
            } else if (p.millis() >= q && p.millis() < 2 * q) {
                earlyMax = Math.max(earlyMax, p.value());
                early++;
            } else if (p.millis() >= 3 * q) {
                lateMax = Math.max(lateMax, p.value());
                late++;
            }
        }
        long first = points.isEmpty() ? 0 : points.get(0).value();
        long last = points.isEmpty() ? 0 : points.get(points.size() - 1).value();
        if (early < 2 || late < 2) {
            return new Flatness(false, first, early == 0 ? 0 : earlyMax, late == 0 ? 0 : lateMax, last, 0,
                    points.size(), inWindows, windowMax);
        }
        long allowed = earlyMax + (long) Math.ceil(earlyMax * relative) + absolute;
        return new Flatness(lateMax <= allowed, first, earlyMax, lateMax, last, allowed, points.size(), inWindows,
                windowMax);
    }

    /** Lag samples (negative = could not be measured, skipped) against {@code bound} outside {@code windows}. */
    static Boundedness boundedness(List<Point> lag, List<Window> windows, long bound) {
        long outside = 0;
        long inside = 0;
        int samplesOutside = 0;
        for (Point p : lag) {
            if (p.value() < 0) {
                continue;
            }
            if (windows.stream().anyMatch(w -> w.contains(p.millis()))) {
                inside = Math.max(inside, p.value());
            } else {
                outside = Math.max(outside, p.value());
                samplesOutside++;
            }
        }
        return new Boundedness(samplesOutside > 0 && outside <= bound, outside, inside, bound, samplesOutside);
    }
}
