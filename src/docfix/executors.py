"""Where a batch's blocks are repaired: in this process
(:class:`InlineExecutor`), in local worker processes (:class:`LocalExecutor`,
``--jobs N``) or on a Dask cluster (:class:`DaskExecutor`, :func:`connect`,
``--scheduler``). All have ``workers``, ``submit(fn, *args)`` (a future) and
``close(abort=...)``."""
from __future__ import annotations

import os
from typing import Any, Callable, List, Optional

from . import errors as E
from .errors import DocfixError, ExitCode

__all__ = ["InlineExecutor", "LocalExecutor", "DaskExecutor", "connect"]


def _init_local_worker() -> None:
    import signal
    import warnings

    warnings.simplefilter("ignore")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # SIGTERM/SIGHUP: the default action (the parent stops the pool)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


# ====================================================================== executors
class InlineExecutor:
    """Runs each task at once, in this process (``--jobs 1``)."""

    workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures import Future

        f: Any = Future()
        try:
            f.set_result(fn(*args))
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - delivered by result(), as a pool would
            f.set_exception(e)
        return f

    def close(self, *, abort: bool = False) -> None:
        pass


class LocalExecutor:
    """``jobs`` worker processes on this machine (``--jobs N``)."""

    def __init__(self, jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = jobs
        self._ex = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_local_worker)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self._ex.submit(fn, *args)

    def close(self, *, abort: bool = False) -> None:
        if abort:  # interrupted: do not wait for blocks in progress
            for p in list(getattr(self._ex, "_processes", {}).values()):
                try:
                    p.terminate()
                except Exception:  # noqa: BLE001 - already gone
                    pass
        self._ex.shutdown(wait=not abort, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask cluster through a ``distributed.Client``.

    A worker that dies takes its tasks with it; the scheduler runs them again
    on another worker (``distributed.scheduler.allowed-failures`` times)."""

    def __init__(self, client: Any, *, owned: Optional[List[Any]] = None):
        self.client = client
        self._owned = owned or []
        info = client.scheduler_info()
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def close(self, *, abort: bool = False) -> None:
        for obj in self._owned:  # the client, then the cluster we started
            try:
                obj.close()
            except Exception:  # noqa: BLE001 - closing a cluster that is going away
                pass


def connect(scheduler: str) -> DaskExecutor:
    """A :class:`DaskExecutor` for ``--scheduler``: ``tcp://HOST:PORT`` (a
    running scheduler), ``local:N`` (a local cluster of N worker processes,
    one thread each, started now and closed with the executor), or the path
    of a scheduler file (``dask scheduler --scheduler-file``)."""
    try:
        import logging

        from distributed import Client, LocalCluster
    except ImportError as e:
        raise DocfixError(ExitCode.RESOURCES, E.COMPONENT_MISSING, name="Dask (pip install 'docfix[cluster]')",
                          reason=f"{type(e).__name__}: {e}") from None
    try:
        if scheduler.startswith("local:"):
            n = int(scheduler.split(":", 1)[1])
            if n < 1:
                raise ValueError(n)
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
            return DaskExecutor(client, owned=[client, cluster])
        if os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler, timeout="10s")
        else:
            client = Client(scheduler, timeout="10s")
        return DaskExecutor(client, owned=[client])
    except ValueError:
        raise DocfixError(ExitCode.USAGE, E.BAD_SCHEDULER, value=scheduler) from None
    except OSError as e:
        raise DocfixError(ExitCode.RESOURCES, E.NO_SCHEDULER, value=scheduler,
                          reason=" ".join(str(e).split())[:200]) from None
