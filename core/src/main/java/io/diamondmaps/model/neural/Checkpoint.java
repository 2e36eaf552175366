package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.util.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A checkpoint file: the magic {@code DIAMONDC}, a format version, JSON metadata (architecture, interpolant, training
 * configuration, data set, step, seed: the provenance), the named arrays (DJL's NDList encoding) and a CRC-32 of
 * everything before it. Written atomically; reading names the problem with a wrong, truncated or corrupt file.
 */
public record Checkpoint(ObjectNode metadata, Map<String, NDArray> arrays) {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "DIAMONDC".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads architecture records strictly: every component present; the network type beside them is skipped. */
    private static final ObjectReader ARCHITECTURE = JSON.reader()
            .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ObjectNode newMetadata() {
        return JSON.createObjectNode();
    }

    /** Architecture metadata: the network {@code type} and the components of its configuration record, by name. */
    public static ObjectNode architecture(String type, Record config) {
        ObjectNode arch = newMetadata();
        arch.put("type", type);
        arch.setAll((ObjectNode) JSON.valueToTree(config));
        return arch;
    }

    /**
     * The configuration record that {@link #architecture} wrote into {@code arch}; a missing or mistyped component, or
     * one the record refuses, is an {@link IllegalArgumentException} that names it.
     */
    public static <C extends Record> C configuration(JsonNode arch, Class<C> type) {
        try {
            return ARCHITECTURE.forType(type).readValue(arch);
        } catch (IOException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            String detail = e instanceof JsonMappingException j ? j.getOriginalMessage() : e.getMessage();
            Class<?> network = type.getEnclosingClass() != null ? type.getEnclosingClass() : type;
            throw new IllegalArgumentException("the checkpoint's architecture " + arch + " is not a "
                    + network.getSimpleName() + " configuration: " + detail, e);
        }
    }

    /** The arrays whose names start with {@code prefix} (e.g. {@code ema/}), named without it. */
    public Map<String, NDArray> arraysUnder(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The metadata of a checkpoint file (validated like {@link #read}). */
    public static ObjectNode readMetadata(Path file) throws IOException {
        try (NDManager scope = NDManager.newBaseManager()) {
            return read(file, scope).metadata();
        }
    }

    public void write(Path file) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            byte[] meta = JSON.writeValueAsBytes(metadata);
            out.writeInt(meta.length);
            out.write(meta);
            NDList list = new NDList();
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray a = e.getValue();
                a.setName(e.getKey());
                list.add(a);
            }
            byte[] encoded = list.encode();
            out.writeInt(encoded.length);
            out.write(encoded);
        }
        byte[] bytes = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(bytes);
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            new DataOutputStream(out).writeLong(crc.getValue());
        });
    }

    /** What a network class makes of a checkpoint read from {@code file}: the network, on {@code manager}. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Checkpoint checkpoint, String file, NDManager manager);
    }

    /**
     * Reads {@code file} into a scratch scope, closed on return, and builds what {@code reader} makes of it on
     * {@code manager}: the checkpoint's own arrays never outlive the call.
     */
    public static <T> T readAs(Path file, NDManager manager, Reader<T> reader) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            return reader.read(read(file, scope), file.toString(), manager);
        }
    }

    public static Checkpoint read(Path file, NDManager manager) throws IOException {
        try {
            return read(Files.readAllBytes(file), file.toString(), manager);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("checkpoint not found: " + file);
        }
    }

    /** A checkpoint from the bytes of a file (or a class-path resource) named {@code file} in error messages. */
    public static Checkpoint read(byte[] all, String file, NDManager manager) throws IOException {
        if (all.length < MAGIC.length + 16 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(file + " is not a Diamond checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException(file + " is corrupt or truncated (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8))) {
            in.skipNBytes(MAGIC.length);
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + " has checkpoint format version " + version
                        + "; this Diamond reads version " + VERSION);
            }
            byte[] meta = in.readNBytes(in.readInt());
            JsonNode node = JSON.readTree(meta);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException(file + ": checkpoint metadata is not a JSON object");
            }
            byte[] encoded = in.readNBytes(in.readInt());
            NDList list = NDList.decode(manager, encoded);
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (NDArray a : list) {
                arrays.put(a.getName(), a);
            }
            return new Checkpoint((ObjectNode) node, arrays);
        }
    }
}
