"""The PyTorch half of `./course bench awd` (see README.md beside this file).

    python torch_peer.py serve  OUT   started by AwdBench.java: notebook 03's AWD-LSTM step written as a PyTorch user
                                      writes AWD-LSTM, with the lib's initial weights, windows, per-step seeds and
                                      learning rates (OUT/settings.json, windows.bin, weights.json + .bin); checks
                                      its dropout masks against OUT/masks.bin, then steps in turns with the Java half
                                      and writes OUT/pytorch.json
    python torch_peer.py report OUT   the table of bench/lstm's report for OUT/lib.json and OUT/pytorch.json, with
                                      this model's description; last line awd step_ratio=... lib_ms=... pytorch_ms=...

The turn-taking protocol (serve), the weight loading, the timed step, the phase profile, pytorch.json and the table
are bench/lstm's torch_peer.py, imported: only the model, its loss and the per-step seeding are this file's.

The model: nn.Embedding whose weight is multiplied by a (V, 1) mask for embedding dropout, one single-layer nn.LSTM
per layer called through torch.func.functional_call with a dropped-out weight_hh_l0 (weight drop, as the salesforce
awd-lstm-lm WeightDrop does by swapping the weight in), locked dropout as (B, 1, C) masks, a decoder tied to the
embedding (F.linear(h, embedding.weight, bias)), and cross-entropy + AR + TAR over the real (unpadded) positions.
Masks are drawn with bernoulli_ from libtorch's CPU generator, seeded before every step as the lib's TrainLoop seeds
it, in the order AwdLstm.forward draws them: the same generator in the same libtorch version gives the same bits.
"""
import contextlib
import importlib.util
import io
import json
import struct
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("lstm_torch_peer", Path(__file__).resolve().parent.parent / "lstm" / "torch_peer.py")
lstm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lstm)


def float32(x: float) -> float:
    """x rounded to float32: the dropout rates as the lib holds them (AwdLstmConfig's floats)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def build_model(torch, s: dict):
    nn, F = torch.nn, torch.nn.functional
    from torch.func import functional_call
    V, C, H, L = s["vocab_size"], s["embedding"], s["hidden"], s["layers"]
    p = {k: float32(v) for k, v in s["dropouts"].items()}

    class TiedDecoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.bias = nn.Parameter(torch.zeros(V))  # its only parameter: the weight is the embedding's

        def forward(self, h, embedding):
            return F.linear(h, embedding, self.bias)

    class AwdLstm(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Embedding(V, C)
            widths = [C] + [H] * (L - 1) + [C]
            self.rnns = nn.ModuleList(nn.LSTM(widths[l], widths[l + 1], batch_first=True) for l in range(L))
            self.decoder = TiedDecoder()
            self.drawn = None  # a list while the start-up check records the masks

        def drop(self, x, shape, rate):
            """x times an inverted-dropout mask of `shape` (0, or 1 / (1 - rate)), broadcast; x itself in eval mode."""
            if not self.training or rate == 0:
                return x
            mask = torch.empty(shape).bernoulli_(1 - rate).div_(1 - rate)
            if self.drawn is not None:
                self.drawn.append(mask)
            return mask * x

        def forward(self, ids, hidden):
            B = ids.size(0)
            x = F.embedding(ids, self.drop(self.encoder.weight, (V, 1), p["embedding"]))  # whole words dropped
            x = self.drop(x, (B, 1, C), p["input"])  # locked: one mask per row for all T positions
            states = []
            for l, rnn in enumerate(self.rnns):
                w_hh = self.drop(rnn.weight_hh_l0, rnn.weight_hh_l0.shape, p["weight"])  # weight drop, once per batch
                x, state = functional_call(rnn, {"weight_hh_l0": w_hh}, (x, hidden[l]))
                states.append(state)
                if l < L - 1:
                    x = self.drop(x, (B, 1, x.size(2)), p["hidden"])
            dropped = self.drop(x, (B, 1, C), p["output"])
            return x, dropped, self.decoder(dropped, self.encoder.weight), states

    return AwdLstm()


class Peer(lstm.Peer):
    """bench/lstm's Peer (steps, profile, finish) around this model: only set-up and the forward pass differ."""

    def __init__(self, out: Path):
        s = self.s = lstm.load_settings(out)
        self.out = out
        import warnings
        warnings.filterwarnings("ignore", message="Failed to initialize NumPy")  # torch works without numpy here
        import torch
        self.torch, self.F = torch, torch.nn.functional
        torch.set_num_threads(s["threads"])
        torch.set_num_interop_threads(1)

        self.model = build_model(torch, s)
        self.count = sum(p.numel() for p in self.model.parameters())
        self.loaded = lstm.load_java_weights(torch, self.model, out)
        named = list(self.model.named_parameters())
        decays = lambda p: p.dim() >= 2  # the embedding and the LSTM matrices; biases not (the lib: Parameter.Type.WEIGHT)
        self.params = [p for _, p in named]
        self.optimizer = torch.optim.AdamW([{"params": [p for p in self.params if decays(p)], "weight_decay": s["weight_decay"]},
                                            {"params": [p for p in self.params if not decays(p)], "weight_decay": 0.0}],
                                           lr=s["lr"][0], betas=tuple(s["betas"]), eps=s["eps"])
        from torch.optim.optimizer import _default_to_fused_or_foreach
        foreach = _default_to_fused_or_foreach(self.params, differentiable=False, use_fused=False)[1]
        self.adamw = "foreach (multi-tensor)" if foreach else "for-loop (single-tensor; foreach default is off on CPU)"

        B, T = s["batch"], s["bptt"]
        raw = torch.frombuffer(bytearray((out / "windows.bin").read_bytes()), dtype=torch.int32).view(-1, 3 * B * T + B)
        self.inputs = raw[:, :B * T].reshape(-1, B, T).long()
        self.targets = raw[:, B * T:2 * B * T].reshape(-1, B, T).long()
        self.real = raw[:, 2 * B * T:3 * B * T].reshape(-1, B, T).bool()
        self.keep = raw[:, 3 * B * T:].float().view(-1, 1, B, 1)  # 0 where a row starts a new document
        if not torch.equal(self.targets != s["padding_id"], self.real):
            raise SystemExit("windows.bin: a real target is the padding id, so ignore_index would not score exactly the real positions")
        self.hidden = self.zeros()
        self.masks = self.check_masks()
        with torch.no_grad():
            self.model.eval()
            self.initial_loss = self.loss(0, self.zeros())[0].item()  # window 0 from zeros, no dropout: ≈ ln V
            self.model.train()
        self.losses, self.millis = [], []
        self.phases = {k: [] for k in lstm.PHASES}

    def zeros(self):
        B = self.s["batch"]
        return [(self.torch.zeros(1, B, n), self.torch.zeros(1, B, n)) for n in (rnn.hidden_size for rnn in self.model.rnns)]

    def loss(self, i, start):
        """Window i's cross-entropy and training loss (CE + AR + TAR over the real positions) from `start`."""
        s, F = self.s, self.F
        top, dropped, logits, states = self.model(self.inputs[i], start)
        real = self.real[i]
        ce = F.cross_entropy(logits.reshape(-1, logits.size(-1)), self.targets[i].reshape(-1), ignore_index=s["padding_id"])
        at = real.unsqueeze(-1).float()  # (B, T, 1)
        ar = s["alpha"] * ((dropped.pow(2) * at).sum() / (at.sum() * s["embedding"]).clamp(min=1))
        pairs = (real[:, 1:] & real[:, :-1]).unsqueeze(-1).float()  # (B, T - 1, 1): both positions real
        tar = s["beta"] * (((top[:, 1:] - top[:, :-1]).pow(2) * pairs).sum() / (pairs.sum() * s["embedding"]).clamp(min=1))
        return ce, ce + (ar + tar), states

    def forward(self, i):
        """Step i's loss, set up as the lib's TrainLoop + LanguageModelTraining do: the step's generator seed and rate,
        the state the previous window left (detached; zero in rows where a document starts, and at each pass's start)."""
        s = self.s
        self.torch.manual_seed(s["engine_seeds"][i])
        for group in self.optimizer.param_groups:
            group["lr"] = s["lr"][i]
        previous = self.zeros() if i % s["windows_per_pass"] == 0 else self.hidden
        ce, loss, states = self.loss(i, [(h * self.keep[i], c * self.keep[i]) for h, c in previous])
        self.hidden = [(h.detach(), c.detach()) for h, c in states]
        ce.item()  # LanguageModelTraining reads the cross-entropy back inside the step too
        return loss

    def check_masks(self) -> str:
        """The masks of the first and the last step, drawn by this model, against those AwdBench.java drew with the lib."""
        torch = self.torch
        expected = torch.frombuffer(bytearray((self.out / "masks.bin").read_bytes()), dtype=torch.float32)
        self.model.drawn = []
        steps = (0, len(self.inputs) - 1)
        with torch.no_grad():
            for i in steps:
                torch.manual_seed(self.s["engine_seeds"][i])
                self.model(self.inputs[i], self.zeros())
        drawn, self.model.drawn = self.model.drawn, None
        mine = torch.cat([m.reshape(-1) for m in drawn])
        if mine.numel() != expected.numel():
            raise SystemExit(f"masks: this model drew {mine.numel():,} numbers in {len(drawn)} masks, the lib {expected.numel():,}")
        if not torch.equal(mine, expected):
            raise SystemExit(f"masks: {(mine != expected).sum().item():,} of {mine.numel():,} differ from the lib's: PyTorch's generator "
                             "does not give DJL's libtorch's numbers here, so the two sides cannot drop the same units")
        return f"{len(drawn)} masks of steps {steps[0]} and {steps[1]} ({mine.numel():,} numbers) bit-identical to the lib's"

    def finish(self):
        super().finish()
        result = json.loads((self.out / "pytorch.json").read_text())
        result["masks"] = self.masks
        (self.out / "pytorch.json").write_text(json.dumps(result, indent=2) + "\n")


def report(out: Path) -> None:
    s = lstm.load_settings(out)
    pt = json.loads((out / "pytorch.json").read_text())
    d = s["dropouts"]
    widths = " -> ".join(str(w) for w in [s["embedding"]] + [s["hidden"]] * (s["layers"] - 1) + [s["embedding"]])
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        lstm.report(out)
    for line in text.getvalue().splitlines():
        if line.startswith("model: "):
            line = (f"model: AWD-LSTM (notebook 03, workshop), embedding {s['vocab_size']} x {s['embedding']} tied to the softmax, "
                    f"{s['layers']} LSTM layers {widths}; dropout embedding {d['embedding']:g}, input {d['input']:g}, hidden "
                    f"{d['hidden']:g}, output {d['output']:g}, weight drop {d['weight']:g}; AR {s['alpha']:g}, TAR {s['beta']:g}; batch "
                    f"{s['batch']} x BPTT {s['bptt']} over document streams, state carried (detached, reset where a document starts); "
                    f"AdamW betas {s['betas'][0]:g}/{s['betas'][1]:g}, warm-up + cosine, clip {s['clip']:g}; data: {s['data']}; "
                    f"{s['warmup']} warm-up + {s['steps']} timed + {s['profile_steps']} profiled steps, {s['threads']} threads")
        elif line.startswith("lstm step_ratio="):
            line = "awd" + line[len("lstm"):]
        print(line)
        if line.startswith("loss after"):
            print(f"loss = cross-entropy + AR + TAR; dropout masks: {pt.get('masks', 'not checked')}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("serve", "report"):
        raise SystemExit("usage: torch_peer.py serve|report OUT_DIR")
    if sys.argv[1] == "serve":
        lstm.Peer = Peer  # bench/lstm's serve() makes its Peer by this name: this bench's
        lstm.serve(Path(sys.argv[2]))
    else:
        report(Path(sys.argv[2]))
