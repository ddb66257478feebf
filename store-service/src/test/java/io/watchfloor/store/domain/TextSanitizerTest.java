package io.watchfloor.store.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextSanitizerTest {

    @Test
    void shouldRemoveNul() {
        assertEquals("abc", TextSanitizer.clean("a\u0000b\u0000c\u0000"));
    }

    @Test
    void shouldReplaceUnpairedSurrogatesButKeepPairs() {
        String emoji = "\uD83D\uDE00";
        assertEquals("x\uFFFDy" + emoji + "\uFFFD", TextSanitizer.clean("x\uDC00y" + emoji + "\uD800"));
    }

    @Test
    void shouldReturnCleanInputUnchanged() {
        String clean = "Tehrik-e-Taliban Pakistan – TTP";
        assertSame(clean, TextSanitizer.clean(clean));
        assertNull(TextSanitizer.clean(null));
    }
}
