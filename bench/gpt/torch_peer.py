"""The PyTorch half of `./course bench gpt` (see README.md beside this file).

    python torch_peer.py serve  OUT   started by GptBench.java: the same GPT, batches, initial weights and optimiser
                                      step as the Java half (read from OUT/settings.json, batches.bin, weights.json
                                      + weights.bin), stepped in turns with the Java half; writes OUT/pytorch.json
    python torch_peer.py report OUT   reads OUT/djl.json and OUT/pytorch.json, prints a table and, last, the line
                                      gpt step_ratio=... djl_ms=... pytorch_ms=... gflops=... peak_gflops=...

The model is written out op by op (no fused scaled_dot_product_attention, no torch.compile) so that it does the
same arithmetic as the lib's course.gpt.Gpt.
"""
import json
import math
import platform
import statistics
import sys
import time
from pathlib import Path


def load_settings(out: Path) -> dict:
    return json.loads((out / "settings.json").read_text())


# ----------------------------------------------------------------------------------------------------------------
# The model. Parameter names follow the shapes the Java side writes; see load_java_weights for the mapping.

def build_model(torch, s: dict):
    nn = torch.nn
    F = torch.nn.functional
    C, H, T, V = s["embedding"], s["heads"], s["block_size"], s["vocab_size"]
    exact_gelu = s["gelu"] == "exact"

    def layer_norm():
        # nanoGPT's bias=False means LayerNorm without β too; the Java config tells which one it built.
        return nn.LayerNorm(C, eps=s["layer_norm_eps"], bias=s["layer_norm_beta"])

    class Attention(nn.Module):
        def __init__(self):
            super().__init__()
            self.qkv = nn.Linear(C, 3 * C, bias=s["bias"])
            self.out = nn.Linear(C, C, bias=s["bias"])
            rows = torch.arange(T).view(T, 1)
            cols = torch.arange(T).view(1, T)
            # Additive causal mask, as the lib builds it: 0 where key j <= query i, -1e30 above the diagonal
            # (finite, so exp() gives exactly 0 without -inf arithmetic).
            self.register_buffer("mask_bias", (cols > rows).float() * -1e30, persistent=False)

        def forward(self, x):
            b, t, c = x.shape
            d = c // H
            q, k, v = self.qkv(x).split(c, dim=-1)
            # (b, t, c) -> (b, heads, t, d)
            q = q.reshape(b, t, H, d).transpose(1, 2)
            k = k.reshape(b, t, H, d).transpose(1, 2)
            v = v.reshape(b, t, H, d).transpose(1, 2)
            scores = (q * (1.0 / math.sqrt(d))).matmul(k.transpose(-2, -1))  # scaling q: same product, fewer numbers
            weights = (scores + self.mask_bias[:t, :t]).softmax(dim=-1)
            y = weights.matmul(v).transpose(1, 2).reshape(b, t, c)
            return self.out(y)

    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.up = nn.Linear(C, 4 * C, bias=s["bias"])
            self.down = nn.Linear(4 * C, C, bias=s["bias"])

        def forward(self, x):
            h = self.up(x)
            h = F.gelu(h) if exact_gelu else F.gelu(h, approximate="tanh")
            return self.down(h)

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1 = layer_norm()
            self.attn = Attention()
            self.ln2 = layer_norm()
            self.mlp = Mlp()

        def forward(self, x):
            x = x + self.attn(self.ln1(x))
            return x + self.mlp(self.ln2(x))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.tokens = nn.Embedding(V, C)
            self.positions = nn.Embedding(T, C)
            self.blocks = nn.ModuleList(Block() for _ in range(s["layers"]))
            self.ln_f = layer_norm()
            # The LM head is the token embedding, transposed (weight tying): no parameter of its own.

        def forward(self, idx):
            b, t = idx.shape
            x = self.tokens(idx) + self.positions(torch.arange(t))
            for block in self.blocks:
                x = block(x)
            return F.linear(self.ln_f(x), self.tokens.weight)

    return Gpt()


def load_java_weights(torch, model, out: Path) -> int:
    """Copies the Java model's initial weights (same order, same shapes) into the PyTorch model."""
    index = json.loads((out / "weights.json").read_text())
    blob = torch.frombuffer(bytearray((out / "weights.bin").read_bytes()), dtype=torch.float32)
    mine = list(model.named_parameters())
    if len(index) != len(mine):
        raise SystemExit(f"weights: the Java model has {len(index)} parameters, the PyTorch model {len(mine)}:\n"
                         f"  java:    {[p['name'] for p in index]}\n  pytorch: {[n for n, _ in mine]}")
    with torch.no_grad():
        for entry, (name, p) in zip(index, mine):
            shape = tuple(entry["shape"])
            if shape != tuple(p.shape):
                raise SystemExit(f"weights: Java {entry['name']} {shape} does not fit PyTorch {name} {tuple(p.shape)}")
            n = math.prod(shape)
            p.copy_(blob[entry["offset"]:entry["offset"] + n].view(shape))
    return len(mine)


def decays(name: str, p) -> bool:
    return p.dim() >= 2  # matrices and embeddings; LayerNorm γ (and β, biases) not


# ----------------------------------------------------------------------------------------------------------------

def peak_matmul_gflops(torch, n: int, repeats: int) -> float:
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    for _ in range(3):
        a.matmul(b)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a.matmul(b)
        times.append(time.perf_counter() - start)
    return 2 * n ** 3 / statistics.median(times) / 1e9


class Peer:
    """The PyTorch model, optimiser and batches, stepped on command from the Java half (see serve)."""

    def __init__(self, out: Path):
        s = self.s = load_settings(out)
        self.out = out
        import warnings
        warnings.filterwarnings("ignore", message="Failed to initialize NumPy")  # torch works without numpy here
        import torch
        self.torch = torch
        torch.set_num_threads(s["threads"])
        torch.set_num_interop_threads(1)
        torch.manual_seed(s["seed"])
        self.F = torch.nn.functional

        self.model = build_model(torch, s)
        self.count = sum(p.numel() for p in self.model.parameters())
        self.loaded = 0
        if (out / "weights.json").exists():
            self.loaded = load_java_weights(torch, self.model, out)
        else:  # GPT-2's initialisation, for a run of this peer on its own
            with torch.no_grad():
                for p in self.model.parameters():
                    if p.dim() >= 2:
                        p.normal_(0.0, 0.02)
        self.model.train()

        named = list(self.model.named_parameters())
        groups = [{"params": [p for n, p in named if decays(n, p)], "weight_decay": s["weight_decay"]},
                  {"params": [p for n, p in named if not decays(n, p)], "weight_decay": 0.0}]
        self.optimizer = torch.optim.AdamW(groups, lr=s["lr"], betas=tuple(s["betas"]), eps=s["eps"])
        self.params = [p for _, p in named]
        # What foreach=None (the default) resolves to for these CPU tensors; fused is off unless asked for.
        from torch.optim.optimizer import _default_to_fused_or_foreach
        _, foreach = _default_to_fused_or_foreach(self.params, differentiable=False, use_fused=False)
        self.adamw = "foreach (multi-tensor)" if foreach else "for-loop (single-tensor; foreach default is off on CPU)"

        raw = torch.frombuffer(bytearray((out / "batches.bin").read_bytes()), dtype=torch.int32)
        self.batches = raw.view(-1, 2, s["batch"], s["block_size"]).long()
        with torch.no_grad():
            x, y = self.batches[0]
            self.initial_loss = self.loss(x, y).item()
        self.losses, self.millis = [], []
        self.phases = {"forward": [], "backward": [], "clip": [], "optimizer": [], "release": []}
        self.peak = float("nan")

    def loss(self, x, y):
        logits = self.model(x)
        return self.F.cross_entropy(logits.view(-1, logits.size(-1)), y.reshape(-1))

    def step(self, i):
        x, y = self.batches[i]
        loss = self.loss(x, y)
        value = loss.item()  # the Java loop reads the loss before backward, too
        loss.backward()
        self.torch.nn.utils.clip_grad_norm_(self.params, self.s["clip"])
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return value

    def steps(self, first, n):
        """Whole steps, each timed like the Java TrainLoop times its steps."""
        for i in range(first, first + n):
            start = time.perf_counter()
            self.losses.append(self.step(i))
            self.millis.append((time.perf_counter() - start) * 1e3)

    def profile(self, first, n):
        """The same step cut into phases (CPU ops run synchronously, so the clock between them is honest)."""
        torch = self.torch
        for i in range(first, first + n):
            t0 = time.perf_counter()
            x, y = self.batches[i]
            loss = self.loss(x, y)
            loss.item()
            t1 = time.perf_counter()
            loss.backward()
            t2 = time.perf_counter()
            torch.nn.utils.clip_grad_norm_(self.params, self.s["clip"])
            t3 = time.perf_counter()
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)
            t4 = time.perf_counter()
            del loss  # the last references to this step's tensors (the graph went with backward)
            t5 = time.perf_counter()
            marks = (t0, t1, t2, t3, t4, t5)
            for k, key in enumerate(("forward", "backward", "clip", "optimizer", "release")):
                self.phases[key].append((marks[k + 1] - marks[k]) * 1e3)

    def finish(self):
        s, torch = self.s, self.torch
        result = {
            "torch": torch.__version__,
            "python": platform.python_version(),
            "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            "adamw": self.adamw,
            "parameter_count": self.count,
            "weights_from_java": self.loaded > 0,
            "initial_loss": self.initial_loss,
            "median_ms": statistics.median(self.millis[s["warmup"]:]),
            "step_ms": self.millis,
            "losses": self.losses,
            "phases_ms": {k: statistics.median(v) if v else float("nan") for k, v in self.phases.items()},
            "peak_gflops": self.peak,
        }
        (self.out / "pytorch.json").write_text(json.dumps(result, indent=2) + "\n")
        log(f"pytorch: torch {torch.__version__}, {torch.get_num_threads()} threads, AdamW {self.adamw}; "
            f"{self.count:,} parameters, initial loss {self.initial_loss:.4f}, median step {result['median_ms']:.2f} ms, "
            f"fp32 {s['peak_n']}^3 matmul {self.peak:.0f} GFLOP/s")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(out: Path) -> None:
    """Steps on command, so that the two halves take turns and share whatever load the machine has.

    Reads lines from stdin: `peak`, `steps FIRST N`, `profile FIRST N`, `finish`; answers each with `ok` on stdout.
    """
    peer = Peer(out)
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "peak":
            peer.peak = peak_matmul_gflops(peer.torch, peer.s["peak_n"], peer.s["peak_repeats"])
        elif words[0] == "steps":
            peer.steps(int(words[1]), int(words[2]))
        elif words[0] == "profile":
            peer.profile(int(words[1]), int(words[2]))
        elif words[0] == "finish":
            peer.finish()
            print("ok", flush=True)
            return
        else:
            raise SystemExit(f"torch_peer: unknown command {line!r}")
        print("ok", flush=True)


def report(out: Path) -> None:
    s = load_settings(out)
    djl = json.loads((out / "djl.json").read_text())
    pt = json.loads((out / "pytorch.json").read_text())
    flops = s["flops_per_step"]
    ratio = djl["median_ms"] / pt["median_ms"]
    gflops = flops / (djl["median_ms"] / 1e3) / 1e9
    pt_gflops = flops / (pt["median_ms"] / 1e3) / 1e9
    peak = pt["peak_gflops"]

    print(f"model: {s['layers']} layers, {s['heads']} heads, {s['embedding']} dims, block {s['block_size']}, "
          f"vocab {s['vocab_size']}, batch {s['batch']}, GELU {s['gelu']}; data: {s['data']}; "
          f"{s['warmup']} warm-up + {s['steps']} timed steps, {s['threads']} threads")
    print(f"parameters: DJL {djl['parameter_count']:,}, PyTorch {pt['parameter_count']:,}"
          + ("" if djl["parameter_count"] == pt["parameter_count"] else "   <-- MISMATCH"))
    print(f"initial loss (ln {s['vocab_size']} = {math.log(s['vocab_size']):.4f}): DJL {djl['initial_loss']:.4f}, "
          f"PyTorch {pt['initial_loss']:.4f}" + (" (same initial weights)" if pt["weights_from_java"] else ""))
    n = min(len(djl["losses"]), len(pt["losses"]))
    if n:
        diff = max(abs(a - b) for a, b in zip(djl["losses"][:n], pt["losses"][:n]))
        print(f"loss after {n} steps: DJL {djl['losses'][n - 1]:.4f}, PyTorch {pt['losses'][n - 1]:.4f}; "
              f"largest per-step difference {diff:.2e}")
    print(f"PyTorch AdamW: {pt['adamw']}; FLOPs per step {flops / 1e9:.3f} G; the two took turns every "
          f"{s['turn'] or s['steps']} steps; load average before / after: {' / '.join(djl['load_average'])}")
    print()
    w = 22
    timed = {name: sorted(d["step_ms"][s["warmup"]:]) for name, d in (("djl", djl), ("pt", pt))}
    print(f"{'':16}{'DJL ' + djl['djl']:>{w}}{'PyTorch ' + pt['torch']:>{w}}{'DJL/PyTorch':>13}")
    row = lambda label, a, b, unit=" ms": print(f"{label:16}{a:{w - len(unit)}.2f}{unit}{b:{w - len(unit)}.2f}{unit}{a / b:13.2f}")
    row("step, median", djl["median_ms"], pt["median_ms"])
    row("step, fastest", timed["djl"][0], timed["pt"][0])
    if s["turn"] > 0:
        pairs = sorted(a / b for a, b in zip(djl["step_ms"][s["warmup"]:], pt["step_ms"][s["warmup"]:]))
        print(f"{'step, paired':16}{'':{2 * w}}{statistics.median(pairs):13.2f}   "
              f"(median of DJL step i / PyTorch step i, taken in the same turn)")
    for k in ("forward", "backward", "clip", "optimizer", "release"):
        row("  " + k, djl["phases_ms"][k], pt["phases_ms"][k])
    row("GFLOP/s", gflops, pt_gflops, "")
    row(f"matmul {s['peak_n']}^3", djl["peak_gflops"], peak, "")
    print(f"(phases: medians of {s['profile_steps']} further steps, each cut into forward + loss, backward, clipping, "
          f"optimiser update, freeing the step's arrays; matmul: fp32 GFLOP/s, median of {s['peak_repeats']})")
    spread = {k: v[len(v) * 9 // 10] / v[len(v) // 10] for k, v in timed.items() if len(v) >= 10}
    if any(r > 1.5 for r in spread.values()):
        print(f"note: step times varied a lot (90th / 10th percentile: DJL {spread.get('djl', 0):.1f}x, PyTorch "
              f"{spread.get('pt', 0):.1f}x): the machine was busy. Taking turns keeps the ratio fair, but rerun on a "
              f"quiet machine for absolute numbers.")
    print(f"gpt step_ratio={ratio:.2f} djl_ms={djl['median_ms']:.2f} pytorch_ms={pt['median_ms']:.2f} "
          f"gflops={gflops:.1f} peak_gflops={peak:.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("serve", "report"):
        raise SystemExit("usage: torch_peer.py serve|report OUT_DIR")
    (serve if sys.argv[1] == "serve" else report)(Path(sys.argv[2]))
