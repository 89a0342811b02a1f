package io.clustersim.scenarios;

import io.clustersim.core.run.CheckpointSpec;
import io.clustersim.core.run.CheckpointStorage;

import java.util.List;

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
        double write = in.seconds("checkpoint.write", 0);
        double restore = in.seconds("checkpoint.restore", 0);
        boolean auto = "auto".equals(in.string("checkpoint.interval"));
        if (!auto && in.seconds("checkpoint.interval") == 0) {
            throw in.error("checkpoint.interval", "must be > 0 (or auto); for no checkpoints leave the checkpoint section out");
        }
        // Daly's optimum for a checkpoint that costs nothing is to checkpoint continuously
        String mode = in.string("checkpoint.mode", "sync");
        boolean async = "async".equals(mode);
        if (auto && !in.has("checkpoint.storage") && write == 0 && (!async || in.seconds("checkpoint.snapshot", 0) == 0)) {
            throw in.error("checkpoint.interval", "auto picks the interval from what a checkpoint costs, and this one costs"
                    + " nothing: give checkpoint.write (or checkpoint.storage)" + (async ? " or checkpoint.snapshot" : ""));
        }
        CheckpointSpec spec = auto ? CheckpointSpec.auto(write, restore)
                : new CheckpointSpec(in.seconds("checkpoint.interval"), write, restore);
        if (async) {
            boolean peer = in.bool("checkpoint.peer-replica", false);
            if (peer && !in.has("checkpoint.peer-restore")) {
                throw in.error("checkpoint.peer-replica", "say how long a restore from peer memory takes: checkpoint.peer-restore");
            }
            spec = spec.asynchronous(in.seconds("checkpoint.snapshot"), peer, in.seconds("checkpoint.peer-restore", 0));
        } else if (mode.equals("sync")) {
            for (String key : List.of("checkpoint.snapshot", "checkpoint.peer-replica", "checkpoint.peer-restore")) {
                if (in.has(key)) {
                    throw in.error(key, "only an asynchronous checkpoint has this; say checkpoint.mode = async");
                }
            }
        } else {
            throw in.error("checkpoint.mode", "unknown value \"" + mode + "\"; expected sync or async");
        }
        if (!in.has("checkpoint.storage")) {
            return spec;
        }
        if (in.has("checkpoint.write") || in.has("checkpoint.restore")) {
            throw in.error("checkpoint.storage", "give either write and restore times or the storage they follow from, not both");
        }
        String s = "checkpoint.storage.";
        CheckpointSpec base = spec;
        return Sections.section(in, "checkpoint.storage", () -> base.withStorage(new CheckpointStorage(in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.bytesPerSecond(s + "write-bandwidth"),
                in.has(s + "chip-read-bandwidth") ? in.bytesPerSecond(s + "chip-read-bandwidth") : in.bytesPerSecond(s + "chip-write-bandwidth"),
                in.has(s + "read-bandwidth") ? in.bytesPerSecond(s + "read-bandwidth") : in.bytesPerSecond(s + "write-bandwidth"))));
    }
}
