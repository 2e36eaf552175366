package io.diamondmaps.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diamondmaps.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The GMM spec file: JSON {@code {"weights":[…K], "means":[[…d]…K], "covariances":[[[d×d]]…K]}}.
 * Errors name the file and the problem in one line.
 */
public final class GaussianMixtureFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private GaussianMixtureFile() {
    }

    /** The JSON shape of a spec. */
    public record Spec(double[] weights, double[][] means, double[][][] covariances) {
    }

    public static GaussianMixture read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("GMM spec file not found: " + file);
        }
        return parse(text, file.toString());
    }

    /** Parses spec JSON; {@code source} names it in error messages. */
    public static GaussianMixture parse(String json, String source) {
        Spec spec;
        try {
            spec = JSON.readValue(json, Spec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed GMM spec " + source + ": " + e.getOriginalMessage());
        }
        if (spec.weights() == null || spec.means() == null || spec.covariances() == null) {
            throw new IllegalArgumentException("GMM spec " + source
                    + " must have the fields \"weights\", \"means\" and \"covariances\"");
        }
        try {
            return new GaussianMixture(spec.weights(), spec.means(), spec.covariances());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GMM spec " + source + ": " + e.getMessage());
        }
    }

    public static String toJson(GaussianMixture gmm) {
        try {
            return JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(new Spec(gmm.weights(), gmm.means(), gmm.covariances()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path file, GaussianMixture gmm) throws IOException {
        AtomicFiles.writeString(file, toJson(gmm) + "\n");
    }
}
