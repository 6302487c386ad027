/**
 * Synthetic interaction logs with planted low-rank preferences, power-law popularity and activity,
 * timestamps and marked noise, generated partition by partition inside Spark tasks
 * ({@link io.recvalue.core.generate.SyntheticLog}).
 */
package io.recvalue.core.generate;
