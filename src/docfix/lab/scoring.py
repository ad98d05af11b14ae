"""Scoring of one system's output against the gold of the benchmark's documents."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from .. import canon
from .documents import Doc
from .metrics import CLASSES, PRF, calibration, jaccard, merge_sites, per_10k, score_sites, site_class

__all__ = ["score_system"]


def _fold_set(glyphs) -> set:
    return {canon.fold_char(g) for g in glyphs if len(g) == 1} | {g for g in glyphs if len(g) != 1}


def _score_doc(
    gold: Dict[int, str],
    edits: Sequence[Sequence[Any]],
    *,
    limit: Optional[int] = None,
    neutral: Sequence[int] = (),
) -> Tuple[Dict[str, Dict[str, PRF]], List[Tuple[float, bool]], int, int]:
    """Score one document's applied edits; return (prf, calibration items,
    applied inserts, applied substitutions). ``limit``: only offsets below it count."""
    if limit is not None:
        gold = {o: s for o, s in gold.items() if o < limit}
        edits = [e for e in edits if e[0] < limit]
    neu = set(neutral)
    applied_ins = [(e[0], e[1]) for e in edits if e[3] and e[4] == "insert"]
    subs = [e for e in edits if e[3] and e[4] != "insert" and e[0] not in neu]
    prf = score_sites(gold, merge_sites(applied_ins), neutral=neu)
    for e in subs:  # a substitution is never a restoration: a false edit
        for kind in ("detection", "correction"):
            for k in ("all", site_class(e[1])):
                prf[kind][k].n_pred += 1
    cal = [
        (float(e[2]), e[4] == "insert" and gold.get(e[0]) == e[1])
        for e in edits
        if e[0] not in neu
    ]
    return prf, cal, len(applied_ins), len(subs)


def _zero_prf() -> Dict[str, Dict[str, PRF]]:
    return {k: {c: PRF() for c in ("all",) + CLASSES + ("other",)} for k in ("detection", "correction")}


def _add_prf(acc, prf) -> None:
    for k in acc:
        for c in acc[k]:
            acc[k][c] = acc[k][c] + prf[k][c]


def _prf_json(acc) -> Dict[str, Dict[str, Any]]:
    return {k: {c: v.to_dict() for c, v in acc[k].items()} for k in acc}


def score_system(
    res: Dict[str, Any],
    docs: Sequence[Doc],
    dev: Optional[Dict[str, Any]],
    *,
    limits: Optional[Sequence[int]] = None,
    dev_limit: Optional[int] = None,
) -> Dict[str, Any]:
    """All metrics of one system from its worker result."""
    outs = res["outputs"]
    syn = _zero_prf()
    mixed = _zero_prf()
    cal_items: List[Tuple[float, bool]] = []
    clean_chars = clean_edits = subs_total = damaged_chars = 0
    jac: List[float] = []
    clean_with_set = 0
    per_doc = []
    for i, d in enumerate(docs):
        out = outs[i]
        lim = limits[i] if limits else None
        text_len = lim if lim is not None else len(d.damaged)
        prf, cal, n_ins, n_sub = _score_doc(d.gold, out["edits"], limit=lim)
        cal_items += cal
        subs_total += n_sub
        inferred = {g for g, p in (out["dropped"] or {}).items() if p >= 0.5}
        if d.clean:
            clean_chars += text_len
            clean_edits += n_ins + n_sub
            clean_with_set += bool(inferred)
        else:
            damaged_chars += text_len
            _add_prf(syn, prf)
            if d.variant == "mixed":
                _add_prf(mixed, prf)
            if d.dropped and out["dropped"] is not None:
                jac.append(jaccard(_fold_set(inferred), _fold_set(d.dropped)))
        per_doc.append(
            {
                "correction": prf["correction"]["all"].to_dict(),
                "applied": n_ins,
                "substitutions": n_sub,
                "inferred": sorted(inferred),
            }
        )
    cal = calibration(cal_items)
    hi = [ok for c, ok in cal_items if c >= 0.9]
    m: Dict[str, Any] = {
        "synthetic": _prf_json(syn),
        "mixed_font": _prf_json(mixed),
        "clean_chars": clean_chars,
        "damaged_chars": damaged_chars,
        "false_edits_clean": clean_edits,
        "false_edits_per_10k": per_10k(clean_edits, clean_chars),
        "substitutions": subs_total,
        "substitutions_per_10k": per_10k(subs_total, clean_chars + damaged_chars),
        "jaccard": sum(jac) / len(jac) if jac else None,
        "clean_docs_with_inferred_set": clean_with_set,
        "calibration": cal,
        "precision_conf_ge_0.9": (sum(hi) / len(hi)) if hi else None,
        "n_conf_ge_0.9": len(hi),
        "per_doc": per_doc,
    }
    if dev is not None and "dev" in res:
        lim = dev_limit if dev_limit is not None else dev["n"]
        prf, dcal, n_ins, n_sub = _score_doc(dev["gold"], res["dev"]["edits"], limit=lim, neutral=dev["neutral"])
        acc = _zero_prf()
        _add_prf(acc, prf)
        dc = calibration(dcal)
        m["dev"] = {
            "scored_chars": lim,
            "prf": _prf_json(acc),
            "applied": n_ins,
            "substitutions": n_sub,
            "ece": dc["ece"],
            "calibration": dc,
            "inferred": sorted(g for g, p in (res["dev"]["dropped"] or {}).items() if p >= 0.5),
        }
    return m
