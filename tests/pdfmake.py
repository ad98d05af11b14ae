"""The damaged-PDF maker of the tests lives in the lab (:mod:`docfix.lab.pdfmake`),
where the trace benchmark uses it too."""
from docfix.lab.pdfmake import *  # noqa: F401,F403
from docfix.lab.pdfmake import parse_tounicode, write_tounicode  # noqa: F401
