"""Resuming a batch: the manifest of the outputs a run committed, so that
the same command run again skips the inputs already done."""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict
from typing import Any, Dict, List, Optional, Sequence

__all__ = ["MANIFEST", "Manifest", "manifest_for", "settings_digest", "file_stat"]

MANIFEST = ".docfix-manifest.jsonl"


def settings_digest(cfg: Any) -> str:
    """What makes two runs' outputs comparable: the settings that change an
    output, the package version and the model file's identity."""
    from . import __version__

    d = asdict(cfg)
    d.pop("debug", None)
    d.pop("password", None)
    d["version"] = __version__
    model = d.get("model")
    if model:
        try:
            st = os.stat(model)
            d["model_stat"] = [st.st_size, st.st_mtime_ns]
        except OSError:
            pass
    return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()[:16]


def file_stat(path: str) -> Optional[List[int]]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Manifest:
    """The record of what a batch finished, one JSON line per output, kept
    beside the outputs (``-o DIR``: ``DIR/.docfix-manifest.jsonl``), or for
    ``--in-place`` in the user's cache folder
    (``$XDG_CACHE_HOME/docfix/inplace-<digest of the inputs' folder>.jsonl``,
    so that nothing is added to the user's folders).

    An input counts as done when the manifest has a line for it written
    with the same settings (:func:`settings_digest`), and both the input and
    its output still have the size and modification time recorded then.
    A line is added right after its output was committed (renamed into
    place), so a run stopped at any point redoes at most the files it was
    working on. A torn last line is ignored."""

    def __init__(self, path: str, settings: str):
        self.path = path
        self.settings = settings
        self.done: Dict[str, Dict[str, Any]] = {}
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        rec = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(rec, dict) and rec.get("settings") == settings and "output" in rec:
                        self.done[str(rec["output"])] = rec
        except OSError:
            pass
        self._lock = threading.Lock()

    def is_done(self, input_path: Optional[str], output_path: str) -> bool:
        rec = self.done.get(os.path.abspath(output_path))
        if rec is None or input_path is None:
            return False
        if file_stat(output_path) != rec.get("output_stat"):
            return False
        if os.path.realpath(input_path) == os.path.realpath(output_path):
            return True  # in place: the output is the input
        return file_stat(input_path) == rec.get("input_stat")

    def add(self, input_stat: Optional[List[int]], output_path: str) -> None:
        rec = {"output": os.path.abspath(output_path), "output_stat": file_stat(output_path),
               "input_stat": input_stat, "settings": self.settings}
        with self._lock:
            try:
                with open(self.path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            except OSError:
                pass  # resuming is a convenience: a read-only folder only loses it


def manifest_for(cfg: Any, out_dir: Optional[str], inplace_paths: Sequence[str]) -> Optional[Manifest]:
    """The batch's manifest, or ``None`` where outputs go to a stream."""
    if out_dir is not None:
        return Manifest(os.path.join(out_dir, MANIFEST), settings_digest(cfg))
    if inplace_paths:
        root = os.path.commonpath([os.path.dirname(os.path.realpath(p)) for p in inplace_paths])
        cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        name = "inplace-" + hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()[:16] + ".jsonl"
        folder = os.path.join(cache, "docfix")
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return None  # no cache folder: nothing is resumed, nothing is lost
        return Manifest(os.path.join(folder, name), settings_digest(cfg))
    return None
