#!/usr/bin/env python3
"""The storage benchmark of issue 16: the ratios against omindex, quest and
docx2txt, with the issue's targets, from one run of scale.py (its JSON) and
one of measure.py (bench-extract.sh's JSON). Run by bench/bench-archive.sh;
prints the table and writes the report (bench/results/archive.md).

The measuring itself is scale.py's and measure.py's: this file only reads
their results, so nothing is measured twice in two ways."""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import scale  # noqa: E402  (fmt_mb)

# (name, at least / at most, bound) as issue 16 states them.
TARGETS = {
    "ingest DOCX": (">=", 2.0),
    "ingest TXT": (">=", 2.0),
    "archive bytes": ("<=", 1.5),
    "search p50": ("<=", 1.5),
    "start-up": ("<=", 1.5),
    "extract": (">=", 4.0),
}


def verdict(name, ratio):
    if ratio is None:
        return "not measured"
    op, bound = TARGETS[name]
    ok = ratio >= bound if op == ">=" else ratio <= bound
    return "met" if ok else "missed"


def startup_ms(st, prefix):
    for k, v in st.items():
        if k.startswith(prefix):
            return v["median_ms"]
    return None


def stage_rows(s):
    """(name, cancu, peer, ratio, note) for one stage of scale.py's JSON."""
    rows = []
    n = s["new_plans"]
    ci, oi = s["ingest"]["cancu"], s["ingest"]["omindex"]
    rows.append(("ingest DOCX", "%.1f plans/s" % (n / ci["seconds"]),
                 "%.1f plans/s" % (n / oi["seconds"]),
                 oi["seconds"] / ci["seconds"],
                 "%d new plans, cancu/omindex plans/s" % n))
    ab = s["archive_bytes"]
    rows.append(("archive bytes", scale.fmt_mb(ab["cancu"]) + " MB",
                 scale.fmt_mb(ab["omindex"]) + " MB", ab["cancu"] / ab["omindex"],
                 "cancu/omindex, on disk"))
    tt = s["text"]["tools"]
    cs, q = tt["cancu search"], tt["quest"]
    rows.append(("search p50", "%.1f ms" % cs["p50_ms"], "%.1f ms" % q["p50_ms"],
                 cs["p50_ms"] / q["p50_ms"],
                 "%d queries, one process each; p99 %.1f vs %.1f ms (%.2fx)"
                 % (cs["n"], cs["p99_ms"], q["p99_ms"],
                    cs["p99_ms"] / q["p99_ms"])))
    cv = startup_ms(s["startup"], "cancu --version")
    qv = startup_ms(s["startup"], "quest, no query")
    co = startup_ms(s["startup"], "cancu search, no hit")
    qo = startup_ms(s["startup"], "quest -d DB")
    rows.append(("start-up", "%.1f ms" % cv, "%.1f ms" % qv, cv / qv,
                 "--version; opening the archive: %.1f vs %.1f ms (%.2fx)"
                 % (co, qo, co / qo)))
    rc = s["refs"]["tools"]["cancu cites"]
    rows.append(("cites", "p50 %.1f ms" % rc["p50_ms"],
                 "p99 %.1f ms" % rc["p99_ms"], None,
                 "%d reference queries, cancu alone (no peer)" % rc["n"]))
    rows.append(("peak RSS, ingest", "%.0f MB" % (ci["rss_kb"] / 1024),
                 "%.0f MB" % (oi["rss_kb"] / 1024),
                 ci["rss_kb"] / oi["rss_kb"], "cancu/omindex (no target)"))
    c = s["contents"]["cancu"]
    rows.append(("Xapian documents", "%d" % c["documents"],
                 "%d" % s["contents"]["omindex"]["documents"],
                 c["documents"] / s["contents"]["omindex"]["documents"],
                 "%.1f documents a plan in cancu's archive"
                 % (c["documents"] / c["plans"])))
    return rows


def txt_row(R):
    t = R.get("txt")
    if not t or "cancu" not in t or "omindex" not in t:
        return None
    c, o = t["cancu"], t["omindex"]
    return ("ingest TXT", "%.1f plans/s" % c["docs_per_s"],
            "%.1f plans/s" % o["docs_per_s"],
            c["docs_per_s"] / o["docs_per_s"],
            "%d plans, the first stage's TXT twins" % c["plans"])


def extract_row(E):
    if not E:
        return None
    return ("extract", "", "", E["ratios"]["docx2txt"],
            "cancu extract vs docx2txt throughput, a process a file "
            "(medians: %.2fx)" % E["median_ratios"]["docx2txt"])


def fmt_ratio(r):
    return "" if r is None else "%.2f×" % r


def table(R, E):
    out = ["| plans | measure | cancu | peer | ratio | target | verdict | how |",
           "|---:|---|---:|---:|---:|---|---|---|"]
    for s in R["stages"]:
        if not s.get("peers", True):
            continue
        for name, c, p, r, note in stage_rows(s):
            t = TARGETS.get(name)
            out.append("| %d | %s | %s | %s | %s | %s | %s | %s |"
                       % (s["plans"], name, c, p, fmt_ratio(r),
                          "%s %.1f×" % t if t else "",
                          verdict(name, r) if t else "", note))
    first = R["stages"][0]["plans"]
    for row in (txt_row(R), extract_row(E)):
        if row is None:
            continue
        name, c, p, r, note = row
        t = TARGETS[name]
        out.append("| %d | %s | %s | %s | %s | %s | %s | %s |"
                   % (first, name, c, p, fmt_ratio(r), "%s %.1f×" % t,
                      verdict(name, r), note))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale-json", required=True)
    ap.add_argument("--extract-json", default="")
    ap.add_argument("--md", required=True)
    ap.add_argument("--findings", default="",
                    help="a Markdown file kept below the table")
    a = ap.parse_args()
    with open(a.scale_json) as f:
        R = json.load(f)
    E = None
    if a.extract_json and os.path.exists(a.extract_json):
        with open(a.extract_json) as f:
            E = json.load(f)
    rows = table(R, E)
    print("\n".join(rows))
    v = R["versions"]
    lines = ["# The archive against omindex, quest and docx2txt (issue 16)", "",
             "Written by `%s` on %s (%s)." % (R["command"], R["date"],
                                              R.get("source", "?")), "",
             "Machine: %s, %s cores, %s; %s; %s; %s." % (
                 R["machine"]["cpu"], R["machine"]["nproc"],
                 R["machine"]["memory"], v.get("cancu", "?"),
                 v.get("omindex", "?"), v.get("quest", "?")), "",
             "Every ratio is measured in the same run. Ingest: cancu ingest "
             "and omindex on the same new plans of each stage (the index grows "
             "from stage to stage). Search: the same text queries, one process "
             "a query. Ratio > 1 means cancu is faster for ingest and extract, "
             "slower (or bigger) for search, start-up and bytes.", ""]
    lines += rows + [""]
    if a.findings and os.path.exists(a.findings):
        with open(a.findings) as f:
            lines += [f.read().rstrip(), ""]
    with open(a.md, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
