package io.diamondmaps.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.diamondmaps.util.AtomicFiles;
import io.diamondmaps.util.Tensors;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sample files: CSV, one sample per row, comma-separated numbers, no header. Written atomically. */
public final class SampleCsv {
    private SampleCsv() {
    }

    public static void write(Path file, NDArray samples) throws IOException {
        AtomicFiles.write(file, out -> {
            Rows rows = new Rows(out);
            rows.append(samples);
            rows.flush();
        });
    }

    /**
     * Appends samples to a CSV stream chunk by chunk (a streaming run writes each chunk as it is done, inside
     * {@link AtomicFiles#write}, so a failure still leaves no partial file).
     */
    public static final class Rows {
        private final Writer out;
        private final StringBuilder line = new StringBuilder();
        private long count;

        public Rows(OutputStream out) {
            this.out = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        }

        /** Writes the rows of {@code samples} (N, …), one sample per line. */
        public void append(NDArray samples) throws IOException {
            for (double[] row : Tensors.toRows(samples)) {
                line.setLength(0);
                for (int j = 0; j < row.length; j++) {
                    if (j > 0) {
                        line.append(',');
                    }
                    line.append(row[j]);
                }
                out.write(line.append('\n').toString());
            }
            count += samples.getShape().get(0);
        }

        /** Samples written so far. */
        public long count() {
            return count;
        }

        public void flush() throws IOException {
            out.flush();
        }
    }

    /** Reads a sample file into (N, d) float64; rejects ragged rows and non-finite numbers with the line number. */
    public static NDArray read(NDManager manager, Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            double[] row;
            try {
                row = parseVector(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": " + e.getMessage());
            }
            if (!rows.isEmpty() && rows.get(0).length != row.length) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": " + row.length
                        + " values, expected " + rows.get(0).length);
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no samples");
        }
        return Tensors.fromRows(manager, rows.toArray(new double[0][]));
    }

    /** Parses "v1,v2,…" into finite doubles. */
    public static double[] parseVector(String text) {
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            try {
                v[i] = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("'" + p + "' is not a finite number");
            }
        }
        return v;
    }
}
