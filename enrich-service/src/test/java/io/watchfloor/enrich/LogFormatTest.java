package io.watchfloor.enrich;

import io.watchfloor.testsupport.LogFormatContract;

/** enrich-service's logback.xml: plain text by default, one JSON object per line with WATCHFLOOR_LOG_FORMAT=json. */
class LogFormatTest extends LogFormatContract {
}
