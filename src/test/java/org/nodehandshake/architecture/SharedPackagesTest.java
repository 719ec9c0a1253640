package org.nodehandshake.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nodehandshake.module.ProtocolModule;
import org.nodehandshake.module.ProtocolRegistry;

/**
 * The layers of ARCHITECTURE.md, checked: the shared packages name no protocol (no type, no word,
 * not even in a comment), protocol packages do not use each other, and the one list of protocols is
 * the service registration file.
 */
class SharedPackagesTest {

    static final List<String> SHARED = List.of("protocol", "dns", "report", "module", "camel", "cli", "crypto", "codec",
            "history", "page", "metrics", "distributed");
    private static final Path SOURCES = Path.of("src/main/java/org/nodehandshake");
    /** Every protocol package's name and the words of the built-in ones. */
    private static final Pattern PROTOCOL_WORDS = Pattern.compile(
            "(?i)bitcoin|litecoin|monero|levin|satoshi|verack|ethereum|libp2p|rlpx|enode|enrtree");

    @Test
    void sharedPackagesNameNoProtocol() throws IOException {
        List<String> hits = new ArrayList<>();
        for (String pkg : SHARED) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = PROTOCOL_WORDS.matcher(lines.get(i));
                        if (m.find()) {
                            hits.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), hits, "protocol words in shared packages");
    }

    @Test
    void theRegistrationFileListsEveryProtocolPackageOnce() throws IOException {
        List<String> registered = Files.readAllLines(
                        Path.of("src/main/resources/META-INF/services/" + ProtocolModule.class.getName()))
                .stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(registered, ProtocolRegistry.builtIn().modules().stream().map(m -> m.getClass().getName()).toList());
        for (String module : registered) {
            String pkg = module.substring("org.nodehandshake.".length(), module.lastIndexOf('.'));
            assertTrue(!SHARED.contains(pkg) && Files.isDirectory(SOURCES.resolve(pkg)), module + " lives in its own package");
        }
    }

    @Test
    void protocolPackagesDoNotUseEachOther() throws IOException {
        List<String> protocols = ProtocolRegistry.builtIn().modules().stream()
                .map(m -> m.getClass().getPackageName().substring("org.nodehandshake.".length())).toList();
        List<String> hits = new ArrayList<>();
        for (String pkg : protocols) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        for (String other : protocols) {
                            if (!other.equals(pkg) && line.contains("org.nodehandshake." + other + ".")) {
                                hits.add(file + ": " + line.trim());
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), hits, "a protocol package using another (move what both need to a shared package)");
    }
}
