package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlCanonicalizerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTPS://News.Example.COM/World/Story?b=2&a=1#comments | https://news.example.com/World/Story?a=1&b=2",
        "https://example.com:443/a | https://example.com/a",
        "http://example.com:80/a | http://example.com/a",
        "http://example.com:8080/a | http://example.com:8080/a",
        "https://example.com | https://example.com/",
        "https://example.com/a/./b/../c | https://example.com/a/c",
        "https://example.com/a?utm_source=x&id=7&UTM_Medium=y&fbclid=abc&gclid=def | https://example.com/a?id=7",
        "https://example.com/a?utm_source=x | https://example.com/a",
        "https://user:secret@example.com/a | https://example.com/a",
        "https://example.com/caf%c3%a9 | https://example.com/caf%C3%A9",
        "https://example.com./a | https://example.com/a",
        "  https://example.com/a  | https://example.com/a",
        "https://example.com/a?z=1&a=2&a=1 | https://example.com/a?a=1&a=2&z=1",
        "https://example.com/a?&&x=1& | https://example.com/a?x=1",
    })
    void shouldCanonicalise(String raw, String expected) {
        assertEquals(expected, UrlCanonicalizer.canonicalize(raw));
    }

    @Test
    void shouldConvertInternationalHostsToAscii() {
        assertEquals("https://xn--bcher-kva.example/a", UrlCanonicalizer.canonicalize("https://bücher.example/a"));
    }

    @Test
    void shouldMapVariantsOfTheSameArticleToOneForm() {
        String a = UrlCanonicalizer.canonicalize("https://Example.com/story?id=1&utm_campaign=rss#top");
        String b = UrlCanonicalizer.canonicalize("https://example.com:443/story?fbclid=zz&id=1");
        assertEquals(a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "/relative/path",
        "https://", "not a url at all", "https://exa mple.com:99999/x", "https://example.com/\u0000"})
    void shouldRejectUnusableUrls(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UrlCanonicalizer.canonicalize(raw));
        assertTrue(e.getMessage().startsWith("URL"), e.getMessage());
    }

    @Test
    void shouldRejectOverlongUrls() {
        String raw = "https://example.com/" + "a".repeat(UrlCanonicalizer.MAX_URL_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> UrlCanonicalizer.canonicalize(raw));
    }
}
