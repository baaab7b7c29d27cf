#!/usr/bin/env python3
"""The PDF extraction benchmark's measuring part (bench/bench-doc.sh
measures .doc files against antiword and catdoc).

    pdf.py --cancu BIN --out REPORT.md [--rounds N] FILE...

Runs, one process a file, `cancu extract FILE` against `pdftotext -layout
FILE -`, the tools alternated file by file and round by round so that
the machine's drift falls on both alike. For each tool: the median wall
time per file over the rounds, the sum of those medians over the files,
the throughput (input bytes per second), the peak resident set of the
largest process, and how many files it read (exit 0, some text). Prints
and writes a table with the ratio issue 18 sets as the target: cancu's
per-file time no more than pdftotext's (ratio of sums, and median of the
per-file ratios). A file pdftotext cannot read counts for neither.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def run_measured(argv):
    """Wall time, exit status and peak RSS (KiB, wait4) of argv."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            out = os.open(os.devnull, os.O_WRONLY)
            os.dup2(out, 1)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, code, usage.ru_maxrss


def tools_for(path, cancu):
    return {
        "cancu": [cancu, "extract", path],
        "pdftotext": ["pdftotext", "-layout", "-q", path, "-"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cancu", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    results = {}  # (kind, tool) -> {path: [walls]}, rss, ok
    ok = {}
    rss = {}
    sizes = {p: os.path.getsize(p) for p in args.files}
    for rnd in range(args.rounds):
        for i, path in enumerate(args.files):
            kind = "pdf"
            tools = list(tools_for(path, args.cancu).items())
            # Alternate the order file by file and round by round.
            if (i + rnd) % 2:
                tools.reverse()
            for name, argv in tools:
                wall, code, maxrss = run_measured(argv)
                results.setdefault((kind, name), {}).setdefault(
                    path, []).append(wall)
                rss[(kind, name)] = max(rss.get((kind, name), 0), maxrss)
                if rnd == 0:
                    # Read: exit 0 and some text out.
                    if code == 0:
                        probe = subprocess.run(argv, capture_output=True)
                        good = probe.returncode == 0 and probe.stdout.strip()
                    else:
                        good = False
                    ok.setdefault((kind, name), set())
                    if good:
                        ok[(kind, name)].add(path)

    lines = []
    out = lines.append
    out("# PDF extraction: cancu against pdftotext")
    out("")
    out("One process a file; median wall time of %d alternated rounds; "
        "`bench/bench-pdf.sh`." % args.rounds)
    out("")
    out("| files | tool | read | sum of per-file medians (s) | MB/s | "
        "peak RSS (MiB) |")
    out("|---|---|---|---|---|---|")
    for (kind, name) in sorted(results):
        per = results[(kind, name)]
        paths = sorted(per)
        meds = {p: statistics.median(per[p]) for p in paths}
        total = sum(meds.values())
        nbytes = sum(sizes[p] for p in paths)
        out("| %s (%d) | %s | %d | %.3f | %.2f | %.1f |" % (
            kind, len(paths), name, len(ok.get((kind, name), ())), total,
            nbytes / total / 1e6 if total else 0,
            rss[(kind, name)] / 1024))
    out("")

    def ratio(kind, peer):
        a = results.get((kind, "cancu"), {})
        b = results.get((kind, peer), {})
        both = sorted(set(a) & set(b) & ok.get((kind, peer), set()))
        if not both:
            return None
        ma = {p: statistics.median(a[p]) for p in both}
        mb = {p: statistics.median(b[p]) for p in both}
        sum_ratio = sum(mb.values()) / sum(ma.values())
        per_file = statistics.median(mb[p] / ma[p] for p in both)
        return len(both), sum_ratio, per_file

    out("| cancu against | files both read | peer time / cancu time "
        "(sums) | median per-file ratio | target | met |")
    out("|---|---|---|---|---|---|")
    for kind, peer, target in (("pdf", "pdftotext", 1.0),):
        r = ratio(kind, peer)
        if r is None:
            out("| %s | 0 | - | - | %s | - |" % (
                peer, "%.1f×" % target if target else "-"))
            continue
        n, s, m = r
        met = "-" if target is None else ("yes" if s >= target else "no")
        out("| %s | %d | %.2f× | %.2f× | %s | %s |" % (
            peer, n, s, m, "≥ %.1f×" % target if target else "-", met))
    out("")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
