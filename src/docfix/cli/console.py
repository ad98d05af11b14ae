"""What the ``docfix`` command shows on the terminal: its one-line messages
(``docfix: ...`` on stderr), the progress bar, and quiet when stdout goes away."""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any, Optional

__all__ = ["Progress", "print_error", "quiet_stdout", "isatty"]


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal.

    It counts what is written, not what was read ahead: bytes of the inputs
    whose blocks are done, with the rate so far; on a big file it shows the
    block in progress, and a ticker redraws it every half second so that a
    long block does not look like a hang."""

    TICK = 0.5

    def __init__(self, total_files: int, total_bytes: int, enabled: bool):
        self.enabled = enabled
        self.total_files = total_files
        self.total_bytes = max(total_bytes, 1)
        self.files = 0
        self.bytes_done = 0  # of finished files
        self._cur = 0  # of the current file, by its blocks written
        self.blocks = 0  # blocks written of the current file
        self.t0 = time.monotonic()
        self._drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: Optional[threading.Thread] = None
        if enabled:
            self._ticker = threading.Thread(target=self._tick, name="docfix-progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(self.TICK):
            self.draw()

    def file_done(self, size: int) -> None:
        with self._lock:
            self.files += 1
            self.bytes_done += size
            self._cur = 0
            self.blocks = 0
        self.draw()

    def partial(self, nbytes: int) -> None:
        """A block of the current file was written; ``nbytes`` of it are done."""
        with self._lock:
            self._cur = nbytes
            self.blocks += 1
        self.draw()

    def line(self) -> str:
        with self._lock:
            done = self.bytes_done + self._cur
            frac = min(1.0, done / self.total_bytes)
            width = 24
            full = int(frac * width)
            bar = "#" * full + "." * (width - full)
            secs = max(time.monotonic() - self.t0, 1e-9)
            rate = done / secs / 1e3
            part = f", file {self.files + 1}: {self.blocks} blocks done" if self.blocks else ""
            return (f"docfix: [{bar}] {self.files}/{self.total_files} files, "
                    f"{done / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB, {rate:.0f} kB/s, "
                    f"{secs:.0f} s{part}")

    def draw(self) -> None:
        if not self.enabled or self._stop.is_set():
            return
        text = self.line()
        with self._lock:
            try:
                sys.stderr.write("\r" + text + "\x1b[K")
                sys.stderr.flush()
                self._drawn = True
            except (OSError, ValueError):  # pragma: no cover - stderr gone
                pass

    def clear(self) -> None:
        """Wipe the bar (before an error line); the next draw brings it back."""
        with self._lock:
            if self.enabled and self._drawn:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()
                self._drawn = False

    def close(self) -> None:
        self._stop.set()
        self.clear()


def print_error(line: str) -> None:
    try:
        sys.stderr.write("docfix: " + " ".join(str(line).split()) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr gone
        pass


def quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass


def isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
