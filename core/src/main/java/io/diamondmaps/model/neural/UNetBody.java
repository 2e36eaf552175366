package io.diamondmaps.model.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.diamondmaps.util.Tensors;

/**
 * The U-Net shared by the image flow map ({@link UNet}) and the image Diamond Map ({@link DiamondUNet}): sinusoidal
 * embeddings of several per-sample times → MLP; residual blocks GroupNorm → SiLU → conv3×3 (+ time) → GroupNorm →
 * SiLU → conv3×3 with a 1×1 skip; stride-2 convolutions down, nearest upsampling + conv up, skip concatenation;
 * channels base, 2·base, 2·base at full, half and quarter resolution; a zero output convolution. Every layer
 * propagates the tangent along one chosen time (djl-stack notes §1: GroupNorm dy = r(dx − mean dx − ŷ·mean(ŷ·dx));
 * conv and linear are linear in their input). DJL lacks GroupNorm and transposed convolution, hence the explicit
 * normalisation and upsample + conv.
 */
final class UNetBody {
    private static final double GN_EPS = 1e-5;
    private final Parameters params;
    private final int groups;
    private final int embedding;

    /** Declares the parameters on {@code params}: {@code times} embedded times, input and output channels. */
    UNetBody(Parameters params, int inChannels, int outChannels, int base, int groups, int embedding, int times) {
        if (base % groups != 0) {
            throw new IllegalArgumentException("base channels " + base + " must be a multiple of the groups " + groups);
        }
        this.params = params;
        this.groups = groups;
        this.embedding = embedding;
        int c = base;
        int e = embedding;
        params.weight("emb.w1", 2L * times * e, 2L * e);
        params.zeros("emb.b1", new Shape(2L * e));
        params.weight("emb.w2", 2L * e, 2L * e);
        params.zeros("emb.b2", new Shape(2L * e));
        conv("in", inChannels, c, 3);
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
        // Zero output convolution: the network's output starts at 0, so its map starts at the identity.
        params.zeros("out.w", new Shape(outChannels, c, 3, 3));
        params.zeros("out.b", new Shape(outChannels));
    }

    private void conv(String name, int in, int out, int k) {
        params.convWeight(name + ".w", out, in, k);
        params.zeros(name + ".b", new Shape(out));
    }

    private void block(String name, int in, int out) {
        params.ones(name + ".n1.g", new Shape(in));
        params.zeros(name + ".n1.b", new Shape(in));
        conv(name + ".c1", in, out, 3);
        params.weight(name + ".t.w", 2L * embedding, out);
        params.zeros(name + ".t.b", new Shape(out));
        params.ones(name + ".n2.g", new Shape(out));
        params.zeros(name + ".n2.b", new Shape(out));
        conv(name + ".c2", out, out, 3);
        if (in != out) {
            conv(name + ".skip", in, out, 1);
        }
    }

    /**
     * The network on {@code input} (N, C_in, H, W) conditioned on {@code times} (each (N,), already in the parameters'
     * type) and, when {@code tangentTime} ≥ 0, its derivative along {@code times[tangentTime]} (tangent seed 1 there,
     * 0 on the other times and on the input).
     */
    Dual forward(NDArray[] times, int tangentTime, NDArray input) {
        boolean withTangent = tangentTime >= 0;
        NDArray value = null;
        NDArray tangent = null;
        for (int i = 0; i < times.length; i++) {
            Dual e = sinusoidal(times[i], i == tangentTime);
            NDArray d = withTangent ? (i == tangentTime ? e.tangent() : e.value().zerosLike()) : null;
            value = value == null ? e.value() : value.concat(e.value(), 1);
            tangent = !withTangent ? null : tangent == null ? d : tangent.concat(d, 1);
        }
        Dual emb = Layers.linear(params, Layers.silu(Layers.linear(params, new Dual(value, tangent), "emb.w1",
                "emb.b1")), "emb.w2", "emb.b2");
        Dual x = new Dual(input, withTangent ? input.zerosLike() : null);
        Dual h0 = block(conv(x, "in", 1, 1), emb, "down0");
        Dual h1 = block(conv(h0, "pool0", 2, 1), emb, "down1");
        Dual h2 = block(conv(h1, "pool1", 2, 1), emb, "mid");
        Dual u1 = block(concat(conv(upsample(h2), "up1", 1, 1), h1), emb, "dec1");
        Dual u0 = block(concat(conv(upsample(u1), "up0", 1, 1), h0), emb, "dec0");
        return conv(Layers.siluOfFresh(groupNorm(u0, "out.norm")), "out", 1, 1);
    }

    private Dual conv(Dual x, String name, int stride, int pad) {
        NDArray w = params.get(name + ".w");
        NDArray b = params.get(name + ".b");
        NDArray value = Convolution.conv2d(x.value(), w, b, stride, pad);
        NDArray tangent = x.hasTangent() ? Convolution.conv2d(x.tangent(), w, null, stride, pad) : null;
        return new Dual(value, tangent);
    }

    /** GroupNorm: ŷ = (x − μ)·r per group, r = 1/√(var + ε); tangent r(dx − mean dx − ŷ·mean(ŷ·dx)); then γŷ + β. */
    private Dual groupNorm(Dual x, String name) {
        Shape shape = x.value().getShape();
        long n = shape.get(0);
        long ch = shape.get(1);
        // A view of a parameter belongs to the parameters' manager: hand it to the step's, or one stays per call.
        NDArray gamma = params.get(name + ".g").reshape(1, ch, 1, 1);
        NDArray beta = params.get(name + ".b").reshape(1, ch, 1, 1);
        gamma.attach(x.value().getManager());
        beta.attach(x.value().getManager());
        if (!x.hasTangent()) {
            // Without a tangent, libtorch's fused layer norm over each group (one kernel, and one in backward) does
            // what the explicit statistics below do in eight.
            NDArray groupsAsRows = x.value().reshape(n * groups, -1);
            Shape row = new Shape(groupsAsRows.getShape().get(1));
            NDArray normed = groupsAsRows.getNDArrayInternal().layerNorm(groupsAsRows, row,
                    groupsAsRows.getManager().ones(row, groupsAsRows.getDataType(), groupsAsRows.getDevice()),
                    groupsAsRows.getManager().zeros(row, groupsAsRows.getDataType(), groupsAsRows.getDevice()),
                    (float) GN_EPS).singletonOrThrow();
            NDArray out = normed.reshape(shape);
            // The normalised array is fresh: inference scales and shifts it in place.
            return new Dual(Layers.inPlaceAllowed() ? out.muli(gamma).addi(beta) : out.mul(gamma).add(beta), null);
        }
        NDArray v = x.value().reshape(n, groups, -1);
        NDArray mean = v.mean(new int[] {2}, true);
        NDArray centred = v.sub(mean);
        NDArray r = Tensors.pow(Tensors.atLeast(centred.square().mean(new int[] {2}, true), 0).add(GN_EPS), -0.5);
        NDArray normed = centred.mul(r);
        NDArray value = normed.reshape(shape).mul(gamma).add(beta);
        NDArray dx = x.tangent().reshape(n, groups, -1);
        NDArray dn = dx.sub(dx.mean(new int[] {2}, true)).sub(normed.mul(normed.mul(dx).mean(new int[] {2}, true)))
                .mul(r);
        return new Dual(value, dn.reshape(shape).mul(gamma));
    }

    /** a + b where {@code fresh} is an activation nothing else reads: inference adds in place. */
    private static Dual addToFresh(Dual fresh, Dual b) {
        if (!fresh.hasTangent() && Layers.inPlaceAllowed()) {
            return new Dual(fresh.value().addi(b.value()), null);
        }
        return new Dual(fresh.value().add(b.value()), fresh.hasTangent() ? fresh.tangent().add(b.tangent()) : null);
    }

    private static Dual concat(Dual a, Dual b) {
        return new Dual(a.value().concat(b.value(), 1), a.hasTangent() ? a.tangent().concat(b.tangent(), 1) : null);
    }

    private static Dual upsample(Dual x) {
        return new Dual(x.value().repeat(2, 2).repeat(3, 2), x.hasTangent() ? x.tangent().repeat(2, 2).repeat(3, 2) : null);
    }

    private Dual block(Dual x, Dual emb, String name) {
        Dual h = conv(Layers.siluOfFresh(groupNorm(x, name + ".n1")), name + ".c1", 1, 1);
        Dual t = Layers.linear(params, Layers.silu(emb), name + ".t.w", name + ".t.b");
        long n = t.value().getShape().get(0);
        long ch = t.value().getShape().get(1);
        h = addToFresh(h, new Dual(t.value().reshape(n, ch, 1, 1), t.hasTangent() ? t.tangent().reshape(n, ch, 1, 1) : null));
        h = conv(Layers.siluOfFresh(groupNorm(h, name + ".n2")), name + ".c2", 1, 1);
        Dual skip = params.asMap().containsKey(name + ".skip.w") ? conv(x, name + ".skip", 1, 0) : x;
        return addToFresh(h, skip);
    }

    /** Sinusoidal features sin/cos(ω_k s) of s (N,), ω_k = 1000^(k/(E−1)), and, when asked, their derivative in s. */
    private Dual sinusoidal(NDArray s, boolean tangent) {
        int e = embedding;
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
}
