#!/usr/bin/env python3
"""Makes the TorchScript fixtures of the bring-your-own-model tests (run from this folder; Debian's python3-torch).

Every module here is exact or tiny, so the Java tests can compare it with the Java exact oracle:

* mixture_*.pt: the closed-form posterior mean of a Gaussian mixture (mixture.json), written in PyTorch in three
  conventions: diffusion time (noise at 1) predicting data, noise or velocity (dx/dtau, as rectified-flow code), and
  our own time (noise at 0) predicting velocity with the trigonometric interpolant.
* gaussian_flow_map.pt: the exact probability-flow map of a Gaussian with diagonal covariance (an affine map).
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
    save("image_velocity", ImageVelocity(),
         {"prediction": "velocity", "time": "noise-at-0", "interpolant": "linear", "shape": [1, 6, 6]},
         [t[:2], torch.randn(2, 1, 6, 6)])
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
