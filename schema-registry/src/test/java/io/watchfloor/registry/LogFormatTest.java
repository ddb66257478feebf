package io.watchfloor.registry;

import io.watchfloor.testsupport.LogFormatContract;

/** schema-registry's logback.xml: plain text by default, one JSON object per line with WATCHFLOOR_LOG_FORMAT=json. */
class LogFormatTest extends LogFormatContract {
}
