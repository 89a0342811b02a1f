package io.clustersim.scenarios.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.clustersim.scenarios.cli.ClusterSimCliTest.EXAMPLE;
import static io.clustersim.scenarios.cli.ClusterSimCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's options on their own (no worker JVM): loopback unless told otherwise, one-line
 * refusals, and the local fallback — with it the same bytes as a plain run, without it a clear failure.
 */
class ClusterFlagsTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void anAddressBeyondLoopbackNeedsAllowRemote() {
        ClusterSimCliTest.Result r = cli("run", EXAMPLE, "--cluster", "192.0.2.1:2552");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--allow-remote") && r.err().strip().lines().count() == 1, r.err());
        ClusterSimCliTest.Result w = cli("worker", "--join", "127.0.0.1:2552", "--bind", "192.0.2.1:0");
        assertEquals(2, w.code(), w.err());
        assertTrue(w.err().contains("--allow-remote"), w.err());
    }

    @Test
    void malformedAddressesAndDurationsAreOneLine() {
        for (String[] args : new String[][] {{"run", EXAMPLE, "--cluster", "localhost"},
                {"run", EXAMPLE, "--cluster", "127.0.0.1:2552", "--wait", "soon"},
                {"worker", "--join", "127.0.0.1:http"}}) {
            ClusterSimCliTest.Result r = cli(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void waitTakesTheDurationsAScenarioFileTakes() {
        CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create());
        assertEquals(Duration.ofSeconds(10), ClusterFlags.duration(cli, "--wait", "10s"));
        assertEquals(Duration.ofMillis(500), ClusterFlags.duration(cli, "--wait", "500ms"));
        assertEquals(Duration.ofMinutes(2), ClusterFlags.duration(cli, "--wait", "2m"));
        assertEquals(Duration.ofMinutes(90), ClusterFlags.duration(cli, "--wait", "1.5h"));
        assertEquals(Duration.ofSeconds(30), ClusterFlags.duration(cli, "--wait", "30 seconds"));
        assertEquals(Duration.ofDays(2), ClusterFlags.duration(cli, "--wait", "2d"));
        // a bare number would be milliseconds to Typesafe Config: refused as the loader refuses it
        CommandLine.ParameterException bare = assertThrows(CommandLine.ParameterException.class,
                () -> ClusterFlags.duration(cli, "--wait", "10"));
        assertEquals("--wait: give a unit, e.g. \"10s\" or \"10m\"", bare.getMessage());
        assertEquals("--wait: expected a duration such as 10s, 500ms or 2m, got \"soon\"",
                assertThrows(CommandLine.ParameterException.class,
                        () -> ClusterFlags.duration(cli, "--wait", "soon")).getMessage());
        assertThrows(CommandLine.ParameterException.class, () -> ClusterFlags.duration(cli, "--wait", "-5s"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClusterSimCliTest.Result r = cli("run", EXAMPLE, "--trials", "2", "--cluster",
                    "127.0.0.1:" + taken.getLocalPort());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("cannot listen there"), r.err());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void withoutWorkersItRunsLocallyOrFailsWhenToldNotTo() throws Exception {
        String[] run = {"run", EXAMPLE, "--trials", "6", "--format", "json", "--threads", "2"};
        ClusterSimCliTest.Result alone = cli(run);
        ClusterSimCliTest.Result fallback = cli(concat(run, "--cluster", "127.0.0.1:" + freePort(), "--wait", "1s"));
        assertEquals(0, fallback.code(), fallback.err());
        assertEquals(alone.out(), fallback.out());
        assertTrue(fallback.err().contains("running the remaining units in this JVM")
                && fallback.err().contains("units run by worker: local=6"), fallback.err());

        ClusterSimCliTest.Result refused = cli(concat(run, "--cluster", "127.0.0.1:" + freePort(), "--wait", "1s",
                "--no-local-fallback"));
        assertEquals(1, refused.code(), refused.err());
        assertTrue(refused.err().contains("no worker joined") && refused.out().isEmpty(), refused.err());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aConfigFilesSeedNodeMakesTheCommandACoordinatorAndTheFlagWins() throws Exception {
        int filePort = freePort();
        Path conf = Files.createTempFile("cluster", ".conf");
        Files.writeString(conf, "clustersim.cluster {\n  seed-nodes = [\"akka://clustersim@127.0.0.1:" + filePort
                + "\"]\n}\n# Akka settings ride along in the same file\nakka.cluster.seed-node-timeout = 2s\n");
        String[] run = {"run", EXAMPLE, "--trials", "4", "--format", "json", "--threads", "2"};
        ClusterSimCliTest.Result alone = cli(run);
        ClusterSimCliTest.Result fromFile = cli(concat(run, "--config", conf.toString(), "--wait", "1s"));
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(alone.out(), fromFile.out());
        assertTrue(fromFile.err().contains("coordinator at 127.0.0.1:" + filePort), fromFile.err());

        int flagPort = freePort();
        ClusterSimCliTest.Result flag = cli(concat(run, "--config", conf.toString(), "--cluster", "127.0.0.1:" + flagPort,
                "--wait", "1s"));
        assertEquals(0, flag.code(), flag.err());
        assertTrue(flag.err().contains("coordinator at 127.0.0.1:" + flagPort), flag.err());

        // without a seed node the file only carries settings: nothing listens
        Path settingsOnly = Files.createTempFile("akka", ".conf");
        Files.writeString(settingsOnly, "clustersim.cluster { bind = \"127.0.0.1:0\" }\n");
        ClusterSimCliTest.Result plain = cli(concat(run, "--config", settingsOnly.toString()));
        assertEquals(0, plain.code(), plain.err());
        assertEquals(alone.out(), plain.out());
        assertTrue(!plain.err().contains("cluster:"), plain.err());
    }

    @Test
    void configFileMistakesAreOneLocatedLine() throws Exception {
        Path remote = Files.createTempFile("remote", ".conf");
        Files.writeString(remote, "clustersim.cluster {\n  seed-nodes = [\"192.0.2.1:2552\"]\n}\n");
        ClusterSimCliTest.Result r = cli("run", EXAMPLE, "--config", remote.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("allow-remote") && r.err().strip().lines().count() == 1, r.err());

        Path typo = Files.createTempFile("typo", ".conf");
        Files.writeString(typo, "clustersim.cluster {\n  seed-nodes = [\"127.0.0.1:2552\"]\n  bnid = \"127.0.0.1:0\"\n}\n");
        ClusterSimCliTest.Result t = cli("worker", "--config", typo.toString());
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().contains(typo + ":3: clustersim.cluster.bnid: unknown key"), t.err());

        Path two = Files.createTempFile("two", ".conf");
        Files.writeString(two, "clustersim.cluster.seed-nodes = [\"127.0.0.1:2552\", \"127.0.0.1:2553\"]\n");
        ClusterSimCliTest.Result w = cli("run", EXAMPLE, "--config", two.toString());
        assertEquals(2, w.code(), w.err());
        assertTrue(w.err().contains(two + ":1: clustersim.cluster.seed-nodes: give exactly one address"), w.err());

        Path remoteBind = Files.createTempFile("bind", ".conf");
        Files.writeString(remoteBind, "clustersim.cluster { seed-nodes = [\"127.0.0.1:2552\"], bind = \"192.0.2.1:0\" }\n");
        ClusterSimCliTest.Result b = cli("worker", "--config", remoteBind.toString());
        assertEquals(2, b.code(), b.err());
        assertTrue(b.err().contains("clustersim.cluster.bind 192.0.2.1:0 is not a loopback address"), b.err());

        ClusterSimCliTest.Result none = cli("worker");
        assertEquals(2, none.code(), none.err());
        assertTrue(none.err().contains("--join HOST:PORT"), none.err());

        ClusterSimCliTest.Result missing = cli("run", EXAMPLE, "--config", "no-such.conf");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("no-such.conf: cannot read the file"), missing.err());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aClusteredSweepsBarCountsUnitsAndIsErasedBeforeTheSummary() throws Exception {
        String[] sweep = {"sweep", EXAMPLE, "--chips", "1k,2k", "--trials", "4", "--unit-trials", "2", "--format", "json",
                "--engine", "inline", "--cluster", "127.0.0.1:" + freePort(), "--wait", "1s"};
        CliConventionsTest.Result r = CliConventionsTest.cli("", true, sweep);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("4/4 units"), "two points of two units each: " + r.err());
        int summary = r.err().indexOf("cluster: units run by worker");
        assertTrue(summary > 0 && r.err().substring(0, summary).endsWith("\r"), "the bar erased first: " + r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
