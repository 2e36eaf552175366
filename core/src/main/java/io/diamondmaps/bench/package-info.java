/**
 * Experiments as library code: the built-in demos and every benchmark, each a {@code Config} record and a
 * {@code run} that writes its files atomically and returns a {@link io.diamondmaps.bench.Report}. The command line
 * only maps options to configs and prints reports; tests run each experiment on a tiny configuration.
 */
package io.diamondmaps.bench;
