package io.clustersim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static io.clustersim.scenarios.cli.ClusterSimCliTest.EXAMPLE;
import static io.clustersim.scenarios.cli.ClusterSimCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
