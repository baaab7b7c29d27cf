#!/usr/bin/env python3
"""Start-up and one-process search of several builds of cancu against
quest, in one run, on the archive and omindex database of a finished
bench-scale.sh / bench-archive.sh run (kept with BENCH_KEEP=1): what a
change to start-up does, with the peer measured beside it.

  bench/startup.py --cancu before=/tmp/cancu-main --cancu after=build/cancu \\
      --work /tmp/benchwork/cancu-scale.XXXXXX [--queries 300] [--reps 40]

The measures are scale.py's: `cancu --version` against `quest` with no
query, `cancu search zzqxw` (opens the archive, no hit) against `quest -d
DB ''`, and text queries made as scale.py makes them (from the TXT twins
of the first stage, generated again with the run's seed when missing), a
process a query. Every repetition and every query runs each tool once, in
a shuffled order, so a change of load falls on all of them alike. Prints
a Markdown table of medians and ratios to quest."""
import argparse
import os
import random
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in bench/
import measure  # noqa: E402
import scale  # noqa: E402


def median_ms(ts):
    return statistics.median(ts) * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cancu", action="append", required=True,
                    metavar="LABEL=PATH")
    ap.add_argument("--quest", default="quest")
    ap.add_argument("--work", required=True,
                    help="a kept cancu-scale.* folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plans", type=int, default=200,
                    help="the first stage's size (for the TXT twins)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--reps", type=int, default=40)
    a = ap.parse_args()
    builds = [c.split("=", 1) for c in a.cancu]
    archive = os.path.join(a.work, "cancu-archive")
    db = os.path.join(a.work, "omega-db")
    txt_dir = os.path.join(a.work, "txt", "s1")
    if not (os.path.isdir(txt_dir) and scale.files_of(txt_dir, ".txt")):
        scale.generate(os.path.join(HERE, "gen-corpus"), a.seed, 0, a.plans,
                       txt_dir, os.cpu_count() or 1, txt=True)
        for f in scale.files_of(txt_dir, ".docx"):
            os.unlink(f)
    texts = scale.text_queries(scale.files_of(txt_dir, ".txt"), a.queries,
                               a.seed)
    rng = random.Random("cancu-startup/%d" % a.seed)

    def tools_for(kind, q=None):
        out = []
        for label, path in builds:
            if kind == "version":
                out.append((label, [path, "--version"]))
            elif kind == "open":
                out.append((label, [path, "--archive", archive, "search",
                                    "zzqxw"]))
            else:
                out.append((label, scale.search_argv(path, archive, q)))
        if kind == "version":
            out.append(("quest", [a.quest]))
        elif kind == "open":
            out.append(("quest", [a.quest, "-d", db, ""]))
        else:
            out.append(("quest", scale.quest_argv(a.quest, db, q)))
        return out

    times = {}
    load_before = measure.load()
    for kind, items in (("version", [None] * a.reps),
                        ("open", [None] * a.reps), ("search", texts)):
        # One warm-up of each, not counted.
        for _, argv in tools_for(kind, items[0]):
            scale.query(argv, 60)
        for q in items:
            order = tools_for(kind, q)
            rng.shuffle(order)
            for label, argv in order:
                t, rc, _, _, _ = scale.query(argv, 600)
                if rc is None or (kind != "search" and rc not in (0, 1)):
                    sys.exit("startup: %s failed (%s)" % (argv, rc))
                times.setdefault((kind, label), []).append(t)
    load_after = measure.load()

    labels = [b[0] for b in builds]
    print("| measure | " + " | ".join(labels) + " | quest | "
          + " | ".join("%s / quest" % lb for lb in labels) + " |")
    print("|---|" + "---:|" * (2 * len(labels) + 1))
    names = {"version": "start-up (--version; quest, no query), median",
             "open": "opening the archive (search, no hit; quest -d DB ''),"
                     " median",
             "search": "search, %d text queries, p50" % len(texts)}
    for kind in ("version", "open", "search"):
        q = median_ms(times[(kind, "quest")])
        row = [median_ms(times[(kind, lb)]) for lb in labels]
        print("| %s | %s | %.1f ms | %s |" % (
            names[kind], " | ".join("%.1f ms" % v for v in row), q,
            " | ".join("%.2f×" % (v / q) for v in row)))
    q99 = measure.pct(times[("search", "quest")], 0.99) * 1e3
    row = [measure.pct(times[("search", lb)], 0.99) * 1e3 for lb in labels]
    print("| search, p99 | %s | %.1f ms | %s |" % (
        " | ".join("%.1f ms" % v for v in row), q99,
        " | ".join("%.2f×" % (v / q99) for v in row)))
    print("\nLoad average before and after: %s, %s." % (load_before,
                                                        load_after))
    for label, path in builds:
        libs = subprocess.run(["ldd", path], capture_output=True,
                              text=True).stdout.count("=>")
        print("%s: %s, %d shared libraries (ldd)." % (label, path, libs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
