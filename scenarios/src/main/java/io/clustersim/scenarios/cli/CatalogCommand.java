package io.clustersim.scenarios.cli;

import io.clustersim.topology.ChipCatalog;
import io.clustersim.topology.ChipSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code clustersim catalog}: list the bundled chips. */
@Command(name = "catalog", mixinStandardHelpOptions = true, description = "List the bundled chip presets.")
final class CatalogCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    OutputOptions io;

    @CommandLine.Option(names = "--sources", description = "Print each preset's source and how estimated values were derived.")
    boolean sources;

    @Override
    public void run() {
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(String.format(Locale.ROOT, "%-18s %-34s %9s %9s %7s %8s %9s %6s %9s %6s",
                "id", "name", "BF16 TF/s", "FP8 TF/s", "HBM GB", "HBM TB/s", "up GB/s", "domain", "out Gb/s", "TDP W"));
        for (ChipSpec c : ChipCatalog.standard().all()) {
            out.println(String.format(Locale.ROOT, "%-18s %-34s %9.0f %9s %7.0f %8.2f %9.0f %6d %9.0f %6.0f%s",
                    c.id(), c.displayName(), c.peakBf16FlopsPerSecond() / 1e12,
                    c.peakFp8FlopsPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", c.peakFp8FlopsPerSecond() / 1e12) : "-",
                    c.hbmBytes() / 1e9, c.hbmBytesPerSecond() / 1e12, c.scaleUpBytesPerSecond() / 1e9,
                    c.scaleUpDomainChips(), c.scaleOutBitsPerSecond() / 1e9, c.tdpWatts(),
                    c.unverifiedFields().isEmpty() ? "" : "  (unverified: " + String.join(", ",
                            new java.util.TreeSet<>(c.unverifiedFields())) + ")"));
        }
        out.println();
        out.println("Formats (dense peak, TF/s):");
        for (ChipSpec c : ChipCatalog.standard().all()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-18s", c.id()));
            for (io.clustersim.topology.Precision p : c.formats()) {
                line.append(String.format(Locale.ROOT, " %s %.0f", p.key(), c.peakFlopsPerSecond(p) / 1e12));
            }
            out.println(line);
        }
        out.println();
        out.println("Bandwidths: scale-up per chip, one direction; scale-out NIC per chip. Facts from "
                + "docs/reference/hardware.md; `clustersim catalog --sources` prints each preset's source.");
        if (sources) {
            out.println();
            for (ChipSpec c : ChipCatalog.standard().all()) {
                out.println(c.id() + ": " + c.source());
            }
        }
        out.flush();
        io.emit(text.toString());
    }
}
