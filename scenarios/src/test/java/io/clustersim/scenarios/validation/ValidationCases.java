package io.clustersim.scenarios.validation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.clustersim.core.Scenario;
import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.PlanValidator;
import io.clustersim.core.model.Recompute;
import io.clustersim.core.model.SoftwareSpec;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.model.TransformerSpec;
import io.clustersim.scenarios.ScenarioLoader;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The public validation set as step-model cases: the scenario files of {@code scenarios/validation/}
 * (Megatron-LM SC'21 Tables 1 and 2, Llama 3 Table 4) and vTrain's 109 measured iterations.
 */
final class ValidationCases {

    /** What a case compares. */
    enum Metric {
        /** Hardware TF/s per GPU (counting recomputation), as Megatron-LM's tables report. */
        HARDWARE_TFLOPS_PER_CHIP,
        /** BF16 model FLOPs utilisation, attention counted in full (Megatron-LM, PaLM). */
        MFU,
        /** BF16 model FLOPs utilisation with causal attention counted at half, as Llama 3 reports it. */
        MFU_CAUSAL,
        /** Iteration time in seconds, as vTrain measured. */
        ITERATION_SECONDS
    }

    /**
     * One case.
     *
     * @param name      readable name (file name or CSV row)
     * @param group     family of cases (for statistics): megatron-t1, megatron-t2, llama3, vtrain-&lt;size&gt;
     * @param metric    what is compared
     * @param published the published value
     * @param scenario  model, fleet and plan
     * @param training  whether the case is in the calibration fit's training half
     */
    record Case(String name, String group, Metric metric, double published, Scenario scenario, boolean training) {

        /** The simulated value of the metric under a calibration. */
        double simulate(Calibration calibration) {
            StepEstimate step = new AnalyticStepModel(calibration, scenario.software())
                    .estimate(scenario.model(), scenario.cluster(), scenario.parallelism());
            return switch (metric) {
                case HARDWARE_TFLOPS_PER_CHIP -> step.hardwareFlopsPerStep() / step.seconds() / step.chips() / 1e12;
                case MFU -> step.mfu();
                case MFU_CAUSAL -> step.mfuCausal();
                case ITERATION_SECONDS -> step.seconds();
            };
        }

        /** Relative error of the simulation, (simulated − published) / published. */
        double error(Calibration calibration) {
            return simulate(calibration) / published - 1;
        }

        /**
         * The error as one of throughput, (simulated − published) / published of tokens per second: the
         * metric's own error for the rate metrics (TFLOP/s, MFU), published / simulated − 1 for iteration times.
         */
        double throughputError(Calibration calibration) {
            return metric == Metric.ITERATION_SECONDS ? published / simulate(calibration) - 1 : error(calibration);
        }

        /** Where the case comes from, as reports name it beside the systems of the measured-throughput tables. */
        String source() {
            return group.startsWith("vtrain") ? "vTrain A100" : group.startsWith("megatron") ? "Megatron-LM SC'21 A100"
                    : "Llama 3 H100";
        }

        boolean fits(Calibration calibration) {
            return new AnalyticStepModel(calibration, scenario.software())
                    .estimate(scenario.model(), scenario.cluster(), scenario.parallelism()).memory().fits();
        }
    }

    private ValidationCases() {
    }

    static final Path VALIDATION_DIR = Path.of("scenarios/validation");
    static final Path VTRAIN_CSV = Path.of("docs/reference/vtrain-ground-truth-multi.csv");

    /** Every published-run scenario file, in name order. */
    static List<Case> publishedRuns() {
        List<Path> files;
        try (Stream<Path> list = Files.list(VALIDATION_DIR)) {
            files = list.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        int index = 0;
        for (Path file : files) {
            Scenario scenario = ScenarioLoader.load(file).scenario();
            Config raw = ConfigFactory.parseFile(file.toFile());
            String name = file.getFileName().toString().replace(".conf", "");
            String group = name.startsWith("megatron-sc21-t1") ? "megatron-t1"
                    : name.startsWith("megatron-sc21-t2") ? "megatron-t2" : "llama3";
            Metric metric = !raw.hasPath("validation.published-mfu") ? Metric.HARDWARE_TFLOPS_PER_CHIP
                    : raw.hasPath("validation.mfu-convention") && raw.getString("validation.mfu-convention").equals("causal")
                    ? Metric.MFU_CAUSAL : Metric.MFU;
            double published = metric != Metric.HARDWARE_TFLOPS_PER_CHIP ? raw.getDouble("validation.published-mfu")
                    : raw.getDouble("validation.published-tflops-per-chip");
            cases.add(new Case(name, group, metric, published, scenario, index++ % 2 == 0));
        }
        return cases;
    }

    /**
     * vTrain's measured iterations: GPT models (vocabulary 51,200) on A100 with 8 GPUs per node
     * (NVLink as in the catalog: these are measurements on real DGX-class nodes; vTrain's 150 GB/s
     * is its simulator's setting, not the hardware), 800 Gb/s per node between nodes, 1F1B, full
     * recomputation, no overlap of the gradient all-reduce. The software is Megatron-DeepSpeed (2023),
     * whose tensor-parallel layers overlap the backward all-reduce with the weight-gradient GEMM by
     * default ({@code --no-async-tensor-model-parallel-allreduce} is the opt-out).
     */
    static List<Case> vtrain() {
        List<String> lines;
        try {
            lines = Files.readAllLines(VTRAIN_CSV);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChipSpec catalogA100 = ChipCatalog.standard().require("a100-80gb-sxm");
        ChipSpec a100 = new ChipSpec(catalogA100.id(), catalogA100.displayName(), catalogA100.family(),
                catalogA100.peakBf16FlopsPerSecond(), catalogA100.peakFp8FlopsPerSecond(), catalogA100.hbmBytes(),
                catalogA100.hbmBytesPerSecond(), catalogA100.scaleUpBytesPerSecond(), catalogA100.scaleUpDomainChips(), 100e9,
                catalogA100.tdpWatts(), catalogA100.source() + "; vTrain validation setup", catalogA100.unverifiedFields());
        List<Case> cases = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            String size = f[0];
            int gpus = Integer.parseInt(f[1]);
            int globalBatch = Integer.parseInt(f[2]);
            int micro = Integer.parseInt(f[3]);
            int hidden = Integer.parseInt(f[4]);
            int heads = Integer.parseInt(f[5]);
            int layers = Integer.parseInt(f[6]);
            int seq = Integer.parseInt(f[7]);
            int tp = Integer.parseInt(f[8]);
            int dp = Integer.parseInt(f[9]);
            int pp = Integer.parseInt(f[10]);
            double seconds = Double.parseDouble(f[11]) / 1e3;
            TransformerSpec model = TransformerSpec.builder().layers(layers).hidden(hidden).heads(heads)
                    .vocab(51_200).seqLen(seq).build();
            ClusterSpec cluster = new ClusterSpec(a100, gpus, 8, 8, new ScaleOutFabric(100e9, 1e-6, gpus, 1));
            ParallelismPlan plan = ParallelismPlan.builder().tp(tp).pp(pp).dp(dp).microBatch(micro)
                    .globalBatch(globalBatch).recompute(Recompute.FULL).build();
            // vTrain measured some plans with TP 16 across two nodes; scenarios refuse that, but the
            // step model can cost it (the TP group's collectives then cross the NICs), so keep them.
            List<io.clustersim.core.model.Problem> problems = PlanValidator.problems(model, cluster, plan).stream()
                    .filter(p -> !p.message().contains("larger than the scale-up domain")).toList();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("vTrain row " + i + " is not a valid plan: " + problems);
            }
            Scenario scenario = Scenario.builder().name("vtrain-" + i).model(model).targetTokens(1e9).cluster(cluster)
                    .parallelism(plan).software(new SoftwareSpec(false, false, true)).trials(1).build();
            String name = String.format("vtrain %sB #%d tp%d dp%d pp%d mb%d", size, i, tp, dp, pp, micro);
            cases.add(new Case(name, "vtrain-" + size + "b", Metric.ITERATION_SECONDS, seconds, scenario, i % 2 == 0));
        }
        return cases;
    }
}
