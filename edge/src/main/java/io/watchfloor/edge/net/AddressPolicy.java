package io.watchfloor.edge.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SSRF guard for every outbound request a service makes on a user's behalf (feeds, article pages, webhooks):
 * decides whether a URL may be contacted. Only http/https; the host must resolve to public unicast addresses
 * only, unless the host (or host:port) is on the allowlist. Numeric host tricks are decoded without DNS.
 */
public final class AddressPolicy {

    private final Set<String> allowlist;
    private final HostResolver resolver;
    private final String allowlistSetting;

    public AddressPolicy(Collection<String> allowlist, HostResolver resolver) {
        this(allowlist, resolver, "the allowlist");
    }

    /** {@code allowlistSetting} names the setting a refusal tells the user to change. */
    public AddressPolicy(Collection<String> allowlist, HostResolver resolver, String allowlistSetting) {
        this.allowlistSetting = allowlistSetting;
        this.allowlist = allowlist.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** A policy with no allowlist that uses the JVM resolver. */
    public static AddressPolicy strict() {
        return new AddressPolicy(List.of(), HostResolver.system());
    }

    public Set<String> allowlist() {
        return allowlist;
    }

    /** A URL that passed the checks, with the addresses that were vetted (empty when allowlisted). */
    public record Vetted(URI uri, String host, int port, boolean allowlisted, List<InetAddress> addresses) {
    }

    /**
     * Checks scheme, host and every resolved address; throws {@link AddressRefusedException} with
     * {@code BLOCKED_SCHEME}, {@code BLOCKED_ADDRESS} or {@code UNRESOLVABLE_HOST} when the URL must not be fetched.
     */
    public Vetted vet(URI uri) throws AddressRefusedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_SCHEME,
                    "only http and https URLs may be fetched, got '" + safe(uri) + "'");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS,
                    "URL has no valid host: '" + safe(uri) + "'");
        }
        String host = normaliseHost(rawHost);
        int port = uri.getPort() != -1 ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
        if (isAllowlisted(host, port)) {
            return new Vetted(uri, host, port, true, List.of());
        }
        List<InetAddress> addresses = addressesOf(host);
        for (InetAddress address : addresses) {
            Optional<String> why = forbiddenReason(address);
            if (why.isPresent()) {
                throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS, "host '" + host + "' is "
                        + address.getHostAddress() + " (" + why.get() + "); add '" + host + ":" + port
                        + "' to " + allowlistSetting + " to permit it");
            }
        }
        return new Vetted(uri, host, port, false, addresses);
    }

    /**
     * The addresses a connection for {@code vetted} may use: the very addresses {@link #vet} checked, or for an
     * allowlisted host (whose addresses are not checked) its resolution now, once, through this policy's resolver.
     * {@link PinnedTunnel} connects only to these, so no later DNS answer is ever used.
     */
    public List<InetAddress> connectAddresses(Vetted vetted) throws AddressRefusedException {
        if (!vetted.addresses().isEmpty()) {
            return vetted.addresses();
        }
        if (!vetted.allowlisted()) {
            throw new AddressRefusedException(AddressRefusedException.Reason.UNRESOLVABLE_HOST,
                    "host '" + vetted.host() + "' has no vetted address");
        }
        return addressesOf(vetted.host());
    }

    private boolean isAllowlisted(String host, int port) {
        String hostForPort = host.contains(":") ? "[" + host + "]" : host;
        return allowlist.contains(host) || allowlist.contains(hostForPort)
                || allowlist.contains(hostForPort + ":" + port);
    }

    private List<InetAddress> addressesOf(String host) throws AddressRefusedException {
        if (host.contains(":")) {
            return List.of(parseIpv6Literal(host));
        }
        Optional<byte[]> numeric = parseNumericIpv4(host);
        if (numeric.isPresent()) {
            InetAddress address = toAddress(host, numeric.get());
            if (!isCanonicalDottedQuad(host)) {
                throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS, "host '" + host
                        + "' is a non-canonical numeric IPv4 form of " + address.getHostAddress()
                        + "; write the address as a dotted quad");
            }
            return List.of(address);
        }
        try {
            List<InetAddress> resolved = resolver.resolve(host);
            if (resolved.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return resolved;
        } catch (UnknownHostException e) {
            throw new AddressRefusedException(AddressRefusedException.Reason.UNRESOLVABLE_HOST,
                    "cannot resolve host '" + host + "'; check the URL", e);
        }
    }

    /** Why an address must not be contacted, or empty when it is public unicast. */
    public static Optional<String> forbiddenReason(InetAddress address) {
        if (address instanceof Inet4Address) {
            return forbiddenIpv4(address.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("unique local fc00::/7");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of("link-local fe80::/10");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("site-local fec0::/10");
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of("multicast");
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded("IPv4-mapped", b, 12);
        }
        if (allZero(b, 0, 12)) {
            return embedded("IPv4-compatible", b, 12);
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return embedded("NAT64", b, 12);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return embedded("6to4", b, 2);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of("Teredo 2001::/32 (embeds an arbitrary IPv4 address)");
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of("documentation 2001:db8::/32");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(String kind, byte[] b, int from) {
        byte[] v4 = {b[from], b[from + 1], b[from + 2], b[from + 3]};
        return forbiddenIpv4(v4).map(why -> kind + " form of a " + why + " IPv4 address");
    }

    private static Optional<String> forbiddenIpv4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if (b0 == 0) {
            return Optional.of("unspecified 0.0.0.0/8");
        }
        if (b0 == 127) {
            return Optional.of("loopback");
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return Optional.of("private");
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of("link-local/metadata 169.254.0.0/16");
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return Optional.of("carrier-grade NAT 100.64.0.0/10");
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) {
            return Optional.of("IETF protocol/documentation 192.0.0.0/24, 192.0.2.0/24");
        }
        if (b0 == 198 && (b1 == 18 || b1 == 19)) {
            return Optional.of("benchmarking 198.18.0.0/15");
        }
        if ((b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113)) {
            return Optional.of("documentation");
        }
        if (b0 >= 224 && b0 <= 239) {
            return Optional.of("multicast");
        }
        if (b0 >= 240) {
            return Optional.of("reserved/broadcast 240.0.0.0/4");
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static String normaliseHost(String rawHost) {
        String host = rawHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static InetAddress parseIpv6Literal(String host) throws AddressRefusedException {
        if (!host.matches("[0-9a-f:.]+(%[0-9a-z._-]+)?")) {
            throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS, "invalid IPv6 literal '" + host + "'");
        }
        try {
            // a string of hex digits, colons and dots is parsed as a literal, never looked up in DNS
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS, "invalid IPv6 literal '" + host + "'", e);
        }
    }

    private static InetAddress toAddress(String host, byte[] bytes) throws AddressRefusedException {
        try {
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException e) {
            throw new AddressRefusedException(AddressRefusedException.Reason.BLOCKED_ADDRESS, "invalid address '" + host + "'", e);
        }
    }

    /**
     * Decodes the inet_aton forms a C resolver would accept (1-4 parts, each decimal, octal with a leading 0,
     * or hex with 0x): 2130706433, 0x7f000001, 0177.0.0.1, 127.1. Empty when the host is a name.
     */
    static Optional<byte[]> parseNumericIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.matches("0x[0-9a-f]*")) {
                    values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.matches("0[0-7]+")) {
                    values[i] = Long.parseLong(p.substring(1), 8);
                } else if (p.matches("[0-9]+")) {
                    values[i] = Long.parseLong(p);
                } else {
                    return Optional.empty();
                }
            } catch (NumberFormatException tooLong) {
                return Optional.of(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
            }
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.of(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
            }
            value = (value << 8) | values[i];
        }
        int lastBits = 8 * (4 - (parts.length - 1));
        long last = values[parts.length - 1];
        if (last >= (1L << lastBits)) {
            return Optional.of(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255});
        }
        value = (value << lastBits) | last;
        return Optional.of(new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static boolean isCanonicalDottedQuad(String host) {
        return host.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}")
                && Arrays.stream(host.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
    }

    private static String safe(URI uri) {
        String s = uri.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
