package io.clustersim.scenarios.validation;

import io.clustersim.core.model.Calibration;
import io.clustersim.topology.ChipFamily;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's validation section (between {@code <!-- validation:begin -->} and
 * {@code <!-- validation:end -->}): rewritten when run with {@code -Dclustersim.updateReadme=true}
 * ({@code mvn -q -pl scenarios -am test -Dtest=ValidationReportTest -Dsurefire.failIfNoSpecifiedTests=false -Dclustersim.updateReadme=true}),
 * otherwise checked: the test fails when the README no longer shows what the model computes.
 */
class ValidationReportTest {

    static final String BEGIN = "<!-- validation:begin -->";
    static final String END = "<!-- validation:end -->";

    @Test
    void writeReport() throws IOException {
        Calibration cal = Calibration.standard();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Calibration in use: GEMM efficiency Ampere %.4f, Hopper %.4f, Blackwell %.4f,"
                        + " Blackwell Ultra %.4f, TPU (v4, v5p, TPU7x) %.4f, TPU lite (v5e, v6e) %.4f; kernel overhead Ampere %.1f µs, Hopper %.1f µs (TPU and families without data too),"
                        + " Blackwell %.1f µs, Blackwell Ultra %.1f µs (Blackwell's scaled by the GEMM efficiencies); scale-up"
                        + " efficiency %.3f; scale-out efficiency %.3f; NCCL"
                        + " collective SMs %.0f (not fitted); overlap contention %.3f; attention efficiency %.3f; HBM efficiency %.2f (not fitted).%n%n",
                cal.gemmEfficiency(ChipFamily.NVIDIA_AMPERE), cal.gemmEfficiency(ChipFamily.NVIDIA_HOPPER),
                cal.gemmEfficiency(ChipFamily.NVIDIA_BLACKWELL), cal.gemmEfficiency(ChipFamily.NVIDIA_BLACKWELL_ULTRA),
                cal.gemmEfficiency(ChipFamily.GOOGLE_TPU), cal.gemmEfficiency(ChipFamily.GOOGLE_TPU_LITE),
                cal.kernelOverheadSeconds(ChipFamily.NVIDIA_AMPERE) * 1e6, cal.kernelOverheadSeconds(ChipFamily.NVIDIA_HOPPER) * 1e6,
                cal.kernelOverheadSeconds(ChipFamily.NVIDIA_BLACKWELL) * 1e6,
                cal.kernelOverheadSeconds(ChipFamily.NVIDIA_BLACKWELL_ULTRA) * 1e6, cal.scaleUpEfficiency(), cal.scaleOutEfficiency(),
                cal.collectiveSms(), cal.overlapContention(), cal.attentionEfficiency(), cal.hbmEfficiency()));
        List<ValidationCases.Case> all = new ArrayList<>();
        if (Files.isDirectory(ValidationCases.VALIDATION_DIR)) {
            List<ValidationCases.Case> published = ValidationCases.publishedRuns();
            all.addAll(published);
            sb.append(summary("Published runs (Megatron-LM SC'21 Tables 1–2: hardware TF/s per GPU; Llama 3 Table 4: MFU)",
                    published, cal, false));
            sb.append(StepValidationTest.table(published, cal)).append('\n');
        }
        List<ValidationCases.Case> vtrain = ValidationCases.vtrain();
        all.addAll(vtrain);
        sb.append(summary("vTrain measured iteration times (109 configurations, A100)", vtrain, cal, true));
        sb.append("<details><summary>all 109 vTrain cases</summary>\n\n")
                .append(StepValidationTest.table(vtrain, cal)).append("\n</details>\n");
        double[] train = all.stream().filter(ValidationCases.Case::training).mapToDouble(c -> c.error(cal)).toArray();
        double[] test = all.stream().filter(c -> !c.training()).mapToDouble(c -> c.error(cal)).toArray();
        sb.append(String.format(Locale.ROOT, "%nRMS relative error: fit half %.1f%%, held-out half %.1f%%.%n",
                100 * CalibrationFit.rms(train), 100 * CalibrationFit.rms(test)));
        String report = sb.toString();
        Files.createDirectories(Path.of("scenarios/target"));
        Files.writeString(Path.of("scenarios/target/validation-report.md"), report);
        Path readme = Path.of("docs/validation.md");
        String text = Files.readString(readme);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertTrue(from >= 0 && to > from, "README has no validation markers");
        String updated = text.substring(0, from + BEGIN.length()) + "\n" + report + text.substring(to);
        if (Boolean.getBoolean("clustersim.updateReadme")) {
            Files.writeString(readme, updated);
        } else {
            assertEquals(updated, text, "the README's validation section is stale; regenerate it with the command in"
                    + " this class's Javadoc (and the README)");
        }
    }

    private static String summary(String title, List<ValidationCases.Case> cases, Calibration cal, boolean spearman) {
        double[] abs = cases.stream().mapToDouble(c -> Math.abs(c.error(cal))).toArray();
        double max = 0;
        for (double a : abs) {
            max = Math.max(max, a);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "**%s**: median absolute error %.1f%%, largest %.1f%%", title, 100 * new Median().evaluate(abs), 100 * max));
        if (spearman) {
            Map<String, List<double[]>> groups = new TreeMap<>();
            for (ValidationCases.Case c : cases) {
                groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(new double[] {c.simulate(cal), c.published()});
            }
            sb.append("; Spearman rank correlation per model size:");
            groups.forEach((g, v) -> sb.append(String.format(Locale.ROOT, " %s %.2f (%d cases);", g.replace("vtrain-", ""),
                    new SpearmansCorrelation().correlation(v.stream().mapToDouble(x -> x[0]).toArray(),
                            v.stream().mapToDouble(x -> x[1]).toArray()), v.size())));
        }
        return sb.append("\n\n").toString();
    }
}
