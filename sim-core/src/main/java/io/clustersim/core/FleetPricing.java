package io.clustersim.core;

/**
 * What a deadline search needs to choose the cheapest fleet that meets the deadline: a report's
 * total cost and each datacenter's chip-hour price (for a lower bound before simulating). Kept in
 * this package, apart from {@code core.cost} (which prices reports and depends on this package),
 * so the simulator does not depend on the cost model.
 *
 * <pre>{@code
 * Report r = sim.run(scenario, TrialExecutor.LOCAL, CostModel.pricing(prices));
 * }</pre>
 */
public interface FleetPricing {

    /** The report's total cost (means over trials), in one currency for every candidate. */
    double total(Report report);

    /** The price of one chip of {@code datacenter} for one hour; 0 when it has no price. */
    double chipHour(String datacenter);
}
