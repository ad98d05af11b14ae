"""The damaged-PDF maker of the tests lives in the lab (:mod:`docfix.lab.pdfmake`),
where the trace benchmark uses it too."""
from docfix.lab.pdfmake import *  # noqa: F401,F403
from docfix.lab.pdfmake import parse_tounicode, write_tounicode  # noqa: F401

import pytest  # noqa: E402

#: Why the damaged-PDF tests cannot run here (None: they can), the font they write with.
MISSING = missing_tools()  # noqa: F405
FONT = None if MISSING else find_cjk_font()  # noqa: F405
REASON = MISSING or (None if FONT else "no CJK TrueType font found (apt-get install fonts-wqy-microhei)")
needs_maker = pytest.mark.skipif(REASON is not None, reason=REASON or "")
