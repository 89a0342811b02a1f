package io.clustersim.scenarios.validation;

import io.clustersim.core.model.AnalyticStepModel;
import io.clustersim.core.model.Calibration;
import io.clustersim.core.model.StepEstimate;
import org.junit.jupiter.api.Test;

class ScratchPrintTest {
    @Test
    void print() {
        for (ValidationCases.Case c : ValidationCases.vtrain()) {
            if (!c.name().matches(System.getProperty("scratch.filter", ".*"))) continue;
            StepEstimate e = new AnalyticStepModel(Calibration.standard(), c.scenario().software())
                    .estimate(c.scenario().model(), c.scenario().cluster(), c.scenario().parallelism());
            StringBuilder sb = new StringBuilder();
            e.breakdownSeconds().forEach((k, v) -> { if (v > 0) sb.append(String.format(" %s=%.2f", k, v)); });
            System.out.printf("%-40s meas %.2f sim %.2f |%s  mem %.1fGB%n", c.name(), c.published(), e.seconds(), sb, e.memory().perChipBytes()/1e9);
        }
    }
}
