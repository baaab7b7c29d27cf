#!/usr/bin/env python3
"""The load bench of `cancu serve` (bench-serve.sh runs it).

16 clients (threads, one keep-alive connection each) request the pages
over loopback for a fixed time while `cancu ingest` commits batches of
new plans into the same archive beside the server; prints requests per
second, p50/p99 latency per page, errors, and the server's resident
memory at the start and at the end, and writes a Markdown report.
Standard library only.
"""
import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

P99_TARGET_MS = 100.0   # search and cites pages, the target
KINDS = {"Nghị định": "ND", "Thông tư": "TT", "Quyết định": "QD",
         "Nghị quyết": "NQ", "Chỉ thị": "CT"}


def log(msg):
    print("bench-serve: " + msg, file=sys.stderr, flush=True)


def unaccent(s):
    import unicodedata
    s = s.replace("Đ", "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def queries_from(txt_dir, rng, count):
    """Search phrases and references typed as people type them, drawn
    from the plans' own text (seeded)."""
    words, refs = [], set()
    ref_re = re.compile(r"(Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị)"
                        r" số (\d+)/(\d{4})")
    for name in sorted(os.listdir(txt_dir))[:50]:
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(txt_dir, name), encoding="utf-8") as f:
            text = f.read()
        for m in ref_re.finditer(text):
            refs.add("%s %s/%s" % (KINDS[m.group(1)], m.group(2), m.group(3)))
        words.extend(w for w in re.findall(r"\w+", text.lower())
                     if len(w) > 2 and not w.isdigit())
    searches = []
    for _ in range(count):
        i = rng.randrange(len(words) - 2)
        phrase = " ".join(words[i:i + rng.choice((1, 2, 3))])
        searches.append(unaccent(phrase) if rng.random() < 0.5 else phrase)
    return searches, sorted(refs)


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))
    return values[k]


def client(port, paths, rng, stop, results, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = []
    while not stop.is_set():
        page, path = rng.choice(paths)
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine.append((page, (time.perf_counter() - t0) * 1000.0, ok))
    conn.close()
    with lock:
        results.extend(mine)


def ingester(cancu, archive, batches, stop, done, env):
    for batch in batches:
        if stop.is_set():
            break
        rc = subprocess.run([cancu, "--archive", archive, "--quiet",
                             "ingest"] + batch, env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
        done.append(rc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cancu", required=True)
    ap.add_argument("--archive", required=True)
    ap.add_argument("--txt", required=True, help="TXT twins of the plans")
    ap.add_argument("--extra", required=True,
                    help="plans ingested beside the server during the run")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--plans", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rng = random.Random(20261203)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("CANCU_ARCHIVE", None)
    searches, refs = queries_from(args.txt, rng, 200)
    docs = json.loads(subprocess.run(
        [args.cancu, "--archive", args.archive, "--json", "docs"],
        env=env, check=True, capture_output=True).stdout)["documents"]
    ids = [d["id"] for d in docs]
    q = urllib.parse.quote
    paths = ([("search", "/search?q=" + q(s)) for s in searches] +
             [("cites", "/cites?ref=" + q(r)) for r in refs] * 4 +
             [("plan", "/plans/" + i) for i in rng.sample(ids, min(40,
                                                                   len(ids)))]
             + [("home", "/")] * 20 +
             [("api/search", "/api/search?q=" + q(s)) for s in searches[:40]])
    log("%d paths: %d searches, %d references, %d plans"
        % (len(paths), len(searches), len(refs), len(ids)))

    server = subprocess.Popen([args.cancu, "--archive", args.archive, "serve",
                               "--listen", "127.0.0.1:%d" % args.port,
                               "--threads", str(args.clients)],
                              env=env, stdout=subprocess.DEVNULL)
    for _ in range(200):
        try:
            c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            c.request("GET", "/plans")
            c.getresponse().read()
            break
        except OSError:
            time.sleep(0.05)
    # Warm the caches once, as an office's server would be.
    for _, path in paths[::5]:
        c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        c.request("GET", path)
        c.getresponse().read()
        c.close()

    extra = sorted(os.path.join(args.extra, f) for f in os.listdir(args.extra))
    batches = [extra[i:i + 5] for i in range(0, len(extra), 5)]
    stop, lock = threading.Event(), threading.Lock()
    results, ingests, rss = [], [], []
    threads = [threading.Thread(target=client,
                                args=(args.port, paths,
                                      random.Random(i), stop, results, lock))
               for i in range(args.clients)]
    writer = threading.Thread(target=ingester,
                              args=(args.cancu, args.archive, batches, stop,
                                    ingests, env))
    t0 = time.monotonic()
    for t in threads:
        t.start()
    writer.start()
    while time.monotonic() - t0 < args.seconds:
        rss.append(rss_kib(server.pid))
        time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join()
    writer.join()
    elapsed = time.monotonic() - t0
    rss.append(rss_kib(server.pid))
    server.terminate()
    server_rc = server.wait(timeout=30)

    pages = ["search", "cites", "plan", "home", "api/search"]
    rows, errors = [], sum(1 for r in results if not r[2])
    for page in pages:
        lat = [r[1] for r in results if r[0] == page and r[2]]
        rows.append((page, len([r for r in results if r[0] == page]),
                     statistics.median(lat) if lat else float("nan"),
                     percentile(lat, 0.99)))
    start_rss = statistics.median(rss[:10]) / 1024.0
    end_rss = statistics.median(rss[-10:]) / 1024.0
    lines = ["# `cancu serve` under load", "",
             "bench/bench-serve.sh: %d generated plans, %d clients "
             "(keep-alive, loopback) for %.0f s while `cancu ingest` "
             "committed %d batches of 5 new plans beside the server "
             "(%d failed). %s." % (
                 args.plans, args.clients, elapsed, len(ingests),
                 sum(1 for rc in ingests if rc), time.strftime("%Y-%m-%d")),
             "",
             "| page | requests | p50 ms | p99 ms | target p99 |",
             "|---|---|---|---|---|"]
    for page, n, p50, p99 in rows:
        target = ""
        if page in ("search", "cites"):
            target = "≤ %.0f ms: %s" % (
                P99_TARGET_MS, "met" if p99 <= P99_TARGET_MS else "MISSED")
        lines.append("| %s | %d | %.1f | %.1f | %s |" % (page, n, p50, p99,
                                                          target))
    lines += ["",
              "- %d requests, %.0f a second; errors: %d (target 0: %s)"
              % (len(results), len(results) / elapsed, errors,
                 "met" if errors == 0 else "MISSED"),
              "- server RSS: %.1f MiB over the first 10 s, %.1f MiB over the "
              "last 10 s (ratio %.2f)" % (start_rss, end_rss,
                                         end_rss / start_rss if start_rss
                                         else float("nan")),
              "- server exit on SIGTERM: %d" % server_rc, ""]
    report = "\n".join(lines)
    print(report)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(report)
    return 0 if errors == 0 and server_rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
