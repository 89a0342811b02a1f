package io.clustersim.scenarios.cli;

import io.clustersim.core.cost.CostModel;
import io.clustersim.scenarios.LoadedScenario;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code --rank time|cost} of {@code run} and {@code plan}: what a deadline search chooses among the
 * fleets that meet the deadline — the smallest ({@code time}, the default) or the cheapest by total
 * cost ({@code cost}, which needs the scenario's {@code cost} section).
 *
 * <pre>{@code
 * Report r = sim.run(scenario, executor, rank.prices(spec.commandLine(), loaded));
 * }</pre>
 */
final class RankFlag {

    enum Rank { time, cost }

    @Option(names = "--rank", defaultValue = "time", paramLabel = "time|cost",
            description = "With target.deadline: choose the smallest fleet that meets it (time) or the cheapest"
                    + " (cost; needs a cost section). (default ${DEFAULT-VALUE})")
    Rank rank;

    /**
     * The pricing to choose the cheapest fleet by, or {@code null} to choose the smallest.
     *
     * @throws CommandLine.ParameterException (exit 2) for {@code cost} without prices, or with
     *                                        prices in different currencies
     */
    io.clustersim.core.FleetPricing prices(CommandLine cli, LoadedScenario loaded) {
        if (rank == Rank.time) {
            return null;
        }
        Map<String, CostModel.Priced> prices = loaded.prices();
        if (prices.isEmpty()) {
            throw new CommandLine.ParameterException(cli, "--rank cost needs prices: add a cost { chip-hour = ..., "
                    + "currency = ... } section to the scenario");
        }
        if (prices.values().stream().map(p -> p.spec().currency()).distinct().count() > 1) {
            throw new CommandLine.ParameterException(cli, "--rank cost needs every cost in one currency");
        }
        return CostModel.pricing(prices);
    }
}
