package io.watchfloor.ingest.feeds.fetch;

import io.watchfloor.ingest.feeds.parse.FeedText;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * Finds the main article in a web page: an explicit article container when one holds enough text, else the
 * element whose paragraphs carry the most text with the fewest links. Navigation, headers, footers, scripts and
 * boilerplate blocks are removed first; the result is sanitised HTML (basic tags only).
 */
public final class ArticleExtractor {

    static final int MIN_ARTICLE_CHARS = 200;
    private static final int MAX_HTML_CHARS = 4_000_000;
    private static final String NOISE = "script, style, noscript, template, iframe, object, embed, svg, canvas, form, "
            + "button, input, select, textarea, nav, header, footer, aside, menu, dialog, "
            + "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true]";
    private static final Pattern BOILERPLATE = Pattern.compile("(?i)(^|[\\s_-])(nav|navbar|menu|breadcrumbs?|footer|"
            + "header|sidebar|comments?|share|social|related|recommended|advert|ads?|promo|cookie|consent|newsletter|"
            + "subscribe|signup|popup|modal|masthead)([\\s_-]|$)");

    private ArticleExtractor() {
    }

    /** The main article's sanitised HTML, or empty when no block holds at least 200 characters of text. */
    public static Optional<String> extract(String html, String baseUri) {
        String capped = html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html;
        Document document = Jsoup.parse(capped, baseUri);
        return extract(document);
    }

    static Optional<String> extract(Document document) {
        document.select(NOISE).remove();
        Iterable<Element> marked = document.body() == null ? List.of() : document.body().select("[class], [id]");
        for (Element e : marked) {
            if (e.parent() != null && (BOILERPLATE.matcher(e.className()).find() || BOILERPLATE.matcher(e.id()).find())
                    && !e.tagName().equals("article") && !e.tagName().equals("main") && !e.tagName().equals("body")) {
                e.remove();
            }
        }
        Element best = null;
        for (String selector : new String[] {"[itemprop=articleBody]", "article", "main", "[role=main]"}) {
            Element candidate = largest(document.select(selector));
            if (candidate != null && candidate.text().length() >= MIN_ARTICLE_CHARS) {
                best = candidate;
                break;
            }
        }
        if (best == null) {
            best = byParagraphScore(document);
        }
        if (best == null || best.text().length() < MIN_ARTICLE_CHARS) {
            return Optional.empty();
        }
        String clean = Jsoup.clean(best.html(), Safelist.basic().addTags("h1", "h2", "h3", "h4", "h5", "h6"));
        return Optional.of(FeedText.clean(clean));
    }

    private static Element largest(Iterable<Element> elements) {
        Element best = null;
        int bestLength = -1;
        for (Element e : elements) {
            int length = e.text().length();
            if (length > bestLength) {
                best = e;
                bestLength = length;
            }
        }
        return best;
    }

    /** Scores each paragraph's parent by paragraph text length, minus text inside links. */
    private static Element byParagraphScore(Document document) {
        Map<Element, Double> scores = new HashMap<>();
        for (Element p : document.select("p")) {
            String text = p.text();
            if (text.length() < 40 || p.parent() == null) {
                continue;
            }
            int linkChars = p.select("a").text().length();
            double score = text.length() - 2.0 * linkChars;
            if (score > 0) {
                scores.merge(p.parent(), score, Double::sum);
            }
        }
        return scores.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(null);
    }
}
