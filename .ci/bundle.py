#!/usr/bin/env python3
"""Build the offline bundle: dist/nms-handbook-<version>.zip (run by `make bundle`).

1. A plain strict build (`mkdocs build --strict`; never -q or -v) into a temporary folder.
2. Drop what a reader on file:// does not need: source maps, the search stemmers of languages
   other than English (English search is built into Material's search worker), the sitemaps
   (absolute URLs, and a build date), and 404.html (its links are absolute paths from site_url,
   right on GitHub Pages, useless from the disk, where no server ever shows it).
3. Write the zip deterministically: entries sorted, fixed timestamps and permissions, one top
   folder `nms-handbook-<version>/`, so two builds of the same tree give byte-identical zips.

The version is the release in the VERSION file; the data version (newest check date and a hash
of the clinical data) is written into VERSION.txt inside the zip and into data/nms-handbook.json.

    python .ci/bundle.py [--out DIR] [--site PREBUILT_SITE]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXED_TIME = (2000, 1, 1, 0, 0, 0)   # zip timestamps: the same for every build
DROP_DIRS = ("assets/javascripts/lunr",)
DROP_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz")
DROP_SUFFIXES = (".map",)


def version(root: Path = ROOT) -> str:
    return (root / "VERSION").read_text(encoding="utf-8").strip()


def build(root: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "946684800"}
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
                       cwd=root, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit(f"bundle: the strict build failed (exit {r.returncode})")


def keep(rel: str) -> bool:
    if rel in DROP_FILES or rel.endswith(DROP_SUFFIXES):
        return False
    return not any(rel == d or rel.startswith(d + "/") for d in DROP_DIRS)


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                  and keep(p.relative_to(site).as_posix()))


def write_zip(site: Path, zip_path: Path, top: str, extra: dict[str, bytes]) -> None:
    entries = {rel: (site / rel).read_bytes() for rel in site_files(site)}
    entries.update(extra)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in sorted(entries):
            info = zipfile.ZipInfo(f"{top}/{rel}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3   # Unix, whatever machine builds it
            zf.writestr(info, entries[rel])
    tmp.replace(zip_path)


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dist", help="folder for the zip (default dist/)")
    ap.add_argument("--root", type=Path, default=ROOT, help="project to build (default: this one)")
    ap.add_argument("--site", type=Path, help="use this already built site instead of building")
    args = ap.parse_args(argv)

    release = version(args.root)
    top = f"nms-handbook-{release}"
    with tempfile.TemporaryDirectory(prefix="nms-bundle-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(args.root, site)
        data = json.loads((site / "data" / "nms-handbook.json").read_text(encoding="utf-8"))
        readme = (f"NMS Handbook {release}\nData version: {data['data_version']}\n\n"
                  "Open index.html in a web browser. Everything works from the disk, with no network:\n"
                  "every page, the navigation, search and the checklists. The clinical data is in\n"
                  "data/nms-handbook.json (schema: data/nms-handbook.schema.json).\n\n"
                  "This handbook supports, and does not replace, clinical judgement.\n"
                  "Content: CC BY-SA 4.0. Code: MIT.\n")
        zip_path = args.out / f"{top}.zip"
        write_zip(site, zip_path, top, {"VERSION.txt": readme.encode("utf-8")})
    print(zip_path)
    return zip_path


if __name__ == "__main__":
    main()
