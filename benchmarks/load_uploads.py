"""Load check of the web app: 20 concurrent questionnaire uploads on loopback.

Starts ``rahbord serve``'s app with uvicorn on 127.0.0.1 (a temporary data
folder, SQLite), signs a planner up, creates the Tehran study with a panel of
20 experts, then sends each expert's filled workbook (from surveys' synthetic
panel) in its own request, all 20 at once, from 20 threads.  Prints how many
were stored and accepted, and the times.  Not a unit test:

    .venv/bin/python -m benchmarks.load_uploads [--uploads 20]
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    args = parser.parse_args(argv)

    import httpx2 as httpx
    import uvicorn

    import criteria
    import surveys
    from rahbord.store import Upload
    from rahbord.web import Settings, create_app

    n = args.uploads
    tmp = Path(tempfile.mkdtemp(prefix="rahbord-load-"))
    model = criteria.load_library_model("tehran-city-diplomacy")
    t0 = time.perf_counter()
    surveys.synthetic_panel(model, n, seed=7, out_dir=tmp / "answers", lang="fa")
    files = sorted((tmp / "answers").glob("*.xlsx"))
    print(f"synthetic panel: {len(files)} workbooks in {time.perf_counter() - t0:.1f} s")

    app = create_app(Settings(data_dir=tmp / "data", max_upload_files=n + 5))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        client = httpx.Client(base_url=base, timeout=120)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signup").text).group(1)
        account = {"email": "load@example.org", "password": "load check password"}
        client.post("/signup", data={**account, "csrf_token": token})
        # signing up does not sign in (it must not tell which e-mails have accounts)
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
        client.post("/signin", data={**account, "csrf_token": token})
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/studies").text).group(1)
        r = client.post("/studies/library", data={"name": "tehran-city-diplomacy", "csrf_token": token})
        study = re.search(r"/studies/(\d+)", r.headers["location"]).group(1)
        csv_text = "name,weight\n" + "".join(f"Expert {k},1\n" for k in range(1, n + 1))
        client.post(f"/studies/{study}/experts/upload", data={"csrf_token": token},
                    files={"expert_file": ("panel.csv", csv_text.encode(), "text/csv")})
        cookies = dict(client.cookies)

        def upload(path: Path) -> tuple[int, float]:
            start = time.perf_counter()
            with httpx.Client(base_url=base, timeout=300, cookies=cookies) as c:
                response = c.post(f"/studies/{study}/responses", data={"csrf_token": token},
                                  files={"files": (path.name, path.read_bytes(), "application/octet-stream")})
            return response.status_code, time.perf_counter() - start

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=n) as pool:
            outcomes = list(pool.map(upload, files))
        wall = time.perf_counter() - t0
        with app.state.store.session() as s:
            rows = s.query(Upload).filter_by(study_id=int(study)).all()
            stored = sum(app.state.store.blobs.exists(r.blob_sha256) for r in rows)
            accepted = sum(r.status == "accepted" and r.current for r in rows)
        latencies = sorted(t for _status, t in outcomes)
        ok = sum(status == 200 for status, _t in outcomes)
        print(f"{n} concurrent uploads: {ok}/{n} HTTP 200, {stored}/{n} stored, {accepted}/{n} accepted")
        print(f"wall time {wall:.2f} s; per request median {latencies[len(latencies) // 2]:.2f} s, "
              f"max {latencies[-1]:.2f} s; {n / wall:.1f} uploads/s")
        return 0 if stored == n and accepted == n else 1
    finally:
        server.should_exit = True
        thread.join(30)


if __name__ == "__main__":
    sys.exit(main())
