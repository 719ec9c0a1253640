package org.nodehandshake.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Stage;

/**
 * The README's "Reason codes and stages" tables list exactly the codes and the stages, in their order,
 * each with its meaning as the enum's javadoc says it.
 */
class ReadmeReasonCodesTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.*) \\|$");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\* (.*?) \\*/\\s+[A-Z0-9_]+\\(\"([a-z0-9-]+)\"\\)", Pattern.DOTALL);

    /** The rows of the table whose header's first column is {@code `column`}, in the README's section. */
    private static Map<String, String> table(String column) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int section = lines.indexOf("## Reason codes and stages");
        assertTrue(section >= 0, "the README has a section \"Reason codes and stages\"");
        int header = -1;
        for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (lines.get(i).startsWith("| `" + column + "` |")) {
                header = i;
                break;
            }
        }
        assertTrue(header >= 0, "the section has a table of `" + column + "`");
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher row = ROW.matcher(lines.get(i));
            assertTrue(row.matches(), "a row of `" + column + "`: " + lines.get(i));
            assertEquals(null, rows.put(row.group(1), row.group(2)), "listed twice: " + row.group(1));
        }
        return rows;
    }

    /** Each constant's javadoc from the enum's source, in words as the README shows them. */
    private static Map<String, String> javadoc(String enumName) throws Exception {
        String source = Files.readString(Path.of("src/main/java/org/nodehandshake/protocol/" + enumName + ".java"));
        Map<String, String> docs = new LinkedHashMap<>();
        Matcher m = JAVADOC.matcher(source);
        while (m.find()) {
            String words = m.group(1).replaceAll("\\s*\\n\\s*\\*\\s*", " ").replaceAll("\\{@code ([^}]*)\\}", "`$1`");
            docs.put(m.group(2), words.strip());
        }
        return docs;
    }

    @Test
    void theReasonCodeTableListsEveryCodeInOrder() throws Exception {
        assertEquals(Arrays.stream(ReasonCode.values()).map(ReasonCode::code).toList(),
                List.copyOf(table("reasonCode").keySet()));
    }

    @Test
    void theStageTableListsEveryStageInOrder() throws Exception {
        assertEquals(Arrays.stream(Stage.values()).map(Stage::label).toList(), List.copyOf(table("stage").keySet()));
    }

    @Test
    void eachMeaningIsTheJavadocs() throws Exception {
        assertEquals(javadoc("ReasonCode"), table("reasonCode"));
        assertEquals(javadoc("Stage"), table("stage"));
    }
}
