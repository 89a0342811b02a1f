package io.clustersim.core.run;

import io.clustersim.core.engine.Entity;
import io.clustersim.core.engine.Event;
import io.clustersim.core.engine.EventSink;
import io.clustersim.core.engine.InlineEngine;
import io.clustersim.core.engine.Start;
import io.clustersim.core.engine.TrialSetup;
import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ClusterSpec;
import io.clustersim.topology.ScaleOutFabric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance check of the failure model against Meta's published rate: a 16,384-GPU H100 job
 * (2,048 nodes) at RSC-1's 6.5 failures per 1,000 node-days (Kokolis et al., HPCA'25), spread
 * over the seven component classes in Llama 3's cause mix. Meta's model says the job's mean time
 * between failures is 1 / (nodes · rate) = 1.80 h, so 54 days hold 718.8 failures on average;
 * the simulated failure entities, driven by a job that only records, must agree within Monte Carlo
 * error, and the count must be Poisson.
 */
class MetaFailureRateTest {

    private static final double RSC1 = 6.5;
    private static final double DAYS = 54;

    /** A job that records interruptions and ends the trial after {@link #DAYS}. */
    private static final class Recorder implements Entity {
        final List<Long> times = new ArrayList<>();
        final Map<String, Integer> causes = new TreeMap<>();

        @Override
        public void handle(Event event, EventSink sink) {
            if (event.payload() == Start.INSTANCE) {
                sink.schedule(Math.round(DAYS * 86_400e9), 5, event.target(), "stop");
            } else if (event.payload() instanceof RunEvents.Interrupt i) {
                times.add(sink.nowNanos());
                causes.merge(i.cause(), 1, Integer::sum);
            } else {
                sink.finish(this);
            }
        }
    }

    @Test
    void rsc1RateGivesMetasMeanTimeBetweenFailuresAndCount() {
        ClusterSpec cluster = new ClusterSpec(ChipCatalog.standard().require("h100-sxm"), 16_384, 8, 8,
                new ScaleOutFabric(400e9, 1e-6, 3_072, 7));
        FailureSpec failures = new FailureSpec(FailureSpec.llama3Classes(RSC1, 8), 300, 600,
                FailureSpec.Spares.UNLIMITED, null);
        RunModel model = new RunModel(cluster, 10, 1_000, failures, CheckpointSpec.none(), 2024);
        double perHour = 2_048 * RSC1 / 1000 / 24;
        double mtbfHours = 1 / perHour; // Meta: MTTF = 1 / (N_nodes · r_f)
        assertEquals(mtbfHours, model.mttfSeconds() / 3600, 1e-9 * mtbfHours);
        double expectedCount = perHour * DAYS * 24; // 718.8

        int trials = 300;
        double sumN = 0, sumN2 = 0, sumGap = 0, sumGap2 = 0;
        long gaps = 0;
        Map<String, Double> byCause = new TreeMap<>();
        for (int t = 0; t < trials; t++) {
            Recorder recorder = new Recorder();
            List<Entity> entities = new ArrayList<>();
            entities.add(recorder);
            entities.addAll(model.failureEntities(t, 0));
            InlineEngine.run(new TrialSetup(entities));
            int n = recorder.times.size();
            sumN += n;
            sumN2 += (double) n * n;
            for (int i = 1; i < n; i++) {
                double gap = (recorder.times.get(i) - recorder.times.get(i - 1)) / 3600e9;
                sumGap += gap;
                sumGap2 += gap * gap;
                gaps++;
            }
            recorder.causes.forEach((cause, k) -> byCause.merge(cause, (double) k, Double::sum));
        }
        double meanN = sumN / trials;
        double varN = sumN2 / trials - meanN * meanN;
        assertTrue(Math.abs(meanN - expectedCount) < 4 * Math.sqrt(expectedCount / trials),
                "failures in 54 days: " + meanN + " vs " + expectedCount);
        assertEquals(1.0, varN / meanN, 0.25, "Poisson counts: variance/mean");
        double meanGap = sumGap / gaps;
        double seGap = Math.sqrt((sumGap2 / gaps - meanGap * meanGap) / gaps);
        assertTrue(Math.abs(meanGap - mtbfHours) < 4 * seGap, "MTBF " + meanGap + " h vs " + mtbfHours + " ± " + seGap);
        // each cause in its Llama 3 share: e.g. GPUs 196 of 419
        double gpuShare = byCause.get("accelerator") / sumN;
        assertEquals(196.0 / 419, gpuShare, 4 * Math.sqrt(gpuShare * (1 - gpuShare) / sumN));
        double softwareShare = byCause.get("software") / sumN;
        assertEquals(63.0 / 419, softwareShare, 4 * Math.sqrt(softwareShare * (1 - softwareShare) / sumN));
    }
}
