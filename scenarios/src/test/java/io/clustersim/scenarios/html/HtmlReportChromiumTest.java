package io.clustersim.scenarios.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.clustersim.scenarios.cli.ClusterSimCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens each kind of HTML report (run, plan, sweep, compare) in a real headless Chromium: no
 * console errors, no request beyond the file, every chart drawn with its data marks. Screenshots
 * land in {@code scenarios/target/screenshots/} for review. Skipped, saying why, where Chromium is
 * not installed ({@code apt-get install chromium}; {@code .ci/run} installs it). With
 * {@code -Dclustersim.readme-screenshots=docs/screenshots} it also writes the README's pictures
 * at half scale (the README names the command).
 *
 * <p>A chart's data marks are its SVG shapes painted in a series colour of {@link Charts} with a
 * non-empty box: bars, lines, markers — not the background, grid or axes.
 */
class HtmlReportChromiumTest {

    static final String EXAMPLE = "scenarios/examples/gpt3-175b-a100.conf";
    static final Path OUT = Path.of("scenarios/target/html-reports");
    static final Path SHOTS = Path.of("scenarios/target/screenshots");

    /** The series colours of {@link Charts}, as the browser computes them. */
    static final String MARKS_JS = """
            (() => {
              const palette = new Set(['rgb(76, 120, 168)','rgb(245, 133, 24)','rgb(84, 162, 75)','rgb(228, 87, 86)',
                'rgb(114, 183, 178)','rgb(178, 121, 162)','rgb(238, 202, 59)','rgb(157, 117, 93)',
                'rgb(255, 157, 166)','rgb(186, 176, 172)']);
              return Array.from(document.querySelectorAll('figure.chart')).map(f => {
                const svg = f.querySelector('svg');
                const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                let marks = 0;
                if (svg) {
                  for (const e of svg.querySelectorAll('rect,path,line,polyline,polygon')) {
                    const s = getComputedStyle(e);
                    const b = e.getBBox();
                    if ((palette.has(s.fill) || palette.has(s.stroke)) && (b.width > 0 || b.height > 0)) marks++;
                  }
                }
                return {id: f.dataset.chart, width: box.width, height: box.height, marks: marks,
                        texts: svg ? svg.querySelectorAll('text').length : 0};
              });
            })()
            """;

    static Optional<Path> chromium;
    static HeadlessChromium chrome;

    @BeforeAll
    static void startChromium() throws Exception {
        chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install -y chromium): the HTML reports"
                + " are not opened in a browser on this machine");
        Files.createDirectories(OUT);
        Files.createDirectories(SHOTS);
        chrome = HeadlessChromium.start(chromium.get());
    }

    @AfterAll
    static void stopChromium() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
    }

    static Path report(String name, String... args) {
        Path file = OUT.resolve(name + ".html");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "html", "-o", file.toString()));
        StringWriter err = new StringWriter();
        int code = ClusterSimCli.execute(all.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, code, String.join(" ", all) + ": " + err);
        return file;
    }

    /** Opens the report, checks it, writes its screenshot; returns each chart's marks by id. */
    static Map<String, Integer> check(String name, Path file, List<String> expectedCharts) throws Exception {
        String html = Files.readString(file);
        assertTrue(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"),
                name + ": no scripts and no links out");
        HeadlessChromium.Load load = chrome.open(file.toAbsolutePath());
        assertEquals(List.of(), load.errors(), name + ": console errors");
        assertEquals(List.of(), load.external(), name + ": requests beyond the file");
        Map<String, Integer> marks = new LinkedHashMap<>();
        for (JsonNode chart : chrome.evaluate(MARKS_JS)) {
            String id = chart.get("id").asText();
            assertTrue(chart.get("width").asDouble() >= Charts.WIDTH - 1 && chart.get("height").asDouble() >= Charts.HEIGHT - 1,
                    name + " " + id + " drawn at its size: " + chart);
            assertTrue(chart.get("texts").asInt() >= 3, name + " " + id + " has a title and axis labels: " + chart);
            marks.put(id, chart.get("marks").asInt());
        }
        assertEquals(expectedCharts, new ArrayList<>(marks.keySet()), name + ": the charts of the report");
        marks.forEach((id, n) -> assertTrue(n >= 1, name + " " + id + ": no data marks drawn"));
        Files.write(SHOTS.resolve(name + ".png"), chrome.screenshot(1360, 1));
        String readme = System.getProperty("clustersim.readme-screenshots");
        if (readme != null) { // the README's pictures: half scale, to keep the repository small
            Path dir = Path.of(readme);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + "-report.png"), chrome.screenshot(1360, 0.5));
        }
        return marks;
    }

    static final List<String> RUN_CHARTS = List.of("wallclock-histogram", "wallclock-cdf", "step-breakdown",
            "compute-breakdown", "memory",
            "time-fractions", "interruptions", "timeline", "power", "energy", "cost", "failure-cost");

    @Test
    void runReport() throws Exception {
        Path file = report("run", "run", EXAMPLE, "--trials", "200", "--engine", "inline");
        Map<String, Integer> marks = check("run", file, RUN_CHARTS);
        // sqrt(200) bins, most of them filled, plus the P50/P90/P99 markers
        assertTrue(marks.get("wallclock-histogram") >= 8, marks.toString());
        assertTrue(marks.get("wallclock-cdf") >= 4, "the curve and three markers: " + marks);
        assertTrue(marks.get("step-breakdown") >= 4, "one bar per non-zero term: " + marks);
        assertTrue(marks.get("compute-breakdown") >= 4, "one bar per non-zero part of compute: " + marks);
        assertTrue(marks.get("memory") >= 5, "four categories stacked and the capacity line: " + marks);
        // the median trial's progress line, its checkpoints, its restarts and its interruptions by cause
        String html = Files.readString(file);
        Matcher trial = Pattern.compile("Trial (\\d+), the one whose wall clock is the median \\(([0-9.]+) days\\): (\\d+)"
                + " interruptions?").matcher(html);
        assertTrue(trial.find(), "the timeline's caption");
        int interruptions = Integer.parseInt(trial.group(3));
        assertTrue(interruptions >= 1, "the example's median trial is interrupted: " + trial.group());
        assertTrue(marks.get("timeline") >= 2 + interruptions, "the progress line, checkpoints, one mark per"
                + " interruption and restart: " + marks);
        // the median: as many trials at or below its wall clock as at or above (the per-trial CSV says)
        String csv = csv("run", EXAMPLE, "--trials", "200", "--engine", "inline");
        List<Double> days = csv.lines().skip(1).map(l -> Double.parseDouble(l.split(",")[1])).sorted().toList();
        assertEquals(days.get(99), Double.parseDouble(trial.group(2)), 0.006, "the lower median of 200 trials");
    }

    static String csv(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--format", "csv"));
        StringWriter out = new StringWriter();
        assertEquals(0, ClusterSimCli.execute(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(new StringWriter())));
        return out.toString();
    }

    @Test
    void planReport() throws Exception {
        Path file = report("plan", "plan", EXAMPLE, "--trials", "50", "--engine", "inline", "--top", "4");
        List<String> charts = new ArrayList<>(List.of("plan-breakdown", "plan-mfu"));
        charts.addAll(RUN_CHARTS);
        Map<String, Integer> marks = check("plan", file, charts);
        assertTrue(marks.get("plan-mfu") >= 4, "one bar per ranked plan: " + marks);
    }

    @Test
    void sweepReport() throws Exception {
        Path file = report("sweep", "sweep", "scenarios/examples/scale-out-405b-h100.conf", "--chips", "1k..64k",
                "--points", "5", "--trials", "4");
        Map<String, Integer> marks = check("sweep", file, List.of("scaling", "sweep-days", "sweep-mfu"));
        assertTrue(marks.get("scaling") >= 4, "measured, ideal, Amdahl and USL: " + marks);
    }

    @Test
    void compareReport() throws Exception {
        Path other = OUT.resolve("gpt3-4h-checkpoints.conf");
        Files.writeString(other, Files.readString(Path.of(EXAMPLE)) + "\ncheckpoint.interval = 4h\n");
        Path file = report("compare", "compare", EXAMPLE, other.toString(), "--trials", "50");
        Map<String, Integer> marks = check("compare", file,
                List.of("compare-wallclock", "compare-step", "compare-time", "compare-cost"));
        assertTrue(marks.get("compare-wallclock") >= 6, "three percentiles of two scenarios: " + marks);
    }

    @Test
    void theHarnessSeesErrorsExternalRequestsAndMissingMarks() throws Exception {
        Path bad = OUT.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><script>console.error('boom'); undefined.x;</script>"
                + "<img src=\"http://192.0.2.1/x.png\"><figure class=\"chart\" data-chart=\"empty\">"
                + "<svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" style=\"fill:white\"/></svg>"
                + "</figure></body></html>");
        HeadlessChromium.Load load = chrome.open(bad.toAbsolutePath());
        assertTrue(load.errors().stream().anyMatch(e -> e.contains("console.error")), load.toString());
        assertTrue(load.errors().stream().anyMatch(e -> e.startsWith("exception")), load.toString());
        assertEquals(List.of("http://192.0.2.1/x.png"), load.external());
        JsonNode charts = chrome.evaluate(MARKS_JS);
        assertEquals(0, charts.get(0).get("marks").asInt(), "a white rectangle is not a data mark");
    }
}
