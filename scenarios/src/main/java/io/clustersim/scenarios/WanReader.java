package io.clustersim.scenarios;

import io.clustersim.core.model.CrossDcSpec;
import io.clustersim.topology.Datacenter;
import io.clustersim.topology.WanLink;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what joins datacenters: each {@code fleet.wan-links} element (ends, bandwidth or waves,
 * latency or distance, cuts) and {@code parallelism.cross-dc} with DiLoCo and {@code fleet.on-site-loss}.
 *
 * <pre>{@code
 * CrossDcSpec crossDc = WanReader.crossDc(in);
 * }</pre>
 */
final class WanReader {

    private WanReader() {
    }

    /** A WAN link: between two named datacenters, bandwidth (or waves), latency (or distance). */
    static WanLink wanLink(ConfigReader in, List<Datacenter> dcs) {
        List<String> ends = in.strings("between");
        if (ends.size() != 2) {
            throw in.error("between", "name the two datacenters the link joins, e.g. between = [iowa, texas]");
        }
        if (ends.get(0).equals(ends.get(1))) {
            throw in.error("between", "a WAN link joins two different datacenters; both ends are \"" + ends.get(0) + "\"");
        }
        for (String end : ends) {
            if (dcs.stream().noneMatch(dc -> dc.name().equals(end))) {
                List<String> names = new ArrayList<>();
                dcs.forEach(dc -> names.add(dc.name()));
                throw in.error("between", "no datacenter named \"" + end + "\" (known: " + String.join(", ", names) + ")");
            }
        }
        double bits;
        if (in.has("bandwidth") == in.has("waves")) {
            throw in.error(in.has("bandwidth") ? "waves" : "bandwidth",
                    "give either bandwidth (e.g. 400Tbps) or waves and wave (e.g. waves = 500, wave = 800ZR)");
        }
        if (in.has("bandwidth")) {
            bits = in.bitsPerSecond("bandwidth");
            if (in.has("wave")) {
                throw in.error("wave", "wave goes with waves, not bandwidth");
            }
        } else {
            String wave = in.string("wave", "400ZR");
            double perWave = switch (wave.toUpperCase(java.util.Locale.ROOT)) {
                case "400ZR" -> WanLink.ZR400_BITS_PER_SECOND;
                case "800ZR" -> WanLink.ZR800_BITS_PER_SECOND;
                default -> {
                    if (wave.toUpperCase(java.util.Locale.ROOT).endsWith("ZR")) {
                        throw in.error("wave", "unknown wave \"" + wave + "\"; expected 400ZR, 800ZR or a rate such as 800Gbps");
                    }
                    yield in.bitsPerSecond("wave");
                }
            };
            int waves = Sections.positive(in, "waves", in.integer("waves"));
            bits = waves * perWave;
        }
        if (!(bits > 0) || Double.isInfinite(bits)) {
            throw in.error(in.has("bandwidth") ? "bandwidth" : "wave", "must be > 0, was " + in.string(in.has("bandwidth") ? "bandwidth" : "wave"));
        }
        if (in.has("latency") == in.has("distance")) {
            throw in.error(in.has("latency") ? "distance" : "latency",
                    "give either latency (one way, e.g. 5ms) or distance (fibre km, 4.9 µs per km)");
        }
        String latencyKey = in.has("latency") ? "latency" : "distance";
        double latency = in.has("latency") ? in.seconds("latency") : in.kilometres("distance") * WanLink.FIBRE_SECONDS_PER_KM;
        if (!(latency >= 0) || Double.isInfinite(latency)) {
            throw in.error(latencyKey, "must be >= 0, was " + in.string(latencyKey));
        }
        WanLink.Reliability reliability = WanLink.Reliability.NEVER_CUT;
        if (in.has("cuts-per-year")) {
            double cuts = in.number("cuts-per-year");
            if (cuts > 0 && !in.has("repair-median")) {
                throw in.error("cuts-per-year", "a link that can be cut needs repair-median (and repair-sigma, 0 for a fixed time)");
            }
            reliability = Sections.section(in, "cuts-per-year", () -> new WanLink.Reliability(cuts,
                    in.has("repair-median") ? in.seconds("repair-median") : 1, in.number("repair-sigma", 0)));
        } else if (in.has("repair-median") || in.has("repair-sigma")) {
            throw in.error(in.has("repair-median") ? "repair-median" : "repair-sigma", "a repair time goes with cuts-per-year");
        }
        WanLink.Reliability r = reliability;
        return Sections.section(in, "bandwidth", () -> new WanLink(ends.get(0), ends.get(1), bits, latency, r));
    }

    static CrossDcSpec crossDc(ConfigReader in) {
        CrossDcSpec.SiteLoss onSiteLoss = in.enumValue("fleet.on-site-loss", CrossDcSpec.SiteLoss.class,
                CrossDcSpec.SiteLoss.WAIT);
        return crossDcScheme(in).withOnSiteLoss(onSiteLoss);
    }

    static CrossDcSpec crossDcScheme(ConfigReader in) {
        CrossDcSpec.Method method = in.enumValue("parallelism.cross-dc", CrossDcSpec.Method.class,
                CrossDcSpec.Method.HIERARCHICAL_DP);
        String d = "parallelism.diloco.";
        if (method != CrossDcSpec.Method.DILOCO) {
            if (in.has("parallelism.diloco")) {
                throw in.error("parallelism.diloco", "DiLoCo settings need parallelism.cross-dc = diloco");
            }
            return method == CrossDcSpec.Method.PIPELINE ? CrossDcSpec.pipeline() : CrossDcSpec.hierarchicalDp();
        }
        double bytes = switch (in.string(d + "outer-precision", "fp32").toLowerCase(java.util.Locale.ROOT)) {
            case "fp32" -> 4;
            case "bf16", "fp16" -> 2;
            case "fp8", "int8" -> 1;
            case "fp4", "int4" -> 0.5;
            default -> throw in.error(d + "outer-precision", "unknown value \"" + in.string(d + "outer-precision")
                    + "\"; expected one of fp32, bf16, fp8, int4");
        };
        int h = in.integer(d + "inner-steps");
        int fragments = in.integer(d + "fragments", 1);
        int overlap = in.integer(d + "overlap-steps", 0);
        double efficiency = in.has(d + "token-efficiency") ? in.number(d + "token-efficiency") : Double.NaN;
        // Streaming DiLoCo synchronises one fragment every inner-steps / fragments steps: whole steps only
        if (h >= 1 && fragments >= 1 && fragments <= h && h % fragments != 0) {
            throw in.error(d + "fragments", "must divide inner-steps (" + h + "), since one fragment is synchronised every"
                    + " inner-steps / fragments steps; was " + fragments);
        }
        try {
            return CrossDcSpec.diloco(h, fragments, bytes, overlap, efficiency);
        } catch (IllegalArgumentException e) {
            // name the key the complaint is about
            String m = e.getMessage();
            String key = m.contains("fragments") ? "fragments" : m.contains("overlap") ? "overlap-steps"
                    : m.contains("efficiency") ? "token-efficiency" : m.contains("outer") ? "outer-precision" : "inner-steps";
            throw in.error(d + key, m);
        }
    }
}
