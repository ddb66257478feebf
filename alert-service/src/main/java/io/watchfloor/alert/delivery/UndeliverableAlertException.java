package io.watchfloor.alert.delivery;

/** Why an alert went to the dead-letter topic after its last webhook attempt (class and message in headers). */
final class UndeliverableAlertException extends Exception {
    private static final long serialVersionUID = 1L;

    UndeliverableAlertException(String message) {
        super(message);
    }
}
