package io.watchfloor.ingest.feeds.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns untrusted bytes into clean text the same way every time: BOM, then valid UTF-8, then the declared charset
 * (HTTP header, then XML declaration), else UTF-8; malformed input becomes U+FFFD; NUL and XML-illegal
 * characters are removed.
 */
public final class FeedText {

    private static final Pattern HEADER_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)");
    private static final Pattern XML_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private FeedText() {
    }

    /** Decodes {@code body}; {@code contentType} is the HTTP Content-Type header or null. */
    public static String decode(byte[] body, String contentType) {
        int bomLength = 0;
        Charset charset = null;
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bomLength = 3;
        } else if (startsWith(body, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bomLength = 2;
        } else if (startsWith(body, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bomLength = 2;
        }
        if (charset == null) {
            Optional<Charset> declared = declaredCharset(body, contentType);
            if (declared.isPresent() && declared.get().name().toUpperCase(Locale.ROOT).startsWith("UTF-16")) {
                charset = declared.get();
            } else if (isValidUtf8(body)) {
                // a declared single-byte charset on valid UTF-8 is almost always a mislabel
                charset = StandardCharsets.UTF_8;
            } else {
                charset = declared.orElse(StandardCharsets.UTF_8);
            }
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(body, bomLength, body.length - bomLength))
                    .toString();
            return clean(text);
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("decoder set to REPLACE reported an error", e);
        }
    }

    public static Optional<Charset> declaredCharset(byte[] body, String contentType) {
        if (contentType != null) {
            Matcher m = HEADER_CHARSET.matcher(contentType);
            if (m.find()) {
                Optional<Charset> c = charsetFor(m.group(1));
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        Matcher m = XML_ENCODING.matcher(head);
        if (m.find()) {
            return charsetFor(m.group(1));
        }
        return Optional.empty();
    }

    private static Optional<Charset> charsetFor(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        // as browsers do: Latin-1 and ASCII labels mean windows-1252
        if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("us-ascii") || n.equals("ascii")) {
            n = "windows-1252";
        }
        try {
            return Charset.isSupported(n) ? Optional.of(Charset.forName(n)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean isValidUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Removes NUL, C0 controls other than tab/CR/LF, U+FFFE/U+FFFF and unpaired surrogates. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean keep;
            if (Character.isHighSurrogate(c)) {
                keep = i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
                if (keep) {
                    if (out != null) {
                        out.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                keep = false;
            } else {
                keep = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!keep && out == null) {
                out = new StringBuilder(n);
                out.append(s, 0, i);
            } else if (keep && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@link #clean} then cut to {@code max} chars without splitting a surrogate pair. */
    public static String cap(String s, int max) {
        String c = clean(s);
        if (c == null || c.length() <= max) {
            return c;
        }
        int end = Character.isHighSurrogate(c.charAt(max - 1)) ? max - 1 : max;
        return c.substring(0, end);
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
