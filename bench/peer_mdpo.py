"""mdpo's catalog round trip over a folder of articles, one process per step.

Run by bench/runner.py with the Python of bench/.peers/mdpo (where mdpo is installed):

    python bench/peer_mdpo.py extract ROOT
    python bench/peer_mdpo.py update ROOT LANG...
    python bench/peer_mdpo.py translate ROOT LANG...

ROOT holds source/*.md; the steps write pot/<slug>.pot, po/<lang>/<slug>.po and
out/<lang>/<slug>.md. mdpo's command line takes one article per run, so a library of
articles costs one interpreter start per article and language; its Python functions
(the ones its `md2po` and `po2md` commands call) do the same work in one process,
which is how the other tools run here too.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"extract", "update", "translate"}:
        print(__doc__, file=sys.stderr)
        return 2
    step, root, langs = argv[0], Path(argv[1]), argv[2:]
    sources = sorted((root / "source").glob("*.md"))
    md2po = importlib.import_module("mdpo.md2po")
    po2md = importlib.import_module("mdpo.po2md")
    if step == "extract":
        (root / "pot").mkdir(exist_ok=True)
        for source in sources:
            # Like `md2po source/x.md > pot/x.pot`: a fresh template, no merge.
            md2po.markdown_to_pofile(str(source)).save(str(root / "pot" / f"{source.stem}.pot"))
    for lang in langs:
        for source in sources:
            po = root / "po" / lang / f"{source.stem}.po"
            if step == "update":
                # `md2po source/x.md --po-filepath po/es/x.po --save`: mdpo's merge.
                po.parent.mkdir(parents=True, exist_ok=True)
                md2po.markdown_to_pofile(str(source), po_filepath=str(po), save=True)
            elif step == "translate":
                # `po2md source/x.md --pofiles po/es/x.po --save out/es/x.md`.
                out = root / "out" / lang / f"{source.stem}.md"
                out.parent.mkdir(parents=True, exist_ok=True)
                po2md.pofile_to_markdown(str(source), str(po), save=str(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
