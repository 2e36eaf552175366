/**
 * Evaluation: sample distances with closed-form checks (energy distance, sliced Wasserstein-2, MMD², moment errors),
 * the Fréchet distance on classifier features, scatter and line plots, image grids and Markdown tables.
 */
package io.diamondmaps.eval;
