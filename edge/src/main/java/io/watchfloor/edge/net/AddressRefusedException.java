package io.watchfloor.edge.net;

import java.io.IOException;

/** {@link AddressPolicy} refused a URL: nothing was contacted. {@link #reason()} says why. */
public final class AddressRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a URL was refused. */
    public enum Reason { BLOCKED_SCHEME, BLOCKED_ADDRESS, UNRESOLVABLE_HOST }

    private final Reason reason;

    public AddressRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public AddressRefusedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
