package io.diamondmaps.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory as Linux reports it, for the benchmarks' memory columns. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** The resident-memory high-water mark in MB (VmHWM), or NaN where /proc is not there. */
    static double peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /**
     * Resets the high-water mark to the current resident memory, so that the next {@link #peakRssMb()} covers what
     * ran in between. Where that is not allowed the mark keeps covering the whole process.
     */
    static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux, or not permitted: peakRssMb() then reports the process's peak so far.
        }
    }
}
