"""Build the documentation in English and Persian, warnings as errors, and run its examples.

    python docs/build.py [--out docs/_build] [--lang en fa] [--no-doctest]

First the guide's pictures (``_ext/rahbord_docs/screenshots.py``): web-app
screenshots and pages of the demo report, made from the code into
``docs/<lang>/_generated`` and kept while the code is unchanged.  Without
chromium, Playwright or pdftoppm they are skipped with a message saying why,
and the guide is built without them.

For each language: ``sphinx-build -W --keep-going -b html`` into
``<out>/<lang>/html`` and ``-b doctest`` (every example on the pages runs and
must print what the page says).  ``make docs`` and tests/test_docs.py call
this, so CI builds exactly what a reader gets.  Exit status 1 if any build
warned or any example failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
from rahbord_docs import screenshots  # noqa: E402  (after sys.path)

LANGUAGES = ("en", "fa")


def sphinx(builder: str, language: str, out: Path, without_pictures: bool = False) -> int:
    command = [
        sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", builder,
        # only when the pictures could not be made (said above): the guide's images are then absent
        *(["-D", "suppress_warnings=image.not_readable"] if without_pictures else []),
        # html reads every page afresh (autodoc cannot tell when a docstring in mcda/... changed);
        # doctest then reuses the doctrees the html build just wrote
        *(["-E"] if builder == "html" else []),
        "-c", str(DOCS), "-D", f"language={language}",
        "-d", str(out / language / "doctrees"),
        str(DOCS / language), str(out / language / builder),
    ]
    return subprocess.run(command, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DOCS / "_build")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--no-doctest", action="store_true", help="build the HTML only")
    parser.add_argument("--no-screenshots", action="store_true",
                        help="do not make the guide's pictures (a quick build; the guide shows none it lacks)")
    args = parser.parse_args(argv)
    if args.no_screenshots:
        skipped = "--no-screenshots"
    else:
        skipped = screenshots.generate(tuple(args.lang))
    if skipped:
        print(f"docs: the guide's screenshots and report pages were not made: {skipped}", file=sys.stderr)
    failed = []
    for language in args.lang:
        builders = ["html"] + ([] if args.no_doctest else ["doctest"])
        for builder in builders:
            if sphinx(builder, language, args.out, without_pictures=bool(skipped)) != 0:
                failed.append(f"{language}/{builder}")
    for language in args.lang:
        print(f"docs: {args.out / language / 'html' / 'index.html'}")
    if failed:
        print(f"docs: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
