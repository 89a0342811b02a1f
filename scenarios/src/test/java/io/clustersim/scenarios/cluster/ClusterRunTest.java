package io.clustersim.scenarios.cluster;

import io.clustersim.scenarios.cli.ClusterSimCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A coordinator (this JVM, through the CLI) and worker JVMs on 127.0.0.1: a sweep and a Monte
 * Carlo give byte-identical JSON to the single-JVM run; then, mid-run, a third worker is started
 * and the first two are killed with SIGKILL: their units are re-sent (the coordinator says so),
 * the late worker takes the rest, and the JSON is still byte-identical. The workers are long-lived: the
 * same two serve every coordinator of the class, each a new cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRunTest {

    private static final String SCENARIO = Path.of("scenarios/examples/gpt3-175b-a100.conf").toString();
    private static final String MULTI_SITE = Path.of("scenarios/examples/multi-dc-3x-100k-gb200.conf").toString();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static int coordinatorPort;
    private static Worker w1;
    private static Worker w2;

    /** A worker JVM and the lines it printed on stderr. */
    private record Worker(Process process, int port, List<String> lines) {
        String name() {
            return "127.0.0.1:" + port;
        }

        int unitsRunSoFar() {
            synchronized (lines) {
                return (int) lines.stream().filter(l -> l.contains(" ran unit ")).count();
            }
        }

        int searchSlicesSoFar() {
            synchronized (lines) {
                return (int) lines.stream().filter(l -> l.contains(" ran unit ") && l.contains("(search slice ")).count();
            }
        }
    }

    private record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startWorkers() throws IOException {
        coordinatorPort = freePort();
        w1 = startWorker(false);
        w2 = startWorker(true); // told where to join and listen by a config file, not flags
    }

    @AfterAll
    static void killWorkers() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sweepAndMonteCarloOnTwoWorkersMatchOneJvm() {
        String[] sweep = {"sweep", SCENARIO, "--chips", "2k,4k,8k", "--trials", "8", "--format", "json"};
        Result alone = cli(sweep);
        Result cluster = cli(clustered(sweep, "--min-workers", "2"));
        assertEquals(0, cluster.code(), cluster.err());
        assertEquals(alone.out(), cluster.out());
        // 3 points × 8 units of one trial, every one counted once
        assertEquals(24, unitsRun(cluster.err(), w1.name()) + unitsRun(cluster.err(), w2.name()), cluster.err());

        String[] run = {"run", SCENARIO, "--trials", "48", "--format", "json"};
        Result runAlone = cli(run);
        Result runCluster = cli(clustered(run, "--min-workers", "2", "--unit-trials", "4"));
        assertEquals(0, runCluster.code(), runCluster.err());
        assertEquals(runAlone.out(), runCluster.out());
        assertEquals(12, unitsRun(runCluster.err(), w1.name()) + unitsRun(runCluster.err(), w2.name()), runCluster.err());
        assertTrue(runAlone.out().matches("(?s).*\"trials\"\\s*:\\s*48\\b.*"), "the report is the 48-trial run");
    }

    @Test
    @Order(2)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aScenarioOnStandardInputRunsOnTheWorkers() throws IOException {
        // the workers get the text the coordinator read from stdin (they cannot read its stdin)
        String text = Files.readString(Path.of(SCENARIO));
        String[] run = {"run", "-", "--trials", "12", "--format", "json"};
        Result alone = cli(text, run);
        Result cluster = cli(text, clustered(run, "--min-workers", "2", "--unit-trials", "3"));
        assertEquals(0, cluster.code(), cluster.err());
        assertEquals(alone.out(), cluster.out());
        assertEquals(cli(new String[] {"run", SCENARIO, "--trials", "12", "--format", "json"}).out(), cluster.out(),
                "the same report as from the file");
        assertEquals(4, unitsRun(cluster.err(), w1.name()) + unitsRun(cluster.err(), w2.name()), cluster.err());
    }

    @Test
    @Order(3)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void plansSearchGoesOutInSlicesAndRanksAsOneJvm() throws InterruptedException {
        // plan searches every plan of the example (9,052 layouts): 16 slices, merged by slice index
        String[] plan = {"plan", SCENARIO, "--trials", "4", "--top", "3", "--format", "json"};
        int slicesBefore = w1.searchSlicesSoFar() + w2.searchSlicesSoFar();
        Result alone = cli(plan);
        Result cluster = cli(clustered(plan, "--min-workers", "2", "--unit-trials", "2"));
        assertEquals(0, cluster.code(), cluster.err());
        assertEquals(alone.out(), cluster.out());
        assertEquals(16 + 2, unitsRun(cluster.err(), w1.name()) + unitsRun(cluster.err(), w2.name()),
                "16 search slices and 2 units of trials: " + cluster.err());
        long until = System.nanoTime() + 10_000_000_000L; // their stderr lines arrive through a pipe
        while (w1.searchSlicesSoFar() + w2.searchSlicesSoFar() - slicesBefore < 16 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals(16, w1.searchSlicesSoFar() + w2.searchSlicesSoFar() - slicesBefore, "the workers searched the slices");
    }

    @Test
    @Order(4)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledWorkersUnitsAreResentAndALateWorkerTakesWork() throws Exception {
        // three datacenters: about ten times the work of a trial above, and the WAN's model at work too
        String[] run = {"run", MULTI_SITE, "--trials", "160", "--format", "json"};
        int before = w1.unitsRunSoFar();
        CompletableFuture<Result> cluster = CompletableFuture.supplyAsync(() ->
                cli(clustered(run, "--min-workers", "2", "--unit-trials", "2")));
        Worker late = startWorker(false); // joins while the two others work
        while (w1.unitsRunSoFar() == before) { // SIGKILL while it holds units
            assertTrue(!cluster.isDone(), "the run ended before worker 1 ran a unit: " + cluster.getNow(null));
            Thread.sleep(20);
        }
        w1.process().destroyForcibly();
        // then the other: whatever is left can only go to the late worker (the coordinator waits
        // for it, --wait 120s, and may not run units itself), so it takes work however slow it starts
        w2.process().destroyForcibly();
        Result result = cluster.get();
        Result alone = cli(run);
        assertEquals(0, result.code(), result.err());
        assertEquals(alone.out(), result.out());
        assertTrue(result.err().contains("worker " + w1.name() + " left or became unreachable with")
                && result.err().contains("re-sending units"), result.err());
        assertTrue(unitsRun(result.err(), late.name()) > 0, "the late worker ran nothing: " + result.err());
        assertEquals(80, unitsRun(result.err(), w1.name()) + unitsRun(result.err(), w2.name())
                + unitsRun(result.err(), late.name()), result.err());
    }

    private static String[] clustered(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--cluster", "127.0.0.1:" + coordinatorPort, "--wait", "120s", "--no-local-fallback"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Units the coordinator's summary line says {@code worker} ran. */
    private static int unitsRun(String err, String worker) {
        Matcher m = Pattern.compile("units run by worker:.* " + Pattern.quote(worker) + "=(\\d+)").matcher(err);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Result cli(String... args) {
        return cli("", args);
    }

    /** The CLI with {@code stdin} on its standard input. */
    private static Result cli(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ClusterSimCli.execute(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out), new PrintWriter(err), false);
        return new Result(code, out.toString(), err.toString());
    }

    /** A worker JVM told where to go by flags, or by a {@code --config} file's {@code clustersim.cluster} block. */
    private static Worker startWorker(boolean configFile) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ClusterSimCli.class.getName(), "worker", "--threads", "1", "--verbose"));
        if (configFile) {
            Path conf = Files.createTempFile("worker", ".conf");
            conf.toFile().deleteOnExit();
            Files.writeString(conf, "clustersim.cluster {\n  seed-nodes = [\"127.0.0.1:" + coordinatorPort
                    + "\"]\n  bind = \"127.0.0.1:" + port + "\"\n}\n");
            command.addAll(List.of("--config", conf.toString()));
        } else {
            command.addAll(List.of("--join", "127.0.0.1:" + coordinatorPort, "--bind", "127.0.0.1:" + port));
        }
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        synchronized (PROCESSES) {
            PROCESSES.add(p);
        }
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process died: its lines so far are kept
            }
        }, "worker-" + port + "-stderr");
        reader.setDaemon(true);
        reader.start();
        return new Worker(p, port, lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
