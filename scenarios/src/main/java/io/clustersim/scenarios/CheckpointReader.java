package io.clustersim.scenarios;

import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;

import io.clustersim.scenarios.keys.ScenarioKeys;

/**
 * Reads {@code checkpoint.*}: interval (or auto), write and restore times or the storage they follow
 * from, and asynchronous checkpoints with peer replicas.
 *
 * <pre>{@code
 * CheckpointSpec spec = CheckpointReader.checkpoint(in);
 * }</pre>
 */
final class CheckpointReader {

    private CheckpointReader() {
    }

    static CheckpointSpec checkpoint(ConfigReader in) {
        if (!in.has("checkpoint")) {
            return CheckpointSpec.none();
        }
        // CheckpointSpec checks the times' ranges, naming the field
        double write = in.readUnranged("checkpoint.write").number();
        double restore = in.readUnranged("checkpoint.restore").number();
        boolean auto = "auto".equals(in.read("checkpoint.interval").raw());
        if (!auto && in.readUnranged("checkpoint.interval").number() == 0) {
            throw in.error("checkpoint.interval", "must be > 0 (or auto); for no checkpoints leave the checkpoint section out");
        }
        // Daly's optimum for a checkpoint that costs nothing is to checkpoint continuously
        String mode = in.read("checkpoint.mode").raw(); // a wrong word is refused below, after the interval
        boolean async = "async".equals(mode);
        if (auto && !in.has("checkpoint.storage") && write == 0 && (!async || in.readUnranged("checkpoint.snapshot").number(0) == 0)) {
            throw in.error("checkpoint.interval", "auto picks the interval from what a checkpoint costs, and this one costs"
                    + " nothing: give checkpoint.write (or checkpoint.storage)" + (async ? " or checkpoint.snapshot" : ""));
        }
        CheckpointSpec spec = auto ? CheckpointSpec.auto(write, restore)
                : new CheckpointSpec(in.readUnranged("checkpoint.interval").number(), write, restore);
        if (async) {
            boolean peer = in.read("checkpoint.peer-replica").bool();
            if (peer && !in.has("checkpoint.peer-restore")) {
                throw in.error("checkpoint.peer-replica", "say how long a restore from peer memory takes: checkpoint.peer-restore");
            }
            spec = spec.asynchronous(in.readUnranged("checkpoint.snapshot").number(), peer,
                    in.readUnranged("checkpoint.peer-restore").number(0));
        } else if (mode.equals("sync")) {
            for (String key : ScenarioKeys.needing("checkpoint.mode")) { // the asynchronous checkpoint's keys
                if (in.has(key)) {
                    throw in.error(key, "only an asynchronous checkpoint has this; say checkpoint.mode = async");
                }
            }
        } else {
            in.read("checkpoint.mode").word(); // refuses it, naming the declared words
        }
        if (!in.has("checkpoint.storage")) {
            return spec;
        }
        if (in.has("checkpoint.write") || in.has("checkpoint.restore")) {
            throw in.error("checkpoint.storage", "give either write and restore times or the storage they follow from, not both");
        }
        String s = "checkpoint.storage.";
        CheckpointSpec base = spec;
        // CheckpointStorage checks the bandwidths; reads default to the write figures
        return Sections.section(in, "checkpoint.storage", () -> {
            double chipWrite = in.readUnranged(s + "chip-write-bandwidth").number();
            double aggregate = in.readUnranged(s + "write-bandwidth").number();
            return base.withStorage(new CheckpointStorage(chipWrite, aggregate,
                    in.readUnranged(s + "chip-read-bandwidth").number(chipWrite),
                    in.readUnranged(s + "read-bandwidth").number(aggregate)));
        });
    }
}
