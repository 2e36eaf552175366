/**
 * Batches of alignment tasks on Apache Spark ({@code diamond spark align}): each line of a tasks file is one
 * {@code diamond align} run; tasks run independently on the executors, each executor loads a model once for all its
 * tasks, and every task's output is what {@code diamond align} writes alone. Sits above the core's {@code cli}.
 */
package io.diamondmaps.spark;
