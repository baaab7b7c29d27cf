#!/usr/bin/env python3
"""The floors of issue 16, measured (bench/floor-archive.sh runs it).

1. Size: floor-index's database and its variants against omindex's
   database and cancu's archive of the same plans, bytes per table.
2. Search: floor-search (ICU; without ICU; with the passage read) against
   quest on omindex's database and `cancu search` on cancu's archive, the
   bench's text queries (scale.py's text_queries), one process a query:
   instructions (callgrind, the whole process) and wall time of
   alternated runs; medians and ratios to quest.
3. Ingest: floor-index, omindex and cancu on the TXT folder, alternated,
   medians of the runs.

Prints Markdown tables and writes them to --md. Standard library only.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import scale  # noqa: E402  (text_queries, quest_argv, search_argv)

TABLES = ("position", "postlist", "termlist", "docdata")


def log(msg):
    print("floor: " + msg, file=sys.stderr, flush=True)


def tables(db):
    out = {}
    for t in TABLES:
        p = os.path.join(db, t + ".glass")
        out[t] = os.path.getsize(p) if os.path.exists(p) else 0
    out["total"] = sum(out[t] for t in TABLES)
    return out


def mb(n):
    return "%.2f MB" % (n / 1e6)


# What each variant of floor-index keeps: (name, options, what it is).
VARIANTS = [
    ("floor", [], "words folded with positions, exact without; the text "
     "in the data (Xapian's zlib)"),
    ("floor, own deflate of the text", ["--text", "deflate"],
     "the text deflated whole (level 9) by the indexer"),
    ("floor, text in 4 KB chunks", ["--text", "chunks"],
     "the text in documents of their own without terms, about 4 KB of "
     "lines each, compressed one by one: a passage read inflates one chunk"),
    ("floor, text in 16 KB chunks",
     ["--text", "chunks", "--chunk-bytes", "16384"], "the same, 16 KB"),
    ("floor, text in 4 KB chunks deflated with a dictionary",
     ["--text", "chunks", "--dict", "@D"],
     "each chunk deflated by the indexer with a preset dictionary of 32 KB "
     "(lines of 3 plans of another seed, stored once in the metadata)"),
    ("floor, text in a value", ["--text", "value"],
     "the text in value slot 0 (values are not compressed)"),
    ("floor, without the text", ["--text", "none"],
     "words only: no passage or snippet can be shown"),
    ("floor, exact terms only for words with marks", ["--exact", "marked"],
     "an unmarked word's exact form is its folded term"),
    ("floor, without exact terms", ["--exact", "none"],
     "no ranking of exact-accent matches first"),
    ("floor + cancu's records as they are", ["--records", "@A"],
     "plan records, task documents whole (their words with positions), "
     "registry records, metadata"),
    ("floor + records, task documents without their words",
     ["--records", "@A", "--tasks", "xterms"],
     "task documents keep their data and X terms (lead, area, due, year)"),
    ("floor + records, each plan's tasks in its data, task documents kept "
     "for their X terms", ["--records", "@A", "--tasks", "merged"],
     "a task read means inflating its plan's data"),
    ("floor + records, tasks part of the plan (no task documents)",
     ["--records", "@A", "--tasks", "plan"],
     "task filters (lead:, area:, due) find plans, then the plan's tasks "
     "are read"),
    ("floor, text in 4 KB chunks, + records, tasks part of the plan",
     ["--text", "chunks", "--records", "@A", "--tasks", "plan"],
     "the size of the design whose passage reads are the 4 KB line below"),
    ("floor, text in 16 KB chunks, + records, tasks part of the plan",
     ["--text", "chunks", "--chunk-bytes", "16384", "--records", "@A",
      "--tasks", "plan"], "the same, 16 KB chunks"),
    ("floor, text in 4 KB chunks with a dictionary, + records, tasks part "
     "of the plan", ["--text", "chunks", "--dict", "@D", "--records", "@A",
                     "--tasks", "plan"], "the same with the dictionary"),
    ("floor + plan records only (no tasks)",
     ["--records", "@A", "--tasks", "none"], "no task kept"),
    ("cancu's records alone, as they are",
     ["--no-words", "--text", "none", "--records", "@A"],
     "no words, no text"),
    ("cancu's records alone, tasks part of the plan",
     ["--no-words", "--text", "none", "--records", "@A", "--tasks", "plan"],
     "no words, no text"),
]


def sizes(a, work):
    rows = []
    omega = tables(a.omega_db)
    rows.append(("omindex (DOCX folder, as bench-scale.sh builds it)", omega,
                 "one positional term a word, a stem without; a sample"))
    rows.append(("cancu's archive (DOCX folder, compacted by its ingest)",
                 tables(os.path.join(a.archive, "xapian")), ""))
    for name, opts, what in VARIANTS:
        db = os.path.join(work, "size-%d" % len(rows))
        opts = [os.path.join(a.archive, "xapian") if o == "@A" else
                a.dict if o == "@D" else o for o in opts]
        log("size: %s" % name)
        subprocess.run([a.floor_index] + opts + [db, a.txt_dir], check=True,
                       stdout=subprocess.DEVNULL)
        rows.append((name, tables(db), what))
        if name == "floor":
            shutil.move(db, a.floor_db)
        elif name == "floor, text in 4 KB chunks":
            shutil.move(db, a.chunk_db)
        elif name == "floor, text in 4 KB chunks deflated with a dictionary":
            shutil.move(db, a.dict_db)
        elif name == "floor, text in 16 KB chunks":
            shutil.move(db, a.chunk16_db)
        else:
            shutil.rmtree(db)
    out = ["| database | position | postlist | termlist | docdata | total "
           "| / omindex | what it keeps |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, t, what in rows:
        out.append("| %s | %s | %s | %s | %s | %s | %.2f× | %s |" % (
            name, mb(t["position"]), mb(t["postlist"]), mb(t["termlist"]),
            mb(t["docdata"]), mb(t["total"]), t["total"] / omega["total"],
            what))
    return out, {n: t for n, t, _ in rows}


COLLECTED = re.compile(rb"Collected : (\d+)")


def instructions(argv):
    p = subprocess.run(["valgrind", "--tool=callgrind",
                        "--callgrind-out-file=/dev/null"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    m = COLLECTED.search(p.stderr)
    return int(m.group(1)) if m else None


XAPIAN_PARTS = ("add_posting", "add_term", "add_document", "replace_document",
                "commit", "compact")
PROFILE = [
    ("add_posting", rb"Xapian::Document::add_posting\("),
    ("add_term", rb"Xapian::Document::add_term\("),
    ("add_document", rb"Xapian::WritableDatabase::add_document\("),
    ("replace_document", rb"Xapian::WritableDatabase::replace_document\("),
    ("commit", rb"Xapian::WritableDatabase::commit\(\)"),
    ("compact", rb"Xapian::Database::compact_\("),
    ("zlib", rb"\?\?\?:deflate "),
    ("stem", rb"Xapian::Stem::operator\(\)"),
]


def profile(argv, out_file):
    """Total instructions and the inclusive counts of PROFILE's functions."""
    p = subprocess.run(["valgrind", "--tool=callgrind",
                        "--callgrind-out-file=" + out_file] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    m = COLLECTED.search(p.stderr)
    total = int(m.group(1)) if m else 0
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", out_file],
                         stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout
    parts = {}
    for line in ann.splitlines():
        for k, pat in PROFILE:
            if k not in parts and re.search(pat, line):
                parts[k] = int(line.split()[0].replace(b",", b""))
    os.unlink(out_file)
    return total, parts


def wall(argv):
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def programs(a, q):
    words = [scale.text_query_string(q)] if q["phrase"] else q["words"]
    return [
        ("quest", scale.quest_argv(a.quest, a.omega_db, q)),
        ("floor-search, ICU", [a.floor_search, a.floor_db] + words),
        ("floor-search, no ICU", [a.floor_search_noicu, a.floor_db] + words),
        ("floor-search, ICU, + passage line",
         [a.floor_search, "--passage", a.floor_db] + words),
        ("floor-search, ICU, + passage line, text in 4 KB chunks",
         [a.floor_search, "--passage", a.chunk_db] + words),
        ("floor-search, ICU, + passage line, text in 16 KB chunks",
         [a.floor_search, "--passage", a.chunk16_db] + words),
        ("floor-search, ICU, + passage line, 4 KB chunks with a dictionary",
         [a.floor_search, "--passage", a.dict_db] + words),
        ("cancu search", scale.search_argv(a.cancu, a.archive, q)),
    ]


def search(a):
    files = sorted(os.path.join(a.txt_dir, f) for f in os.listdir(a.txt_dir)
                   if f.endswith(".txt"))
    qs = scale.text_queries(files, max(a.queries, a.callgrind_queries),
                            a.seed)
    names = [n for n, _ in programs(a, qs[0])]
    ir = {n: [] for n in names}
    opening = {}
    empty = {"words": ["zzqxw"], "phrase": False, "accents": False}
    for n, argv in programs(a, empty):
        opening[n] = instructions(argv)
    for k, q in enumerate(qs[:a.callgrind_queries]):
        if k % 10 == 0:
            log("callgrind: query %d of %d" % (k + 1, a.callgrind_queries))
        for n, argv in programs(a, q):
            v = instructions(argv)
            if v is not None:
                ir[n].append(v)
    ts = {n: [] for n in names}
    load0 = os.getloadavg()[0]
    log("wall: %d queries, alternated" % a.queries)
    for k, q in enumerate(qs[:a.queries]):
        ps = programs(a, q)
        shift = k % len(ps)
        for n, argv in ps[shift:] + ps[:shift]:
            ts[n].append(wall(argv))
    load1 = os.getloadavg()[0]
    qi = statistics.median(ir["quest"])
    qw = statistics.median(ts["quest"])
    q99 = scale.measure.pct(ts["quest"], 0.99)
    out = ["| program | instructions, no match (opening) | instructions, "
           "median of %d queries | / quest | wall p50, %d queries | / quest "
           "| wall p99 | / quest |" % (a.callgrind_queries, a.queries),
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for n in names:
        i = statistics.median(ir[n])
        w = statistics.median(ts[n])
        w99 = scale.measure.pct(ts[n], 0.99)
        out.append("| %s | %.2f M | %.2f M | %.2f× | %.1f ms | %.2f× | "
                   "%.1f ms | %.2f× |" % (
                       n, (opening[n] or 0) / 1e6, i / 1e6, i / qi, w * 1e3,
                       w / qw, w99 * 1e3, w99 / q99))
    out.append("")
    out.append("Load average (1 min) at the start and end of the wall "
               "runs: %.1f, %.1f (2 cores)." % (load0, load1))
    return out


def ingest(a, work):
    runs = {"floor-index": [], "omindex": [], "cancu ingest": []}
    loads = []
    split = []
    for r in range(a.ingest_rounds):
        order = list(runs)
        order = order[r % 3:] + order[:r % 3]
        for n in order:
            out = os.path.join(work, "ingest-%s" % n.split()[0])
            shutil.rmtree(out, ignore_errors=True)
            if n == "floor-index":
                argv = [a.floor_index, out, a.txt_dir]
            elif n == "omindex":
                argv = [a.omindex, "--no-delete", "--db", out, "--url", "/",
                        os.path.dirname(a.txt_dir),
                        os.path.basename(a.txt_dir)]
            else:
                argv = [a.cancu, "--archive", out, "--quiet", "ingest",
                        a.txt_dir]
            loads.append(os.getloadavg()[0])
            log("ingest round %d: %s" % (r + 1, n))
            t = time.perf_counter()
            p = subprocess.run(argv, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            runs[n].append(time.perf_counter() - t)
            m = re.search(rb"index_s ([\d.]+) compact_s ([\d.]+)", p.stdout)
            if m:
                split.append((float(m.group(1)), float(m.group(2))))
            shutil.rmtree(out, ignore_errors=True)
    ir = {}
    profiles = []
    omindex_argv = [a.omindex, "--no-delete", "--db", "@OUT", "--url", "/",
                    os.path.dirname(a.txt_dir), os.path.basename(a.txt_dir)]
    for n, argv in (
            ("omindex", omindex_argv),
            ("floor-index", [a.floor_index, "@OUT", a.txt_dir]),
            ("floor-index, own deflate (level 1) of the text",
             [a.floor_index, "--text", "deflate", "--deflate-level", "1",
              "@OUT", a.txt_dir]),
            ("floor-index, without the text",
             [a.floor_index, "--text", "none", "@OUT", a.txt_dir])):
        out = os.path.join(work, "ingest-callgrind")
        shutil.rmtree(out, ignore_errors=True)
        log("ingest under callgrind: %s" % n)
        total, parts = profile([out if x == "@OUT" else x for x in argv],
                               os.path.join(work, "callgrind.out"))
        if n in ("omindex", "floor-index"):
            ir[n] = total
        profiles.append((n, total, parts))
        shutil.rmtree(out, ignore_errors=True)
    plans = len([f for f in os.listdir(a.txt_dir) if f.endswith(".txt")])
    om = statistics.median(runs["omindex"])
    out = ["| indexer (TXT folder, %d plans) | runs (s) | median | plans/s "
           "| / omindex's plans/s | instructions (callgrind, one run) "
           "| omindex's / its |" % plans, "|---|---|---:|---:|---:|---:|---:|"]
    for n, ts in runs.items():
        m = statistics.median(ts)
        i = ir.get(n)
        out.append("| %s | %s | %.2f s | %.1f | %.2f× | %s | %s |" % (
            n, ", ".join("%.2f" % t for t in ts), m, plans / m, om / m,
            "%.0f M" % (i / 1e6) if i else "",
            "%.2f×" % (ir["omindex"] / i) if i else ""))
    out.append("")
    if split:
        out.append("floor-index's own split, median of its runs: indexing "
                   "and one commit %.2f s, compaction %.2f s." % (
                       statistics.median(x for x, _ in split),
                       statistics.median(y for _, y in split)))
        out.append("")
    out.append("Load average (1 min) before each run: %s (2 cores)."
               % ", ".join("%.1f" % x for x in loads))
    out += ["", "Where the instructions go (callgrind, inclusive, one run "
            "each; Xapian: the Document's add_posting and add_term, "
            "add_document or replace_document (zlib of the data included), "
            "commit, compact):", "",
            "| indexer | instructions | Xapian | zlib's deflate (in Xapian or "
            "the indexer) | stemming "
            "| the rest (reading, tokenising, folding) | omindex's total / "
            "its total | omindex's total / its Xapian part |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    om_total = profiles[0][1]
    for n, total, parts in profiles:
        xap = sum(parts.get(k, 0) for k in XAPIAN_PARTS)
        stem = parts.get("stem", 0)
        out.append("| %s | %.0f M | %.0f M | %.0f M | %.0f M | %.0f M | "
                   "%.2f× | %.2f× |" % (
                       n, total / 1e6, xap / 1e6, parts.get("zlib", 0) / 1e6,
                       stem / 1e6, (total - xap - stem) / 1e6,
                       om_total / total, om_total / xap))
    return out


def main():
    ap = argparse.ArgumentParser()
    for opt in ("txt-dir", "omega-db", "archive", "cancu", "quest", "omindex",
                "floor-index", "floor-search", "floor-search-noicu", "work",
                "dict", "md"):
        ap.add_argument("--" + opt, required=opt != "md")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--callgrind-queries", type=int, default=40)
    ap.add_argument("--ingest-rounds", type=int, default=3)
    ap.add_argument("--skip", nargs="*", default=[])
    a = ap.parse_args()
    a.floor_db = os.path.join(a.work, "floor-db")
    a.chunk_db = os.path.join(a.work, "floor-chunk-db")
    a.chunk16_db = os.path.join(a.work, "floor-chunk16-db")
    a.dict_db = os.path.join(a.work, "floor-dict-db")
    report = []
    if "size" not in a.skip:
        t, _ = sizes(a, a.work)
        report += ["### Size floor (bytes of the compacted tables, `du -b`)",
                   ""] + t + [""]
    if "search" not in a.skip:
        report += ["### Search floor (one process a query)", ""] + search(a) \
            + [""]
    if "ingest" not in a.skip:
        report += ["### Ingest floor", ""] + ingest(a, a.work) + [""]
    text = "\n".join(report)
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
