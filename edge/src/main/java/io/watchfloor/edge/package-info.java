/**
 * What every Watchfloor service does at its Kafka edge, owned once: registry client settings ({@code registry}),
 * producer and consumer settings with their invariants ({@code kafka}), dead-letter stamping and publishing
 * ({@code deadletter}), the pausing batch consumer ({@code consumer}) and the MDC keys of per-record log lines
 * ({@code logging}).
 */
package io.watchfloor.edge;
