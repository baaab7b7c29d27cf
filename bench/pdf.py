#!/usr/bin/env python3
"""The measuring part of the PDF and .doc extraction benchmarks
(bench/bench-pdf.sh, bench/bench-doc.sh).

    pdf.py --kind pdf|doc --cancu BIN --out REPORT.md [--rounds N]
           [--scanned FILE] FILE...

Two ways of running, in the same run, round by round:

- one process a file: `cancu extract FILE` against each peer on FILE
  (pdftotext -layout; antiword and catdoc), the tools alternated file by
  file and round by round so that the machine's drift falls on all alike;
  for each tool the median wall time per file over the rounds and the sum
  of those medians;
- all the files at once: `cancu extract FILE...` in one process against
  each peer as it runs best: antiword and catdoc take many files, one
  process for all; pdftotext takes one, so its time is the sum of its
  per-file times of the same round. The median over the rounds.

Issue 18's targets: cancu at least as fast as pdftotext (ratio of times
>= 1), and at least twice antiword's speed (>= 2), each way. Also
measured, to tell what the per-file way costs: starting cancu
(`cancu --version`) and, for PDF, `cancu extract` of a scanned PDF, which
loads the PDF reader and its libraries and stops at the first page.
Peak RSS is the largest of the tool's processes (GNU time, first round).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def peak_rss(argv):
    """Peak RSS (KiB) of argv, through GNU time: a process forked from
    this one would count Python's own pages, as exec keeps the high-water
    mark of the memory it replaces."""
    with tempfile.NamedTemporaryFile("r") as f:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f.name] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = f.read().split()
    return int(lines[-1]) if lines else 0


def run_measured(argv):
    """Wall time and exit status of argv. posix_spawn (a vfork in glibc)
    costs less than a fork of this process, whose pages fork would copy
    the tables of."""
    null = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=null)
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    return wall, os.waitstatus_to_exitcode(status)


# name -> (argv before the file(s), takes many files, target ratio or None)
PEERS = {
    "pdf": {
        "pdftotext": (["pdftotext", "-layout", "-q"], False, 1.0),
    },
    "doc": {
        "antiword": (["antiword", "-w", "0", "-m", "UTF-8.txt"], True, 2.0),
        "catdoc": (["catdoc", "-d", "utf-8"], True, None),
    },
}


def one_file_argv(name, pre, path):
    # pdftotext writes to a file name after the input: "-" is stdout.
    return pre + [path] + (["-"] if name == "pdftotext" else [])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=sorted(PEERS), default="pdf")
    ap.add_argument("--cancu", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--scanned", help="a scanned PDF cancu refuses")
    ap.add_argument("--floor", help="the floor program: the least a reader "
                    "on cancu's library for the format does (floor-pdf.c, "
                    "floor-doc.c); it takes many files and prints nothing")
    ap.add_argument("--floor-library", default="its library",
                    help="the library the floor is built on, for the report")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    peers = PEERS[args.kind]
    tools = {"cancu": ([args.cancu, "extract"], True, None)}
    tools.update(peers)
    floor_name = None
    if args.floor:
        floor_name = "floor (%s)" % args.floor_library
        tools[floor_name] = ([args.floor], True, None)
    files = args.files
    sizes = {p: os.path.getsize(p) for p in files}
    nbytes = sum(sizes.values())

    per = {t: {p: [] for p in files} for t in tools}  # per-file walls
    rss = {t: 0 for t in tools}
    batch = {t: [] for t in tools}  # all files, a wall each round
    batch_rss = {t: 0 for t in tools}
    floor = {"cancu --version": [], "cancu extract, scanned PDF": []}
    ok = {t: set() for t in tools}

    for rnd in range(args.rounds):
        # All the files at once, order alternated by round.
        names = list(tools)
        if rnd % 2:
            names.reverse()
        for name in names:
            pre, many, _ = tools[name]
            if not many:
                continue
            batch[name].append(run_measured(pre + files)[0])
            if rnd == 0:
                batch_rss[name] = peak_rss(pre + files)
        # One process a file.
        round_sum = {t: 0.0 for t in tools}
        for i, path in enumerate(files):
            names = list(tools)
            if (i + rnd) % 2:
                names.reverse()
            for name in names:
                pre, _, _ = tools[name]
                argv = one_file_argv(name, pre, path)
                wall, code = run_measured(argv)
                per[name][path].append(wall)
                round_sum[name] += wall
                if rnd == 0:
                    rss[name] = max(rss[name], peak_rss(argv))
                if rnd == 0 and code == 0:
                    probe = subprocess.run(argv, capture_output=True)
                    # The floor prints nothing: that it read is enough.
                    if probe.returncode == 0 and (probe.stdout.strip() or
                                                  name == floor_name):
                        ok[name].add(path)
        for name, (_, many, _) in tools.items():
            if not many:
                batch[name].append(round_sum[name])
                batch_rss[name] = rss[name]
        # What a process costs before it reads.
        for _ in range(5):
            floor["cancu --version"].append(
                run_measured([args.cancu, "--version"])[0])
            if args.scanned:
                floor["cancu extract, scanned PDF"].append(
                    run_measured([args.cancu, "extract", args.scanned])[0])

    med = {t: {p: statistics.median(per[t][p]) for p in files} for t in tools}
    lines = []
    out = lines.append
    title = {"pdf": "PDF extraction: cancu against pdftotext",
             "doc": ".doc extraction: cancu against antiword and catdoc"}
    out("# " + title[args.kind])
    out("")
    out("%d files, %d bytes; %s, %d cores; %d alternated rounds; "
        "`bench/bench-%s.sh`." % (
            len(files), nbytes, time.strftime("%Y-%m-%d", time.gmtime()),
            os.cpu_count(), args.rounds, args.kind))
    out("")
    out("## One process a file")
    out("")
    out("| tool | read | sum of per-file medians (s) | ms a file | MB/s "
        "| peak RSS (MiB) |")
    out("|---|---|---|---|---|---|")
    for t in tools:
        total = sum(med[t].values())
        out("| %s | %d | %.3f | %.1f | %.2f | %.1f |" % (
            t, len(ok[t]), total, total / len(files) * 1000,
            nbytes / total / 1e6, rss[t] / 1024))
    out("")
    out("## All the files")
    out("")
    out("| tool | how | median wall (s) | ms a file | MB/s | peak RSS (MiB) |")
    out("|---|---|---|---|---|---|")
    for t, (_, many, _) in tools.items():
        m = statistics.median(batch[t])
        out("| %s | %s | %.3f | %.1f | %.2f | %.1f |" % (
            t, "one process, all files" if many else
            "one process a file (takes one file), summed",
            m, m / len(files) * 1000, nbytes / m / 1e6, batch_rss[t] / 1024))
    out("")
    out("## Against the targets")
    out("")
    out("Ratio: the peer's time over cancu's (above 1, cancu is faster); "
        "one process a file on the files both read, as the ratio of the "
        "sums and the median of the per-file ratios.")
    out("")
    out("| way | peer | files | peer time / cancu time | median per-file "
        "ratio | target | met |")
    out("|---|---|---|---|---|---|---|")
    rows = []
    for peer, (_, _, target) in peers.items():
        both = sorted(ok["cancu"] & ok[peer])
        tgt = "≥ %.1f×" % target if target else "-"
        if both:
            s = (sum(med[peer][p] for p in both) /
                 sum(med["cancu"][p] for p in both))
            m = statistics.median(med[peer][p] / med["cancu"][p]
                                  for p in both)
            met = "-" if target is None else ("yes" if s >= target else "no")
            out("| one process a file | %s | %d | %.2f× | %.2f× | %s | %s |"
                % (peer, len(both), s, m, tgt, met))
            rows.append(("one process a file", peer, s, target))
        b = statistics.median(batch[peer]) / statistics.median(batch["cancu"])
        met = "-" if target is None else ("yes" if b >= target else "no")
        out("| all the files | %s | %d | %.2f× | - | %s | %s |" % (
            peer, len(files), b, tgt, met))
        rows.append(("all the files", peer, b, target))
    if floor_name:
        out("")
        out("## What the library allows")
        out("")
        out("The floor reads the files through %s and does nothing with "
            "what it reads (bench/floor-%s.c): no reader built on it can be "
            "faster. Its ratio to a peer is the best any such reader can "
            "reach; cancu's time over the floor's is what cancu adds." % (
                args.floor_library, args.kind))
        out("")
        out("| way | peer | files | peer time / floor time | cancu time / "
            "floor time | target | reachable on %s |" % args.floor_library)
        out("|---|---|---|---|---|---|---|")
        for peer, (_, _, target) in peers.items():
            if target is None:
                continue
            both = sorted(ok["cancu"] & ok[peer] & ok[floor_name])
            tgt = "≥ %.1f×" % target
            if both:
                fsum = sum(med[floor_name][p] for p in both)
                s = sum(med[peer][p] for p in both) / fsum
                c = sum(med["cancu"][p] for p in both) / fsum
                out("| one process a file | %s | %d | %.2f× | %.2f× | %s | %s |"
                    % (peer, len(both), s, c, tgt,
                       "yes" if s >= target else "no"))
            fb = statistics.median(batch[floor_name])
            b = statistics.median(batch[peer]) / fb
            c = statistics.median(batch["cancu"]) / fb
            out("| all the files | %s | %d | %.2f× | %.2f× | %s | %s |" % (
                peer, len(files), b, c, tgt, "yes" if b >= target else "no"))
    out("")
    out("## What one process a file costs")
    out("")
    cancu_per = sum(med["cancu"].values()) / len(files)
    cancu_all = statistics.median(batch["cancu"]) / len(files)
    out("| measured | ms |")
    out("|---|---|")
    for what, walls in floor.items():
        if walls:
            out("| %s (median of %d) | %.1f |" % (
                what, len(walls), statistics.median(walls) * 1000))
    out("| cancu, one process a file, a file | %.1f |" % (cancu_per * 1000))
    out("| cancu, all the files in one process, a file | %.1f |" % (
        cancu_all * 1000))
    out("| the difference: what a process of its own costs a file | %.1f |"
        % ((cancu_per - cancu_all) * 1000))
    out("")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    missed = [r for r in rows if r[3] is not None and r[2] < r[3]]
    for way, peer, ratio, target in missed:
        print("bench: target missed: %s, %s: %.2f× < %.1f×" % (
            way, peer, ratio, target), file=sys.stderr)


if __name__ == "__main__":
    main()
