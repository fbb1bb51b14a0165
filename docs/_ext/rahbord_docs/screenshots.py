"""The guide's pictures, made fresh from the code: web-app screenshots and pages of the demo report.

    python docs/_ext/rahbord_docs/screenshots.py [--lang fa en] [--force]

``docs/build.py`` runs this before Sphinx.  It

1. runs ``rahbord demo`` once into a temporary folder (the Tehran model, a
   synthetic panel of 12 experts, the analysis and both reports) and renders
   three pages of each language's PDF report with ``pdftoppm -r 50 -png`` (the
   council's summary, the internal–external matrix, the robustness chapter —
   found by their headings from ``reports.strings``, not by page number);
2. starts ``rahbord serve`` on loopback with a temporary SQLite data folder
   and drives it with Playwright (Debian's chromium, launched as
   tests/web/test_browser.py does) through the guide's steps in Persian and
   English: the study page and its online links, an upload in which one
   workbook has a problem, an expert's personal link on a 375×740 phone with an
   inconsistent set, and the results page after the analysis job;
3. writes the PNGs into ``docs/<lang>/_generated/`` (not in git: see
   .gitignore), which the guide pages include with ``{image}``.

The pictures are kept while the code they show is unchanged: a key made from
the git commit and the uncommitted changes of the packages involved is stored
beside them (``.key``); ``--force`` makes them again.  Without chromium,
Playwright or pdftoppm (scripts/setup.sh installs them) nothing is made and
:func:`generate` returns the reason, which build.py prints.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Self

DOCS = Path(__file__).resolve().parents[2]
ROOT = DOCS.parent
LANGUAGES = ("fa", "en")
CHROMIUM = Path(os.environ.get("RAHBORD_CHROMIUM", "/usr/bin/chromium"))
# what the pictures show comes from these; a change in any of them makes them again
SOURCES = ("rahbord", "reports", "templates", "analysis", "surveys", "criteria", "mcda",
           "docs/_ext/rahbord_docs/screenshots.py")
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 375, "height": 740}
EXPERTS = 12
DRAWS = 500  # enough for the robustness chapter's shares; the docs build stays within a few minutes
# an inconsistent set of group comparisons (the one tests/web/test_online_answers_browser.py uses): CR well over 0.1
INCONSISTENT_GROUPS = {"p|groups|S|W": "3", "p|groups|S|O": "1/5", "p|groups|S|T": "9",
                       "p|groups|W|O": "1/9", "p|groups|W|T": "5", "p|groups|O|T": "1/3"}
# a live workshop's first comparison: three participants' votes (17-position values, as the phones send them)
WORKSHOP_VOTES = {"مریم": "5", "Reza": "3", "سارا": "1/2"}
# the files every language's folder holds when generation succeeded (the guide pages name them)
PICTURES = ("study.png", "online-links.png", "upload-problems.png", "phone-answer.png",
            "workshop-projector.png", "workshop-phone.png",
            "results.png", "results-ranking.png", "results-robustness.png",
            "report-council.png", "report-ie-matrix.png", "report-robustness.png")


def generated_folder(language: str) -> Path:
    return DOCS / language / "_generated"


def missing_tools() -> str | None:
    """Why the pictures cannot be made on this machine, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (scripts/setup.sh installs chromium; RAHBORD_CHROMIUM names another)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed in this environment (pip install -e '.[test]')"
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        return "pdftoppm / pdftotext are not installed (poppler-utils; scripts/setup.sh installs it)"
    return None


def source_key() -> str | None:
    """A hash of the commit and of the uncommitted changes in :data:`SOURCES`; None outside a git checkout."""
    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True).stdout

    try:
        digest = hashlib.sha256(git("rev-parse", "HEAD"))
        digest.update(git("diff", "HEAD", "--binary", "--", *SOURCES))
        for name in sorted(git("ls-files", "--others", "--exclude-standard", "-z", "--", *SOURCES).split(b"\0")):
            if name and (ROOT / name.decode()).is_file():
                digest.update(name + b"\0" + (ROOT / name.decode()).read_bytes())
    except (OSError, subprocess.CalledProcessError):
        return None
    return digest.hexdigest()


def up_to_date(languages, key: str | None) -> bool:
    if key is None:
        return False
    for language in languages:
        folder = generated_folder(language)
        stamp = folder / ".key"
        if not stamp.exists() or stamp.read_text() != key or not all((folder / p).exists() for p in PICTURES):
            return False
    return True



def _plain(text: str) -> str:
    """Text as pdftotext and the catalogue can both be compared: no joiners, bidi marks or spaces."""
    return re.sub(r"[\s\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", text)


def report_pages(pdf: Path, out: Path, language: str) -> None:
    """Render the council summary, the IE matrix and the robustness chapter's first page at 50 dpi."""
    from reports.robustness import ROBUSTNESS_TEXT
    from reports.strings import TEXT

    headings = {"report-council.png": TEXT[language]["council"],
                "report-ie-matrix.png": TEXT[language]["ie_matrix"],
                "report-robustness.png": ROBUSTNESS_TEXT[language]["robustness_report"]}
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.MULTILINE).group(1))
    texts = {n: _plain(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                      capture_output=True, text=True, check=True).stdout)
             for n in range(2, pages + 1)}  # page 1 is the cover, which lists every heading
    for name, heading in headings.items():
        found = [n for n, text in texts.items() if _plain(heading) in text]
        if not found:
            raise RuntimeError(f"{pdf.name}: no page carries the heading {heading!r}")
        stem = out / name.removesuffix(".png")
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", str(found[0]), "-l", str(found[0]),
                        str(pdf), str(stem)], check=True)


def run_demo(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "rahbord", "demo", "--out", str(folder), "--experts", str(EXPERTS),
                    "--draws", str(DRAWS), "--lang", "fa"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return folder



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``rahbord serve`` on loopback with its own SQLite data folder, stopped on exit."""

    def __init__(self, data_dir: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAHBORD_")}
        self.log = open(data_dir.parent / "serve.log", "wb")  # noqa: SIM115 (closed in __exit__)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "rahbord", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data-dir", str(data_dir)], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self) -> Self:
        deadline = time.time() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"rahbord serve stopped (exit {self.process.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/signin", timeout=5):
                    return self
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("rahbord serve did not answer within 120 s") from None
                time.sleep(0.3)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def broken_copy(workbook: Path) -> bytes:
    """The same questionnaire with its first answer replaced by a word off the scale, as a careless expert might."""
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked is False and cell.value not in (None, ""):
                    cell.value = "ten"
                    out = io.BytesIO()
                    book.save(out)
                    return out.getvalue()
    raise RuntimeError(f"{workbook.name}: no answer cell to break")


def _switch(page, base: str, language: str, path: str) -> None:
    page.goto(f"{base}/lang/{language}?next={path}")
    page.wait_for_load_state("load")


def drive(base: str, demo: Path, work: Path, out: dict[str, Path], languages) -> None:
    from playwright.sync_api import sync_playwright

    from mcda.digits import localize_digits

    responses = sorted((demo / "responses").glob("*.xlsx"))
    panel_csv = work / "panel.csv"
    # the second expert answers in English, so that the English guide shows an English personal link
    panel_csv.write_text("name,email,role,weight,lang\n" + "".join(
        f"{'Expert 2' if k == 2 else localize_digits(f'کارشناس {k}', 'fa')},e{k}@example.org,,1,"
        f"{'en' if k == 2 else 'fa'}\n" for k in range(1, len(responses) + 1)), encoding="utf-8")
    broken = work / f"broken-{responses[0].name}"
    broken.write_bytes(broken_copy(responses[0]))
    uploads = [str(p) for p in responses[1:]] + [str(broken)]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        try:
            context = browser.new_context(viewport=DESKTOP, locale="fa-IR")
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto(base + "/signup")
            page.fill("input[name=name]", "سارا برنامه‌ریز")
            page.fill("input[name=email]", "sara@example.org")
            page.fill("input[name=password]", "a long enough password")
            page.click("form[action='/signup'] button[type=submit]")
            page.wait_for_url(base + "/signin")
            page.fill("input[name=password]", "a long enough password")
            page.click("form[action='/signin'] button[type=submit]")
            page.wait_for_url(base + "/studies")
            page.select_option("#new-from-library select[name=name]", "tehran-city-diplomacy")
            page.fill("#new-from-library input[name=title]", "دیپلماسی شهری تهران")
            page.click("#new-from-library button[type=submit]")
            page.wait_for_url("**/studies/*")
            study = page.url.removeprefix(base)
            page.set_input_files("#upload-experts input[type=file]", str(panel_csv))
            page.click("#upload-experts button[type=submit]")
            page.wait_for_selector("#online-table")
            links = {row.get_attribute("data-expert"): row.locator("input.link-url").input_value()
                     for row in page.locator("#online-table tbody tr").all() if row.locator("input.link-url").count()}
            expert_of = {"fa": "E001", "en": "E002"}

            for language in languages:
                shots = out[language]
                _switch(page, base, language, study)
                page.set_input_files("#upload-responses input[type=file]", uploads)
                page.click("#upload-responses button[type=submit]")
                page.wait_for_selector("#upload-summary")
                page.screenshot(path=str(shots / "upload-problems.png"), full_page=True)
                page.goto(base + study)
                page.screenshot(path=str(shots / "study.png"))
                box = page.locator("#online").bounding_box()  # its top: the first experts' links are enough
                page.screenshot(path=str(shots / "online-links.png"), full_page=True, clip={
                    "x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 640)})

                phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                answer = phone.new_page()
                answer.set_default_timeout(60_000)
                answer.goto(links[expert_of[language]])
                for item, value in INCONSISTENT_GROUPS.items():
                    answer.locator(f'fieldset[data-item="{item}"] label:has(input[value="{value}"])').click()
                answer.wait_for_function("() => document.querySelector('.set-status[data-status-for=\"groups\"]')"
                                         ".classList.contains('state-inconsistent')")
                # the set's last comparisons and, under them, its CR and the judgment to revisit
                answer.locator('.online-set[data-set="groups"] .set-status').evaluate(
                    "e => { e.scrollIntoView({block: 'end'}); window.scrollBy(0, 24); }")
                answer.screenshot(path=str(shots / "phone-answer.png"))
                phone.close()

            workshop(browser, page, base, study, out, languages)

            # one analysis (robustness with fewer draws than the default, so the docs build stays quick)
            page.goto(base + study)
            page.fill("#run-analysis input[name=robustness_draws]", str(DRAWS))
            page.click("#run-analysis button[type=submit]")
            page.wait_for_selector("#job")
            page.wait_for_selector("#job-target:visible", timeout=600_000)
            page.click("#job-target")
            page.wait_for_selector("#ranking-table")
            results = page.url.removeprefix(base)
            for language in languages:
                shots = out[language]
                _switch(page, base, language, results)
                page.wait_for_selector("#ranking-table")
                page.screenshot(path=str(shots / "results.png"))
                page.locator("#ranking").screenshot(path=str(shots / "results-ranking.png"))
                page.locator("#robustness").screenshot(path=str(shots / "results-robustness.png"))
            context.close()
        finally:
            browser.close()



def _screenshot_down_to(page, selector: str, path: Path) -> None:
    """The page from its top to a little below ``selector``."""
    bottom = page.evaluate(f"() => document.querySelector({selector!r}).getBoundingClientRect().bottom + window.scrollY")
    width = page.viewport_size["width"]
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": bottom + 24})


def workshop(browser, page, base: str, study: str, out: dict[str, Path], languages) -> None:
    """A live session: three phones vote on the first comparison; the projector and a phone in each language.

    The session is left open (not finished), so its votes do not become responses of the study.
    """
    page.goto(base + study)
    page.click("#start-workshop button[type=submit]")
    page.wait_for_selector("#live-code")
    code = page.inner_text("#live-code").replace(" ", "")
    control = page.url.removeprefix(base)
    phones = {}
    for name, value in WORKSHOP_VOTES.items():
        english = name.isascii()
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                      locale="en-US" if english else "fa-IR")
        phone = context.new_page()
        phone.set_default_timeout(60_000)
        if english:  # typing the code shown on the screen, as someone without a camera would
            phone.goto(base + "/w?lang=en")
            phone.fill("input[name=code]", code)
            phone.click("#w-code button[type=submit]")
        else:
            phone.goto(f"{base}/w/{code}")
        phone.fill("input[name=name]", name)
        phone.click("#w-join button[type=submit]")
        phone.wait_for_selector("#w-form")
        phone.locator(f'section.w-item[data-step="0"] input[type=radio][value="{value}"]').check()
        phone.wait_for_selector("#w-saved.saved")
        phones["en" if english else "fa"] = phone
    for language in languages:
        _switch(page, base, language, control + "/projector")
        page.wait_for_selector("#live-board[data-step='0'][data-voted='3']")
        # down to the group's mean under the scale's end labels; not the empty screen below
        _screenshot_down_to(page, "#pj-mean", out[language] / "workshop-projector.png")
        _screenshot_down_to(phones[language], "#w-form", out[language] / "workshop-phone.png")
    for phone in phones.values():
        phone.context.close()


def generate(languages=LANGUAGES, force: bool = False) -> str | None:
    """Make the guide's pictures for ``languages``; returns why they were not made, or None.

    Two builds at once (``make docs`` while tests/test_docs.py runs) take
    turns: the second waits, then finds the pictures up to date.
    """
    reason = missing_tools()
    if reason:
        return reason
    lock = Path(tempfile.gettempdir()) / f"rahbord-docs-{hashlib.sha256(bytes(DOCS)).hexdigest()[:12]}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return _generate(languages, force)


def _generate(languages, force: bool) -> None:
    key = source_key()
    if not force and up_to_date(languages, key):
        print("docs: screenshots are up to date with the code (docs/<lang>/_generated)")
        return
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="rahbord-docs-") as tmp:
        work = Path(tmp)
        fresh = {language: work / "shots" / language for language in languages}
        for folder in fresh.values():
            folder.mkdir(parents=True)
        demo = run_demo(work / "demo")
        for language in languages:
            pdf = demo / ("report.pdf" if language == "fa" else f"report-{language}.pdf")
            report_pages(pdf, fresh[language], language)
        (work / "web").mkdir()
        with Server(work / "web") as server:
            drive(server.base, demo, work, fresh, languages)
        for language, folder in fresh.items():
            missing = [p for p in PICTURES if not (folder / p).exists()]
            if missing:
                raise RuntimeError(f"screenshots for {language}: {missing} were not made")
            if key:
                (folder / ".key").write_text(key)
            target = generated_folder(language)
            # replace the whole folder at once: a reader never sees half old, half new pictures
            staging = target.with_name(f"_generated.new-{os.getpid()}")
            shutil.copytree(folder, staging)
            old = target.with_name(f"_generated.old-{os.getpid()}")
            if target.exists():
                target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
    print(f"docs: screenshots and report pages made in {time.time() - started:.0f} s (docs/<lang>/_generated)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--force", action="store_true", help="make them even if the code has not changed")
    args = parser.parse_args(argv)
    reason = generate(tuple(args.lang), force=args.force)
    if reason:
        print(f"docs: screenshots skipped: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
