package io.watchfloor.alert.delivery;

import io.watchfloor.alert.domain.delivery.SendResult;
import java.net.URI;
import java.util.Map;

/** POSTs one signed JSON body to a webhook and says what came back; never throws for a failed request. */
interface WebhookSender {

    SendResult send(URI url, Map<String, String> headers, byte[] body);
}
