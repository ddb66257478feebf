package io.watchfloor.ingest.feeds.fetch;

import java.net.URI;

/**
 * Hides the user info of a URL ({@code https://user:pass@host/feed} -> {@code https://***@host/feed}) wherever a
 * source URL is shown: API, logs, health, error messages. Works on text that does not parse as a URI too.
 */
public final class UrlRedaction {

    private UrlRedaction() {
    }

    public static String redact(URI uri) {
        return uri == null ? null : redact(uri.toString());
    }

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int[] authority = authority(url);
        if (authority == null) {
            return url;
        }
        int at = url.lastIndexOf('@', authority[1] - 1);
        if (at < authority[0]) {
            return url;
        }
        return url.substring(0, authority[0]) + "***" + url.substring(at);
    }

    /** The URL without its user info ({@code https://host/feed}). */
    public static String withoutUserInfo(String url) {
        String redacted = redact(url);
        return redacted.equals(url) ? url : redacted.replaceFirst("\\*\\*\\*@", "");
    }

    /** The raw user info ({@code user:pass}, still percent-encoded), or null. */
    public static String userInfo(String url) {
        int[] authority = url == null ? null : authority(url);
        if (authority == null) {
            return null;
        }
        int at = url.lastIndexOf('@', authority[1] - 1);
        return at < authority[0] ? null : url.substring(authority[0], at);
    }

    /** Whether the URL carries user info (a user name, with or without a password). */
    public static boolean hasUserInfo(String url) {
        return url != null && !redact(url).equals(url);
    }

    /** Start and end of the authority after "//", or null when there is none. */
    private static int[] authority(String url) {
        int scheme = url.indexOf("//");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 2;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        return new int[] {start, end};
    }
}
