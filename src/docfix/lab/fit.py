"""Fitting the confidence model's weights (``scripts/fit_calibration.py``)."""
from __future__ import annotations

from typing import List, Sequence

__all__ = ["fit_logistic"]


def fit_logistic(X: Sequence[Sequence[float]], y: Sequence[int], *, l2: float = 1e-2, iters: int = 50) -> List[float]:
    """Fit logistic-regression weights by Newton's method (numpy).

    >>> w = fit_logistic([[1, 0], [1, 0], [1, 1], [1, 1]], [0, 0, 1, 1])
    >>> w[1] > 0
    True
    """
    import numpy as np

    Xa = np.asarray(X, dtype=float)
    ya = np.asarray(y, dtype=float)
    w = np.zeros(Xa.shape[1])
    for _ in range(iters):
        z = np.clip(Xa @ w, -40, 40)
        p = 1 / (1 + np.exp(-z))
        g = Xa.T @ (p - ya) + l2 * w
        H = (Xa * (p * (1 - p))[:, None]).T @ Xa + l2 * np.eye(len(w))
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [float(v) for v in w]
