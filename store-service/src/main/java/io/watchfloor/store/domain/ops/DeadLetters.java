package io.watchfloor.store.domain.ops;

/** Reads the dead-letter topic without consuming it (implemented by the {@code kafka} room). */
public interface DeadLetters {

    /** The summary over at most {@code sample} newest letters per partition, {@code newest} shown one by one. */
    DeadLetterSummary summary(int sample, int newest) throws DependencyUnavailableException;
}
