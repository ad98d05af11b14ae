"""Train an optional gap model (NAME.gap.npz): P(glyph lost here | both sides).

A small feed-forward network (Bengio-style: concatenated character
embeddings, one hidden layer, softmax) reads the WIDTH characters left and the
WIDTH characters right of a gap and predicts which character was deleted
there, or none. Training examples come from the training lines of the corpus
(docfix.split, the same lines as the KenLM model): at a random position
either the character is deleted (label = that character) or nothing is
(label = none), half and half, so that

    P(g | context) / P(none | context) ~ P(left g right) / P(left right),

the same likelihood ratio as the n-gram's insertion gain, read from both sides
at once. Contexts lose glyphs the way damaged documents do: the glyph in
question is missing from its own context (a font loses it everywhere), and
half the batches also lose a random set of frequent glyphs.

Pure numpy (no deep-learning framework): 15M examples take 58 minutes on 2 cores.
None ships with the default model: see docs/engine.md ("An optional gap model").

    python scripts/train_gapnet.py CORPUS.txt ... -o models/default.gap.npz
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from docfix import canon  # noqa: E402
from docfix.split import iter_train_lines  # noqa: E402

PAD_BOS, PAD_EOS, UNK = 0, 1, 2  # input ids; characters start at 3
NONE, OTHER = 0, 1  # output ids; characters start at 2


def sentences_of(paths):
    for p in paths:
        for line in iter_train_lines(p):
            for s in canon.training_line(line):
                toks = s.split(" ")
                if toks and toks != [""]:
                    yield toks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--width", type=int, default=8)
    ap.add_argument("--dim", type=int, default=48)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--vin", type=int, default=6000)
    ap.add_argument("--vout", type=int, default=4000)
    ap.add_argument("--examples", type=float, default=15e6)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--minutes", type=float, default=0, help="stop after this long (0: no limit)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(a.seed)
    W = a.width

    t0 = time.time()
    sents = list(sentences_of(a.corpus))
    freq = Counter(t for s in sents for t in s)
    chars = [c for c, _ in freq.most_common()]
    vin = chars[: a.vin]
    vout = chars[: a.vout]
    in_id = {c: i + 3 for i, c in enumerate(vin)}
    out_id = {c: i + 2 for i, c in enumerate(vout)}
    lens = np.array([len(s) for s in sents], dtype=np.int64)
    flat = [t for s in sents for t in s]
    X = np.array([in_id.get(t, UNK) for t in flat], dtype=np.int32)
    Y = np.array([out_id.get(t, OTHER) for t in flat], dtype=np.int32)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    sid = np.repeat(np.arange(len(sents)), lens)
    s_start = starts[sid]
    s_end = (starts + lens)[sid]
    N = len(X)
    # output id -> input id (for removing the glyph in question from its context)
    out2in = np.full(a.vout + 2, -1, dtype=np.int64)
    for c, j in out_id.items():
        out2in[j] = in_id.get(c, -1)
    uni = np.bincount(X, minlength=a.vin + 3).astype(np.float64)
    uni[:3] = 0
    uni /= uni.sum()
    print(f"{len(sents)} sentences, {N} tokens, {len(freq)} types; prep {time.time() - t0:.0f}s", flush=True)
    del sents, flat

    D, Hd, C = a.dim, a.hidden, a.vout + 2
    params = {
        "emb": (rng.standard_normal((a.vin + 3, D)) * 0.1).astype(np.float32),
        "W1": (rng.standard_normal((2 * W * D, Hd)) * np.sqrt(2.0 / (2 * W * D))).astype(np.float32),
        "b1": np.zeros(Hd, np.float32),
        "W2": (rng.standard_normal((Hd, C)) * np.sqrt(1.0 / Hd)).astype(np.float32),
        "b2": np.zeros(C, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    b1_, b2_, eps = 0.9, 0.999, 1e-8

    # held-out check: fixed batch from the end of the token array
    span = 3 * W  # wide windows, so removed glyphs can be skipped

    def batch(n, lo=0, hi=None):
        hi = N if hi is None else hi
        p = rng.integers(lo, hi, n)
        deleted = rng.random(n) < 0.5
        y = np.where(deleted, Y[p], NONE)
        # the glyph in question (missing from its own context)
        g_in = np.where(deleted, X[p], rng.choice(len(uni), n, p=uni))
        offs_l = np.arange(1, span + 1)  # distance to the left, nearest first
        li = p[:, None] - offs_l[None, :]
        right_start = p + deleted.astype(np.int64)
        ri = right_start[:, None] + np.arange(span)[None, :]
        lt = np.where(li >= s_start[p][:, None], X[np.clip(li, 0, N - 1)], PAD_BOS)
        rt = np.where(ri < s_end[p][:, None], X[np.clip(ri, 0, N - 1)], PAD_EOS)
        lost = (lt == g_in[:, None]) & (lt > 2)
        lost_r = (rt == g_in[:, None]) & (rt > 2)
        if rng.random() < 0.5:  # a random font subset of frequent glyphs lost too
            k = int(rng.integers(1, 13))
            extra = rng.choice(len(uni), k, replace=False, p=uni)
            lost |= np.isin(lt, extra)
            lost_r |= np.isin(rt, extra)
        ol = np.argsort(lost, axis=1, kind="stable")[:, :W]
        orr = np.argsort(lost_r, axis=1, kind="stable")[:, :W]
        lt = np.take_along_axis(lt, ol, 1)[:, ::-1]  # far .. near
        rt = np.take_along_axis(rt, orr, 1)
        return np.concatenate([lt, rt], axis=1), y

    hold = int(N * 0.98)
    xv, yv = batch(20000, hold, N)

    def forward(x):
        e = params["emb"][x].reshape(len(x), -1)
        h = np.maximum(e @ params["W1"] + params["b1"], 0)
        z = h @ params["W2"] + params["b2"]
        return e, h, z

    def loss_of(x, y):
        _, _, z = forward(x)
        z = z - z.max(1, keepdims=True)
        lp = z - np.log(np.exp(z).sum(1, keepdims=True))
        return float(-lp[np.arange(len(y)), y].mean())

    steps = int(a.examples // a.batch)
    t1 = time.time()
    for step in range(1, steps + 1):
        lr = a.lr * min(1.0, step / 500) * (0.5 * (1 + np.cos(np.pi * step / steps)) * 0.95 + 0.05)
        x, y = batch(a.batch, 0, hold)
        e, h, z = forward(x)
        z -= z.max(1, keepdims=True)
        pz = np.exp(z)
        pz /= pz.sum(1, keepdims=True)
        pz[np.arange(len(y)), y] -= 1.0
        dz = pz / len(y)
        grads = {"W2": h.T @ dz, "b2": dz.sum(0)}
        dh = dz @ params["W2"].T
        dh[h <= 0] = 0
        grads["W1"] = e.T @ dh
        grads["b1"] = dh.sum(0)
        de = (dh @ params["W1"].T).reshape(-1, D)
        ge = np.zeros_like(params["emb"])
        np.add.at(ge, x.reshape(-1), de)
        grads["emb"] = ge
        for k2, g in grads.items():
            m[k2] = b1_ * m[k2] + (1 - b1_) * g
            v[k2] = b2_ * v[k2] + (1 - b2_) * g * g
            mh = m[k2] / (1 - b1_ ** step)
            vh = v[k2] / (1 - b2_ ** step)
            params[k2] -= (lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        if step % 1000 == 0 or step == steps:
            el = time.time() - t1
            print(f"step {step}/{steps} ex {step * a.batch / 1e6:.1f}M held-out CE {loss_of(xv, yv):.4f} "
                  f"{step * a.batch / el:.0f} ex/s {el / 60:.1f} min", flush=True)
            save(a, params, vin, vout)
            if a.minutes and el > a.minutes * 60:
                break
    save(a, params, vin, vout)
    return 0


def save(a, params, vin, vout) -> None:
    out = Path(a.output)
    tmp = out.with_suffix(".tmp.npz")
    np.savez_compressed(
        tmp,
        width=np.int32(a.width),
        vin="".join(vin),
        vout="".join(vout),
        **{k: p.astype(np.float16) for k, p in params.items()},
    )
    tmp.replace(out)


if __name__ == "__main__":
    sys.exit(main())
