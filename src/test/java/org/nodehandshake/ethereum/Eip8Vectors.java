package org.nodehandshake.ethereum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** EIP-8's test vectors (src/test/resources/ethereum/eip8-handshake-vectors.txt), by name. */
final class Eip8Vectors {

    private static final Map<String, String> VALUES = load();

    private Eip8Vectors() {
    }

    static byte[] bytes(String name) {
        String value = VALUES.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no vector " + name);
        }
        return HexFormat.of().parseHex(value);
    }

    static BigInteger key(String name) {
        return new BigInteger(1, bytes(name));
    }

    private static Map<String, String> load() {
        try (InputStream in = Eip8Vectors.class.getResourceAsStream("/ethereum/eip8-handshake-vectors.txt")) {
            Map<String, String> values = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && !line.startsWith("#")) {
                    values.put(parts[0], parts[1]);
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
