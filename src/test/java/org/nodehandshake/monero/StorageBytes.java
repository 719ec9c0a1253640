package org.nodehandshake.monero;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hex helpers for hand-written blobs: each part is hex with optional spaces, so a test can comment per field. */
final class StorageBytes {

    /** u32 LE 0x01011101, u32 LE 0x01020101, version 1 (portable_storage_base.h). */
    static final String HEADER = "01110101 01010201 01";

    private StorageBytes() {
    }

    static byte[] hex(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(HexFormat.of().parseHex(part.replace(" ", "")));
        }
        return out.toByteArray();
    }

    static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
