/**
 * Data: training data sets (exact mixtures, 2-D toys, Fashion-MNIST from Debian's package or the shipped subset), IDX
 * files and sample CSV files.
 */
package io.diamondmaps.data;
