"""The PyTorch half of `./course bench lstm` (see README.md beside this file).

    python torch_peer.py serve  OUT   started by LstmBench.java: the same LSTM language model, windows, initial
                                      weights and optimiser step as the Java half (read from OUT/settings.json,
                                      batches.bin, weights.json + weights.bin), stepped in turns with the Java half;
                                      writes OUT/pytorch.json
    python torch_peer.py report OUT   reads OUT/lib.json and OUT/pytorch.json, prints a table and, last, the line
                                      lstm step_ratio=... lib_ms=... pytorch_ms=...

The model is what a PyTorch user writes for this (the word_language_model example without dropout and tying):
nn.Embedding, nn.LSTM(num_layers=2, batch_first=True), nn.Linear, F.cross_entropy; the hidden state carried from
window to window, detached.
"""
import json
import math
import platform
import statistics
import sys
import time
from pathlib import Path

PHASES = ("forward", "backward", "clip", "optimizer", "release")


def load_settings(out: Path) -> dict:
    return json.loads((out / "settings.json").read_text())


def build_model(torch, s: dict):
    nn = torch.nn

    class LstmLm(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(s["vocab_size"], s["embedding"])
            self.rnn = nn.LSTM(s["embedding"], s["hidden"], num_layers=s["layers"], batch_first=True)
            self.decoder = nn.Linear(s["hidden"], s["vocab_size"])

        def forward(self, x, hidden):
            output, hidden = self.rnn(self.embedding(x), hidden)
            return self.decoder(output), hidden

    return LstmLm()


def load_java_weights(torch, model, out: Path) -> int:
    """Copies the Java model's initial weights (nn.LSTM's parameter order, same shapes) into the PyTorch model."""
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


class Peer:
    """The PyTorch model, optimiser, windows and carried state, stepped on command from the Java half (see serve)."""

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
        self.loaded = load_java_weights(torch, self.model, out)
        self.model.train()

        named = list(self.model.named_parameters())
        decays = lambda p: p.dim() >= 2  # embedding and weight matrices; biases not (the lib: Parameter.Type.WEIGHT)
        groups = [{"params": [p for _, p in named if decays(p)], "weight_decay": s["weight_decay"]},
                  {"params": [p for _, p in named if not decays(p)], "weight_decay": 0.0}]
        self.optimizer = torch.optim.AdamW(groups, lr=s["lr"], betas=tuple(s["betas"]), eps=s["eps"])
        self.params = [p for _, p in named]
        from torch.optim.optimizer import _default_to_fused_or_foreach
        _, foreach = _default_to_fused_or_foreach(self.params, differentiable=False, use_fused=False)
        self.adamw = "foreach (multi-tensor)" if foreach else "for-loop (single-tensor; foreach default is off on CPU)"

        raw = torch.frombuffer(bytearray((out / "batches.bin").read_bytes()), dtype=torch.int32)
        self.batches = raw.view(-1, 2, s["batch"], s["bptt"]).long()
        shape = (s["layers"], s["batch"], s["hidden"])
        self.hidden = (torch.zeros(shape), torch.zeros(shape))   # carried from window to window
        with torch.no_grad():
            x, y = self.batches[0]
            self.initial_loss = self.loss(x, y, (torch.zeros(shape), torch.zeros(shape)))[0].item()
        self.losses, self.millis = [], []
        self.phases = {k: [] for k in PHASES}

    def loss(self, x, y, hidden):
        logits, hidden = self.model(x, hidden)
        return self.F.cross_entropy(logits.view(-1, logits.size(-1)), y.reshape(-1)), hidden

    def forward(self, i):
        """Window i's loss from the state window i - 1 left, detached: truncated BPTT."""
        x, y = self.batches[i]
        loss, hidden = self.loss(x, y, tuple(h.detach() for h in self.hidden))
        self.hidden = hidden
        return loss

    def step(self, i):
        loss = self.forward(i)
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
            loss = self.forward(i)
            self.losses.append(loss.item())
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
            for k, key in enumerate(PHASES):
                self.phases[key].append((marks[k + 1] - marks[k]) * 1e3)

    def finish(self):
        s, torch = self.s, self.torch
        result = {
            "torch": torch.__version__,
            "python": platform.python_version(),
            "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            "mkldnn": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled,
            "adamw": self.adamw,
            "parameter_count": self.count,
            "weights_from_java": self.loaded > 0,
            "initial_loss": self.initial_loss,
            "median_ms": statistics.median(self.millis[s["warmup"]:]),
            "step_ms": self.millis,
            "losses": self.losses,
            "phases_ms": {k: statistics.median(v) if v else float("nan") for k, v in self.phases.items()},
        }
        (self.out / "pytorch.json").write_text(json.dumps(result, indent=2) + "\n")
        log(f"pytorch: torch {torch.__version__}, {torch.get_num_threads()} threads, AdamW {self.adamw}; "
            f"{self.count:,} parameters, initial loss {self.initial_loss:.4f}, median step {result['median_ms']:.2f} ms")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def serve(out: Path) -> None:
    """Steps on command, so that the two halves take turns and share whatever load the machine has.

    Reads lines from stdin: `steps FIRST N`, `profile FIRST N`, `finish`; answers each with `ok` on stdout.
    """
    peer = Peer(out)
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "steps":
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
    lib = json.loads((out / "lib.json").read_text())
    pt = json.loads((out / "pytorch.json").read_text())
    ratio = lib["median_ms"] / pt["median_ms"]
    tokens = s["batch"] * s["bptt"]

    print(f"model: embedding {s['vocab_size']} x {s['embedding']}, {s['layers']} LSTM layers of {s['hidden']}, "
          f"softmax over {s['vocab_size']}; batch {s['batch']} x BPTT {s['bptt']}, state carried (detached); "
          f"data: {s['data']}; {s['warmup']} warm-up + {s['steps']} timed + {s['profile_steps']} profiled steps, "
          f"{s['threads']} threads")
    print(f"parameters: lib {lib['parameter_count']:,}, PyTorch {pt['parameter_count']:,}"
          + ("" if lib["parameter_count"] == pt["parameter_count"] else "   <-- MISMATCH"))
    print(f"initial loss (ln {s['vocab_size']} = {math.log(s['vocab_size']):.4f}): lib {lib['initial_loss']:.6f}, "
          f"PyTorch {pt['initial_loss']:.6f}" + (" (same initial weights)" if pt["weights_from_java"] else ""))
    n = min(len(lib["losses"]), len(pt["losses"]))
    diff = max(abs(a - b) for a, b in zip(lib["losses"][:n], pt["losses"][:n])) if n else float("nan")
    print(f"loss after {n} steps: lib {lib['losses'][n - 1]:.6f}, PyTorch {pt['losses'][n - 1]:.6f}; "
          f"max |lib - PyTorch| over all {n} steps: {diff:.2e}" + ("" if diff <= 1e-5 else "   <-- ABOVE 1e-5"))
    print(f"PyTorch AdamW: {pt['adamw']}; oneDNN (mkldnn) enabled: {pt.get('mkldnn')}; the two took turns every "
          f"{s['turn'] or s['steps']} step(s); load average before / after: {' / '.join(lib['load_average'])}")
    print()
    w = 22
    timed = {name: sorted(d["step_ms"][s["warmup"]:]) for name, d in (("lib", lib), ("pt", pt))}
    print(f"{'':16}{'lib (DJL ' + lib['djl'] + ')':>{w}}{'PyTorch ' + pt['torch']:>{w}}{'lib/PyTorch':>13}")
    row = lambda label, a, b, unit=" ms": print(f"{label:16}{a:{w - len(unit)}.2f}{unit}{b:{w - len(unit)}.2f}{unit}{a / b:13.2f}")
    row("step, median", lib["median_ms"], pt["median_ms"])
    row("step, fastest", timed["lib"][0], timed["pt"][0])
    if s["turn"] > 0:
        pairs = sorted(a / b for a, b in zip(lib["step_ms"][s["warmup"]:], pt["step_ms"][s["warmup"]:]))
        print(f"{'step, paired':16}{'':{2 * w}}{statistics.median(pairs):13.2f}   "
              f"(median of lib step i / PyTorch step i, taken in the same turn)")
    for k in PHASES:
        row("  " + k, lib["phases_ms"][k], pt["phases_ms"][k])
    print(f"{'tokens/s':16}{tokens / lib['median_ms'] * 1e3:{w}.0f}{tokens / pt['median_ms'] * 1e3:{w}.0f}")
    print(f"(phases: medians of {s['profile_steps']} further steps, each cut into forward + loss, backward, clipping, "
          f"optimiser update, freeing the step's arrays)")
    spread = {k: v[len(v) * 9 // 10] / v[len(v) // 10] for k, v in timed.items() if len(v) >= 10}
    if any(r > 1.5 for r in spread.values()):
        print(f"note: step times varied a lot (90th / 10th percentile: lib {spread.get('lib', 0):.1f}x, PyTorch "
              f"{spread.get('pt', 0):.1f}x): the machine was busy. Taking turns keeps the ratio fair, but rerun on a "
              f"quiet machine for absolute numbers.")
    print(f"lstm step_ratio={ratio:.2f} lib_ms={lib['median_ms']:.2f} pytorch_ms={pt['median_ms']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("serve", "report"):
        raise SystemExit("usage: torch_peer.py serve|report OUT_DIR")
    (serve if sys.argv[1] == "serve" else report)(Path(sys.argv[2]))
