package org.nodehandshake.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Validates reports against the JSON Schema shipped in {@code schema/}. */
public final class ReportSchema {

    private static final Path SCHEMA = Path.of("schema", "handshake-report.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSchema() {
    }

    public static JsonNode assertValid(String reportJson) throws IOException {
        JsonNode report = JSON.readTree(reportJson);
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(report);
        assertTrue(errors.isEmpty(), () -> "report does not match " + SCHEMA + ": " + errors + "\n" + reportJson);
        return report;
    }

    public static JsonNode assertValid(Path reportFile) throws IOException {
        return assertValid(Files.readString(reportFile));
    }
}
