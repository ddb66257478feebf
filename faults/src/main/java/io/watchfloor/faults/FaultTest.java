package io.watchfloor.faults;

/**
 * One reliability test of RELIABILITY.md: it injects its faults while {@link TestRun} posts the load, then adds
 * its own checks once the pipeline has drained; the conservation audit runs after every test.
 */
interface FaultTest {

    /** Its number in RELIABILITY.md. */
    int number();

    String name();

    /** One fault it injects, for the table ("enrich kill -9"; the table puts the count in front). */
    String fault();

    /** How many faults it plans at this scale. */
    int planned(SuiteConfig config);

    /** The shortest load that leaves room for every fault to happen while reports are still being posted. */
    default int minLoadSeconds(SuiteConfig config) {
        return 15;
    }

    /** Runs beside the load: waits for its moments with {@link TestRun#atFraction(double)} and injects. */
    void inject(TestRun run) throws Exception;

    /** Checks of its own once the accepted reports are stored or dead-lettered. */
    default void verify(TestRun run) throws Exception {
    }
}
