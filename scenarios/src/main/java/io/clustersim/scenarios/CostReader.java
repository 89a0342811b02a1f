package io.clustersim.scenarios;

import io.clustersim.core.Scenario;
import io.clustersim.core.cost.CostModel;
import io.clustersim.core.cost.CostSpec;
import io.clustersim.topology.Datacenter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the optional {@code cost { chip-hour, currency, energy-per-mwh, billing }} sections of a
 * scenario: {@code fleet.cost} for every datacenter, and {@code fleet.datacenters[i].cost} for one
 * (its keys replace the fleet's). Mistakes are located like every other key.
 *
 * <pre>{@code
 * Map<String, CostModel.Priced> prices = loaded.prices(); // by datacenter name; empty without cost
 * }</pre>
 */
final class CostReader {

    private CostReader() {
    }

    /** Prices by datacenter name, in fleet order; empty when the scenario gives none. */
    static Map<String, CostModel.Priced> read(ConfigReader in, Scenario scenario) {
        Map<String, CostModel.Priced> out = new LinkedHashMap<>();
        List<Datacenter> dcs = scenario.fleet().datacenters();
        List<ConfigReader> sites = in.has("fleet.datacenters") ? in.objects("fleet.datacenters") : List.of();
        CostSpec fleetWide = in.has("fleet.cost") ? spec(in, "fleet.cost.", null) : null;
        String currency = null;
        for (int i = 0; i < dcs.size(); i++) {
            CostSpec spec = fleetWide;
            ConfigReader site = i < sites.size() ? sites.get(i) : null;
            if (site != null && site.has("cost")) {
                spec = spec(site, "cost.", fleetWide);
                if (currency != null && !currency.equals(spec.currency())) {
                    throw site.error("cost.currency", "every datacenter must price in one currency; "
                            + "an earlier one uses " + currency);
                }
            }
            if (spec != null) {
                currency = spec.currency();
                out.put(dcs.get(i).name(), new CostModel.Priced(spec, dcs.get(i).cluster().chipsPerNode()));
            }
        }
        return out;
    }

    /** One section's prices; keys it leaves out come from {@code base} (or the defaults). */
    private static CostSpec spec(ConfigReader in, String p, CostSpec base) {
        if (!in.has(p + "chip-hour") && base == null) {
            throw in.error(p + "chip-hour", "give the price of one chip for one hour, e.g. chip-hour = 2.10");
        }
        // prices explain their range in their own words (a finite price)
        double chipHour = in.has(p + "chip-hour") ? in.readUnranged(p + "chip-hour").number() : base.chipHour();
        if (!(chipHour >= 0) || Double.isInfinite(chipHour)) {
            throw in.error(p + "chip-hour", "must be a finite price >= 0, was " + chipHour);
        }
        double energy = base == null ? in.readUnranged(p + "energy-per-mwh").number()
                : in.readUnranged(p + "energy-per-mwh").number(base.energyPerMwh());
        if (!(energy >= 0) || Double.isInfinite(energy)) {
            throw in.error(p + "energy-per-mwh", "must be a finite price >= 0 per MWh, was " + energy);
        }
        String currency = (base == null ? in.read(p + "currency").text() : in.read(p + "currency").text(base.currency())).strip();
        if (!currency.matches("[A-Za-z$€£¥]{1,8}")) {
            throw in.error(p + "currency", "a currency label such as USD or EUR, was \"" + currency + "\"");
        }
        String billing = base == null || in.has(p + "billing") ? in.read(p + "billing").raw() : base.billing().key();
        CostSpec.Billing b = switch (billing.toLowerCase(Locale.ROOT)) {
            case "reserved" -> CostSpec.Billing.RESERVED;
            case "used" -> CostSpec.Billing.USED;
            default -> throw in.error(p + "billing", "reserved (every chip, spares too, for the whole run) or used"
                    + " (the job's chips while it runs), was \"" + billing + "\"");
        };
        return new CostSpec(chipHour, currency, energy, b);
    }
}
