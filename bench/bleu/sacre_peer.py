"""./course bench bleu, steps 2 and 3: sacreBLEU scores the cases BleuBench.java wrote, then the two are compared.

    sacre_peer.py score  OUT   reads OUT/cases.tsv, writes OUT/sacrebleu.tsv (key, score, str(score))
    sacre_peer.py report OUT   compares OUT/lib.tsv with OUT/sacrebleu.tsv and OUT/lib_tokens.tsv with sacreBLEU's
                               own 13a tokeniser; last line: bleu max_abs_diff=<...> cases=<N>

sacreBLEU runs with its defaults, as a paper reports them: BLEU() (13a, exp smoothing, mixed case, no effective
order) for corpus scores and sacrebleu.sentence_bleu (effective order on) for sentence scores.
"""
import logging
import sys
from pathlib import Path

import sacrebleu
from sacrebleu.metrics import BLEU
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

logging.getLogger("sacrebleu").setLevel(logging.ERROR)   # the sentence-BLEU and tokenised-period advice


def lines(path: Path):
    """Lines split on '\\n' only, as BleuBench.java splits them (Python's text mode would also split on \\r etc.)."""
    text = path.read_bytes().decode("utf-8")
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def score(out: Path):
    rows = []
    bleu = BLEU()   # the defaults; one instance, so its tokeniser's cache is shared (it keeps no other state)
    for case in (out / "cases.tsv").read_text(encoding="utf-8").splitlines():
        case_id, mode, hyp_file, ref_files = case.split("\t")
        hyps = lines(out / hyp_file)
        refs = [lines(out / f) for f in ref_files.split(",")]
        if mode == "corpus":
            results = [(case_id, bleu.corpus_score(hyps, refs))]
        elif mode == "segments":
            results = [(f"{case_id}#segment{i}", bleu.corpus_score([h], [[s[i]] for s in refs]))
                       for i, h in enumerate(hyps)]
        elif mode == "sentence":
            results = [(f"{case_id}#sentence{i}", sacrebleu.sentence_bleu(h, [s[i] for s in refs]))
                       for i, h in enumerate(hyps)]
        else:
            raise SystemExit(f"unknown mode {mode!r} in cases.tsv")
        rows += [f"{key}\t{result.score!r}\t{result}" for key, result in results]
    (out / "sacrebleu.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"sacrebleu {sacrebleu.__version__}: {len(rows)} scores -> {out / 'sacrebleu.tsv'}")


def read_scores(path: Path):
    table = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        key, value, printed = row.split("\t")
        table[key] = (float(value), printed)
    return table


def report(out: Path):
    lib = read_scores(out / "lib.tsv")
    ref = read_scores(out / "sacrebleu.tsv")
    if lib.keys() != ref.keys():
        raise SystemExit(f"the lib scored {len(lib)} cases and sacreBLEU {len(ref)}; they must be the same set")

    # 1. The tokeniser alone, on every line of every file.
    tokenizer = Tokenizer13a()
    token_rows = (out / "lib_tokens.tsv").read_text(encoding="utf-8").split("\n")
    token_rows = [r for r in token_rows if r]
    file_lines = {}
    token_diffs = []
    for row in token_rows:
        name, index, tokens = row.split("\t")
        if name not in file_lines:
            file_lines[name] = lines(out / name)
        theirs = tokenizer(file_lines[name][int(index)].rstrip())
        if theirs != tokens:
            token_diffs.append((name, index, tokens, theirs))
    print(f"13a tokens: {len(token_rows) - len(token_diffs)} of {len(token_rows)} lines identical")
    for name, index, mine, theirs in token_diffs[:5]:
        print(f"  {name}:{index}\n    lib       {mine}\n    sacreBLEU {theirs}")

    # 2. Scores, by mode.
    def mode(key):
        return "sentence" if "#sentence" in key else "segments" if "#segment" in key else "corpus"

    print(f"{'mode':<10}{'cases':>7}{'min':>8}{'max':>8}{'max |diff|':>13}{'printed lines equal':>22}")
    worst = (0.0, None)
    for m in ("corpus", "segments", "sentence"):
        keys = [k for k in lib if mode(k) == m]
        if not keys:
            continue
        diffs = [abs(lib[k][0] - ref[k][0]) for k in keys]
        same = sum(lib[k][1] == ref[k][1] for k in keys)
        scores = [ref[k][0] for k in keys]
        print(f"{m:<10}{len(keys):>7}{min(scores):>8.2f}{max(scores):>8.2f}{max(diffs):>13.2e}{same:>15} of {len(keys)}")
        for k, d in zip(keys, diffs):
            if d > worst[0]:
                worst = (d, k)
    if worst[1]:
        print(f"largest difference: {worst[1]}\n  lib       {lib[worst[1]][1]}\n  sacreBLEU {ref[worst[1]][1]}")
    unequal = [k for k in lib if lib[k][1] != ref[k][1]]
    for k in unequal[:5]:
        print(f"printed differently: {k}\n  lib       {lib[k][1]}\n  sacreBLEU {ref[k][1]}")

    # 3. The spread of the English corpus cases: noise kind x level, sacreBLEU's score (the lib's agrees above).
    levels = sorted({float(k.split(".", 2)[2]) for k in lib
                     if k.startswith("en.") and mode(k) == "corpus" and k.count(".") >= 3 and "small" not in k
                     and "multiref" not in k})
    kinds = []
    for k in lib:
        parts = k.split(".")
        if k.startswith("en.") and mode(k) == "corpus" and len(parts) >= 3 and parts[1] not in ("small", "multiref", "official-tok") \
                and parts[1] not in kinds:
            kinds.append(parts[1])
    print("English corpus BLEU (sacreBLEU) by noise kind and level:")
    print(f"  {'':<10}" + "".join(f"{lv:>7g}" for lv in levels))
    for kind in kinds:
        print(f"  {kind:<10}" + "".join(f"{ref[f'en.{kind}.{lv}'][0]:>7.2f}" if f"en.{kind}.{lv}" in ref else f"{'':>7}"
                                       for lv in levels))
    if "notebook" in ref:
        print(f"notebook hypotheses: lib {lib['notebook'][1]}\n                     sacreBLEU {ref['notebook'][1]}")
    if "en.official-tok" in ref:
        print(f"test2016 tok/ file (lower-cased, tokenised) scored against the raw references: {ref['en.official-tok'][1]}")

    max_diff = max(abs(lib[k][0] - ref[k][0]) for k in lib)
    print(f"bleu max_abs_diff={max_diff:.2e} cases={len(lib)}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("score", "report"):
        raise SystemExit(__doc__)
    {"score": score, "report": report}[sys.argv[1]](Path(sys.argv[2]))
