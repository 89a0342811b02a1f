package io.clustersim.core.model;

import java.util.List;

/**
 * One step of the whole fleet: the combined estimate, each datacenter's own, and what the WAN
 * costs. For a fleet of one datacenter, {@code step} is exactly the single-site estimate and the
 * WAN terms are zero.
 *
 * @param step                  the step of the whole fleet (for DiLoCo: one inner step, with the
 *                              outer synchronisation's exposed time spread over the H steps)
 * @param sites                 each datacenter's own step (hierarchical DP, DiLoCo) or the whole
 *                              pipeline's single-site step (pipeline split), in fleet order
 * @param method                how the step crosses datacenters ({@code null} for one datacenter)
 * @param wanSecondsPerStep     time the WAN transfers of one step take, hidden or not, seconds
 * @param exposedWanSeconds     the part of it the step waits for, seconds (also in the breakdown
 *                              as {@code exposedWan})
 * @param wanBytesPerSitePerStep bytes one datacenter sends over the WAN per step (the busiest one)
 * @param tokenFactor           tokens the scheme needs over synchronous training's (DiLoCo's
 *                              1 / token efficiency; 1 otherwise)
 */
public record FleetStepEstimate(StepEstimate step, List<StepEstimate> sites, CrossDcSpec.Method method,
                                double wanSecondsPerStep, double exposedWanSeconds, double wanBytesPerSitePerStep,
                                double tokenFactor) {

    public FleetStepEstimate {
        sites = List.copyOf(sites);
    }

    /** A single-site step: no WAN. */
    public static FleetStepEstimate singleSite(StepEstimate step) {
        return new FleetStepEstimate(step, List.of(step), null, 0, 0, 0, 1.0);
    }
}
