package io.clustersim.core.model;

/**
 * How far one token's top-k experts spread over an expert-parallel group: the expected number of
 * distinct EP ranks and of distinct scale-up domains that hold at least one of them. A dispatcher
 * that sends a token once per destination rank and once per destination domain
 * ({@link EpDispatcher#DEEPEP}) moves that many copies rather than k.
 *
 * <pre>{@code
 * // DeepSeek-V3 (256 experts, top-8) over EP 64 in 8-GPU nodes, random routing, 4-node limit
 * ExpertReach r = ExpertReach.of(new MoeSpec(256, 8, 1, 2_048, 1, 3, 1.0, 4), 64, 8);
 * r.ranks();   // 7.36: 8 distinct experts of the 128 on the 4 nodes a token may reach, 4 per rank
 * r.domains(); // 4 (the limit; unlimited, 8 distinct experts of 256 reach 5.29 of the 8 nodes)
 * }</pre>
 *
 * <p>Experts are laid out in order over the EP ranks (rank r holds experts r·E/e … (r + 1)·E/e − 1)
 * and the ranks in order over the domains ({@code membersPerDomain} consecutive ranks per domain), as
 * Megatron-Core and Automodel place them.
 *
 * <p>A token's k experts are distinct: under random routing a rank holding r of the N experts a
 * token may draw from is missed with chance C(N − r, k) / C(N, k), and a domain likewise with its
 * ranks' experts. Under a node limit the N are those of {@code limit} full domains (an approximation
 * where the EP group ends in a partial domain).
 *
 * @param ranks   expected distinct EP ranks holding a token's experts, 1 … min(k, e)
 * @param domains expected distinct scale-up domains among them, 1 … min(k, domains)
 */
public record ExpertReach(double ranks, double domains) {

    /**
     * The reach of {@code moe}'s routing over an EP group of {@code ep} ranks, {@code membersPerDomain}
     * of them in each scale-up domain ({@code membersPerDomain} ≥ {@code ep}: one domain).
     */
    public static ExpertReach of(MoeSpec moe, int ep, int membersPerDomain) {
        int k = moe.topK();
        int perDomain = Math.max(1, Math.min(ep, membersPerDomain));
        int domains = (ep + perDomain - 1) / perDomain; // as GroupPlacement.domains()
        int limit = moe.nodeLimit() > 0 && moe.nodeLimit() < domains ? moe.nodeLimit() : domains;
        double ranks, reached;
        if (moe.routing() == Routing.CONTIGUOUS) {
            // token t starts at t·k mod E: every multiple of gcd(k, E), equally often
            int experts = moe.experts();
            int step = gcd(k, experts);
            int starts = experts / step;
            double rankSum = 0, domainSum = 0;
            for (int i = 0; i < starts; i++) {
                int first = i * step;
                int last = first + k - 1; // past E − 1 when the block wraps to expert 0
                int endBeforeWrap = Math.min(last, experts - 1);
                int startRank = rankOf(first, ep, experts), endRank = rankOf(endBeforeWrap, ep, experts);
                int wrapEndRank = last >= experts ? rankOf(last - experts, ep, experts) : -1;
                rankSum += union(startRank, endRank, wrapEndRank);
                domainSum += union(startRank / perDomain, endRank / perDomain,
                        wrapEndRank < 0 ? -1 : wrapEndRank / perDomain);
            }
            ranks = rankSum / starts;
            reached = Math.min(limit, domainSum / starts);
        } else {
            // k distinct experts drawn uniformly from those of the domains a token may reach (a
            // partial last domain holds fewer ranks)
            int candidateRanks = Math.min(ep, limit * perDomain);
            double perRank = (double) moe.experts() / ep;
            ranks = candidateRanks * (1 - missed(candidateRanks * perRank, perRank, k));
            // each domain holds its ranks' experts (a partial last domain fewer)
            double reachedDomains = 0;
            for (int d = 0; d < domains; d++) {
                int ranksIn = Math.min(perDomain, ep - d * perDomain);
                reachedDomains += 1 - missed(moe.experts(), ranksIn * perRank, k);
            }
            reached = Math.min(limit, reachedDomains);
        }
        return new ExpertReach(ranks, reached);
    }

    /** The EP rank holding {@code expert} (experts in order over the ranks). */
    private static int rankOf(int expert, int ep, int experts) {
        return (int) ((long) expert * ep / experts);
    }

    /**
     * Size of [start, end] ∪ [0, wrapEnd] (no second run when {@code wrapEnd} &lt; 0): a block of
     * consecutive experts, wrapped past the last, covers one or two runs of ranks (or domains).
     */
    private static int union(int start, int end, int wrapEnd) {
        int size = end - start + 1;
        if (wrapEnd >= 0) {
            size += wrapEnd + 1 - Math.max(0, wrapEnd - start + 1);
        }
        return size;
    }

    /**
     * The chance that {@code k} distinct experts drawn uniformly from {@code candidates} miss a given
     * {@code held} of them: C(candidates − held, k) / C(candidates, k).
     */
    private static double missed(double candidates, double held, int k) {
        double p = 1;
        for (int i = 0; i < k; i++) {
            double left = candidates - held - i;
            if (left <= 0) {
                return 0;
            }
            p *= left / (candidates - i);
        }
        return p;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
