package io.clustersim.scenarios;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Includes stay inside the scenario's folder tree and resolve relative to the including file;
 * nothing a scenario says reaches the network or the environment.
 *
 * <p>How "no socket" is shown: every scenario load here runs with a listening local server socket
 * that the attack scenarios point {@code include url(...)} at, and with a default
 * {@link ProxySelector} that records every URI Java's URL connections ask it about (each HTTP, FTP
 * or JAR-over-HTTP connection asks before it connects). The test fails if the server accepted a
 * connection or the selector saw a request. Unlike a SecurityManager (deprecated in Java 17) or a
 * process-wide socket factory (settable once per JVM), both are local to this test.
 */
class IncludeAndNetworkTest {

    private static final String BASE = """
            seed = 1
            model { layers = 2, hidden = 256, heads = 4, vocab = 1000, seq-len = 128 }
            target { tokens = 1B }
            fleet { chip = h100-sxm, chips = 8, scale-out { bandwidth-per-chip = 400Gbps } }
            parallelism { tp = 1, pp = 1, dp = 8, micro-batch = 1, global-batch = 8 }
            """;

    /** A proxy selector that remembers every URI asked about. */
    private static final class Recorder extends ProxySelector {
        final List<URI> asked = new ArrayList<>();

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    private static ScenarioException refused(Path file) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file));
    }

    @Test
    void includesResolveRelativeToTheIncludingFileInsideTheTree(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("parts/deeper"));
        Files.writeString(dir.resolve("parts/fleet.conf"), "include \"deeper/batch.conf\"\n"
                + "fleet { chip = h100-sxm, chips = 8, scale-out { bandwidth-per-chip = 400Gbps } }\n");
        Files.writeString(dir.resolve("parts/deeper/batch.conf"), "parallelism { tp = 1, pp = 1, dp = 8, micro-batch = 1, global-batch = 8 }\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "seed = 1\ninclude \"parts/fleet.conf\"\n"
                + "model { layers = 2, hidden = 256, heads = 4, vocab = 1000, seq-len = 128 }\ntarget { tokens = 1B }\n");
        LoadedScenario loaded = ScenarioLoader.load(main);
        assertEquals(8, loaded.scenario().cluster().chips());
        assertEquals(8, loaded.scenario().parallelism().globalBatch());
    }

    /**
     * A cluster worker loads the scenario from text, where includes are refused: the text sent is
     * the scenario with its includes read in, and it loads to the same scenario as the file.
     */
    @Test
    void aScenarioWithIncludesTravelsAsSelfContainedText(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/fleet.conf"),
                "fleet { chip = h100-sxm, chips = 8, scale-out { bandwidth-per-chip = 400Gbps } }\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "seed = 1\ninclude \"parts/fleet.conf\"\n"
                + "model { layers = 2, hidden = 256, heads = 4, vocab = 1000, seq-len = 128 }\ntarget { tokens = 1B }\n"
                + "parallelism { tp = 1, pp = 1, dp = 8, micro-batch = 1, global-batch = 8 }\n");
        String text = ScenarioLoader.selfContainedText(main);
        assertFalse(text.contains("include"), text);
        assertEquals(ScenarioLoader.load(main).scenario(), ScenarioLoader.parse(text, main.toString()).scenario());
        Path plain = dir.resolve("plain.conf");
        Files.writeString(plain, BASE);
        assertEquals(BASE, ScenarioLoader.selfContainedText(plain), "a file without includes goes as it is");
    }

    @Test
    void aMistakeInAnIncludedFileNamesThatFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("part.conf"), "\n\nfleet.chips = -5\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, BASE + "include \"part.conf\"\n");
        ScenarioException e = refused(main);
        assertTrue(e.getMessage().contains("part.conf:3"), e.getMessage());
    }

    @Test
    void aSyntaxMistakeInAnIncludedFileNamesThatFileAndLine(@TempDir Path dir) throws IOException {
        // each file's text is read once and parsed under its own name: mistakes still name the file
        Files.writeString(dir.resolve("part.conf"), "\nfleet { chips = 8\n");
        Path main = dir.resolve("main.conf");
        Files.writeString(main, BASE + "include \"part.conf\"\n");
        ScenarioException e = refused(main);
        assertTrue(e.file().endsWith("part.conf") && e.line() > 0, e.getMessage());
        assertTrue(e.getMessage().contains("cannot parse"), e.getMessage());
    }

    @Test
    void includesOutsideTheTreeTheNetworkAndTheClasspathAreRefusedAtTheirLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("outside.conf"), "trials = 3\n");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        String[] includes = {"include \"../outside.conf\"", "include file(\"" + dir.resolve("outside.conf") + "\")",
                "include file(\"/etc/hostname\")", "include url(\"http://127.0.0.1:9/x.conf\")",
                "include classpath(\"reference.conf\")", "include required(\"missing.conf\")", "include \"missing.conf\"",
                "include \"self.conf\""};
        for (String include : includes) {
            Path file = sub.resolve("self.conf");
            Files.writeString(file, BASE + include + "\n");
            ScenarioException e = refused(file);
            assertEquals(6, e.line(), include + ": " + e.getMessage());
            assertEquals("include", e.key(), e.getMessage());
            assertTrue(!e.getMessage().contains("Exception") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void noEnvironmentSubstitution() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse(BASE + "name = ${PATH}\n", "env.conf"));
        assertTrue(e.getMessage().contains("environment variables are not read"), e.getMessage());
        // an optional substitution of an absent key stays absent, whatever the environment holds
        LoadedScenario loaded = ScenarioLoader.parse(BASE + "name = x\nname = ${?PATH}\n", "env.conf");
        assertEquals("x", loaded.scenario().name());
    }

    @Test
    void loadingEveryBundledAndAttackScenarioOpensNoSocket(@TempDir Path dir) throws Exception {
        ProxySelector previous = ProxySelector.getDefault();
        Recorder recorder = new Recorder();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/x.conf";
            Files.writeString(dir.resolve("url.conf"), BASE + "include url(\"" + url + "\")\n");
            Files.writeString(dir.resolve("required-url.conf"), BASE + "include required(url(\"" + url + "\"))\n");
            Files.writeString(dir.resolve("file-url.conf"), BASE + "include file(\"" + url + "\")\n");
            ProxySelector.setDefault(recorder);
            List<Path> files = new ArrayList<>();
            for (String bundled : List.of("scenarios/examples", "scenarios/validation")) {
                try (Stream<Path> s = Files.list(Path.of(bundled))) {
                    s.filter(p -> p.toString().endsWith(".conf")).forEach(files::add);
                }
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(files::add);
            }
            assertTrue(files.size() >= 24, files.toString());
            for (Path f : files) {
                try {
                    ScenarioLoader.load(f);
                } catch (ScenarioException e) {
                    assertTrue(f.startsWith(dir), "a bundled scenario was refused: " + e.getMessage());
                }
            }
            assertThrows(SocketTimeoutException.class, server::accept, "a scenario load connected to the server");
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertEquals(List.of(), recorder.asked, "a scenario load opened a URL connection");
    }
}
