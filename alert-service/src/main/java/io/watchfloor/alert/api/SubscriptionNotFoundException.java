package io.watchfloor.alert.api;

/** A request named a subscription that does not exist (answered 404 by {@link DeliveryErrorHandlers}). */
final class SubscriptionNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String id;

    SubscriptionNotFoundException(String id) {
        super("No subscription with id '" + id + "'");
        this.id = id;
    }

    String id() {
        return id;
    }
}
