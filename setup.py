"""Ship the default model and the lexicons inside the package.

``models/`` and ``lexicons/`` live at the repository root (data is kept out of
code); at build time they are copied into ``docfix/data/`` so that a plain
``pip install .`` carries them. An editable install finds them at the root.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
DATA = [
    # the model, and the vocabulary drawn in two typefaces (docfix.shapes on machines without CJK fonts)
    ("models", ["default.klm", "default.npz", "default.words.klm", "default.calib.json", "README.md"]
     + sorted(p.name for p in (ROOT / "models").glob("shapes-*.npz"))),
    # every lexicon file: the word lists and the rules' data (OCR confusions,
    # register pairs, Latin tokens), so that no new data file is left behind
    ("lexicons", sorted(p.name for p in (ROOT / "lexicons").glob("*.txt"))),
]


class BuildWithData(build_py):
    def run(self):
        super().run()
        dest = Path(self.build_lib) / "docfix" / "data"
        dest.mkdir(parents=True, exist_ok=True)
        for folder, names in DATA:
            for name in names:
                src = ROOT / folder / name
                if src.exists():
                    target = dest / (name if folder == "lexicons" or name != "README.md" else "MODEL_CARD.md")
                    shutil.copyfile(src, target)


setup(cmdclass={"build_py": BuildWithData})
