package org.nodehandshake.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The report directory, checked before any traffic: created if missing, and a file written to it and deleted,
 * as the report will be. A problem is one line (exit status 2), not a stack trace after the handshakes.
 */
final class ReportDirectory {

    private ReportDirectory() {
    }

    /** Empty when reports can be written to {@code dir}; otherwise the line that says why not. */
    static Optional<String> problem(Path dir) {
        String name = "report directory " + dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return Optional.of(name + ": not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return Optional.of(name + ": cannot create it: " + reason(e));
        }
        try {
            Path probe = Files.createTempFile(dir, ".writing-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return Optional.of(name + ": not writable: " + reason(e));
        }
        return Optional.empty();
    }

    /** What went wrong, without the paths Java repeats in its messages. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + "a file is in the way";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(e.getMessage());
    }
}
