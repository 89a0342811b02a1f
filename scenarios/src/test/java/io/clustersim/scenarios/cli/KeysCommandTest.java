package io.clustersim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code clustersim keys}: prints the reference or the schema, and --write-docs regenerates the committed docs. */
class KeysCommandTest {

    @Test
    void printsTheReferenceAndTheSchema() throws IOException {
        ClusterSimCliTest.Result reference = ClusterSimCliTest.cli("keys");
        assertEquals(0, reference.code(), reference.err());
        assertEquals(Files.readString(Path.of("docs/scenario-reference.md")), reference.out());
        ClusterSimCliTest.Result schema = ClusterSimCliTest.cli("keys", "--schema");
        assertEquals(0, schema.code(), schema.err());
        assertEquals(Files.readString(Path.of("docs/schema/scenario.schema.json")), schema.out());
    }

    @Test
    void writeDocsRegeneratesTheCommittedFiles(@TempDir Path checkout) throws IOException {
        Files.createDirectories(checkout.resolve("docs"));
        Files.copy(Path.of("docs/report-reference.md"), checkout.resolve("docs/report-reference.md"));
        ClusterSimCliTest.Result r = ClusterSimCliTest.cli("keys", "--write-docs", checkout.toString());
        assertEquals(0, r.code(), r.err());
        for (Path generated : new Path[] {KeysCommand.REFERENCE, KeysCommand.SCENARIO_SCHEMA, KeysCommand.REPORT_SCHEMA}) {
            assertEquals(Files.readString(generated), Files.readString(checkout.resolve(generated)), generated.toString());
        }
    }

    @Test
    void writeDocsWithoutAReportTableIsACommandLineError(@TempDir Path checkout) {
        ClusterSimCliTest.Result r = ClusterSimCliTest.cli("keys", "--write-docs", checkout.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no report field table"), r.err());
        assertTrue(!Files.exists(checkout.resolve(KeysCommand.REFERENCE)), "nothing is written when a part fails");
    }
}
