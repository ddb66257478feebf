package io.watchfloor.ingest.domain;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Reduces HTML to plain text that keeps its structure: paragraphs, headings, list items and other
 * blocks become lines separated by blank lines, {@code <br>} a line break; scripts, styles, navigation
 * and forms are dropped. Parsing is done by jsoup, which never fetches anything.
 */
public final class HtmlText {
    private static final String DROPPED = "script, style, nav, noscript, template, iframe, object, embed, "
            + "svg, canvas, form, button, select, textarea, input, head, link, meta";
    private static final Set<String> BLOCKS = Set.of(
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
            "blockquote", "pre", "section", "article", "header", "footer", "aside", "main", "figure",
            "figcaption", "table", "caption", "thead", "tbody", "tfoot", "hr", "address", "details",
            "summary", "fieldset", "legend", "center", "body");

    private HtmlText() {
    }

    /** The text of a document and its {@code <title>} (empty when absent). */
    public record Extracted(String title, String text) {
    }

    public static Extracted extract(String html) {
        Document document = Jsoup.parse(html);
        String title = document.title();
        document.select(DROPPED).remove();
        TextCollector collector = new TextCollector();
        NodeTraversor.traverse(collector, document.body());
        return new Extracted(title, collector.text());
    }

    /** Walks the DOM and writes text with pending line or paragraph breaks. */
    private static final class TextCollector implements NodeVisitor {
        private final StringBuilder out = new StringBuilder();
        private int pendingBreak;
        private int preDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode textNode) {
                append(textNode.getWholeText());
            } else if (node instanceof Element element) {
                String name = element.normalName();
                if (BLOCKS.contains(name)) {
                    requestBreak(2);
                } else if ("br".equals(name) || "tr".equals(name)) {
                    requestBreak(1);
                } else if ("td".equals(name) || "th".equals(name) || "img".equals(name)) {
                    separate();
                }
                if ("pre".equals(name)) {
                    preDepth++;
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String name = element.normalName();
                if (BLOCKS.contains(name)) {
                    requestBreak(2);
                } else if ("tr".equals(name)) {
                    requestBreak(1);
                }
                if ("pre".equals(name)) {
                    preDepth--;
                }
            }
        }

        String text() {
            return out.toString().strip();
        }

        private void requestBreak(int lines) {
            pendingBreak = Math.max(pendingBreak, lines);
        }

        private void separate() {
            if (out.length() > 0 && pendingBreak == 0 && !endsWithWhitespace()) {
                out.append(' ');
            }
        }

        private void append(String raw) {
            String text = preDepth > 0 ? raw : collapse(raw);
            if (text.isEmpty() || (preDepth == 0 && text.isBlank() && (out.length() == 0 || pendingBreak > 0
                    || endsWithWhitespace()))) {
                return;
            }
            if (pendingBreak > 0 && out.length() > 0) {
                int end = out.length();
                while (end > 0 && (out.charAt(end - 1) == ' ' || out.charAt(end - 1) == '\t')) {
                    end--;
                }
                out.setLength(end);
                out.append(pendingBreak > 1 ? "\n\n" : "\n");
            }
            pendingBreak = 0;
            if (preDepth == 0 && (out.length() == 0 || out.charAt(out.length() - 1) == '\n'
                    || out.charAt(out.length() - 1) == ' ')) {
                text = text.stripLeading();
            }
            out.append(text);
        }

        private boolean endsWithWhitespace() {
            return out.length() > 0 && Character.isWhitespace(out.charAt(out.length() - 1));
        }

        private static String collapse(String raw) {
            StringBuilder b = new StringBuilder(raw.length());
            boolean space = false;
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (Character.isWhitespace(c) || c == '\u00A0') {
                    if (!space) {
                        b.append(' ');
                        space = true;
                    }
                } else {
                    b.append(c);
                    space = false;
                }
            }
            return b.toString();
        }
    }
}
