package io.watchfloor.ingest.feeds.parse;

import org.jdom2.JDOMFactory;
import org.jdom2.input.sax.SAXHandler;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;

/**
 * Builds the JDOM tree of a feed within {@link ParserLimits}: counts the nodes it builds (elements, attributes,
 * comments, processing instructions), the nesting depth and the characters of text, and stops the parse at the
 * first bound exceeded. Items (RSS {@code item}, Atom {@code entry}) beyond {@code maxItems} are counted but not
 * built, so a feed of a million tiny items costs no more memory than one of {@code maxItems}.
 */
final class BoundedSaxHandler extends SAXHandler {

    /** Thrown from a SAX callback when a bound is exceeded; carries the reason to show in the source's health. */
    static final class LimitExceeded extends SAXException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message);
        }
    }

    private final ParserLimits limits;
    private long nodes;
    private long textChars;
    private int depth;
    private int items;
    private int skipDepth;

    BoundedSaxHandler(JDOMFactory factory, ParserLimits limits) {
        super(factory);
        this.limits = limits;
    }

    /** Items (item/entry elements under the root or channel) found, built or not. */
    int itemsFound() {
        return items;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
            throws SAXException {
        if (++depth > limits.maxDepth()) {
            throw new LimitExceeded(limits.tooDeep());
        }
        if (skipDepth > 0) {
            skipDepth++;
            return;
        }
        if ((depth == 2 || depth == 3) && ("item".equals(localName) || "entry".equals(localName))
                && ++items > limits.maxItems()) {
            skipDepth = 1;
            return;
        }
        addNodes(1 + attributes.getLength());
        for (int i = 0; i < attributes.getLength(); i++) {
            addText(attributes.getValue(i).length());
        }
        super.startElement(uri, localName, qName, attributes);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        depth--;
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        super.endElement(uri, localName, qName);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (skipDepth > 0) {
            return;
        }
        addText(length);
        super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        if (skipDepth > 0) {
            return;
        }
        addText(length);
        super.ignorableWhitespace(ch, start, length);
    }

    @Override
    public void comment(char[] ch, int start, int length) throws SAXException {
        if (skipDepth > 0) {
            return;
        }
        addNodes(1);
        addText(length);
        super.comment(ch, start, length);
    }

    @Override
    public void processingInstruction(String target, String data) throws SAXException {
        if (skipDepth > 0) {
            return;
        }
        addNodes(1);
        addText(data == null ? 0 : data.length());
        super.processingInstruction(target, data);
    }

    private void addNodes(int n) throws LimitExceeded {
        nodes += n;
        if (nodes > limits.maxElements()) {
            throw new LimitExceeded(limits.tooManyElements());
        }
    }

    private void addText(int n) throws LimitExceeded {
        textChars += n;
        if (textChars > limits.maxTextChars()) {
            throw new LimitExceeded(limits.tooMuchText());
        }
    }
}
