package io.clustersim.scenarios;

import io.clustersim.core.run.FailureClass.Effect;
import io.clustersim.core.run.FailureClass.Lifetime;
import io.clustersim.core.run.FailureClass.RepairTime;
import io.clustersim.core.run.FailureClass.Scope;
import io.clustersim.core.run.FailureClass;
import io.clustersim.topology.Fleet;

/**
 * Reads one failure class, {@code failures.<class>.*}: its rate (per 1,000 node-days or per component
 * hour), lifetime distribution and repair time.
 *
 * <pre>{@code
 * FailureClass c = FailureClassReader.classOverrides(in, "failures.hbm.", base, 8, fleet);
 * }</pre>
 */
final class FailureClassReader {

    private FailureClassReader() {
    }

    /** A class the mix does not have: its scope and effect come with its name. */
    static FailureClass newClass(ConfigReader in, String name) {
        String prefix = "failures." + name + ".";
        if (!in.has(prefix + "rate-per-1000-node-days") && !in.has(prefix + "rate-per-component-hour")) {
            throw in.error("failures." + name, "missing a rate: give rate-per-1000-node-days or rate-per-component-hour");
        }
        Scope scope = switch (name) {
            case "host" -> Scope.NODE;
            case "power" -> Scope.DATACENTER;
            default -> Scope.CHIP;
        };
        Effect effect = switch (name) {
            case "software" -> Effect.RESTART;
            case "power" -> Effect.OUTAGE;
            default -> Effect.REPLACE_NODE;
        };
        return new FailureClass(name, scope, 1, 0, Lifetime.EXPONENTIAL, effect, null);
    }

    static FailureClass classOverrides(ConfigReader in, String prefix, FailureClass c, double chipsPerNode,
                                               Fleet sites) {
        in.read(prefix + "rate-per-1000-node-days").refuseWithExcluded();
        if (in.has(prefix + "rate-per-component-hour")) {
            c = c.withRate(Sections.nonNegative(in, prefix + "rate-per-component-hour"));
        } else if (in.has(prefix + "rate-per-1000-node-days")) {
            // the class's failures per 1,000 node-days, spread over its components
            double perNodeHour = Sections.nonNegative(in, prefix + "rate-per-1000-node-days") / 1000 / 24;
            c = c.withRate(switch (c.scope()) {
                case CHIP -> perNodeHour / chipsPerNode / c.perUnit();
                case NODE -> perNodeHour / c.perUnit();
                case DATACENTER -> {
                    // nodes of an average datacenter of the fleet
                    double nodes = sites.chips() / chipsPerNode / sites.datacenters().size();
                    yield perNodeHour * nodes / c.perUnit();
                }
            });
        }
        // a shape makes a Weibull lifetime (the declared default says so in words)
        String distribution = in.read(prefix + "distribution").word(in.has(prefix + "shape") ? "weibull" : null);
        if (distribution.equals("weibull")) {
            double shape = in.readUnranged(prefix + "shape").number(); // Lifetime.weibull checks it
            String fleet = in.read(prefix + "fleet").word();
            try {
                c = c.withLifetime(Lifetime.weibull(shape, fleet.equals("new")));
            } catch (IllegalArgumentException e) {
                throw in.error(prefix + "shape", e.getMessage());
            }
        } else if (distribution.equals("exponential")) {
            if (in.has(prefix + "shape") || in.has(prefix + "fleet")) {
                throw in.error(prefix + (in.has(prefix + "shape") ? "shape" : "fleet"),
                        "only a Weibull distribution has a shape and a fleet age; say distribution = weibull");
            }
            c = c.withLifetime(Lifetime.EXPONENTIAL);
        }
        return c;
    }

    /** A lognormal repair time under {@code prefix}, or {@code fallback} when none is given. */
    static RepairTime repair(ConfigReader in, String prefix, RepairTime fallback) {
        boolean median = in.has(prefix + "repair-median");
        boolean sigma = in.has(prefix + "repair-sigma");
        if (!median && !sigma) {
            return fallback;
        }
        if (!median) {
            throw in.error(prefix + "repair-sigma", "a repair time needs repair-median too");
        }
        // the sigma's range explained: what 0 and its largest value mean
        double s = sigma ? in.readUnranged(prefix + "repair-sigma").number() : fallback != null ? fallback.sigma() : -1;
        if (sigma && !(s >= 0)) {
            throw in.error(prefix + "repair-sigma", "must be >= 0 (0 for a fixed time), was " + in.string(prefix + "repair-sigma"));
        }
        if (sigma && s > RepairTime.MAX_SIGMA) {
            throw in.error(prefix + "repair-sigma", "must be at most " + RepairTime.MAX_SIGMA + " (the 99th percentile of a"
                    + " lognormal of log-sigma 4 is already 11,000x its median), was " + in.string(prefix + "repair-sigma"));
        }
        if (s < 0) {
            throw in.error(prefix + "repair-median", "a lognormal repair time needs repair-sigma too (0 for a fixed time)");
        }
        try {
            return new RepairTime(in.readUnranged(prefix + "repair-median").number(), s);
        } catch (IllegalArgumentException e) {
            throw in.error(prefix + "repair-median", e.getMessage());
        }
    }
}
