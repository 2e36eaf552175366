package io.diamondmaps.cli;

import ai.djl.ndarray.NDManager;
import io.diamondmaps.align.AlignmentSpec;
import io.diamondmaps.align.GradientMode;
import io.diamondmaps.align.Guidance;
import io.diamondmaps.align.MethodSpec;
import io.diamondmaps.align.Resampling;
import io.diamondmaps.align.Schedule;
import io.diamondmaps.align.ValuePool;
import io.diamondmaps.align.ValueSpec;
import io.diamondmaps.align.WeightedValue;
import io.diamondmaps.bench.AlignmentTask;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.model.load.ModelLoader;
import io.diamondmaps.sample.GlassFlow;
import io.diamondmaps.sample.OdeSolver;
import io.diamondmaps.sample.PosteriorSpec;
import io.diamondmaps.sample.Samplers;
import io.diamondmaps.sample.TransitionSpec;
import io.diamondmaps.util.EnumNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw samples from the reward-tilted target p^r(x) ∝ p1(x)·exp(r(x)/λ) at inference time.",
            "Writes the samples (CSV) and, with --report, a JSON report of the work done (model, reward and gradient "
                    + "evaluations), wall time, per-step diagnostics and the mean reward."})
final class AlignCommand implements Callable<Integer> {
    @Mixin DeviceOptions devices;
    @Mixin ModelOptions model;
    @Option(names = "--reward", required = true, paramLabel = "R.json") Path reward;
    @Option(names = "--method", defaultValue = "smc", paramLabel = "M") String method;
    @Option(names = "--value", defaultValue = "posterior-mc", paramLabel = "V") String value;
    @Option(names = "--posterior", defaultValue = "glass", paramLabel = "S") String posterior;
    @Option(names = "--base", paramLabel = "B") String base;
    @Option(names = "--plugin", defaultValue = "tweedie", paramLabel = "L") String plugin;
    @Option(names = "--particles", paramLabel = "P") Integer particles;
    @Option(names = "--steps", paramLabel = "T") Integer steps;
    @Option(names = "--time-grid", paramLabel = "G") String timeGrid;
    @Option(names = "--damped") boolean damped;
    @Option(names = "--anneal", paramLabel = "B") Double anneal;
    @Option(names = "--mc-samples", defaultValue = "" + ValueSpec.PosteriorMc.DEFAULT_SAMPLES, paramLabel = "M") String mcSamples;
    @Option(names = "--mc-inner-steps", paramLabel = "K") String mcInnerSteps;
    @Option(names = "--guided-proposal") boolean guidedProposal;
    @Option(names = "--inner-steps", defaultValue = "" + GlassFlow.DEFAULT_INNER_STEPS, paramLabel = "K") int innerSteps;
    @Mixin InnerSolverOption innerSolver;
    @Option(names = "--gradient", defaultValue = "pathwise", paramLabel = "G") String gradient;
    @Option(names = "--guidance-scale", defaultValue = "kappa", paramLabel = "MODE") String scaleMode;
    @Option(names = "--scale", defaultValue = "1", paramLabel = "S") String scale;
    @Option(names = "--ess-threshold", defaultValue = "" + MethodSpec.Smc.DEFAULT_ESS_THRESHOLD, paramLabel = "F") double essThreshold;
    @Option(names = "--twist-ess", paramLabel = "F") Double twistEss;
    @Option(names = "--pool-draws", defaultValue = "" + ValuePool.DEFAULT_DRAWS, paramLabel = "K") int poolDraws;
    @Option(names = "--pool-ess", defaultValue = "" + ValuePool.DEFAULT_MIN_ESS, paramLabel = "E") double poolEss;
    @Option(names = "--resampling", defaultValue = "systematic", paramLabel = "R") String resampling;
    @Option(names = "--smc-output", defaultValue = "all", paramLabel = "O") String smcOutput;
    @Option(names = "--weighting", defaultValue = "exact", paramLabel = "W") String weighting;
    @Option(names = "--snr-factor", defaultValue = "1.5", paramLabel = "F") double snrFactor;
    @Option(names = "--expansions", defaultValue = "4", paramLabel = "E") int expansions;
    @Mixin OutputOptions output;
    @Option(names = "--report", paramLabel = "F.json") Path report;

    /** The option behind each parameter the alignment specs name in their errors. */
    /** Candidates of SIR and best-of-N and beams of beam search by default (each costs a whole chain). */
    static final int DEFAULT_CANDIDATES = 16;

    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("particles", "--particles"),
            Map.entry("candidates", "--particles"), Map.entry("beams", "--particles"), Map.entry("steps", "--steps"),
            Map.entry("inner steps", "--inner-steps"), Map.entry("Diamond jumps", "--inner-steps"),
            Map.entry("MC samples", "--mc-samples"), Map.entry("weighted particles", "--mc-samples"),
            Map.entry("MC inner steps", "--mc-inner-steps"), Map.entry("look-ahead ODE steps", "--mc-inner-steps"),
            Map.entry("the ESS threshold", "--ess-threshold"), Map.entry("SNR factor", "--snr-factor"),
            Map.entry("expansions", "--expansions"), Map.entry("guidance scale", "--scale"),
            Map.entry("the twist ESS", "--twist-ess"), Map.entry("annealing", "--anneal"),
            Map.entry("reward damping", "--damped"), Map.entry("pool draws", "--pool-draws"),
            Map.entry("the pool's minimum ESS", "--pool-ess"));

    /** The typed specification the options describe; an error the library raises names the option it came from. */
    private AlignmentSpec spec() {
        try {
            return specOf();
        } catch (IllegalArgumentException e) {
            throw OptionErrors.named(e, FLAGS);
        }
    }

    private AlignmentSpec specOf() {
        OdeSolver solver = innerSolver.solver();
        Schedule scales = Schedule.parse("--scale", scale);
        int particles = this.particles != null ? this.particles
                : method.equals("smc") ? MethodSpec.Smc.DEFAULT_PARTICLES : DEFAULT_CANDIDATES;
        MethodSpec methodSpec = switch (method) {
            case "smc" -> new MethodSpec.Smc(particles, essThreshold,
                    EnumNames.parse(Resampling.class, "--resampling", resampling),
                    EnumNames.parse(SmcOutput.class, "--smc-output", smcOutput) == SmcOutput.ONE_PER_GROUP,
                    guidedProposal, scales.at(0), twistEss == null ? Double.NaN : twistEss);
            case "guidance" -> new MethodSpec.Guidance(EnumNames.parse(Guidance.Scale.class, "--guidance-scale",
                    scaleMode), scales);
            case "sir" -> new MethodSpec.Sir(particles);
            case "best-of-n" -> new MethodSpec.BestOfN(particles);
            case "beam" -> new MethodSpec.Beam(particles, expansions);
            default -> throw new IllegalArgumentException("unknown --method '" + method + "' (expected "
                    + MethodSpec.NAMES + ")");
        };
        TransitionSpec baseSpec = TransitionSpec.parse(Samplers.kind(baseName(methodSpec)), innerSteps, solver);
        Schedule samples = Schedule.parse("--mc-samples", mcSamples);
        Schedule inner = mcInnerSteps == null ? null : Schedule.parse("--mc-inner-steps", mcInnerSteps);
        GradientMode gradientMode = EnumNames.parse(GradientMode.class, "--gradient", gradient);
        ValueSpec valueSpec = switch (value) {
            case "exact" -> new ValueSpec.Exact();
            case "posterior-mc" -> new ValueSpec.PosteriorMc(PosteriorSpec.parse(Samplers.kind(posterior), innerSteps,
                    solver), samples, inner, gradientMode, damped);
            case "plugin" -> new ValueSpec.Plugin(EnumNames.parse(ValueSpec.Lookahead.class, "--plugin", plugin),
                    inner == null ? Schedule.constant(innerSteps) : inner, damped);
            case "weighted" -> new ValueSpec.Weighted(samples, snrFactor,
                    EnumNames.parse(WeightedValue.Weighting.class, "--weighting", weighting), gradientMode);
            default -> throw new IllegalArgumentException("unknown --value '" + value + "' (expected "
                    + ValueSpec.NAMES + ")");
        };
        int outer = steps != null ? steps : methodSpec.defaultSteps();
        return new AlignmentSpec(methodSpec, valueSpec, baseSpec, outer,
                anneal == null ? null : AlignmentSpec.linearAnnealing(anneal, outer), TimeGridOption.parse(timeGrid),
                new AlignmentSpec.Pool(poolDraws, poolEss));
    }

    /** --base, or the method's own default ({@link MethodSpec#defaultBase}: guidance ddpm, the others glass). */
    private String baseName(MethodSpec methodSpec) {
        return base != null ? base : methodSpec.defaultBase();
    }

    @Override
    public Integer call() throws Exception {
        AlignmentTask task = task();
        try (NDManager m = devices.newManager()) {
            task.run(task.loadModel(m), m, Console.INSTANCE);
        } catch (IllegalArgumentException e) {
            throw OptionErrors.named(e, OutputOptions.ERRORS);
        }
        return 0;
    }

    /** The run these options describe, checked; errors name the options. */
    AlignmentTask task() {
        AlignmentSpec spec = spec();
        Path diamondFile = ModelLoader.diamondFile(posterior, baseName(spec.method()));
        return new AlignmentTask(model.model, Interpolant.byName(model.interpolant), diamondFile, reward, spec,
                method, output.sampleOutput(), output.seed, report);
    }

    /** The two outputs of SMC (--smc-output). */
    private enum SmcOutput { ALL, ONE_PER_GROUP }
}
