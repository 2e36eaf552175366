package io.diamondmaps.train;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.data.Dataset;
import io.diamondmaps.data.Datasets;
import io.diamondmaps.data.FashionMnist;
import io.diamondmaps.data.ToyDatasets;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.load.ModelBundle;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.model.neural.Checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The frozen teacher of a Diamond distillation (spec 5.4): a flow or flow map whose GLASS inner velocity the student
 * regresses on, and the data its x1 come from.
 *
 * @param spec the teacher's model spec, as given
 * @param model the loaded teacher
 */
public record Teacher(String spec, ModelBundle model) {
    /**
     * The default component balance of an exact mixture's own data ({@link GaussianMixture#balanced}): x₁ drawn with
     * component weights ∝ w^(1−b) reach rare components more often. The GLASS teacher's velocity at (s, x̄_s, x_t)
     * does not depend on where the inputs were drawn, so the regression's minimiser stays the same function as long
     * as every component keeps some weight; only the network's accuracy moves to where the inputs are.
     */
    public static final double DEFAULT_COMPONENT_BALANCE = 1.0;

    /** Loads {@code spec}; a Diamond Map is refused, since its own teacher is what distillation needs. */
    public static Teacher load(String spec, Interpolant interpolant, NDManager manager) throws IOException {
        ModelBundle model = ModelLoader.load(spec, interpolant, manager);
        if (model.diamond() != null) {
            throw new IllegalArgumentException("teacher " + spec + " is itself a Diamond Map; give the flow or flow map "
                    + "it was distilled from");
        }
        return new Teacher(spec, model);
    }

    /**
     * The training data: the data set {@code data} names when not null, else the teacher's own: an exact mixture's
     * samples (components balanced by {@code balance}, or {@link #DEFAULT_COMPONENT_BALANCE} when null), or the data
     * set a checkpoint records. A TorchScript module does not say what it was trained on, so it needs {@code data}.
     * Fashion-MNIST images come from {@code images}.
     */
    public Dataset data(String data, Double balance, Supplier<FashionMnist.Source> images, NDManager manager)
            throws IOException {
        if (balance != null && (data != null || model.exact() == null)) {
            throw new IllegalArgumentException("balance applies to an exact mixture's own data; give no data set, "
                    + "and a gmm: teacher");
        }
        if (data == null && spec.startsWith(ModelLoader.TORCHSCRIPT_PREFIX)) {
            throw new IllegalArgumentException("data is required with a TorchScript teacher: its description does not "
                    + "say what it was trained on");
        }
        Dataset dataset = data != null ? named(data, images, manager)
                : model.exact() != null ? ToyDatasets.mixture(model.exact().balanced(balance != null ? balance
                        : DEFAULT_COMPONENT_BALANCE), spec)
                : Datasets.named(Checkpoint.readMetadata(Path.of(spec)).path("data").asText(), images, manager);
        if (!dataset.sampleShape().equals(model.sampleShape())) {
            throw new IllegalArgumentException("data " + dataset.describe() + " has samples of shape "
                    + dataset.sampleShape() + ", the teacher " + model.sampleShape());
        }
        return dataset;
    }

    private static Dataset named(String data, Supplier<FashionMnist.Source> images, NDManager manager)
            throws IOException {
        try {
            return Datasets.named(data, images, manager);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data: " + e.getMessage(), e);
        }
    }
}
