"""mkdocs-macros entry point. It only loads the data and registers macros; all logic lives in
the `handbook` package so it can be tested without MkDocs."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def define_env(env):
    # `mkdocs serve` re-runs this on every rebuild; drop cached modules so edits to data or code show.
    for name in [m for m in sys.modules if m == "handbook" or m.startswith("handbook.")]:
        del sys.modules[name]
    from mkdocs.exceptions import PluginError

    from handbook.data import load
    from handbook.errors import DataError
    from handbook.site import Site

    try:
        handbook = load()
        site = Site(handbook, current_page=lambda: env.page.file.src_uri if env.page else "(no page)")
        macros = site.macros()
    except DataError as exc:
        raise PluginError("NMS Handbook data check failed:\n" + str(exc)) from None
    env.handbook = handbook  # macros/handbook/hooks.py publishes this same data: no second load
    for name, function in macros.items():
        env.macro(function, name)
