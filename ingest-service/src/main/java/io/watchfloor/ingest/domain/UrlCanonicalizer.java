package io.watchfloor.ingest.domain;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical form of an article URL, so the same article reached by different links gets the same id:
 * lowercase scheme and host, no userinfo, fragment or default port, tracking parameters removed,
 * query parameters sorted, dot segments resolved, percent escapes in upper case.
 */
public final class UrlCanonicalizer {
    public static final int MAX_URL_LENGTH = 4096;

    private static final Set<String> TRACKING_PARAMS = Set.of(
            "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9a-fA-F]{2}");
    private static final Pattern HOST = Pattern.compile("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\\[[0-9a-f:.]+\\]");

    private UrlCanonicalizer() {
    }

    /**
     * The canonical form of an absolute http(s) URL.
     *
     * @throws IllegalArgumentException with a message fit for the client when the URL is unusable
     */
    public static String canonicalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("URL is empty");
        }
        String value = raw.strip();
        if (value.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("URL is longer than " + MAX_URL_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("URL contains control characters");
            }
        }
        URI uri;
        try {
            uri = new URI(value.replace(" ", "%20"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("URL is not valid: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("URL must be an absolute http or https URL");
        }
        String host = host(uri);
        StringBuilder out = new StringBuilder(value.length()).append(scheme).append("://").append(host);
        int port = uri.getPort();
        if (port != -1 && !(port == 80 && "http".equals(scheme)) && !(port == 443 && "https".equals(scheme))) {
            out.append(':').append(port);
        }
        out.append(upperCaseEscapes(path(uri.getRawPath())));
        String query = query(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(upperCaseEscapes(query));
        }
        return out.toString();
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        if (host == null && uri.getRawAuthority() != null) {
            // java.net.URI leaves non-ASCII (IDN) hosts unparsed: convert them to their ASCII form.
            String authority = uri.getRawAuthority();
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = authority.lastIndexOf(':');
            String name = colon >= 0 && !authority.endsWith("]") ? authority.substring(0, colon) : authority;
            try {
                host = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("URL host is not valid: " + name);
            }
        }
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        host = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("URL host is not valid: " + host);
        }
        return host;
    }

    private static String path(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        String[] parts = rawPath.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            String segment = parts[i];
            boolean last = i == parts.length - 1;
            if (".".equals(segment)) {
                if (last) {
                    segments.add("");
                }
            } else if ("..".equals(segment)) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                if (last) {
                    segments.add("");
                }
            } else {
                segments.add(segment);
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String param : rawQuery.split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String name = (eq >= 0 ? param.substring(0, eq) : param).toLowerCase(Locale.ROOT);
            if (name.startsWith("utm_") || TRACKING_PARAMS.contains(name)) {
                continue;
            }
            kept.add(param);
        }
        kept.sort(Comparator.comparing((String p) -> p.indexOf('=') >= 0 ? p.substring(0, p.indexOf('=')) : p)
                .thenComparing(Comparator.naturalOrder()));
        return String.join("&", kept);
    }

    private static String upperCaseEscapes(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        Matcher m = PERCENT_ESCAPE.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        while (m.find()) {
            m.appendReplacement(out, m.group().toUpperCase(Locale.ROOT));
        }
        m.appendTail(out);
        return out.toString();
    }
}
