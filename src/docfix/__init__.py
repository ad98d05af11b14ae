r"""docfix: repair Chinese documents damaged by PDF text extraction and OCR.

>>> import docfix
>>> r = docfix.repair("2022年全市教育工作会议召开。")   # clean text: nothing to restore
>>> r.text == r.input and r.edits == []
True
>>> docfix.normalize("他强调,教\n\n育援疆工作").text
'他强调，教育援疆工作'
"""
from __future__ import annotations

from typing import Any

from .result import Edit, Repair

# Imported eagerly: the submodule ``docfix.normalize`` would otherwise shadow
# the function of the same name once anything imports the module.
from .normalize import Normalized, normalize

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Edit",
    "Repair",
    "Repairer",
    "repair",
    "repair_pages",
    "repair_pdf",
    "normalize",
    "Normalized",
    "simulate",
]

# Heavier parts load on first use so that ``import docfix`` and
# ``docfix --version`` stay fast.
_LAZY = {
    "Repairer": ("restore", "Repairer"),
    "repair": ("restore", "repair"),
    "repair_pages": ("restore", "repair_pages"),
    "repair_pdf": ("restore", "repair_pdf"),
    # the damage simulator lives in the lab (docfix.lab.simulate); no
    # submodule docfix.simulate exists to shadow this function
    "simulate": ("lab.simulate", "simulate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        value = getattr(importlib.import_module(f".{mod}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'docfix' has no attribute {name!r}")
