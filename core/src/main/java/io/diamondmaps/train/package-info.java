/**
 * Training: {@link io.diamondmaps.train.Trainer} over a {@link io.diamondmaps.train.TrainingLoss} (flow matching,
 * flow-map self-distillation, Posterior Diamond Map distillation from a GLASS teacher), optimizers with checkpointed
 * moments, schedules, EMA, the learned loss weight, resumable checkpoints; and the image classifier's trainer.
 */
package io.diamondmaps.train;
