package io.diamondmaps.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (the MNIST format): magic 0x00 0x00 type dims, big-endian dimension sizes, then the data. Unsigned bytes
 * (type 0x08) only, as in (Fashion-)MNIST; {@code .gz} files are decompressed on the fly.
 */
public final class IdxFile {
    /** Dimension sizes and the raw unsigned bytes. */
    public record Content(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }

        /** Values per item: the product of all dimensions after the first. */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }
    }

    private IdxFile() {
    }

    /** Reads a file; a name ending in {@code .gz} is decompressed. */
    public static Content read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString());
        }
    }

    /** Reads a stream named {@code file} (for messages; a name ending in {@code .gz} is decompressed). */
    public static Content read(InputStream raw, String file) throws IOException {
        try (InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            int magic;
            try {
                magic = data.readInt();
            } catch (EOFException e) {
                throw new IOException(file + " is not an IDX file: it is empty");
            }
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                throw new IOException(file + " is not an unsigned-byte IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int rank = magic & 0xff;
            if (rank < 1 || rank > 4) {
                throw new IOException(file + ": unsupported IDX rank " + rank);
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": negative dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new IOException(file + ": too large (" + total + " values)");
            }
            byte[] bytes = new byte[(int) total];
            try {
                data.readFully(bytes);
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: expected " + total + " values");
            }
            return new Content(dims, bytes);
        }
    }
}
