package io.clustersim.core.cost;

import io.clustersim.core.Report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices a {@link Report}: chip-hours and energy per datacenter, the cost per 10^12 tokens, and what
 * failures cost. A pure function of the report (its means, or one trial's row) and the prices.
 *
 * <p>Maintainer note: costs follow the report's time accounting. A datacenter's job chips burn
 * {@code chips × price} per hour of wall clock (reserved) or per hour the job trains or recovers
 * (used: wall clock less waiting for repairs and maintenance); reserved billing adds the hot spares'
 * chips for the whole wall clock ({@code idleSpares}). Energy is the report's facility power of the
 * job's chips over the wall clock. What failures cost is the share of wall clock spent re-doing
 * work, recovering or waiting times what that time of the job's chips and energy costs (waiting
 * chips are not billed with {@code used}), plus the idle spares.
 *
 * <pre>{@code
 * Report priced = CostModel.priced(report, Map.of("dc1", new CostModel.Priced(usd, 8)));
 * }</pre>
 */
public final class CostModel {

    private CostModel() {
    }

    /**
     * A datacenter's prices and the chips of one of its nodes (to count its hot spares' chips).
     *
     * @param spec         the prices
     * @param chipsPerNode chips per server
     */
    public record Priced(CostSpec spec, int chipsPerNode) {
    }

    /**
     * The report's cost (means over trials), or {@code null} when no datacenter of its fleet has
     * prices. Datacenters without prices cost nothing.
     *
     * @param prices prices by datacenter name
     * @throws IllegalArgumentException if the datacenters' currencies differ
     */
    public static Report.Cost price(Report report, Map<String, Priced> prices) {
        Map<String, Double> f = report.run().timeFractions();
        double days = report.run().wallClockDays().mean();
        double stopped = f.getOrDefault("waitingForRepair", 0.0) + f.getOrDefault("maintenance", 0.0);
        return cost(report, prices, days, stopped, f.getOrDefault("lostWork", 0.0),
                f.getOrDefault("recovery", 0.0), f.getOrDefault("waitingForRepair", 0.0));
    }

    /**
     * The prices as a deadline search compares fleets by them: a report's total (0 without prices)
     * and each datacenter's chip-hour price.
     *
     * @throws IllegalArgumentException (from {@code total}) if the datacenters' currencies differ
     */
    public static io.clustersim.core.FleetPricing pricing(Map<String, Priced> prices) {
        Map<String, Priced> copy = Map.copyOf(prices);
        return new io.clustersim.core.FleetPricing() {
            @Override
            public double total(Report report) {
                Report.Cost cost = price(report, copy);
                return cost == null ? 0 : cost.total();
            }

            @Override
            public double chipHour(String datacenter) {
                Priced p = copy.get(datacenter);
                return p == null ? 0 : p.spec().chipHour();
            }
        };
    }

    /** The report with its cost section and every trial's cost (unchanged when no datacenter has prices). */
    public static Report priced(Report report, Map<String, Priced> prices) {
        Report.Cost cost = price(report, prices);
        if (cost == null) {
            return report;
        }
        List<Report.Trial> trials = new java.util.ArrayList<>(report.perTrial().size());
        for (Report.Trial t : report.perTrial()) {
            trials.add(t.withCost(trialTotal(report, t, prices)));
        }
        return report.withCost(cost, trials);
    }

    /** One trial's total cost (0 without prices). */
    public static double trialTotal(Report report, Report.Trial trial, Map<String, Priced> prices) {
        double days = trial.wallClockDays();
        Report.Cost c = cost(report, prices, days, (trial.waitingDays() + trial.maintenanceDays()) / days,
                trial.lostWorkDays() / days, trial.recoveryDays() / days, trial.waitingDays() / days);
        return c == null ? 0 : c.total();
    }

    /**
     * The datacenter's spare pool in nodes (its own or the default); an unlimited pool (negative)
     * is a modelling shortcut, not servers held idle, and is billed as none.
     */
    private static int spareNodes(Report report, Report.Datacenter dc) {
        for (Report.SitePool pool : report.run().spares().datacenters()) {
            if (pool.name().equals(dc.name())) {
                return Math.max(0, pool.spareNodes());
            }
        }
        return Math.max(0, dc.hotSpareNodes());
    }

    private static Report.Cost cost(Report report, Map<String, Priced> prices, double days, double stoppedShare,
                                     double lostShare, double recoveryShare, double waitingShare) {
        String currency = null;
        String billing = null;
        double chips = 0, energy = 0, spares = 0, lost = 0, recovery = 0, waiting = 0;
        Map<String, Double> perDc = new LinkedHashMap<>();
        List<Report.Datacenter> dcs = report.fleet().datacenters();
        for (Report.Datacenter dc : dcs) {
            Priced p = prices.get(dc.name());
            if (p == null) {
                continue;
            }
            if (currency != null && !currency.equals(p.spec().currency())) {
                throw new IllegalArgumentException("datacenters price in different currencies (" + currency + ", "
                        + p.spec().currency() + "); give every cost in one currency");
            }
            currency = p.spec().currency();
            String b = p.spec().billing().key();
            billing = billing == null || billing.equals(b) ? b : "mixed";
            double hours = days * 24;
            double billedHours = p.spec().billing() == CostSpec.Billing.USED ? hours * (1 - stoppedShare) : hours;
            double jobChips = dc.chips() * billedHours * p.spec().chipHour();
            double spareChips = p.spec().billing() == CostSpec.Billing.RESERVED
                    ? (double) spareNodes(report, dc) * p.chipsPerNode() * hours * p.spec().chipHour() : 0;
            double mwh = dc.averageMegawatts() * hours * p.spec().energyPerMwh();
            double chipRate = dc.chips() * p.spec().chipHour() * hours; // the job's chips over the wall clock
            boolean used = p.spec().billing() == CostSpec.Billing.USED;
            lost += (chipRate + mwh) * lostShare;
            recovery += (chipRate + mwh) * recoveryShare;
            waiting += (used ? 0 : chipRate) * waitingShare + mwh * waitingShare;
            chips += jobChips + spareChips;
            spares += spareChips;
            energy += mwh;
            perDc.put(dc.name(), jobChips + spareChips + mwh);
        }
        if (currency == null) {
            return null;
        }
        double total = chips + energy;
        Map<String, Double> failures = new LinkedHashMap<>();
        failures.put("lostWork", lost);
        failures.put("recovery", recovery);
        failures.put("waitingForRepair", waiting);
        failures.put("idleSpares", spares);
        double tokens = report.batch().trainedTokens();
        return new Report.Cost(currency, billing, total, chips, energy, tokens > 0 ? total / (tokens / 1e12) : 0,
                failures, perDc);
    }
}
