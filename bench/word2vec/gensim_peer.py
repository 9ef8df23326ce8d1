"""The gensim half of `./course bench word2vec`: trains gensim's Word2Vec on the corpus the Java step wrote,
with the settings it wrote (settings.json), and saves gensim's vectors and timing beside the lib's.

    python gensim_peer.py OUT_DIR

Only model.train() is timed: vocabulary building and weight initialisation happen before the clock starts,
saving after it stops. It also loads the lib's vectors with gensim's own reader, to show the file is valid
word2vec text format for other tools.
"""
import json
import os
import sys
import time

import gensim
from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import FAST_VERSION, LineSentence


def write_atomically(path, write):
    part = path + ".part"
    write(part)
    os.replace(part, path)


def main(out):
    with open(os.path.join(out, "settings.json"), encoding="utf-8") as f:
        settings = json.load(f)
    c = settings["config"]
    if FAST_VERSION < 0:
        sys.exit("gensim's compiled training routines are missing (FAST_VERSION < 0): the timing would be meaningless."
                 " Reinstall the bench environment: rm -rf bench/.venv and run the bench again.")

    corpus = LineSentence(os.path.join(out, "corpus.txt"))
    model = Word2Vec(
        sg=1 if c["architecture"] == "SKIP_GRAM" else 0, hs=0,
        vector_size=c["dimensions"], window=c["window"], negative=c["negatives"], sample=c["sample"],
        min_count=c["minCount"], epochs=c["epochs"], alpha=c["learningRate"], min_alpha=c["minLearningRate"],
        workers=c["threads"], seed=c["seed"])
    model.build_vocab(corpus)
    if model.corpus_total_words != settings["corpus_tokens"]:
        print(f"gensim: warning: gensim counts {model.corpus_total_words:,} tokens in corpus.txt, the lib "
              f"{settings['corpus_tokens']:,}; words/s uses the lib's count for both", file=sys.stderr)
    print(f"gensim {gensim.__version__}: vocabulary {len(model.wv):,}; training on {c['threads']} workers", flush=True)

    start = time.perf_counter()
    model.train(corpus, total_examples=model.corpus_count, epochs=model.epochs)
    seconds = time.perf_counter() - start
    print(f"gensim: trained in {seconds:.1f} s", flush=True)

    write_atomically(os.path.join(out, "gensim_vectors.txt"),
                     lambda p: model.wv.save_word2vec_format(p, binary=False))
    lib = KeyedVectors.load_word2vec_format(os.path.join(out, "lib_vectors.txt"), binary=False)
    print(f"gensim: read the lib's vectors with load_word2vec_format: {len(lib):,} words x {lib.vector_size}", flush=True)

    timing = {"gensim": gensim.__version__, "vocabulary": len(model.wv), "corpus_tokens": settings["corpus_tokens"],
              "epochs": model.epochs, "threads": c["threads"], "seconds": seconds,
              "lib_vectors_read_by_gensim": len(lib)}

    def dump(p):
        with open(p, "w", encoding="utf-8") as f:
            json.dump(timing, f, indent=2)

    write_atomically(os.path.join(out, "gensim.json"), dump)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python gensim_peer.py OUT_DIR (the folder the Java train step wrote)")
    main(sys.argv[1])
