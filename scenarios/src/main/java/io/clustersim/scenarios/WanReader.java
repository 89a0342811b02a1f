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
            bits = in.readUnranged("bandwidth").number(); // checked with a wave's rate below
            if (in.has("wave")) {
                throw in.error("wave", "wave goes with waves, not bandwidth");
            }
        } else {
            String wave = in.read("wave").raw(); // a word or a rate
            double perWave = switch (wave.toUpperCase(java.util.Locale.ROOT)) {
                case "400ZR" -> WanLink.ZR400_BITS_PER_SECOND;
                case "800ZR" -> WanLink.ZR800_BITS_PER_SECOND;
                default -> {
                    if (wave.toUpperCase(java.util.Locale.ROOT).endsWith("ZR")) {
                        throw in.error("wave", "unknown wave \"" + wave + "\"; expected 400ZR, 800ZR or a rate such as 800Gbps");
                    }
                    yield in.readUnranged("wave").number();
                }
            };
            int waves = in.read("waves").integer();
            bits = waves * perWave;
        }
        if (!(bits > 0) || Double.isInfinite(bits)) {
            throw in.error(in.has("bandwidth") ? "bandwidth" : "wave", "must be > 0, was " + in.string(in.has("bandwidth") ? "bandwidth" : "wave"));
        }
        if (in.has("latency") == in.has("distance")) {
            throw in.error(in.has("latency") ? "distance" : "latency",
                    "give either latency (one way, e.g. 5ms) or distance (fibre km, 4.9 µs per km)");
        }
        double latency = in.has("latency") ? in.read("latency").number()
                : in.read("distance").number() * WanLink.FIBRE_SECONDS_PER_KM;
        WanLink.Reliability reliability = WanLink.Reliability.NEVER_CUT;
        if (in.has("cuts-per-year")) {
            double cuts = in.readUnranged("cuts-per-year").number(); // WanLink.Reliability checks the ranges
            if (cuts > 0 && !in.has("repair-median")) {
                throw in.error("cuts-per-year", "a link that can be cut needs repair-median (and repair-sigma, 0 for a fixed time)");
            }
            // the repair's ranges checked at their own keys (WanLink.Reliability would blame the cuts)
            double median = in.read("repair-median").number(1);
            double sigma = in.read("repair-sigma").number();
            reliability = Sections.section(in, "cuts-per-year", () -> new WanLink.Reliability(cuts, median, sigma));
        } else if (in.has("repair-median") || in.has("repair-sigma")) {
            throw in.error(in.has("repair-median") ? "repair-median" : "repair-sigma", "a repair time goes with cuts-per-year");
        }
        WanLink.Reliability r = reliability;
        return Sections.section(in, "bandwidth", () -> new WanLink(ends.get(0), ends.get(1), bits, latency, r));
    }

    static CrossDcSpec crossDc(ConfigReader in) {
        CrossDcSpec.SiteLoss onSiteLoss = in.read("fleet.on-site-loss").choice(CrossDcSpec.SiteLoss.class);
        return crossDcScheme(in).withOnSiteLoss(onSiteLoss);
    }

    static CrossDcSpec crossDcScheme(ConfigReader in) {
        CrossDcSpec.Method method = in.read("parallelism.cross-dc").choice(CrossDcSpec.Method.class);
        String d = "parallelism.diloco.";
        if (method != CrossDcSpec.Method.DILOCO) {
            if (in.has("parallelism.diloco")) {
                throw in.error("parallelism.diloco", "DiLoCo settings need parallelism.cross-dc = diloco");
            }
            return method == CrossDcSpec.Method.PIPELINE ? CrossDcSpec.pipeline() : CrossDcSpec.hierarchicalDp();
        }
        // the declared words, and a wrong one explained by the four sizes they come in
        double bytes = switch (in.read(d + "outer-precision").raw().toLowerCase(java.util.Locale.ROOT)) {
            case "fp32" -> 4;
            case "bf16", "fp16" -> 2;
            case "fp8", "int8" -> 1;
            case "fp4", "int4" -> 0.5;
            default -> throw in.error(d + "outer-precision", "unknown value \"" + in.string(d + "outer-precision")
                    + "\"; expected one of fp32, bf16, fp8, int4");
        };
        // CrossDcSpec.diloco checks the ranges; NaN: no token efficiency given (1, with a warning)
        int h = in.readUnranged(d + "inner-steps").integer();
        int fragments = in.readUnranged(d + "fragments").integer();
        int overlap = in.readUnranged(d + "overlap-steps").integer();
        double efficiency = in.readUnranged(d + "token-efficiency").number(Double.NaN);
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
