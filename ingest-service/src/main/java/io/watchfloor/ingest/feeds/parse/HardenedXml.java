package io.watchfloor.ingest.feeds.parse;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;
import org.xml.sax.SAXException;

/**
 * Parses untrusted XML into a JDOM document with DOCTYPE declarations refused outright: no external entity,
 * external DTD or entity expansion can happen, so XXE and "billion laughs" fail at the first declaration.
 * What the parser builds is bounded by {@link ParserLimits} (nodes, depth, text) through {@link BoundedSaxHandler}.
 */
public final class HardenedXml {

    private HardenedXml() {
    }

    /** A parsed document and how many items (item/entry elements) the source held, built or not. */
    record Bounded(Document document, int itemsFound) {
    }

    static Bounded parse(String text, ParserLimits limits) throws FeedParseException {
        rejectDoctypeInProlog(text);
        return parseWithParserGuards(text, limits);
    }

    /** The parser-level guards alone (exposed so tests can prove they hold without the prolog check). */
    static Document parseWithParserGuards(String text) throws FeedParseException {
        return parseWithParserGuards(text, ParserLimits.defaults()).document();
    }

    static Bounded parseWithParserGuards(String text, ParserLimits limits) throws FeedParseException {
        BoundedSaxHandler[] handler = new BoundedSaxHandler[1];
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        builder.setExpandEntities(false);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity '" + systemId + "' refused");
        });
        builder.setReuseParser(false);
        builder.setSAXHandlerFactory(factory -> handler[0] = new BoundedSaxHandler(factory, limits));
        try {
            Document document = builder.build(new StringReader(text));
            return new Bounded(document, handler[0].itemsFound());
        } catch (JDOMException e) {
            BoundedSaxHandler.LimitExceeded limit = limitIn(e);
            if (limit != null) {
                throw new FeedParseException(FeedParseException.Reason.LIMIT_EXCEEDED, limit.getMessage(), null);
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new FeedParseException(FeedParseException.Reason.DOCTYPE_FORBIDDEN,
                        "the document declares a DOCTYPE, which feeds must not do (XXE/entity-expansion guard)", e);
            }
            throw new FeedParseException(FeedParseException.Reason.MALFORMED, "not well-formed XML: "
                    + abbreviate(message), e);
        } catch (IOException e) {
            throw new FeedParseException(FeedParseException.Reason.MALFORMED, "unreadable XML: " + e.getMessage(), e);
        }
    }

    /** Fast, clear refusal before any parser runs; the parser features above are the second line. */
    static void rejectDoctypeInProlog(String text) throws FeedParseException {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (text.startsWith("<?", i)) {
                int end = text.indexOf("?>", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
            } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)
                    || text.regionMatches(true, i, "<!ENTITY", 0, 8)) {
                throw new FeedParseException(FeedParseException.Reason.DOCTYPE_FORBIDDEN,
                        "the document declares a DOCTYPE, which feeds must not do (XXE/entity-expansion guard)", null);
            } else {
                return;
            }
        }
    }

    private static BoundedSaxHandler.LimitExceeded limitIn(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof BoundedSaxHandler.LimitExceeded limit) {
                return limit;
            }
            if (c instanceof SAXException sax && sax.getException() instanceof BoundedSaxHandler.LimitExceeded l) {
                return l;
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
