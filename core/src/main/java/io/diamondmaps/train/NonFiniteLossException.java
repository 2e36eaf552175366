package io.diamondmaps.train;

import java.nio.file.Path;

/**
 * A training step produced a non-finite loss or gradient. It is thrown before the weights are updated, so the last
 * checkpoint on disk is the last good state and {@code --resume} continues from it.
 */
public final class NonFiniteLossException extends IllegalStateException {
    public NonFiniteLossException(long step, double loss, double gradientNorm, Path checkpoint) {
        super("step " + step + ": the loss (" + loss + ") or gradient norm (" + gradientNorm + ") is not finite; "
                + "nothing was updated and " + checkpoint + " keeps its last saved step. A lower learning rate "
                + "usually helps; on AMD CPUs with AVX-512 set DNNL_MAX_CPU_ISA=AVX (docs/development.md, \"Known issues\")");
    }
}
