package io.watchfloor.alert.delivery;

/**
 * The webhook URL may not be contacted (SSRF guard: scheme, loopback/private address) or is unusable. Not an
 * I/O error on purpose: retrying cannot help until the URL or the allowlist changes, so it is not retried.
 */
final class TargetRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetRefusedException(String message) {
        super(message);
    }
}
