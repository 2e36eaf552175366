/**
 * Flow models brought in as TorchScript: {@link io.diamondmaps.model.torchscript.TorchScriptModule} loads a module for
 * exact input gradients with evaluation behaviour, {@link io.diamondmaps.model.torchscript.ModelDescription} says what
 * it predicts and in which time direction, and {@link io.diamondmaps.model.torchscript.TorchScriptModel} (a velocity
 * field or a flow map) wraps it in our convention.
 */
package io.diamondmaps.model.torchscript;
