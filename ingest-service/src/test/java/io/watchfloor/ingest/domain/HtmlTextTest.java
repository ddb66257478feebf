package io.watchfloor.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void shouldKeepParagraphsHeadingsAndListItemsAsSeparateBlocks() {
        String html = """
                <html><head><title>Port strike ends</title><style>p { color: red }</style></head>
                <body>
                  <nav><a href="/">Home</a> <a href="/world">World</a></nav>
                  <h1>Port strike   ends</h1>
                  <p>Dock workers returned on <b>Monday</b>.
                     Cargo is moving again.</p>
                  <ul><li>Ships waiting: 40</li><li>Days lost: 9</li></ul>
                  <script>var tracking = "should not appear";</script>
                  <p>Line one<br>line two</p>
                </body></html>
                """;
        HtmlText.Extracted extracted = HtmlText.extract(html);
        assertEquals("Port strike ends", extracted.title());
        assertEquals("""
                Port strike ends

                Dock workers returned on Monday. Cargo is moving again.

                Ships waiting: 40

                Days lost: 9

                Line one
                line two""", extracted.text());
    }

    @Test
    void shouldDropScriptsStylesNavigationAndForms() {
        String text = HtmlText.extract("<div><nav>Menu</nav><p>Body</p><form><input value=x>"
                + "<button>Send</button></form><noscript>Enable JS</noscript><style>.a{}</style>"
                + "<script>alert(1)</script></div>").text();
        assertEquals("Body", text);
    }

    @Test
    void shouldKeepPreformattedTextAsIs() {
        String text = HtmlText.extract("<p>Indicators:</p><pre>10.0.0.1\n  evil.example</pre>").text();
        assertEquals("Indicators:\n\n10.0.0.1\n  evil.example", text);
    }

    @Test
    void shouldSeparateTableCells() {
        String text = HtmlText.extract("<table><tr><td>Group</td><td>Country</td></tr>"
                + "<tr><td>A</td><td>B</td></tr></table>").text();
        assertEquals("Group Country\nA B", text);
    }

    @Test
    void shouldNotRunOrFetchAnything() {
        String text = HtmlText.extract("<p>Safe<img src=\"http://127.0.0.1:1/canary\"></p>"
                + "<iframe src=\"file:///etc/passwd\"></iframe>").text();
        assertEquals("Safe", text);
        assertFalse(text.contains("canary"));
    }
}
