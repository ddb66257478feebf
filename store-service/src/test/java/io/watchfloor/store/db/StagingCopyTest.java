package io.watchfloor.store.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** COPY's text format: the four characters it gives a meaning are escaped, null is \N, everything else as is. */
class StagingCopyTest {

    private static String field(String s) {
        return StagingCopy.field(new StringBuilder(), s).toString();
    }

    @Test
    void shouldEscapeBackslashTabNewlineAndCarriageReturn() {
        assertEquals("a\\tb\\nc\\rd\\\\e", field("a\tb\nc\rd\\e"));
    }

    @Test
    void shouldWriteNullAsBackslashNAndTheTextBackslashNAsEscaped() {
        assertEquals("\\N", field(null));
        assertEquals("\\\\N", field("\\N"));
        assertEquals("", field(""));
    }

    @Test
    void shouldKeepQuotesCommasAndNonAsciiAsTheyAre() {
        assertEquals("\"x\", 'y' é 中 😀", field("\"x\", 'y' é 中 😀"));
    }
}
