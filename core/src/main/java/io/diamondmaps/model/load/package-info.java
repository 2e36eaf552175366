/**
 * Models as the library loads them: a {@link io.diamondmaps.model.load.ModelBundle} holds whatever a source provides
 * (velocity field, flow map, exact mixture, Posterior Diamond Map) and {@link io.diamondmaps.model.load.ModelLoader}
 * reads {@code gmm:SPEC.json}, checkpoints and {@code diamond:CKPT}, checking that the parts fit.
 */
package io.diamondmaps.model.load;
