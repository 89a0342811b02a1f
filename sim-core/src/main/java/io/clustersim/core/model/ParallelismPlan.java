package io.clustersim.core.model;

/**
 * How one training step is split over the chips.
 *
 * @param tensor        tensor-parallel degree (inside a scale-up domain)
 * @param pipeline      pipeline-parallel stages
 * @param data          data-parallel replicas
 * @param microBatch    sequences per micro-batch
 * @param globalBatch   sequences per optimizer step, over all replicas
 */
public record ParallelismPlan(int tensor, int pipeline, int data, int microBatch, int globalBatch) {

    public ParallelismPlan {
        if (tensor <= 0 || pipeline <= 0 || data <= 0) {
            throw new IllegalArgumentException("tp, pp and dp must be > 0 (tp=" + tensor + ", pp=" + pipeline
                    + ", dp=" + data + ")");
        }
        if (microBatch <= 0 || globalBatch <= 0) {
            throw new IllegalArgumentException("micro-batch and global-batch must be > 0");
        }
    }

    /** Chips the plan occupies: tp × pp × dp. */
    public long chips() {
        return (long) tensor * pipeline * data;
    }

    /** Micro-batches each replica runs per step (gradient-accumulation steps). */
    public int microBatchesPerReplica() {
        return globalBatch / (data * microBatch);
    }
}
