package io.clustersim.core;

import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.model.StepEstimate;
import io.clustersim.core.run.FleetLayout;
import io.clustersim.core.run.RunModel;

/** Test access to the package-private classes behind the {@link ClusterSim} facade. */
public final class ClusterSimAccess {

    private ClusterSimAccess() {
    }

    /** {@link RunInputs#layout}. */
    public static FleetLayout layout(Scenario scenario, FleetStepEstimate full) {
        return RunInputs.layout(scenario, full);
    }

    /** {@link RunInputs#replicas}. */
    public static RunModel.Replicas replicas(Scenario scenario, StepEstimate full) {
        return RunInputs.replicas(scenario, full);
    }
}
