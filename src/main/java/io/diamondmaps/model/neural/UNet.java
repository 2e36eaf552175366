package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diamondmaps.interpolant.Interpolant;
import io.diamondmaps.util.Tensors;

/**
 * A small U-Net flow map for C×H×W images (H, W divisible by 4), X(t, t', x) = x + (t' − t)·φ(t, t', x) (3.1):
 * sinusoidal embeddings of t and t' − t → MLP; residual blocks GroupNorm → SiLU → conv3×3 (+ time) → GroupNorm → SiLU →
 * conv3×3 with a 1×1 skip; stride-2 convolutions down, nearest upsampling + conv up, skip concatenation; channels
 * base, 2·base, 2·base at full, half and quarter resolution. Every layer propagates the tangent ∂/∂t' (djl-stack notes
 * §1: GroupNorm dy = r(dx − mean dx − ŷ·mean(ŷ·dx)); conv and linear are linear in their input). DJL lacks GroupNorm
 * and transposed convolution, hence the explicit normalisation and upsample + conv.
 */
public final class UNet implements FlowMapNetwork {
    /** Architecture: image shape, base channels, GroupNorm groups and time-embedding size. */
    public record Config(int channels, int height, int width, int base, int groups, int embedding) {
        public Config {
            if (height % 4 != 0 || width % 4 != 0) {
                throw new IllegalArgumentException("the U-Net needs image sides divisible by 4, got " + height + "x" + width);
            }
            if (base % groups != 0) {
                throw new IllegalArgumentException("base channels " + base + " must be a multiple of the groups " + groups);
            }
        }
    }

    private static final double GN_EPS = 1e-5;
    private final Config config;
    private final Interpolant interpolant;
    private final Parameters params;

    public UNet(Config config, Interpolant interpolant, NDManager manager) {
        this(config, interpolant, manager, DataType.FLOAT32);
    }

    public UNet(Config config, Interpolant interpolant, NDManager manager, DataType dtype) {
        this.config = config;
        this.interpolant = interpolant;
        this.params = new Parameters(manager, dtype);
        int c = config.base();
        int e = config.embedding();
        params.weight("emb.w1", 4L * e, 2L * e);
        params.zeros("emb.b1", new Shape(2L * e));
        params.weight("emb.w2", 2L * e, 2L * e);
        params.zeros("emb.b2", new Shape(2L * e));
        conv("in", config.channels(), c, 3);
        block("down0", c, c);
        conv("pool0", c, 2 * c, 3);
        block("down1", 2 * c, 2 * c);
        conv("pool1", 2 * c, 2 * c, 3);
        block("mid", 2 * c, 2 * c);
        conv("up1", 2 * c, 2 * c, 3);
        block("dec1", 4 * c, 2 * c);
        conv("up0", 2 * c, c, 3);
        block("dec0", 2 * c, c);
        params.ones("out.norm.g", new Shape(c));
        params.zeros("out.norm.b", new Shape(c));
        // Zero output convolution: φ starts at 0, X(t, t', x) = x.
        params.zeros("out.w", new Shape(config.channels(), c, 3, 3));
        params.zeros("out.b", new Shape(config.channels()));
    }

    private void conv(String name, int in, int out, int k) {
        params.convWeight(name + ".w", out, in, k);
        params.zeros(name + ".b", new Shape(out));
    }

    private void block(String name, int in, int out) {
        params.ones(name + ".n1.g", new Shape(in));
        params.zeros(name + ".n1.b", new Shape(in));
        conv(name + ".c1", in, out, 3);
        params.weight(name + ".t.w", 2L * config.embedding(), out);
        params.zeros(name + ".t.b", new Shape(out));
        params.ones(name + ".n2.g", new Shape(out));
        params.zeros(name + ".n2.b", new Shape(out));
        conv(name + ".c2", out, out, 3);
        if (in != out) {
            conv(name + ".skip", in, out, 1);
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public Parameters parameters() {
        return params;
    }

    @Override
    public Interpolant interpolant() {
        return interpolant;
    }

    @Override
    public Shape sampleShape() {
        return new Shape(config.channels(), config.height(), config.width());
    }

    @Override
    public ObjectNode architecture() {
        ObjectNode arch = Checkpoint.newMetadata();
        arch.put("type", "unet");
        arch.put("channels", config.channels());
        arch.put("height", config.height());
        arch.put("width", config.width());
        arch.put("base", config.base());
        arch.put("groups", config.groups());
        arch.put("embedding", config.embedding());
        return arch;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Layers on (value, tangent) pairs.

    private Dual conv(Dual x, String name, int stride, int pad) {
        NDArray w = params.get(name + ".w");
        NDArray b = params.get(name + ".b");
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(pad, pad);
        Shape d = new Shape(1, 1);
        NDArray value = Conv2d.conv2d(x.value(), w, b, s, p, d, 1).singletonOrThrow();
        NDArray tangent = x.hasTangent() ? Conv2d.conv2d(x.tangent(), w, null, s, p, d, 1).singletonOrThrow() : null;
        return new Dual(value, tangent);
    }

    /** GroupNorm: ŷ = (x − μ)·r per group, r = 1/√(var + ε); tangent r(dx − mean dx − ŷ·mean(ŷ·dx)); then γŷ + β. */
    private Dual groupNorm(Dual x, String name) {
        Shape shape = x.value().getShape();
        long n = shape.get(0);
        long ch = shape.get(1);
        int g = config.groups();
        NDArray v = x.value().reshape(n, g, -1);
        NDArray mean = v.mean(new int[] {2}, true);
        NDArray centred = v.sub(mean);
        NDArray r = Tensors.pow(Tensors.atLeast(centred.square().mean(new int[] {2}, true), 0).add(GN_EPS), -0.5);
        NDArray normed = centred.mul(r);
        NDArray gamma = params.get(name + ".g").reshape(1, ch, 1, 1);
        NDArray beta = params.get(name + ".b").reshape(1, ch, 1, 1);
        NDArray value = normed.reshape(shape).mul(gamma).add(beta);
        if (!x.hasTangent()) {
            return new Dual(value, null);
        }
        NDArray dx = x.tangent().reshape(n, g, -1);
        NDArray dn = dx.sub(dx.mean(new int[] {2}, true)).sub(normed.mul(normed.mul(dx).mean(new int[] {2}, true)))
                .mul(r);
        return new Dual(value, dn.reshape(shape).mul(gamma));
    }

    private static Dual add(Dual a, Dual b) {
        return new Dual(a.value().add(b.value()), a.hasTangent() ? a.tangent().add(b.tangent()) : null);
    }

    private static Dual concat(Dual a, Dual b) {
        return new Dual(a.value().concat(b.value(), 1), a.hasTangent() ? a.tangent().concat(b.tangent(), 1) : null);
    }

    private static Dual upsample(Dual x) {
        return new Dual(x.value().repeat(2, 2).repeat(3, 2), x.hasTangent() ? x.tangent().repeat(2, 2).repeat(3, 2) : null);
    }

    private Dual block(Dual x, Dual emb, String name) {
        Dual h = conv(Layers.silu(groupNorm(x, name + ".n1")), name + ".c1", 1, 1);
        Dual t = Layers.linear(params, Layers.silu(emb), name + ".t.w", name + ".t.b");
        long n = t.value().getShape().get(0);
        long ch = t.value().getShape().get(1);
        h = add(h, new Dual(t.value().reshape(n, ch, 1, 1), t.hasTangent() ? t.tangent().reshape(n, ch, 1, 1) : null));
        h = conv(Layers.silu(groupNorm(h, name + ".n2")), name + ".c2", 1, 1);
        Dual skip = params.asMap().containsKey(name + ".skip.w") ? conv(x, name + ".skip", 1, 0) : x;
        return add(h, skip);
    }

    /** Sinusoidal features sin/cos(ω_k s) of s (N,), ω_k = 1000^(k/(E−1)), and, when asked, their derivative in s. */
    private Dual sinusoidal(NDArray s, boolean tangent) {
        int e = config.embedding();
        double[] freq = new double[e];
        for (int k = 0; k < e; k++) {
            freq[k] = Math.pow(1000, (double) k / Math.max(1, e - 1));
        }
        NDArray f = Tensors.constant(s, freq, new Shape(1, e));
        NDArray arg = s.reshape(-1, 1).mul(f);
        NDArray value = arg.sin().concat(arg.cos(), 1);
        NDArray d = tangent ? arg.cos().mul(f).concat(arg.sin().neg().mul(f), 1) : null;
        return new Dual(value, d);
    }

    Dual phi(NDArray t, NDArray tNext, NDArray x, boolean withTangent) {
        DataType dtype = params.dataType();
        t = Tensors.cast(t, dtype);
        tNext = Tensors.cast(tNext, dtype);
        x = Tensors.cast(x, dtype);
        // Embeddings of t (tangent 0) and of t' − t (tangent 1), concatenated, then a two-layer MLP.
        Dual et = sinusoidal(t, false);
        Dual eg = sinusoidal(tNext.sub(t), withTangent);
        Dual emb = new Dual(et.value().concat(eg.value(), 1),
                withTangent ? et.value().zerosLike().concat(eg.tangent(), 1) : null);
        emb = Layers.linear(params, Layers.silu(Layers.linear(params, emb, "emb.w1", "emb.b1")), "emb.w2", "emb.b2");
        Dual input = new Dual(x, withTangent ? x.zerosLike() : null);
        Dual h0 = block(conv(input, "in", 1, 1), emb, "down0");
        Dual h1 = block(conv(h0, "pool0", 2, 1), emb, "down1");
        Dual h2 = block(conv(h1, "pool1", 2, 1), emb, "mid");
        Dual u1 = block(concat(conv(upsample(h2), "up1", 1, 1), h1), emb, "dec1");
        Dual u0 = block(concat(conv(upsample(u1), "up0", 1, 1), h0), emb, "dec0");
        return conv(Layers.silu(groupNorm(u0, "out.norm")), "out", 1, 1);
    }

    @Override
    public NDArray map(NDArray t, NDArray tNext, NDArray x) {
        NDArray phi = phi(t, tNext, x, false).value();
        return Tensors.cast(x, params.dataType()).add(phi.mul(Tensors.perSample(Tensors.cast(tNext.sub(t), params.dataType()), phi)));
    }

    @Override
    public NDArray[] mapWithTimeDerivative(NDArray t, NDArray tNext, NDArray x) {
        Dual p = phi(t, tNext, x, true);
        NDArray gap = Tensors.perSample(Tensors.cast(tNext.sub(t), params.dataType()), p.value());
        return new NDArray[] {Tensors.cast(x, params.dataType()).add(p.value().mul(gap)),
            p.value().add(p.tangent().mul(gap))};
    }

    @Override
    public NDArray jump(double t, double tNext, NDArray x) {
        return Tensors.scoped(scope -> map(Tensors.times(x, t), Tensors.times(x, tNext), x), x);
    }

    @Override
    public NDArray velocity(NDArray t, NDArray x) {
        return phi(t, t, x, false).value();
    }
}
