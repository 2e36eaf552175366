package io.diamondmaps.model.neural;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The inner times s ∈ [s_min, s_max] a Posterior Diamond Map is trained on (spec §5.3). Samplers jump no further
 * than s_max: past it the map was never fitted, and at s = 1 the inner velocity is singular.
 *
 * @param sMin lowest trained inner time (0: where the sampler draws x̄₀)
 * @param sMax highest trained inner time, below 1 (where the sampler reads x₁ out of the sufficient statistic)
 */
public record InnerRange(double sMin, double sMax) {
    /** [0, 0.99]: the grid starts where x̄₀ is drawn (spec §12.10) and stops at the reference code's s_max. */
    public static final InnerRange POSTERIOR = new InnerRange(0, 0.99);

    public InnerRange {
        if (!(sMin >= 0 && sMin < sMax && sMax < 1)) {
            throw new IllegalArgumentException("need 0 ≤ s_min < s_max < 1, got s_min = " + sMin + " and s_max = "
                    + sMax);
        }
    }

    /** The range a checkpoint's {@code diamond} metadata records ({@link #POSTERIOR} where it records none). */
    public static InnerRange of(JsonNode diamond) {
        return new InnerRange(diamond.path("s_min").asDouble(POSTERIOR.sMin),
                diamond.path("s_max").asDouble(POSTERIOR.sMax));
    }

    /** Writes the range into a checkpoint's {@code diamond} metadata. */
    public void describe(ObjectNode diamond) {
        diamond.put("s_min", sMin);
        diamond.put("s_max", sMax);
    }
}
