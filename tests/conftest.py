"""Hypothesis profiles.

The test command (``bash scripts/test.sh``, which CI runs) is reproducible:
the ``ci`` profile derandomizes hypothesis, so every run checks the same
examples and a failure can be replayed. ``HYPOTHESIS_PROFILE=explore``
draws fresh random examples instead, to look for new counterexamples
(that is how the 薴 -> 苧 -> 苎 folding chain and the three-numeral
enumerator bug were found).
"""
import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

# docfix keeps the resume manifests of --in-place runs in the user's cache
# folder: the tests' go to a folder of their own, removed when the run ends
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="docfix-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def repairer():
    """One default :class:`docfix.restore.Repairer` for the whole run (it keeps no state per repair)."""
    from docfix.restore import Repairer

    return Repairer()
