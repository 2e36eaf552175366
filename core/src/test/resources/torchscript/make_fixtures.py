#!/usr/bin/env python3
"""Makes the TorchScript fixtures of the bring-your-own-model tests (run from this folder; Debian's python3-torch).

Every module here is exact or tiny, so the Java tests can compare it with the Java exact oracle:

* mixture_*.pt: the closed-form posterior mean of a Gaussian mixture (mixture.json), written in PyTorch in three
  conventions: diffusion time (noise at 1) predicting data, noise or velocity (dx/dtau, as rectified-flow code), and
  our own time (noise at 0) predicting velocity with the trigonometric interpolant.
* schedule_*.pt: the same posterior mean in the conventions of real pretrained checkpoints (spec §1.5), each with the
  schedule written here again in PyTorch, independently of the Java code: diffusers DDPM tables (linear,
  scaled_linear, squaredcos_cap_v2) with the timestep index or the log-SNR as input and epsilon, v or sample predictions; EDM
  with sigma, c_noise or log_sigma input; SD3/FLUX rectified flow (velocity eps - x in tau); iDDPM cosine; the
  continuous VP SDE with v in its time tau; a class-conditional DDPM module whose classes are the mixture's components.
* schedule_ddpm_image.pt: 1x28x28 images of independent N(-0.5, 0.25) pixels as a diffusers DDPM epsilon model.
* wrong_time_ddpm.json: the DDPM module described as the README's old example would (trig, noise at 1).
* gaussian_flow_map.pt: the exact probability-flow map of a Gaussian with diagonal covariance (an affine map).
* cosine_flow_map.pt: the same Gaussian's exact flow map on the iDDPM cosine path, in diffusion time tau.
* image_velocity.pt: a small random convolutional velocity on 1x6x6 images.
* dropout_velocity.pt: an MLP with dropout, saved in training mode: loaded for inference it must stay deterministic.
* quadratic_reward.pt: r(x) = -|Ax - y|^2 / (2 eta^2), the same reward as quadratic_reward_json.json.
* bad_*.pt: modules that break the contract (wrong output shape, non-finite reward).

expected.json holds inputs and PyTorch's outputs (modules in evaluation mode) for the Java tests to compare with.
The test suite never runs this script; it only reads what the script wrote.
"""
import json
import math

import torch

torch.manual_seed(20261201)
OUT = {}

WEIGHTS = [0.5, 0.3, 0.2]
MEANS = [[2.0, 0.0], [-1.5, 1.5], [-1.0, -2.0]]
COVS = [[[0.30, 0.10], [0.10, 0.20]], [[0.15, 0.0], [0.0, 0.40]], [[0.25, -0.05], [-0.05, 0.15]]]


class MixtureModel(torch.nn.Module):
    def __init__(self, prediction: str, noise_at_1: bool, trig: bool):
        super().__init__()
        self.register_buffer("log_w", torch.log(torch.tensor(WEIGHTS, dtype=torch.float64)))
        self.register_buffer("means", torch.tensor(MEANS, dtype=torch.float64))
        self.register_buffer("covs", torch.tensor(COVS, dtype=torch.float64))
        self.prediction = prediction
        self.noise_at_1 = noise_at_1
        self.trig = trig

    def forward(self, time: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        t = time.double()
        if self.noise_at_1:
            t = 1 - t
        if self.trig:
            h = math.pi / 2
            a, s, ad, sd = torch.sin(h * t), torch.cos(h * t), h * torch.cos(h * t), -h * torch.sin(h * t)
        else:
            a, s, ad, sd = t, 1 - t, torch.ones_like(t), -torch.ones_like(t)
        x64 = x.double()
        d = x64.shape[1]
        eye = torch.eye(d, dtype=torch.float64)
        # Component k given x_t: N(a mu_k, a^2 Sigma_k + s^2 I); E[x1 | x_t, k] = mu_k + a Sigma_k C^-1 (x_t - a mu_k).
        c = a[:, None, None, None] ** 2 * self.covs[None] + s[:, None, None, None] ** 2 * eye
        diff = x64[:, None, :] - a[:, None, None] * self.means[None]
        chol = torch.linalg.cholesky(c)
        sol = torch.cholesky_solve(diff.unsqueeze(-1), chol).squeeze(-1)
        logdet = 2 * torch.log(torch.diagonal(chol, dim1=-2, dim2=-1)).sum(-1)
        resp = torch.softmax(self.log_w[None] - 0.5 * (diff * sol).sum(-1) - 0.5 * logdet, dim=1)
        mean_k = self.means[None] + a[:, None, None] * torch.matmul(self.covs[None], sol.unsqueeze(-1)).squeeze(-1)
        den = (resp[:, :, None] * mean_k).sum(1)
        a2, s2 = a[:, None], torch.clamp(s[:, None], min=1e-8)
        if self.prediction == "data":
            out = den
        elif self.prediction == "noise":
            out = (x64 - a2 * den) / s2
        else:
            out = ad[:, None] * den + sd[:, None] * (x64 - a2 * den) / s2
            if self.noise_at_1:
                out = -out
        return out.to(x.dtype)


def posterior_mean(log_w, means, covs, a, s, x64):
    """E[x1 | a x1 + s eps = x] of the mixture, per-sample a and s of shape (N,); log_w (K,) or per sample (N, K)."""
    d = x64.shape[1]
    eye = torch.eye(d, dtype=torch.float64)
    c = a[:, None, None, None] ** 2 * covs[None] + s[:, None, None, None] ** 2 * eye
    diff = x64[:, None, :] - a[:, None, None] * means[None]
    chol = torch.linalg.cholesky(c)
    sol = torch.cholesky_solve(diff.unsqueeze(-1), chol).squeeze(-1)
    logdet = 2 * torch.log(torch.diagonal(chol, dim1=-2, dim2=-1)).sum(-1)
    lw = log_w if log_w.dim() == 2 else log_w[None]
    resp = torch.softmax(lw - 0.5 * (diff * sol).sum(-1) - 0.5 * logdet, dim=1)
    mean_k = means[None] + a[:, None, None] * torch.matmul(covs[None], sol.unsqueeze(-1)).squeeze(-1)
    return (resp[:, :, None] * mean_k).sum(1)


def ddpm_alphas_cumprod(beta_schedule, beta_start=1e-4, beta_end=0.02, steps=1000):
    """diffusers' DDPMScheduler table, written again here."""
    if beta_schedule == "linear":
        betas = torch.linspace(beta_start, beta_end, steps, dtype=torch.float64)
    elif beta_schedule == "scaled_linear":
        betas = torch.linspace(beta_start ** 0.5, beta_end ** 0.5, steps, dtype=torch.float64) ** 2
    else:
        f = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = torch.tensor([min(1 - f((i + 1) / steps) / f(i / steps), 0.999) for i in range(steps)],
                             dtype=torch.float64)
    return torch.cumprod(1 - betas, 0)


class ScheduleModel(torch.nn.Module):
    """The mixture's prediction in one checkpoint convention: schedule, time input, prediction, condition."""

    def __init__(self, schedule: str, time_input: str, prediction: str, table=None, conditional=False,
                 beta_min=0.1, beta_max=20.0):
        super().__init__()
        self.register_buffer("log_w", torch.log(torch.tensor(WEIGHTS, dtype=torch.float64)))
        self.register_buffer("means", torch.tensor(MEANS, dtype=torch.float64))
        self.register_buffer("covs", torch.tensor(COVS, dtype=torch.float64))
        lam = torch.zeros(2, dtype=torch.float64) if table is None else 0.5 * torch.log(table / (1 - table))
        self.register_buffer("lam", lam)
        self.schedule = schedule
        self.time_input = time_input
        self.prediction = prediction
        self.conditional = conditional
        self.beta_min = beta_min
        self.beta_max = beta_max

    def coefficients(self, u: torch.Tensor):
        """(a, s) of the model's path at its time input u."""
        u = u.double()
        if self.schedule == "ddpm" and self.time_input == "log_snr":
            return torch.sqrt(torch.sigmoid(u)), torch.sqrt(torch.sigmoid(-u))
        if self.schedule == "ddpm":
            k = torch.clamp(u, 0, self.lam.shape[0] - 1)
            i = torch.clamp(torch.floor(k).long(), max=self.lam.shape[0] - 2)
            f = k - i.double()
            lam = (1 - f) * self.lam[i] + f * self.lam[i + 1]
            return torch.sqrt(torch.sigmoid(2 * lam)), torch.sqrt(torch.sigmoid(-2 * lam))
        if self.schedule == "edm":
            if self.time_input == "sigma":
                sigma = u
            elif self.time_input == "c_noise":
                sigma = torch.exp(4 * u)
            else:
                sigma = torch.exp(u)
            return torch.ones_like(sigma), sigma
        if self.schedule == "rectified-flow":
            return 1 - u, u
        if self.schedule == "cosine":
            th0 = 0.008 / 1.008 * math.pi / 2
            a = torch.cos((u + 0.008) / 1.008 * math.pi / 2) / math.cos(th0)
            return a, torch.sqrt(torch.clamp(1 - a * a, min=0))
        # the continuous VP SDE in its diffusion time tau
        abar = torch.exp(-u * u * (self.beta_max - self.beta_min) / 2 - u * self.beta_min)
        return torch.sqrt(abar), torch.sqrt(1 - abar)

    def predict(self, u: torch.Tensor, x: torch.Tensor, log_w: torch.Tensor) -> torch.Tensor:
        a, s = self.coefficients(u)
        x64 = x.double()
        den = posterior_mean(log_w, self.means, self.covs, a, s, x64)
        a2, s2 = a[:, None], torch.clamp(s[:, None], min=1e-12)
        eps = (x64 - a2 * den) / s2
        if self.prediction == "data":
            out = den
        elif self.prediction == "noise":
            out = eps
        elif self.prediction == "v":
            out = a2 * eps - s2 * den
        else:
            out = eps - den  # rectified flow: dx/dtau
        return out.to(x.dtype)

    def forward(self, u: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.predict(u, x, self.log_w)


class ConditionalScheduleModel(ScheduleModel):
    """forward(u, x, y): class y is the mixture's component y; the null label 3 is the whole mixture."""

    def forward(self, u: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        n = x.shape[0]
        k = self.log_w.shape[0]
        onehot = torch.nn.functional.one_hot(torch.clamp(y, max=k - 1), k).double()
        own = torch.where(onehot > 0, torch.zeros_like(onehot), torch.full_like(onehot, -1e30))
        log_w = torch.where((y == k)[:, None], self.log_w[None].expand(n, k), own)
        return self.predict(u, x, log_w)


class GaussianImageDdpm(torch.nn.Module):
    """Epsilon of 1x28x28 images with independent pixels N(-0.5, 0.25) on the usual DDPM table, timestep index in."""

    def __init__(self):
        super().__init__()
        table = ddpm_alphas_cumprod("linear")
        self.register_buffer("lam", 0.5 * torch.log(table / (1 - table)))

    def forward(self, u: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        k = torch.clamp(u.double(), 0, self.lam.shape[0] - 1)
        i = torch.clamp(torch.floor(k).long(), max=self.lam.shape[0] - 2)
        f = k - i.double()
        lam = (1 - f) * self.lam[i] + f * self.lam[i + 1]
        a = torch.sqrt(torch.sigmoid(2 * lam))[:, None, None, None]
        s = torch.sqrt(torch.sigmoid(-2 * lam))[:, None, None, None]
        x64 = x.double()
        den = -0.5 + a * 0.25 / (a * a * 0.25 + s * s) * (x64 + 0.5 * a)
        return ((x64 - a * den) / s).to(x.dtype)


class GaussianFlowMap(torch.nn.Module):
    """X(t, t', x) = a(t') mu + sd(t') / sd(t) (x - a(t) mu), sd(t)^2 = a^2 s^2 + sigma^2, linear interpolant."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mu", torch.tensor([1.0, -0.5], dtype=torch.float64))
        self.register_buffer("var", torch.tensor([0.5, 0.2], dtype=torch.float64))

    def forward(self, t: torch.Tensor, t_next: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        t0, t1 = t.double()[:, None], t_next.double()[:, None]
        sd0 = torch.sqrt(t0 ** 2 * self.var + (1 - t0) ** 2)
        sd1 = torch.sqrt(t1 ** 2 * self.var + (1 - t1) ** 2)
        return (t1 * self.mu + sd1 / sd0 * (x.double() - t0 * self.mu)).to(x.dtype)


class CosineGaussianFlowMap(torch.nn.Module):
    """The exact flow map of the same Gaussian on the iDDPM cosine path, in diffusion time tau (noise at 1)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mu", torch.tensor([1.0, -0.5], dtype=torch.float64))
        self.register_buffer("var", torch.tensor([0.5, 0.2], dtype=torch.float64))

    def coefficients(self, tau: torch.Tensor):
        th0 = 0.008 / 1.008 * math.pi / 2
        a = torch.cos((tau.double() + 0.008) / 1.008 * math.pi / 2) / math.cos(th0)
        return a[:, None], torch.sqrt(torch.clamp(1 - a * a, min=0))[:, None]

    def forward(self, tau: torch.Tensor, tau_next: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        a0, s0 = self.coefficients(tau)
        a1, s1 = self.coefficients(tau_next)
        sd0 = torch.sqrt(a0 ** 2 * self.var + s0 ** 2)
        sd1 = torch.sqrt(a1 ** 2 * self.var + s1 ** 2)
        return (a1 * self.mu + sd1 / sd0 * (x.double() - a0 * self.mu)).to(x.dtype)


class ImageVelocity(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.outer = torch.nn.Conv2d(4, 1, 3, padding=1)

    def forward(self, t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.outer(torch.tanh(self.inner(x))) * (1 + t[:, None, None, None]) - x


class DropoutVelocity(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(3, 32)
        self.drop = torch.nn.Dropout(0.5)
        self.out = torch.nn.Linear(32, 2)

    def forward(self, t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.drop(torch.relu(self.hidden(torch.cat([x, t[:, None]], 1)))))


A = [[1.0, 0.5], [0.0, 1.0]]
Y = [1.0, -1.0]
ETA = 0.8


class QuadraticReward(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("a", torch.tensor(A, dtype=torch.float64))
        self.register_buffer("y", torch.tensor(Y, dtype=torch.float64))
        self.eta = ETA

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r = x.double() @ self.a.t() - self.y
        return (-(r * r).sum(1) / (2 * self.eta * self.eta)).to(x.dtype)


class WrongShapeReward(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.sum(1, keepdim=True)


class NonFiniteReward(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.log(x[:, 0])


class WrongShapeVelocity(torch.nn.Module):
    def forward(self, t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, t[:, None]], 1)


def save(name, module, description=None, inputs=None):
    scripted = torch.jit.script(module)
    scripted.save(name + ".pt")
    if description is not None:
        with open(name + ".json", "w") as f:
            json.dump(description, f, indent=1)
            f.write("\n")
    if inputs is not None:
        module.eval()
        with torch.no_grad():
            out = module(*inputs)
        OUT[name] = {"inputs": [i.tolist() for i in inputs], "output": out.tolist()}


def main():
    with open("mixture.json", "w") as f:
        json.dump({"weights": WEIGHTS, "means": MEANS, "covariances": COVS}, f, indent=1)
        f.write("\n")
    n = 5
    t = torch.rand(n) * 0.9 + 0.05
    x = torch.randn(n, 2) * 1.5
    save("mixture_data", MixtureModel("data", True, False),
         {"prediction": "data", "time": "noise-at-1", "interpolant": "linear", "shape": [2]}, [t, x])
    save("mixture_noise", MixtureModel("noise", True, False),
         {"prediction": "noise", "time": "noise-at-1", "interpolant": "linear", "shape": [2]}, [t, x])
    save("mixture_velocity_trig", MixtureModel("velocity", False, True),
         {"prediction": "velocity", "time": "noise-at-0", "interpolant": "trig", "shape": [2]}, [t, x])
    save("mixture_velocity", MixtureModel("velocity", True, False),
         {"prediction": "velocity", "time": "noise-at-1", "interpolant": "linear", "shape": [2]}, [t, x])
    save("gaussian_flow_map", GaussianFlowMap(),
         {"prediction": "flow-map", "time": "noise-at-0", "interpolant": "linear", "shape": [2]},
         [t, torch.clamp(t + 0.3, max=1.0), x])
    save("cosine_flow_map", CosineGaussianFlowMap(),
         {"schedule": "cosine", "time_input": "tau", "prediction": "flow-map", "shape": [2]},
         [1 - t, torch.clamp(1 - t - 0.3, min=0.0), x])
    save("image_velocity", ImageVelocity(),
         {"prediction": "velocity", "time": "noise-at-0", "interpolant": "linear", "shape": [1, 6, 6]},
         [t[:2], torch.randn(2, 1, 6, 6)])
    conventions = {
        # name: (ScheduleModel arguments, MODEL.json); a log-SNR input is VDM's lambda = ln(a^2 / s^2)
        "schedule_ddpm_epsilon": (dict(schedule="ddpm", time_input="index", prediction="noise",
                                       table=ddpm_alphas_cumprod("linear")),
                                  {"schedule": {"type": "ddpm", "beta_schedule": "linear", "beta_start": 0.0001,
                                                "beta_end": 0.02, "timesteps": 1000},
                                   "time_input": "index", "prediction": "epsilon", "shape": [2]}),
        "schedule_ddpm_v": (dict(schedule="ddpm", time_input="index", prediction="v",
                                 table=ddpm_alphas_cumprod("scaled_linear", 0.00085, 0.012)),
                            {"schedule": {"type": "ddpm", "beta_schedule": "scaled_linear", "beta_start": 0.00085,
                                          "beta_end": 0.012, "timesteps": 1000},
                             "time_input": "index", "prediction": "v_prediction", "shape": [2]}),
        "schedule_ddpm_sample": (dict(schedule="ddpm", time_input="log_snr", prediction="data",
                                      table=ddpm_alphas_cumprod("squaredcos_cap_v2")),
                                 {"schedule": {"type": "ddpm", "beta_schedule": "squaredcos_cap_v2"},
                                  "time_input": "log_snr", "prediction": "sample", "shape": [2]}),
        "schedule_edm_sigma": (dict(schedule="edm", time_input="sigma", prediction="data"),
                               {"schedule": {"type": "edm", "sigma_min": 0.002, "sigma_max": 80},
                                "time_input": "sigma", "prediction": "data", "shape": [2]}),
        "schedule_edm_c_noise": (dict(schedule="edm", time_input="c_noise", prediction="data"),
                                 {"schedule": "edm", "time_input": "c_noise", "prediction": "data", "shape": [2]}),
        "schedule_ve_epsilon": (dict(schedule="edm", time_input="log_sigma", prediction="noise"),
                                {"schedule": {"type": "ve", "sigma_min": 0.01, "sigma_max": 50},
                                 "time_input": "log_sigma", "prediction": "noise", "shape": [2]}),
        "schedule_rectified_flow": (dict(schedule="rectified-flow", time_input="tau", prediction="velocity"),
                                    {"schedule": "rectified-flow", "time_input": "tau", "prediction": "velocity",
                                     "shape": [2]}),
        "schedule_cosine_epsilon": (dict(schedule="cosine", time_input="tau", prediction="noise"),
                                    {"schedule": {"type": "cosine", "s": 0.008}, "time_input": "tau",
                                     "prediction": "epsilon", "shape": [2]}),
        "schedule_vp_v": (dict(schedule="vp", time_input="tau", prediction="v"),
                          {"schedule": {"type": "vp", "beta_min": 0.1, "beta_max": 20}, "time_input": "tau",
                           "prediction": "v", "shape": [2]}),
    }
    probe_t = {"index": torch.rand(n) * 999, "sigma": torch.exp(torch.randn(n)), "c_noise": torch.randn(n) / 4,
               "log_sigma": torch.randn(n), "tau": torch.rand(n) * 0.9 + 0.05, "log_snr": torch.randn(n) * 3}
    for name, (args, description) in conventions.items():
        save(name, ScheduleModel(**args), description, [probe_t[args["time_input"]], x])
    save("schedule_ddpm_conditional",
         ConditionalScheduleModel(schedule="ddpm", time_input="index", prediction="noise",
                                  table=ddpm_alphas_cumprod("linear")),
         {"schedule": "ddpm", "time_input": "index", "prediction": "epsilon", "shape": [2],
          "condition": {"classes": 3, "null": 3}},
         [probe_t["index"], x, torch.tensor([0, 1, 2, 3, 1])])
    save("schedule_ddpm_image", GaussianImageDdpm(),
         {"schedule": "ddpm", "time_input": "index", "prediction": "epsilon", "shape": [1, 28, 28]},
         [probe_t["index"][:2], torch.randn(2, 1, 28, 28)])
    with open("wrong_time_ddpm.json", "w") as f:
        json.dump({"prediction": "noise", "time": "noise-at-1", "interpolant": "trig", "shape": [2]}, f, indent=1)
        f.write("\n")
    dropout = DropoutVelocity()
    dropout.train()
    torch.jit.script(dropout).save("dropout_velocity.pt")
    with open("dropout_velocity.json", "w") as f:
        json.dump({"prediction": "velocity", "time": "noise-at-0", "interpolant": "linear", "shape": [2]}, f,
                  indent=1)
        f.write("\n")
    dropout.eval()
    with torch.no_grad():
        OUT["dropout_velocity"] = {"inputs": [t.tolist(), x.tolist()], "output": dropout(t, x).tolist()}
    save("wrong_shape_velocity", WrongShapeVelocity(),
         {"prediction": "velocity", "time": "noise-at-0", "interpolant": "linear", "shape": [2]})
    save("quadratic_reward", QuadraticReward(), None, [x])
    with open("quadratic_reward.json", "w") as f:
        json.dump({"type": "torchscript", "file": "quadratic_reward.pt"}, f)
        f.write("\n")
    with open("quadratic_reward_json.json", "w") as f:
        json.dump({"type": "quadratic", "A": A, "y": Y, "noise": ETA}, f)
        f.write("\n")
    save("wrong_shape_reward", WrongShapeReward())
    save("non_finite_reward", NonFiniteReward())
    with open("expected.json", "w") as f:
        json.dump(OUT, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
