package io.diamondmaps.model.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.model.GaussianMixture;
import io.diamondmaps.model.GaussianMixtureFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TorchScript fixtures made by {@code src/test/resources/torchscript/make_fixtures.py} (PyTorch 1.13): modules,
 * their descriptions, and the inputs and outputs PyTorch computed, so that no test needs Python.
 */
public final class TorchScriptFixtures {
    private TorchScriptFixtures() {
    }

    /** The folder that holds the fixtures. */
    public static Path folder() {
        try {
            return Path.of(TorchScriptFixtures.class.getResource("/torchscript/mixture.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path file(String name) {
        return folder().resolve(name);
    }

    /** The mixture the mixture_*.pt modules compute with, as the Java exact oracle. */
    public static GaussianMixture mixture() {
        try {
            return GaussianMixtureFile.read(file("mixture.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inputs PyTorch fed the module {@code name}, as float32 arrays on {@code m}. */
    public static NDArray[] inputs(String name, NDManager m) {
        List<NDArray> out = new ArrayList<>();
        for (JsonNode input : expected().path(name).path("inputs")) {
            out.add(array(input, m));
        }
        return out.toArray(NDArray[]::new);
    }

    /** PyTorch's output of the module {@code name} (in evaluation mode) on its {@link #inputs}. */
    public static NDArray output(String name, NDManager m) {
        return array(expected().path(name).path("output"), m);
    }

    private static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(file("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NDArray array(JsonNode nested, NDManager m) {
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = nested; n.isArray(); n = n.get(0)) {
            dims.add((long) n.size());
        }
        List<Float> values = new ArrayList<>();
        flatten(nested, values);
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return m.create(flat, new Shape(dims.stream().mapToLong(Long::longValue).toArray())).duplicate();
    }

    private static void flatten(JsonNode n, List<Float> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add((float) n.asDouble());
        }
    }
}
