/**
 * What every Watchfloor service does at its Kafka edge, owned once: registry client settings ({@code registry}),
 * producer and consumer settings with their invariants ({@code kafka}), dead-letter stamping and publishing
 * ({@code deadletter}) and the pausing batch consumer ({@code consumer}).
 */
package io.watchfloor.edge;
