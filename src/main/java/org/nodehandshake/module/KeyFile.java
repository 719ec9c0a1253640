package org.nodehandshake.module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The one key file format every module reads ({@code --node-key FILE}): 32 bytes as 64 hex digits,
 * surrounding white space ignored, as geth writes its nodekey. What the bytes mean is the module's
 * business (a private key, a seed).
 */
public final class KeyFile {

    /** Larger than any key file: read no more of a file named by mistake. */
    private static final long MAX_FILE_BYTES = 4096;

    private KeyFile() {
    }

    /** The 32 bytes of a key file; a file that cannot be read or holds anything else is refused. */
    public static byte[] read32(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("node key " + file + ": 64 hex digits expected (the file is larger)");
            }
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read node key " + file, e);
        }
        if (!text.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("node key " + file + ": 64 hex digits expected");
        }
        return HexFormat.of().parseHex(text);
    }
}
