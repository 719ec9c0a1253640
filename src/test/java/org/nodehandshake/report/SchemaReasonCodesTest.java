package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * The schema's result lists exactly the reason codes and the stages, in their order, and ties them to
 * the outcome: SUCCESS without a code at stage concluded, PARTIAL at peer-hello, any other with a code.
 */
class SchemaReasonCodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema() throws Exception {
        return JSON.readTree(Path.of("schema/handshake-report.schema.json").toFile());
    }

    private static List<JsonNode> enumOf(String property) throws Exception {
        JsonNode values = schema().at("/$defs/result/properties/" + property + "/enum");
        assertTrue(values.isArray(), "result." + property + " has an enum");
        List<JsonNode> out = new ArrayList<>();
        values.forEach(out::add);
        return out;
    }

    @Test
    void reasonCodeEnumIsEveryReasonCodeInOrderThenNull() throws Exception {
        List<JsonNode> listed = enumOf("reasonCode");
        assertTrue(listed.get(listed.size() - 1).isNull(), "null (SUCCESS) is the last value: " + listed);
        List<String> codes = listed.subList(0, listed.size() - 1).stream().map(JsonNode::textValue).toList();
        assertEquals(Arrays.stream(ReasonCode.values()).map(ReasonCode::code).toList(), codes);
    }

    @Test
    void stageEnumIsEveryStageInOrder() throws Exception {
        List<String> stages = enumOf("stage").stream().map(JsonNode::textValue).toList();
        assertEquals(Arrays.stream(Stage.values()).map(Stage::label).toList(), stages);
    }

    @Test
    void bothAreDescribedAndNeitherIsRequired() throws Exception {
        JsonNode result = schema().at("/$defs/result");
        for (String property : List.of("reasonCode", "stage")) {
            assertFalse(result.at("/properties/" + property + "/description").asText().isBlank(), property);
            result.get("required").forEach(r -> assertFalse(r.asText().equals(property), property + " is required"));
        }
        assertEquals(1, schema().at("/properties/schemaVersion/const").asInt(), "an addition keeps schemaVersion 1");
    }

    // ---- results against $defs/result ----

    @Test
    void aSuccessIsConcludedWithoutACode() throws Exception {
        assertValid(result("SUCCESS", null, null, "concluded"));
        assertInvalid(result("SUCCESS", null, "timeout", "concluded"));
        assertInvalid(result("SUCCESS", null, null, "peer-hello"));
    }

    @Test
    void aFailureHasAKnownCode() throws Exception {
        assertValid(result("FAILED", "connection refused", "connect-refused", "connect"));
        assertInvalid(result("FAILED", "connection refused", null, "connect"));
        assertInvalid(result("FAILED", "connection refused", "connection-refused", "connect"));
        assertInvalid(result("FAILED", "connection refused", "connect-refused", "handshaking"));
    }

    @Test
    void aPartialIsAtPeerHello() throws Exception {
        assertValid(result("PARTIAL", "timed out after 3000 ms waiting for verack", "timeout", "peer-hello"));
        assertInvalid(result("PARTIAL", "timed out after 3000 ms waiting for verack", "timeout", "sent"));
    }

    @Test
    void aResultWithoutTheNewFieldsIsStillValid() throws Exception {
        ObjectNode old = result("FAILED", "connection refused", "connect-refused", "connect");
        old.remove("reasonCode");
        old.remove("stage");
        assertValid(old);
    }

    private static ObjectNode result(String outcome, String reason, String code, String stage) {
        ObjectNode r = JSON.createObjectNode();
        r.put("address", "127.0.0.1").put("port", 8333).put("outcome", outcome).put("reason", reason)
                .put("reasonCode", code).put("stage", stage);
        if (outcome.equals("SUCCESS")) {
            r.put("connectMillis", 3).put("handshakeMillis", 5);
        } else {
            r.putNull("connectMillis").putNull("handshakeMillis");
        }
        if (outcome.equals("FAILED")) {
            r.putNull("peer");
        } else {
            r.set("peer", JSON.createObjectNode().put("protocolVersion", 70016).put("userAgent", "/x:1/")
                    .put("services", 0).set("serviceNames", JSON.createArrayNode()));
            ((ObjectNode) r.get("peer")).put("startHeight", 0).put("relay", true)
                    .set("messages", JSON.createArrayNode().add("version"));
        }
        return r;
    }

    /** $defs/result of the shipped schema, as a schema of its own. */
    private static JsonSchema resultSchema() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        JsonNode full = schema();
        root.set("$schema", full.get("$schema"));
        root.set("$defs", full.get("$defs"));
        root.put("$ref", "#/$defs/result");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    private static void assertValid(JsonNode result) throws Exception {
        var errors = resultSchema().validate(result);
        assertTrue(errors.isEmpty(), () -> errors + " for " + result);
    }

    private static void assertInvalid(JsonNode result) throws Exception {
        assertFalse(resultSchema().validate(result).isEmpty(), () -> "accepted " + result);
    }
}
