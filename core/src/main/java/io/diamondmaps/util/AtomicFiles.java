package io.diamondmaps.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary sibling and a rename, so a failed or interrupted write never leaves a partial
 * file and never corrupts an earlier result at the same path.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes the content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** @throws IOException "cannot write TARGET: reason", with the cause attached */
    public static void write(Path target, Content content) throws IOException {
        try {
            writeOrFail(target.toAbsolutePath(), content);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way at " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied at " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory " + ((java.nio.file.FileSystemException) e).getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void writeOrFail(Path abs, Content content) throws IOException {
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.writeTo(out);
            }
            // A temp file is created owner-only; the result should read like any other output (rw-r--r--).
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
