#!/usr/bin/env python3
"""Open pages of the built documentation in headless Chromium and check that their images load.

Usage: python docs/check_site.py [--site docs/_build/html] [--page index.html ...] [--screenshot DIR]

The site is served on 127.0.0.1 (a free port). For each page a small probe page, served beside
it, loads the page in a same-origin frame, waits for it to finish, and writes into its own DOM how
many <img> elements the page has and which of them failed to load (naturalWidth == 0). Chromium
prints that DOM (``--dump-dom``), so no browser driver is needed. Exit status 0 when every page
has at least one image and all of them loaded, 1 otherwise, 2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

DEFAULT_PAGES = ("index.html", "gallery/rope/index.html", "gallery/hsic/plot_hsic_gallery.html")
PROBE = "__mathlab_probe__.html"
PROBE_HTML = """<!doctype html><html><body><pre id="result">pending</pre>
<iframe id="f" style="width:1200px;height:900px"></iframe>
<script>
const page = new URLSearchParams(location.search).get("page");
const frame = document.getElementById("f");
frame.onload = () => {
  const doc = frame.contentDocument;
  const wait = () => {
    const imgs = Array.from(doc.images);
    if (imgs.some(i => !i.complete)) { setTimeout(wait, 100); return; }
    const broken = imgs.filter(i => i.naturalWidth === 0).map(i => i.getAttribute("src"));
    document.getElementById("result").textContent =
      JSON.stringify({page: page, title: doc.title, images: imgs.length, broken: broken});
  };
  wait();
};
frame.src = page;
</script></body></html>"""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=20000"]


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        if self.path.split("?", 1)[0] == "/" + PROBE:
            body = PROBE_HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


def check(site: Path, pages, screenshot_dir: Path | None = None) -> list[dict]:
    browser = _browser()
    if browser is None:
        raise FileNotFoundError("Chromium not found (apt-get install chromium)")
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results = []
    try:
        for page in pages:
            with tempfile.TemporaryDirectory() as profile:
                cmd = [browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                       f"{base}/{PROBE}?page=/{page}"]
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
                if screenshot_dir is not None:
                    shot = screenshot_dir / (page.replace("/", "_").removesuffix(".html") + ".png")
                    subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}",
                                    "--window-size=1280,1600", f"--screenshot={shot}",
                                    f"{base}/{page}"], capture_output=True, timeout=120)
            match = re.search(r'<pre id="result">(.*?)</pre>', out, re.S)
            text = html.unescape(match.group(1)) if match else "pending"
            try:
                results.append(json.loads(text))
            except json.JSONDecodeError:
                results.append({"page": page, "title": None, "images": 0, "broken": [],
                                "error": "the page did not finish loading"})
    finally:
        server.shutdown()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(__file__).resolve().parent / "_build/html")
    parser.add_argument("--page", action="append", dest="pages")
    parser.add_argument("--screenshot", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    pages = args.pages or list(DEFAULT_PAGES)
    for page in pages:
        if not (args.site / page).is_file():
            print(f"check_site: error: {str(args.site / page)!r} does not exist (run make docs)",
                  file=sys.stderr)
            return 1
    try:
        results = check(args.site, pages, args.screenshot)
    except FileNotFoundError as exc:
        print(f"check_site: error: {exc}", file=sys.stderr)
        return 2
    ok = True
    for r in results:
        good = not r.get("error") and r["images"] > 0 and not r["broken"]
        ok &= good
        status = "ok" if good else "FAILED"
        print(f"{status:6s} {r['page']}: {r['images']} images, {len(r['broken'])} broken"
              f"{' ' + r['error'] if r.get('error') else ''}"
              f"{' ' + ', '.join(r['broken']) if r['broken'] else ''} (title: {r['title']!r})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
