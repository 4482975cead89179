"""`make check` (and the pre-commit hook): read every data file and report what is wrong, with the
same messages as the build, in about a second and without building the site.

    cd macros && python -m handbook.check [DATA_DIR]
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .data import DATA_DIR, load
    from .errors import DataError

    argv = sys.argv[1:] if argv is None else argv
    try:
        hb = load(argv[0] if argv else DATA_DIR)
    except DataError as exc:
        print("NMS Handbook data check failed:\n" + str(exc), file=sys.stderr)
        return 1
    print(f"data OK: {len(hb.references)} references, {len(hb.criteria)} criteria sets, "
          f"{len(hb.facts)} facts, {len(hb.extra)} further collections")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
