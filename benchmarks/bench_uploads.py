"""One questionnaire upload against a bare python-calamine read of the same file (issue 14, item 5).

Three timings of one filled Tehran workbook, in the same run:

* reference — python-calamine opening the bytes in this process and reading every sheet to Python
  values, nothing checked (what any reader must at least do);
* the reader — ``surveys.read_responses`` on the bytes: the safety checks, the parse and the validation
  in the long-lived isolated reader pool (target ≤ 2× the reference), and the same in this process
  (``isolate=False``), with its stages: the safety check (``surveys.safety.inspect_xlsx``), the
  calamine parse of the hidden map and the answer sheets with the look at their XML
  (``surveys.reader.read_workbook_values``, of which ``surveys.cellscan``), and the rest (validation);
* the upload — ``POST /studies/{id}/responses`` to the web app on loopback (uvicorn, SQLite): stored,
  read, recorded, the result page rendered (target ≤ 10× the reference).

Best of several runs each, after one warm-up (the pool's processes are started once per server); the
reference and the reader are timed in alternation, so a shared machine's load weighs on both alike.
"""

from __future__ import annotations

import io
import re
import socket
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.timing import best_of, verdict

REPEAT = 15


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _calamine(data: bytes) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
    wb.close()


def _interleaved(fns: dict, repeat: int) -> dict:
    """The best wall-clock time of each of ``fns``, timed in turn ``repeat`` times."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for key, fn in fns.items():
            start = time.perf_counter()
            fn()
            best[key] = min(best[key], time.perf_counter() - start)
    return best


def run() -> None:
    import httpx2 as httpx
    import uvicorn

    import criteria
    import surveys
    from rahbord.web import Settings, create_app

    tmp = Path(tempfile.mkdtemp(prefix="rahbord-bench-upload-"))
    model = criteria.load_library_model("tehran-city-diplomacy")
    panel = surveys.synthetic_panel(model, 1, seed=7, out_dir=tmp / "answers", lang="fa")
    path = Path(panel.paths[0])
    data = path.read_bytes()
    print(f"bench_uploads: one filled Tehran questionnaire ({len(data) / 1024:.0f} KB)")

    from surveys.cellscan import answer_cell_facts
    from surveys.reader import read_workbook_values
    from surveys.safety import inspect_xlsx

    _, parts = inspect_xlsx(data, keep=True)
    raw = read_workbook_values(data, parts)
    wanted: dict[str, set[str]] = {}
    for sheet, cell in raw["values"]:
        wanted.setdefault(sheet, set()).add(cell)
    surveys.read_responses(model, [data])  # the pool's worker starts once
    times = _interleaved({
        "bare": lambda: _calamine(data),
        "reader": lambda: surveys.read_responses(model, [data]),
        "in_process": lambda: surveys.read_responses(model, [data], isolate=False),
        "check": lambda: inspect_xlsx(data, keep=True),
        "parse": lambda: read_workbook_values(data, parts),
        "cellscan": lambda: answer_cell_facts(data, wanted, parts),
    }, REPEAT)
    bare, reader, in_process = times["bare"], times["reader"], times["in_process"]

    app = create_app(Settings(data_dir=tmp / "data", run_worker=False))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signup").text).group(1)
        account = {"email": "bench@example.org", "password": "correct horse battery"}
        client.post("/signup", data={**account, "name": "bench", "csrf_token": token})
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
        client.post("/signin", data={**account, "csrf_token": token})
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/studies").text).group(1)
        created = client.post("/studies/library", data={"name": "tehran-city-diplomacy", "csrf_token": token})
        study = re.search(r"/studies/(\d+)", created.headers["location"]).group(1)

        def upload() -> None:
            response = client.post(f"/studies/{study}/responses", data={"csrf_token": token},
                                   files={"files": (path.name, data, "application/octet-stream")})
            assert response.status_code == 200 and 'class="st-accepted"' in response.text, response.status_code

        upload()
        posted = best_of(upload, repeat=REPEAT)
    finally:
        server.should_exit = True
        thread.join(30)
    print(f"  bare python-calamine read, in process: {bare * 1000:.1f} ms")
    print(f"  reader (checks + pooled isolated parse + validation): {reader * 1000:.1f} ms = {reader / bare:.2f}× "
          f"— target ≤ 2×: {verdict(reader <= 2 * bare)}")
    rest = in_process - times["check"] - times["parse"]
    print(f"  reader in this process: {in_process * 1000:.1f} ms = {in_process / bare:.2f}× — target ≤ 2×: "
          f"{verdict(in_process <= 2 * bare)}; of which safety check {times['check'] / bare:.2f}×, calamine parse "
          f"+ answer-cell XML {times['parse'] / bare:.2f}× (cellscan {times['cellscan'] / bare:.2f}×), "
          f"validation and the rest {max(rest, 0.0) / bare:.2f}×")
    print(f"  upload over HTTP (stored, read, recorded, page): {posted * 1000:.1f} ms = {posted / bare:.1f}× "
          f"— target ≤ 10×: {verdict(posted <= 10 * bare)}")


if __name__ == "__main__":
    run()
