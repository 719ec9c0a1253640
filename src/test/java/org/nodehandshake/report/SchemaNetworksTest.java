package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.module.ProtocolRegistry;
import org.nodehandshake.protocol.Network;

/** Every network enumeration in the schema lists exactly the presets, in their order. */
class SchemaNetworksTest {

    @Test
    void schemaNetworkEnumsAreThePresets() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("schema/handshake-report.schema.json").toFile());
        List<JsonNode> enums = new ArrayList<>();
        collect(schema, enums);
        assertFalse(enums.isEmpty(), "the schema names the networks");
        List<String> presets = ProtocolRegistry.builtIn().networks().stream().map(Network::id).toList();
        for (JsonNode e : enums) {
            List<String> listed = new ArrayList<>();
            e.forEach(n -> listed.add(n.asText()));
            assertEquals(presets, listed);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            JsonNode e = node.get("enum");
            if (e != null && e.toString().contains("\"bitcoin\"")) {
                out.add(e);
            }
            node.forEach(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
