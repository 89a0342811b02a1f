package io.clustersim.core;

import io.clustersim.core.model.FleetStepEstimate;
import io.clustersim.core.run.FleetLayout;

/** Test access to package-private parts of {@link ClusterSim}. */
public final class ClusterSimAccess {

    private ClusterSimAccess() {
    }

    /** {@link ClusterSim#layout}. */
    public static FleetLayout layout(Scenario scenario, FleetStepEstimate full) {
        return ClusterSim.layout(scenario, full);
    }
}
