package org.nodehandshake.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;

/** The README's presets table and its --network row list exactly the registered presets, in order. */
class ReadmePresetsTest {

    private static final List<String> PRESETS =
            ProtocolRegistry.builtIn().networks().stream().map(Network::id).toList();

    private static List<String> readme() throws IOException {
        return Files.readAllLines(Path.of("README.md"));
    }

    @Test
    void thePresetsTableListsTheRegisteredPresetsWithTheirPorts() throws IOException {
        List<String> lines = readme();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| network |")).findFirst()
                .orElseThrow(() -> new AssertionError("no presets table in README.md")));
        Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)`[^|]*\\|[^|]*\\| (\\d+) \\|$");
        List<String> listed = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher m = row.matcher(lines.get(i));
            if (!m.matches()) {
                throw new AssertionError("not a preset row: " + lines.get(i));
            }
            listed.add(m.group(1));
            Network network = ProtocolRegistry.builtIn().requireNetwork(m.group(1));
            assertEquals(network.defaultPort(), Integer.parseInt(m.group(2)), "default port of " + m.group(1));
        }
        assertEquals(PRESETS, listed);
    }

    @Test
    void theNetworkOptionListsTheRegisteredPresets() throws IOException {
        String option = readme().stream().filter(l -> l.startsWith("| `--network NAME` |")).findFirst()
                .orElseThrow(() -> new AssertionError("no --network row in README.md"));
        String names = option.split("\\|")[2];
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("`([a-z0-9-]+)`").matcher(names);
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(PRESETS, listed);
    }
}
