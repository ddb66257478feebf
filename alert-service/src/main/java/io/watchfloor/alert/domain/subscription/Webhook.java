package io.watchfloor.alert.domain.subscription;

/**
 * Where a subscription's alerts are POSTed, signed with {@code secret} ({@code whsec_} + base64, Standard
 * Webhooks). A disabled webhook (the receiver answered 410 Gone, or an operator stopped it) receives nothing.
 */
public record Webhook(String url, String secret, boolean disabled, String disabledReason) {

    public static Webhook enabled(String url, String secret) {
        return new Webhook(url, secret, false, null);
    }

    /** This webhook, disabled for {@code reason}. */
    public Webhook disable(String reason) {
        return new Webhook(url, secret, true, reason);
    }

    /** This webhook, enabled again. */
    public Webhook enable() {
        return new Webhook(url, secret, false, null);
    }

    /** Never prints the secret: records end up in logs. */
    @Override
    public String toString() {
        return "Webhook[url=" + url + ", secret=" + (secret == null ? "null" : "***")
                + ", disabled=" + disabled + ", disabledReason=" + disabledReason + "]";
    }
}
