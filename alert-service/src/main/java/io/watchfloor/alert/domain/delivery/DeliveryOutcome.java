package io.watchfloor.alert.domain.delivery;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * What one webhook attempt means for the alert: delivered, try again later, disable the subscription's
 * webhook (the receiver said 410 Gone), or give up and send the alert to the dead-letter topic.
 */
public enum DeliveryOutcome {
    SUCCESS,
    RETRY,
    DISABLE,
    FAIL;

    /**
     * Classifies an attempt: by {@code error} when the request did not complete (timeouts and connection
     * errors retry, anything else fails), else by status: 2xx success; 408, 429 and 5xx retry; 410 disables;
     * other 4xx, 3xx (redirects are not followed: the URL must be the final one) and anything else fail.
     */
    public static DeliveryOutcome classify(int httpStatus, Throwable error) {
        if (error != null) {
            return isTransient(error) ? RETRY : FAIL;
        }
        if (httpStatus >= 200 && httpStatus < 300) {
            return SUCCESS;
        }
        if (httpStatus == 408 || httpStatus == 429 || (httpStatus >= 500 && httpStatus < 600)) {
            return RETRY;
        }
        if (httpStatus == 410) {
            return DISABLE;
        }
        return FAIL;
    }

    /**
     * I/O errors (connect, reset, DNS, TLS, socket and HTTP-client timeouts), timeouts and interrupts, causes
     * included.
     */
    private static boolean isTransient(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof InterruptedException) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }
}
