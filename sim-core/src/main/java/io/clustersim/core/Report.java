package io.clustersim.core;

import io.clustersim.core.model.ParallelismPlan;
import io.clustersim.core.model.RecomputeModule;
import io.clustersim.core.model.ValidatedAccuracy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The immutable result of a simulation, as the CLI prints it and the JSON report (schema
 * {@value #SCHEMA_VERSION}) writes it.
 *
 * @param schemaVersion version of the report's schema
 * @param scenario      scenario name
 * @param seed          seed used
 * @param trials        Monte Carlo trials run
 * @param step          one training step
 * @param memory        memory per chip
 * @param run           the whole run, over the trials
 * @param fleet         the datacenters, WAN links and how the step crosses them
 * @param energy        power and energy of the run
 * @param batch         the global batch against the critical batch, and the tokens trained
 * @param warnings      assumptions the scenario left to defaults that matter, and limits it runs
 *                      into (empty when none)
 * @param model         the model trained (its shape, whether the tool sized it)
 * @param target        what the run reaches: N, D, C, the scaling law and its predicted loss
 * @param parallelism   the plan the run used (stated or searched)
 * @param search        the plan search, or {@code null} when the plan was stated
 * @param deadline      the fleet sized for a deadline, or {@code null} without one
 * @param perTrial      every trial's outcome, in trial order (written to JSON only when asked for)
 * @param cost          what the run costs, or {@code null} when the scenario gives no prices
 *                      ({@link #withCost}; the {@code scenarios} module prices a report)
 */
public record Report(int schemaVersion, String scenario, long seed, int trials, Step step, Memory memory, Run run,
                     Fleet fleet, Energy energy, Batch batch, List<String> warnings, Model model, Target target,
                     Parallelism parallelism, Search search, Deadline deadline, List<Trial> perTrial, Cost cost) {

    public Report {
        warnings = List.copyOf(warnings);
        perTrial = List.copyOf(perTrial);
    }

    /** A report without per-trial rows or cost (as before they were added). */
    public Report(int schemaVersion, String scenario, long seed, int trials, Step step, Memory memory, Run run,
                  Fleet fleet, Energy energy, Batch batch, List<String> warnings, Model model, Target target,
                  Parallelism parallelism, Search search, Deadline deadline) {
        this(schemaVersion, scenario, seed, trials, step, memory, run, fleet, energy, batch, warnings, model, target,
                parallelism, search, deadline, List.of(), null);
    }

    /**
     * One trial of the run (the {@code run} section's figures are means over these).
     *
     * @param wallClockDays       start to the target, days
     * @param goodput             useful training time over wall clock
     * @param interruptionsByCause interruptions by cause, sorted by cause
     * @param lostWorkDays        training re-done after rollbacks, days
     * @param checkpointDays      stalled by checkpoint writes, days
     * @param recoveryDays        detection, restart and restore, days
     * @param waitingDays         waiting for repairs or for a datacenter to come back, days
     * @param maintenanceDays     stopped for planned maintenance, days
     * @param chipHours           the job's chips × wall-clock hours
     * @param checkpointsWritten  checkpoints completed
     * @param sparesUsed          failed nodes swapped for a spare
     * @param cost                the trial's total cost in the report's currency (NaN when unpriced)
     */
    public record Trial(double wallClockDays, double goodput, Map<String, Long> interruptionsByCause,
                        double lostWorkDays, double checkpointDays, double recoveryDays, double waitingDays,
                        double maintenanceDays, double chipHours, long checkpointsWritten, long sparesUsed,
                        double cost) {
        public Trial {
            interruptionsByCause = Collections.unmodifiableMap(new java.util.TreeMap<>(interruptionsByCause));
        }

        /** The same trial with its cost. */
        public Trial withCost(double value) {
            return new Trial(wallClockDays, goodput, interruptionsByCause, lostWorkDays, checkpointDays, recoveryDays,
                    waitingDays, maintenanceDays, chipHours, checkpointsWritten, sparesUsed, value);
        }

        /** All interruptions of the trial. */
        public long interruptions() {
            return interruptionsByCause.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * What the run costs (means over the trials), in the scenario's currency.
     *
     * @param currency          e.g. {@code USD}
     * @param billing           {@code reserved} (every chip, spares included, for the whole wall
     *                          clock) or {@code used} (the job's chips while the job is up or recovering)
     * @param total             chips plus energy
     * @param chips             chip-hours billed × price per chip-hour
     * @param energy            MWh × price per MWh
     * @param perTrillionTokens total over the tokens trained, per 10^12 tokens
     * @param failures          what failures cost, by kind: {@code lostWork} (re-done training),
     *                          {@code recovery} (detection, restart, restore), {@code waitingForRepair},
     *                          {@code idleSpares} (spares billed while idle; 0 with {@code used})
     * @param perDatacenter     total per datacenter, in fleet order
     */
    public record Cost(String currency, String billing, double total, double chips, double energy,
                       double perTrillionTokens, Map<String, Double> failures, Map<String, Double> perDatacenter) {
        public Cost {
            failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
            perDatacenter = Collections.unmodifiableMap(new LinkedHashMap<>(perDatacenter));
        }
    }

    /** The same report with a cost section and each trial's cost. */
    public Report withCost(Cost value, List<Trial> pricedTrials) {
        return new Report(schemaVersion, scenario, seed, trials, step, memory, run, fleet, energy, batch, warnings,
                model, target, parallelism, search, deadline, pricedTrials, value);
    }

    /** Version of the report schema this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * One training step.
     *
     * @param seconds          step time
     * @param mfu              model FLOPs utilisation, [0, 1]
     * @param hfu              hardware FLOPs utilisation (with recomputation), [0, 1]
     * @param tflopsPerChip    achieved model TFLOP/s per chip (10^12 FLOP/s)
     * @param tokensPerSecond  training tokens per second, whole job
     * @param breakdownSeconds where the step's time goes; sums to {@code seconds}
     * @param mfuCausal        MFU with causal attention counted at half, [0, 1]
     * @param hfuCausal        HFU with causal attention (also recomputed) counted at half, [0, 1]
     * @param tflopsPerChipCausal model TFLOP/s per chip with causal attention counted at half
     * @param flopConvention   how {@code mfu}, {@code hfu} and {@code tflopsPerChip} count FLOPs
     * @param calibration      where the chip family's calibration comes from (fitted on N rows, or
     *                         borrowed from another family)
     * @param computeBreakdownSeconds what the {@code compute} term is made of (attention projections,
     *                         attention core, MLP, memory-bound work, recomputation, output layer:
     *                         {@code StepEstimate.COMPUTE_PARTS}); sums to it
     * @param validation       for each chip family of the fleet, how far the step model has landed
     *                         from the held-out measurements of the scenario's model kind (dense or
     *                         MoE), or that none backs it ({@link ValidatedAccuracy})
     */
    public record Step(double seconds, double mfu, double hfu, double tflopsPerChip, double tokensPerSecond,
                       Map<String, Double> breakdownSeconds, double mfuCausal, double hfuCausal,
                       double tflopsPerChipCausal, String flopConvention, String calibration,
                       Map<String, Double> computeBreakdownSeconds, List<ValidatedAccuracy.Entry> validation) {
        /** The convention of {@code mfu}, {@code hfu} and {@code tflopsPerChip}. */
        public static final String FLOP_CONVENTION = "6 FLOPs per active weight per token plus 12·h·s per layer for "
                + "attention counted in full (Megatron-LM, PaLM, MaxText); *Causal fields count the unmasked half "
                + "of attention (Llama 3); HFU adds recomputation";

        public Step {
            breakdownSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownSeconds));
            computeBreakdownSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(computeBreakdownSeconds));
            validation = List.copyOf(validation);
        }

        /** The same without validation figures (the constructor before {@code validation} was added). */
        public Step(double seconds, double mfu, double hfu, double tflopsPerChip, double tokensPerSecond,
                    Map<String, Double> breakdownSeconds, double mfuCausal, double hfuCausal, double tflopsPerChipCausal,
                    String flopConvention, String calibration, Map<String, Double> computeBreakdownSeconds) {
            this(seconds, mfu, hfu, tflopsPerChip, tokensPerSecond, breakdownSeconds, mfuCausal, hfuCausal,
                    tflopsPerChipCausal, flopConvention, calibration, computeBreakdownSeconds, List.of());
        }
    }

    /**
     * Memory per chip.
     *
     * @param perChipBytes   bytes needed per chip
     * @param capacityBytes  HBM per chip
     * @param fits           whether it fits
     * @param breakdownBytes bytes by category
     */
    public record Memory(double perChipBytes, double capacityBytes, boolean fits, Map<String, Double> breakdownBytes) {
        public Memory {
            breakdownBytes = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownBytes));
        }
    }

    /**
     * Percentiles of the wall-clock time of the run, days (HdrHistogram, 3 significant digits;
     * the mean is exact).
     */
    public record WallClockDays(double p50, double p90, double p99, double mean) {
    }

    /**
     * Interruptions of one run.
     *
     * @param mean    mean interruptions per run
     * @param byCause mean interruptions per run, per cause
     */
    public record Interruptions(double mean, Map<String, Double> byCause) {
        public Interruptions {
            byCause = Collections.unmodifiableMap(new LinkedHashMap<>(byCause));
        }
    }

    /**
     * The whole run, over the trials (means unless said).
     *
     * @param wallClockDays         wall clock from start to the target
     * @param goodput               useful training time over wall clock
     * @param interruptions         interruptions
     * @param chipHours             chips × wall-clock hours
     * @param achievedFlops         model FLOPs the run performs to reach the target (no re-done work)
     * @param achievedFlopsPerSecond achievedFlops over the mean wall clock: the fleet's effective rate
     * @param steps                 optimizer steps to the target
     * @param timeFractions         share of wall clock by use: useful, lostWork, checkpoint, recovery
     *                              (detection + restart + restore), waitingForRepair, maintenance,
     *                              stragglers, degraded (sums to 1)
     * @param checkpointIntervalSeconds training seconds between checkpoints (Young/Daly when the
     *                              scenario says auto); 0 = no checkpoints
     * @param mttfHours             the fleet's mean time between failures, hours (infinite without)
     * @param checkpointBytes       size of one full checkpoint (14 bytes per parameter), bytes
     * @param checkpointWriteSeconds time to write one checkpoint to storage, seconds (the stall when
     *                              synchronous)
     * @param recoveryFractions     share of wall clock in detection, restart, restore (sums to
     *                              timeFractions' recovery)
     * @param failuresPerDay        the fleet's long-run failures per day, by cause (the model's rates,
     *                              maintenance included)
     * @param spares                the spare pool and its use
     * @param checkpoints           how checkpoints were taken, and how many
     * @param stragglerFactor       expected step time with stragglers over the step model's (1 = none)
     */
    public record Run(WallClockDays wallClockDays, double goodput, Interruptions interruptions, double chipHours,
                      double achievedFlops, double achievedFlopsPerSecond, long steps,
                      Map<String, Double> timeFractions, double checkpointIntervalSeconds, double mttfHours,
                      double checkpointBytes, double checkpointWriteSeconds, Map<String, Double> recoveryFractions,
                      Map<String, Double> failuresPerDay, Spares spares, Checkpoints checkpoints,
                      double stragglerFactor) {
        public Run {
            timeFractions = Collections.unmodifiableMap(new LinkedHashMap<>(timeFractions));
            recoveryFractions = Collections.unmodifiableMap(new LinkedHashMap<>(recoveryFractions));
            failuresPerDay = Collections.unmodifiableMap(new LinkedHashMap<>(failuresPerDay));
        }
    }

    /**
     * One datacenter of the fleet.
     *
     * @param name                       its name
     * @param chip                       catalog id of its chip
     * @param chips                      chips of the job there
     * @param hotSpareNodes              spare nodes kept ready (powered, not in the job)
     * @param budgetMegawatts            its power budget, MW ({@code +Infinity}: none given)
     * @param provisionedMegawatts       facility power of chips and spares at TDP, MW
     * @param averageMegawatts           facility power the job's chips draw on average, MW
     * @param pue                        power usage effectiveness
     * @param serverOverheadWattsPerChip server power beyond the chip, per chip, W
     * @param chipUtilisation            average chip power over TDP used for energy
     */
    public record Datacenter(String name, String chip, long chips, int hotSpareNodes, double budgetMegawatts,
                             double provisionedMegawatts, double averageMegawatts, double pue,
                             double serverOverheadWattsPerChip, double chipUtilisation) {
    }

    /**
     * A WAN link.
     *
     * @param a              one end
     * @param b              the other end
     * @param bitsPerSecond  capacity in each direction, bits/s
     * @param latencySeconds one-way latency, s
     */
    public record WanLink(String a, String b, double bitsPerSecond, double latencySeconds) {
    }

    /**
     * How one step crosses datacenters (per inner step for DiLoCo).
     *
     * @param method                 {@code hierarchical-dp}, {@code pipeline} or {@code diloco}
     * @param wanSecondsPerStep      time the WAN transfers of a step take, hidden or not, s
     * @param exposedWanSeconds      the part the step waits for, s ({@code exposedWan} in the breakdown)
     * @param wanBytesPerSitePerStep bytes the busiest datacenter sends over the WAN per step
     * @param innerSteps             DiLoCo H (1 otherwise)
     * @param fragments              DiLoCo fragments (1 otherwise)
     * @param outerBytesPerParameter DiLoCo bytes per parameter of the outer deltas
     * @param overlapSteps           DiLoCo inner steps an outer sync may run behind
     * @param tokenEfficiency        DiLoCo token efficiency used (1 when not DiLoCo)
     */
    public record CrossDc(String method, double wanSecondsPerStep, double exposedWanSeconds,
                          double wanBytesPerSitePerStep, int innerSteps, int fragments, double outerBytesPerParameter,
                          int overlapSteps, double tokenEfficiency) {
    }

    /**
     * The fleet.
     *
     * @param datacenters the datacenters, in scenario order
     * @param wanLinks    the WAN links
     * @param crossDc     how the step crosses them; {@code null} for one datacenter
     */
    public record Fleet(List<Datacenter> datacenters, List<WanLink> wanLinks, CrossDc crossDc) {
        public Fleet {
            datacenters = List.copyOf(datacenters);
            wanLinks = List.copyOf(wanLinks);
        }
    }

    /**
     * Power and energy of the run.
     *
     * @param megawattHours        facility energy over the mean wall clock, MWh: the job's chips at
     *                             TDP × utilisation plus server overhead, times PUE (spares not counted)
     * @param averageMegawatts     facility power while the job runs, MW
     * @param provisionedMegawatts facility power provisioned for chips and spares at TDP, MW
     */
    public record Energy(double megawattHours, double averageMegawatts, double provisionedMegawatts) {
    }

    /**
     * The global batch against the critical batch (McCandlish et al. 2018), and the tokens the run
     * trains on.
     *
     * @param globalBatchTokens    tokens per optimizer step (all datacenters)
     * @param criticalBatchTokens  the critical batch, tokens ({@code +Infinity} when not modelled)
     * @param criticalBatchSource  {@code kaplan} (Kaplan et al. 2020 at the final loss), {@code scenario} or {@code off}
     * @param pastCritical         whether the global batch is larger than the critical batch
     * @param referenceBatchTokens the batch at which {@code target.tokens} holds, tokens
     * @param tokenFactor          tokens needed at this batch over those at the reference batch
     * @param targetTokens         the scenario's target
     * @param trainedTokens        tokens the run trains on: target × token factor × DiLoCo's
     *                             1 / token efficiency, rounded up to whole steps
     */
    public record Batch(double globalBatchTokens, double criticalBatchTokens, String criticalBatchSource,
                        boolean pastCritical, double referenceBatchTokens, double tokenFactor, double targetTokens,
                        double trainedTokens) {
    }

    /**
     * The model trained.
     *
     * @param parameters       total parameters
     * @param activeParameters parameters one token uses (= parameters for a dense model)
     * @param sized            whether the tool chose layers and width from a shape family
     */
    public record Model(double parameters, double activeParameters, int layers, int hidden, int heads, int kvHeads,
                        int ffnHidden, int vocab, int seqLen, boolean sized) {
    }

    /**
     * A point on the scaling law.
     *
     * @param parameters N
     * @param tokens     D
     * @param loss       predicted loss, nats/token
     */
    public record LawPoint(double parameters, double tokens, double loss) {
    }

    /**
     * What the run reaches, by the scaling law.
     *
     * @param kind               what the scenario stated: tokens, compute, tokens-per-parameter or loss
     * @param requested          the stated value (tokens, FLOPs, tokens per parameter, or loss)
     * @param budgetFlops        the compute budget stated with a tokens-per-parameter goal, FLOPs; NaN otherwise
     * @param scalingLaw         id of the law used (chinchilla, epoch-2024)
     * @param parameters         N the law counts (active parameters of an MoE model)
     * @param tokens             D, training tokens
     * @param tokensPerParameter D / N
     * @param computeFlops       6 N D, FLOPs
     * @param predictedLoss      the law's loss at (N, D), nats/token
     * @param computeOptimal     the law's compute-optimal N, D and loss for the same 6 N D
     */
    public record Target(String kind, double requested, double budgetFlops, String scalingLaw, double parameters,
                         double tokens, double tokensPerParameter, double computeFlops, double predictedLoss,
                         LawPoint computeOptimal) {
    }

    /**
     * A parallelism plan, as the report writes it.
     *
     * @param etp      expert tensor-parallel degree
     * @param searched whether a plan search chose it
     * @param recomputeModules what selective recomputation reruns, Megatron-Core's names in a fixed
     *                 order (empty unless {@code recompute} is selective)
     * @param firstStageLayers layers the plan places on the first pipeline rank, or {@code null}
     *                 (the even split)
     * @param lastStageLayers  the same for the last pipeline rank
     * @param shardGroup       HSDP: the data-parallel ranks sharing one sharded copy of the ZeRO state,
     *                         or {@code null} (all of dp)
     */
    public record Parallelism(int tp, int cp, int pp, int dp, int ep, int virtualStages, int microBatch, int globalBatch,
                              boolean sequenceParallel, int zeroStage, String recompute, boolean searched, int etp,
                              List<String> recomputeModules, Integer firstStageLayers, Integer lastStageLayers,
                              Integer shardGroup) {

        public Parallelism {
            recomputeModules = List.copyOf(recomputeModules);
        }

        /** The report's view of a plan. */
        public static Parallelism of(ParallelismPlan p, boolean searched) {
            return new Parallelism(p.tensor(), p.context(), p.pipeline(), p.data(), p.expert(), p.virtualStages(),
                    p.microBatch(), p.globalBatch(), p.sequenceParallel(), p.zeroStage(),
                    p.recompute().name().toLowerCase(Locale.ROOT), searched, p.expertTensor(),
                    RecomputeModule.configNames(p.recomputeModules()),
                    p.firstStageLayers() > 0 ? p.firstStageLayers() : null, p.lastStageLayers() > 0 ? p.lastStageLayers() : null,
                    p.shardGroup() > 0 ? p.shardGroup() : null);
        }

    }

    /**
     * One ranked plan of a search.
     *
     * @param plan             the plan
     * @param stepSeconds      its step time, s
     * @param mfu              its MFU
     * @param perChipBytes     its memory per chip, bytes
     * @param breakdownSeconds its step breakdown, s
     */
    public record RankedPlan(Parallelism plan, double stepSeconds, double mfu, double perChipBytes,
                             Map<String, Double> breakdownSeconds) {
        public RankedPlan {
            breakdownSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(breakdownSeconds));
        }
    }

    /**
     * The plan search.
     *
     * @param layouts              layouts (TP, CP, PP, DP, EP, virtual stages, micro-batch) that pass every
     *                             structural constraint
     * @param plansEvaluated       plans evaluated by the step model
     * @param plansFitting         of those, plans that fit in memory
     * @param ranked               the best plan of each of the fastest layouts, best first
     * @param runnerUpLoses        why the second loses to the first, one line; empty when there is no second
     * @param runnerUpTermDeltas   breakdown terms of the runner-up minus the best, s, largest first
     * @param statedPlan           how the scenario's own plan compares with the best ({@code clustersim
     *                             plan} on a scenario that states one), or {@code null}
     */
    public record Search(long layouts, long plansEvaluated, long plansFitting, List<RankedPlan> ranked,
                         String runnerUpLoses, Map<String, Double> runnerUpTermDeltas, StatedPlan statedPlan) {
        public Search {
            ranked = List.copyOf(ranked);
            runnerUpTermDeltas = Collections.unmodifiableMap(new LinkedHashMap<>(runnerUpTermDeltas));
        }

        /** A search without a stated plan to compare. */
        public Search(long layouts, long plansEvaluated, long plansFitting, List<RankedPlan> ranked,
                      String runnerUpLoses, Map<String, Double> runnerUpTermDeltas) {
            this(layouts, plansEvaluated, plansFitting, ranked, runnerUpLoses, runnerUpTermDeltas, null);
        }

        /** The same search with a stated plan's comparison. */
        /** The report's form of a plan search (null for null). */
        public static Search of(io.clustersim.core.plan.SearchResult result) {
            return ReportAggregator.search(result);
        }

        public Search withStatedPlan(StatedPlan value) {
            return new Search(layouts, plansEvaluated, plansFitting, ranked, runnerUpLoses, runnerUpTermDeltas, value);
        }
    }

    /**
     * The scenario's own plan against the search's best, on the same fleet.
     *
     * @param plan          the stated plan with its step time, MFU, memory and breakdown
     * @param isBest        whether it is the search's best plan
     * @param secondsSlower its step minus the best's, s (0 on a tie)
     * @param comparison    one line: how much slower, which breakdown terms and settings differ
     * @param termDeltas    breakdown terms of the stated plan minus the best, s, largest first
     *                      (terms under 0.1% of the best step left out)
     */
    public record StatedPlan(RankedPlan plan, boolean isBest, double secondsSlower, String comparison,
                             Map<String, Double> termDeltas) {
        public StatedPlan {
            termDeltas = Collections.unmodifiableMap(new LinkedHashMap<>(termDeltas));
        }
    }

    /** The same report with another search section (e.g. with the stated plan's comparison added). */
    public Report withSearch(Search value) {
        return new Report(schemaVersion, scenario, seed, trials, step, memory, run, fleet, energy, batch, warnings,
                model, target, parallelism, value, deadline, perTrial, cost);
    }

    /** This report with a deadline's fleet sizing ({@link #deadline()}). */
    public Report withDeadline(Deadline value) {
        return new Report(schemaVersion, scenario, seed, trials, step, memory, run, fleet, energy, batch, warnings,
                model, target, parallelism, search, value, perTrial, cost);
    }

    /**
     * One fleet the deadline search simulated.
     *
     * @param chips            fleet size
     * @param failureFreeDays  its wall clock without failures (steps × step time), days
     * @param daysAtConfidence its simulated wall clock at the deadline's confidence, days
     * @param datacenters      the names of its datacenters
     */
    public record FleetPoint(int chips, double failureFreeDays, double daysAtConfidence, List<String> datacenters) {
        public FleetPoint {
            datacenters = List.copyOf(datacenters);
        }
    }

    /**
     * The fleet sized for a deadline.
     *
     * @param days             the deadline, days
     * @param confidence       fraction of trials that must meet it (0.9 = P90)
     * @param chips            the smallest fleet that meets it (or the largest considered, when none does)
     * @param met              whether the chosen fleet meets the deadline
     * @param daysAtConfidence the chosen fleet's wall clock at that confidence, days
     * @param candidateFleets  fleet sizes considered (multiples of the step on which a plan can exist)
     * @param frontierFleets   of those, fleets failure-free faster than every smaller one (the rest
     *                         cannot be the answer)
     * @param fleetsSimulated  every fleet simulated on the way (Monte Carlo), by size
     * @param candidates       what the candidates are: {@code chips} (sizes of one datacenter) or
     *                         {@code datacenters} (the first k of the fleet's list)
     * @param datacenters      the names of the chosen fleet's datacenters
     * @param chosenBy         what chose among the fleets that meet it: {@code smallest} or {@code cost}
     */
    public record Deadline(double days, double confidence, int chips, boolean met, double daysAtConfidence,
                           int candidateFleets, int frontierFleets, List<FleetPoint> fleetsSimulated,
                           String candidates, List<String> datacenters, String chosenBy) {
        public Deadline {
            fleetsSimulated = List.copyOf(fleetsSimulated);
            datacenters = List.copyOf(datacenters);
        }
    }

    /**
     * Hot spares.
     *
     * @param perDatacenter the default pool, {@code failures.spares.per-datacenter}, of every
     *                      datacenter without its own {@code hot-spare-nodes}; negative = unlimited
     * @param whenExhausted {@code wait} for a repair or {@code shrink} to fewer replicas
     * @param used          mean failed nodes swapped for a spare per run
     * @param repairWaits   mean recoveries per run that waited for a node back from repair
     * @param datacenters   each datacenter's own pool and its use, in the fleet's order
     */
    public record Spares(int perDatacenter, String whenExhausted, double used, double repairWaits,
                         List<SitePool> datacenters) {
        public Spares {
            datacenters = List.copyOf(datacenters);
        }

        /** Without per-datacenter figures. */
        public Spares(int perDatacenter, String whenExhausted, double used, double repairWaits) {
            this(perDatacenter, whenExhausted, used, repairWaits, List.of());
        }

        /** Whether any datacenter's pool is limited. */
        public boolean anyLimited() {
            return perDatacenter >= 0 || datacenters.stream().anyMatch(d -> d.spareNodes() >= 0);
        }
    }

    /**
     * One datacenter's spare pool and its use, means per run.
     *
     * @param name        the datacenter
     * @param spareNodes  its pool (its own {@code hot-spare-nodes}, else the default); negative = unlimited
     * @param used        its failed nodes swapped for one of its spares
     * @param poolEmpty   its node failures that found the pool empty (the node missing until a repair)
     * @param repairWaits recoveries that waited while it had nodes missing
     */
    public record SitePool(String name, int spareNodes, double used, double poolEmpty, double repairWaits) {
    }

    /**
     * Checkpoints of the run.
     *
     * @param mode         {@code sync}, {@code async} or {@code async-peer}
     * @param stallSeconds training stalled per checkpoint (the write when sync, the snapshot when async)
     * @param written      mean checkpoints completed in storage per run
     * @param lost         mean asynchronous checkpoints per run lost to a failure during their copy
     */
    public record Checkpoints(String mode, double stallSeconds, double written, double lost) {
    }
}
