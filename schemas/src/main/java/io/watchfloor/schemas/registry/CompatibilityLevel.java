package io.watchfloor.schemas.registry;

import java.util.Locale;

/** Confluent's schema compatibility levels; {@link #BACKWARD} is the default. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with the previous one(s). */
    public boolean backward() {
        return backward;
    }

    /** The previous schema(s) must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Parses a level name case-insensitively; the message lists the valid names. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the explanatory message
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level '" + name + "': use one of NONE, BACKWARD, "
                + "BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }
}
