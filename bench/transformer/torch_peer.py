"""The PyTorch half of `./course bench transformer` (see README.md beside this file).

    python torch_peer.py serve  OUT   started by TransformerBench.java: the workshop's Multi30k Transformer step written
                                      out in PyTorch with the lib's initial weights, positional table, batches,
                                      per-step seeds and optimiser settings (OUT/settings.json, batches.bin,
                                      weights.json + .bin, positions.bin); a dropout-0 twin for the correctness pass,
                                      then steps in turns with the Java half; writes OUT/pytorch.json
    python torch_peer.py report OUT   the table for OUT/lib.json and OUT/pytorch.json; last line
                                      transformer step_ratio=... lib_ms=... pytorch_ms=...

The timed step, the phase profile and pytorch.json are bench/lstm's torch_peer.py (Peer.step, steps, profile,
finish), imported: this file has the model, its loss, the per-step seeding and the check pass.

The model is the lib's course.transformer.Transformer written as a PyTorch user writes it, layer by layer, with the
lib's arithmetic: √d-scaled embeddings plus the sinusoidal table, dropout; post-LN encoder layers LN(x + MHA(x)),
LN(x + FFN(x)); decoder layers with causal self-attention and cross-attention to the memory; an untied output layer.
MHA has one fused (3C, C) in-projection (cross-attention: its first C rows on the queries' side, the other 2C on the
memory), q scaled by 1/√D before q·kᵀ, an additive 0 / -1e30 mask (built once per batch here; the lib rebuilds it in
every layer and checks for fully masked rows — its cost, counted), softmax, dropout on the weights, weights·v, the
out-projection, dropout on the output. FFN: linear, ReLU, linear, dropout. The loss is the lib's LabelSmoothing(0.1,
pad).crossEntropy written out: -(0.9·log p[y] + 0.1·(log p · u)) with u uniform over every class but padding,
averaged over the real target positions (PyTorch's cross_entropy(label_smoothing=) would spread over the padding class
too). Dropout is F.dropout, libtorch's dropout op, drawing from the CPU generator seeded before every step as the
lib's TrainLoop seeds it, in the order the lib's forward drops: the same generator in the same libtorch version gives
the same masks.
"""
import importlib.util
import json
import math
import statistics
import struct
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("lstm_torch_peer", Path(__file__).resolve().parent.parent / "lstm" / "torch_peer.py")
lstm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lstm)


def float32(x: float) -> float:
    """x rounded to float32: the rates as the lib holds them (TransformerConfig's and LabelSmoothing's floats)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def build_model(torch, s: dict, dropout: float, positions):
    nn, F = torch.nn, torch.nn.functional
    C, H, FF = s["embedding"], s["heads"], s["hidden"]
    D = C // H
    p = float32(dropout)

    def drop(x):
        return F.dropout(x, p, True) if p > 0 else x  # the lib draws nothing at rate 0; in eval mode see Transformer.forward

    class MultiHeadAttention(nn.Module):
        def __init__(self):
            super().__init__()
            self.in_weight = nn.Parameter(torch.empty(3 * C, C))
            self.in_bias = nn.Parameter(torch.zeros(3 * C))
            self.out_weight = nn.Parameter(torch.empty(C, C))
            self.out_bias = nn.Parameter(torch.zeros(C))

        def forward(self, x, memory, bias, training):
            B, Tq, _ = x.shape
            if memory is x:
                q, k, v = F.linear(x, self.in_weight, self.in_bias).split(C, dim=2)
            else:
                q = F.linear(x, self.in_weight[:C], self.in_bias[:C])
                k, v = F.linear(memory, self.in_weight[C:], self.in_bias[C:]).split(C, dim=2)
            Tk = k.size(1)
            q = q.reshape(B, Tq, H, D).transpose(1, 2)
            k = k.reshape(B, Tk, H, D).transpose(1, 2)
            v = v.reshape(B, Tk, H, D).transpose(1, 2)
            scores = (q * (1 / math.sqrt(D))) @ k.transpose(-1, -2) + bias  # (B, H, Tq, Tk)
            weights = scores.softmax(dim=-1)
            if training:
                weights = drop(weights)
            y = (weights @ v).transpose(1, 2).reshape(B, Tq, C)
            y = F.linear(y, self.out_weight, self.out_bias)
            return drop(y) if training else y

    class FeedForward(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = nn.Linear(C, FF)
            self.output = nn.Linear(FF, C)

        def forward(self, x, training):
            y = self.output(F.relu(self.hidden(x)))
            return drop(y) if training else y

    class EncoderLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.self_attention = MultiHeadAttention()
            self.norm1 = nn.LayerNorm(C)
            self.feed_forward = FeedForward()
            self.norm2 = nn.LayerNorm(C)

        def forward(self, x, bias, training):
            x = self.norm1(x + self.self_attention(x, x, bias, training))
            return self.norm2(x + self.feed_forward(x, training))

    class DecoderLayer(nn.Module):
        def __init__(self):
            super().__init__()
            self.self_attention = MultiHeadAttention()
            self.norm1 = nn.LayerNorm(C)
            self.cross_attention = MultiHeadAttention()
            self.norm2 = nn.LayerNorm(C)
            self.feed_forward = FeedForward()
            self.norm3 = nn.LayerNorm(C)

        def forward(self, y, memory, target_bias, source_bias, training):
            y = self.norm1(y + self.self_attention(y, y, target_bias, training))
            y = self.norm2(y + self.cross_attention(y, memory, source_bias, training))
            return self.norm3(y + self.feed_forward(y, training))

    class Transformer(nn.Module):
        def __init__(self):
            super().__init__()
            # Registered in the lib's parameter order: the model's own four, then the layers.
            self.source_embedding = nn.Parameter(torch.empty(s["source_vocab"], C))
            self.target_embedding = nn.Parameter(torch.empty(s["target_vocab"], C))
            if not s["tie_output"]:
                self.output_weight = nn.Parameter(torch.empty(s["target_vocab"], C))
            self.output_bias = nn.Parameter(torch.zeros(s["target_vocab"]))
            self.encoder = nn.ModuleList(EncoderLayer() for _ in range(s["encoder_layers"]))
            self.decoder = nn.ModuleList(DecoderLayer() for _ in range(s["decoder_layers"]))
            self.register_buffer("positions", positions, persistent=False)  # (maxLength, C), the lib's table
            self.scale = math.sqrt(C)

        def embed(self, ids, table):
            x = F.embedding(ids, table) * self.scale + self.positions[:ids.size(1)]
            return drop(x) if self.training else x

        def forward(self, source, target_in):
            """(B, S) and (B, T) ids, padded with the padding id after the real tokens → (B, T, V_tgt) logits."""
            pad, T = s["padding_id"], target_in.size(1)
            zero = torch.zeros((), dtype=torch.float32)
            masked = torch.full((), -1e30, dtype=torch.float32)
            source_bias = torch.where((source != pad)[:, None, None, :], zero, masked)  # (B, 1, 1, S)
            causal = torch.ones(T, T, dtype=torch.bool).tril()
            target_bias = torch.where(causal & (target_in != pad)[:, None, None, :], zero, masked)  # (B, 1, T, T)
            x = self.embed(source, self.source_embedding)
            for layer in self.encoder:
                x = layer(x, source_bias, self.training)
            y = self.embed(target_in, self.target_embedding)
            for layer in self.decoder:
                y = layer(y, x, target_bias, source_bias, self.training)
            w = self.target_embedding if s["tie_output"] else self.output_weight
            return F.linear(y, w, self.output_bias)

    return Transformer()


class Peer(lstm.Peer):
    """bench/lstm's Peer (step, steps, profile, finish) around this model, plus the dropout-0 twin of the check pass."""

    def __init__(self, out: Path):
        s = self.s = lstm.load_settings(out)
        self.out = out
        import warnings
        warnings.filterwarnings("ignore", message="Failed to initialize NumPy")  # torch works without numpy here
        import torch
        self.torch, self.F = torch, torch.nn.functional
        torch.set_num_threads(s["threads"])
        torch.set_num_interop_threads(1)

        C = s["embedding"]
        positions = torch.frombuffer(bytearray((out / "positions.bin").read_bytes()), dtype=torch.float32).view(s["max_length"], C)
        self.model = build_model(torch, s, s["dropout"], positions)
        self.twin = build_model(torch, s, 0.0, positions)
        self.count = sum(p.numel() for p in self.model.parameters())
        self.loaded = lstm.load_java_weights(torch, self.model, out)
        lstm.load_java_weights(torch, self.twin, out)
        self.params = list(self.model.parameters())
        self.twin_params = list(self.twin.parameters())
        adam = dict(lr=s["lr"], betas=tuple(s["betas"]), eps=s["eps"], weight_decay=s["weight_decay"])
        self.optimizer = torch.optim.Adam(self.params, **adam)
        self.twin_optimizer = torch.optim.Adam(self.twin_params, **adam)
        from torch.optim.optimizer import _default_to_fused_or_foreach
        foreach = _default_to_fused_or_foreach(self.params, differentiable=False, use_fused=False)[1]
        self.adamw = ("Adam, foreach (multi-tensor)" if foreach else "Adam, for-loop (single-tensor; foreach default is off on CPU)")

        # The label-smoothing constants as the lib makes them: u = 1/(V - 1) in float32 off the padding class.
        V = s["target_vocab"]
        self.epsilon = float32(s["smoothing"])
        self.keep = float32(1 - self.epsilon)  # Java: 1 - epsilon in float
        u = torch.full((V, 1), 1.0, dtype=torch.float32) / (V - 1)
        u[s["padding_id"]] = 0
        self.uniform = u

        raw = torch.frombuffer(bytearray((out / "batches.bin").read_bytes()), dtype=torch.int32)
        B = s["batch"]
        self.batches, at = [], 0
        for S, T in s["shapes"]:
            parts = []
            for n, shape in ((B * S, (B, S)), (B * T, (B, T)), (B * T, (B, T)), (B, (B,)), (B, (B,))):
                parts.append(raw[at:at + n].view(shape).long())
                at += n
            source, target_in, target_out, source_lengths, target_lengths = parts
            if not torch.equal((source != s["padding_id"]).sum(1), source_lengths) or \
                    not torch.equal((target_in != s["padding_id"]).sum(1), target_lengths):
                raise SystemExit("batches.bin: a real token is the padding id, so the pad-based masks here would not be the lib's length-based ones")
            self.batches.append((source, target_in, target_out, target_out != s["padding_id"]))
        if at != raw.numel():
            raise SystemExit(f"batches.bin: read {at:,} of its {raw.numel():,} numbers")

        with torch.no_grad():
            self.model.eval()
            self.initial_loss = self.loss(self.model, 0).item()  # batch 0, no dropout
            self.model.train()
        self.twin.train()
        self.losses, self.millis, self.check_losses = [], [], []
        self.phases = {k: [] for k in lstm.PHASES}

    def loss(self, model, i):
        """Batch i's label-smoothed cross-entropy over the real target positions, as LabelSmoothing.crossEntropy."""
        source, target_in, target_out, real = self.batches[i]
        log_p = model(source, target_in).log_softmax(dim=-1)  # (B, T, V)
        log_p_target = log_p.gather(-1, target_out.unsqueeze(-1)).squeeze(-1)  # (B, T)
        log_p_uniform = (log_p @ self.uniform).squeeze(-1)  # (B, T): Σ_v u_v log p_v
        per_position = -(log_p_target * self.keep + log_p_uniform * self.epsilon)
        weights = real.float()
        return (per_position * weights).sum() / weights.sum().clamp(min=1)

    def forward(self, i):
        """Step i's loss with the step's generator seed, as the lib's TrainLoop seeds libtorch before every step."""
        self.torch.manual_seed(self.s["engine_seeds"][i])
        return self.loss(self.model, i)

    def check(self, first, n):
        """The correctness pass: the dropout-0 twin, whole steps (bench/lstm's Peer.step) on the twin's optimiser."""
        model, optimizer, params = self.model, self.optimizer, self.params
        self.model, self.optimizer, self.params = self.twin, self.twin_optimizer, self.twin_params
        try:
            for i in range(first, first + n):
                self.check_losses.append(self.step(i))
        finally:
            self.model, self.optimizer, self.params = model, optimizer, params

    def finish(self):
        super().finish()
        result = json.loads((self.out / "pytorch.json").read_text())
        result["check_losses"] = self.check_losses
        (self.out / "pytorch.json").write_text(json.dumps(result, indent=2) + "\n")


def serve(out: Path) -> None:
    """bench/lstm's serve with one more command, `check FIRST N` (the dropout-0 pass)."""
    peer = Peer(out)
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "check":
            peer.check(int(words[1]), int(words[2]))
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


CHECK_BOUND = 1e-4


def report(out: Path) -> None:
    s = lstm.load_settings(out)
    lib = json.loads((out / "lib.json").read_text())
    pt = json.loads((out / "pytorch.json").read_text())
    ratio = lib["median_ms"] / pt["median_ms"]
    shapes = s["shapes"]
    timed_shapes = shapes[s["warmup"]:s["warmup"] + s["steps"]]
    positions = statistics.mean(s["batch"] * (S + T) for S, T in timed_shapes)  # source + target positions, padding included

    print(f"model: Transformer (TransformerConfig.multi30k): d {s['embedding']}, {s['heads']} heads, FFN {s['hidden']} (ReLU), "
          f"{s['encoder_layers']} + {s['decoder_layers']} post-LN layers, dropout {s['dropout']:g}, vocabularies {s['source_vocab']:,} de / "
          f"{s['target_vocab']:,} en, output {'tied' if s['tie_output'] else 'untied'}; label smoothing {s['smoothing']:g} (not on <pad>); "
          f"Adam lr {s['lr']:g} constant, betas {s['betas'][0]:g}/{s['betas'][1]:g}, eps {s['eps']:g}, clip {s['clip']:g}; data: {s['data']}; "
          f"{s['check_steps']} check + {s['warmup']} warm-up + {s['steps']} timed + {s['profile_steps']} profiled steps, {s['threads']} threads")
    print(f"parameters: lib {lib['parameter_count']:,}, PyTorch {pt['parameter_count']:,}"
          + ("" if lib["parameter_count"] == pt["parameter_count"] else "   <-- MISMATCH"))
    print(f"initial loss (batch 0, no dropout; ln {s['target_vocab']} = {math.log(s['target_vocab']):.4f}): lib {lib['initial_loss']:.6f}, "
          f"PyTorch {pt['initial_loss']:.6f}" + (" (same initial weights)" if pt["weights_from_java"] else ""))
    a, b = lib["check_losses"], pt["check_losses"]
    check = max(abs(x - y) for x, y in zip(a, b))
    print(f"correctness pass, dropout 0, {len(a)} steps: lib {' '.join(f'{x:.6f}' for x in a)}")
    print(f"                                      PyTorch {' '.join(f'{y:.6f}' for y in b)}")
    print(f"  max |lib - PyTorch| = {check:.2e}" + (f" (bound {CHECK_BOUND:g})" if check <= CHECK_BOUND else f"   <-- ABOVE {CHECK_BOUND:g}"))
    n = min(len(lib["losses"]), len(pt["losses"]))
    diffs = [abs(x - y) for x, y in zip(lib["losses"][:n], pt["losses"][:n])]
    same = next((i for i, d in enumerate(diffs) if d > 0), n)
    close = next((i for i, d in enumerate(diffs) if d > CHECK_BOUND), n)
    print(f"timed run, dropout {s['dropout']:g} (the same masks: same generator, seeds and draw order): loss after {n} steps lib "
          f"{lib['losses'][n - 1]:.6f}, PyTorch {pt['losses'][n - 1]:.6f}; identical for the first {same} steps, within "
          f"{CHECK_BOUND:g} for the first {close}; max |lib - PyTorch| over all {n} steps: {max(diffs):.2e}")
    print(f"PyTorch optimiser: {pt['adamw']}; oneDNN (mkldnn) enabled: {pt.get('mkldnn')}; the two took turns every "
          f"{s['turn'] or s['steps']} step(s); load average before / after: {' / '.join(lib['load_average'])}")
    print()
    w = 22
    timed = {name: sorted(d["step_ms"][s["warmup"]:]) for name, d in (("lib", lib), ("pt", pt))}
    print(f"{'':16}{'lib (DJL ' + lib['djl'] + ')':>{w}}{'PyTorch ' + pt['torch']:>{w}}{'lib/PyTorch':>13}")
    row = lambda label, x, y, unit=" ms": print(f"{label:16}{x:{w - len(unit)}.2f}{unit}{y:{w - len(unit)}.2f}{unit}{x / y:13.2f}")
    row("step, median", lib["median_ms"], pt["median_ms"])
    row("step, fastest", timed["lib"][0], timed["pt"][0])
    if s["turn"] > 0:
        pairs = sorted(x / y for x, y in zip(lib["step_ms"][s["warmup"]:], pt["step_ms"][s["warmup"]:]))
        print(f"{'step, paired':16}{'':{2 * w}}{statistics.median(pairs):13.2f}   "
              f"(median of lib step i / PyTorch step i, taken in the same turn)")
    for k in lstm.PHASES:
        row("  " + k, lib["phases_ms"][k], pt["phases_ms"][k])
    print(f"{'positions/s':16}{positions / lib['median_ms'] * 1e3:{w}.0f}{positions / pt['median_ms'] * 1e3:{w}.0f}"
          f"   (source + target positions, padding included: {positions:,.0f} per batch on average)")
    print(f"(phases: medians of {s['profile_steps']} further steps, each cut into forward + loss, backward, clipping, "
          f"optimiser update, freeing the step's arrays)")
    spread = {k: v[len(v) * 9 // 10] / v[len(v) // 10] for k, v in timed.items() if len(v) >= 10}
    if any(r > 1.5 for r in spread.values()):
        print(f"note: step times varied a lot (90th / 10th percentile: lib {spread.get('lib', 0):.1f}x, PyTorch "
              f"{spread.get('pt', 0):.1f}x): batches differ in length, and the machine may have been busy. Taking turns keeps "
              f"the ratio fair; the paired ratio is the steadiest number.")
    print(f"transformer step_ratio={ratio:.2f} lib_ms={lib['median_ms']:.2f} pytorch_ms={pt['median_ms']:.2f}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("serve", "report"):
        raise SystemExit("usage: torch_peer.py serve|report OUT_DIR")
    (serve if sys.argv[1] == "serve" else report)(Path(sys.argv[2]))
