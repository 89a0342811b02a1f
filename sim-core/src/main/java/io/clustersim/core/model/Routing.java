package io.clustersim.core.model;

/**
 * Which experts a token's top-k are, as the router picks them ({@code model.moe.routing}): it
 * decides how many expert-parallel ranks and scale-up domains a token reaches, so what a
 * dispatcher that sends a token once per rank or per domain ({@link EpDispatcher#DEEPEP}) moves.
 *
 * <pre>{@code
 * // NeMo Automodel's benchmark gate: token t visits experts t·k … t·k + k − 1 (mod E)
 * MoeSpec bench = new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 0, Routing.CONTIGUOUS);
 * }</pre>
 */
public enum Routing {
    /**
     * Each token's k distinct experts drawn uniformly: a learned router on balanced data, and the
     * force-balanced routing of the published Megatron-Core benchmarks
     * ({@code moe_router_force_load_balancing} replaces the router's logits with random ones). A token
     * reaches c·(1 − C(N − r, k)/C(N, k)) of c candidate ranks holding r of its N candidate experts
     * each ({@link ExpertReach}).
     */
    RANDOM,
    /**
     * Token t visits the k consecutive experts (t·k + j) mod E, j &lt; k: NeMo Automodel's
     * {@code FakeBalancedGate} (nemo_automodel/components/moe/layers.py), which its benchmark
     * configurations turn on ({@code fake_balanced_gate: true}). Balanced like {@link #RANDOM}, but a
     * token's experts sit on one or two neighbouring ranks of one domain.
     */
    CONTIGUOUS
}
