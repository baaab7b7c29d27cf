#!/usr/bin/env python3
"""Measure DOCX extractors on one corpus; called by bench/bench-extract.sh.

Each tool runs once per file, one process per file, one process at a time.
For each file the tools run one after the other in a shuffled order, so a
burst of load from elsewhere on the machine lands on all of them alike.
A process's wall time is taken around posix_spawn and wait4 (what any
caller of the tool pays, process start included); its peak RSS and CPU
time come from wait4's rusage, where GNU time's %M comes from too.

Also measured: the floor in one process over every file (bench/floor.c),
xmllint --stream in one process over the pre-inflated document.xml files,
cancu's peak RSS on the smallest, the largest and an extra-large plan (GNU
time), and whether cancu's text of each DOCX equals its TXT twin's.

Writes the results as JSON (--json) and Markdown (--md), prints the table.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
import zipfile

FLOOR_SH = 'unzip -p "$1" word/document.xml | xmllint --stream --noout -'


GNU_TIME = "/usr/bin/time"


def spawn(argv, stdin="/dev/null", out_fd=None):
    """Run argv under GNU time, its output thrown away (or written to the
    open file out_fd): (seconds, peak RSS KiB, CPU seconds, exit code).
    GNU time is the parent so that the peak RSS is the tool's own: a child
    spawned straight from Python would start with Python's pages counted
    in its high-water mark."""
    r, w = os.pipe()
    actions = [(os.POSIX_SPAWN_OPEN, 0, stdin, os.O_RDONLY, 0)]
    if out_fd is None:
        actions += [(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
    else:
        actions += [(os.POSIX_SPAWN_DUP2, out_fd, 1),
                    (os.POSIX_SPAWN_DUP2, out_fd, 2)]
    actions.append((os.POSIX_SPAWN_DUP2, w, 3))
    cmd = [GNU_TIME, "-f", "%M %x", "-o", "/dev/fd/3"] + argv
    t0 = time.perf_counter()
    pid = os.posix_spawn(GNU_TIME, cmd, os.environ, file_actions=actions)
    _, status, ru = os.wait4(pid, 0)
    t = time.perf_counter() - t0
    os.close(w)
    with os.fdopen(r) as fh:
        out = fh.read().split()
    rss, rc = int(out[-2]), int(out[-1])
    if os.waitstatus_to_exitcode(status) and not rc:
        rc = os.waitstatus_to_exitcode(status)
    return t, rss, ru.ru_utime + ru.ru_stime, rc


def gnu_time_rss(argv):
    """Peak RSS in KiB as GNU time reports it (/usr/bin/time -f %M)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, check=False)
    return int(r.stderr.strip().splitlines()[-1])


def load():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 2**20)
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem,
            "kernel": platform.release(),
            "os": platform.freedesktop_os_release().get("PRETTY_NAME", "?")
            if hasattr(platform, "freedesktop_os_release") else "?"}


def version(argv):
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summarize(runs, sizes):
    """runs: {file: (t, rss, cpu, rc)}."""
    files = list(runs)
    ts = [runs[f][0] for f in files]
    rss = [runs[f][1] for f in files]
    cpu = [runs[f][2] for f in files]
    total_t = sum(ts)
    total_b = sum(sizes[f] for f in files)
    return {
        "files": len(files),
        "failed": sum(1 for f in files if runs[f][3] != 0),
        "bytes": total_b,
        "seconds": total_t,
        "cpu_seconds": sum(cpu),
        "files_per_s": len(files) / total_t if total_t else 0,
        "mb_per_s": total_b / 1e6 / total_t if total_t else 0,
        "median_ms": statistics.median(ts) * 1e3,
        "p90_ms": pct(ts, 0.9) * 1e3,
        "max_ms": max(ts) * 1e3,
        "median_cpu_ms": statistics.median(cpu) * 1e3,
        "rss_median_kb": statistics.median(rss),
        "rss_max_kb": max(rss),
        "rss_min_kb": min(rss),
    }


def words(s):
    return s.split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--cancu", required=True)
    ap.add_argument("--floor", required=True, help="bench/floor.c, built")
    ap.add_argument("--work", required=True, help="scratch folder")
    ap.add_argument("--pandoc-files", type=int, default=50)
    ap.add_argument("--timed-files", type=int, default=0,
                    help="time the tools on a fixed random subset of this "
                    "many files (0: all)")
    ap.add_argument("--check-files", type=int, default=2000,
                    help="compare at most this many DOCX with their twins")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--large", help="an extra-large plan, for memory")
    ap.add_argument("--json")
    ap.add_argument("--md")
    ap.add_argument("--command", default="")
    ap.add_argument("--gen-seconds", type=float, default=0)
    ap.add_argument("--source", default="?",
                    help="which tree cancu was built from")
    a = ap.parse_args()

    names = sorted(n for n in os.listdir(a.corpus) if n.endswith(".docx"))
    files = [os.path.join(a.corpus, n) for n in names]
    if not files:
        sys.exit("measure: no DOCX in %s" % a.corpus)
    sizes = {f: os.path.getsize(f) for f in files}
    xml_sizes = {}
    for f in files:
        with zipfile.ZipFile(f) as z:
            xml_sizes[f] = z.getinfo("word/document.xml").file_size
        with open(f, "rb") as fh:  # into the page cache
            fh.read()
    rng = random.Random(a.seed)
    timed = files
    if 0 < a.timed_files < len(files):
        timed = sorted(rng.sample(files, a.timed_files))
    pandoc_set = set(rng.sample(timed, min(a.pandoc_files, len(timed))))

    which = {t: shutil.which(t) for t in ("pandoc", "docx2txt", "sh")}
    for t, p in which.items():
        if not p:
            sys.exit("measure: %s not found" % t)
    cancu = os.path.abspath(a.cancu)
    floor = os.path.abspath(a.floor)
    tools = {
        "cancu": lambda f: [cancu, "extract", f],
        "pandoc": lambda f: [which["pandoc"], "-f", "docx", "-t", "plain",
                             f],
        "docx2txt": lambda f: [which["docx2txt"], f, "-"],
        "floor": lambda f: [which["sh"], "-c", FLOOR_SH, "sh", f],
        "floor-c": lambda f: [floor, f],
        "floor-sax": lambda f: [floor, "--sax", f],
        "spawn": lambda f: ["/bin/true"],
    }
    runs = {t: {} for t in tools}
    load_before = load()
    print("measure: %d files, %d timed, %d tools, pandoc on %d of them; "
          "load %s" % (len(files), len(timed), len(tools), len(pandoc_set),
                       load_before), file=sys.stderr)
    t_start = time.monotonic()
    # One warm-up run of each, not counted.
    for t, mk in tools.items():
        spawn(mk(files[0]))
    for i, f in enumerate(timed):
        order = [t for t in tools if t != "pandoc" or f in pandoc_set]
        rng.shuffle(order)
        for t in order:
            runs[t][f] = spawn(tools[t](f))
        if (i + 1) % 100 == 0:
            print("measure: %d/%d files, %.0f s"
                  % (i + 1, len(timed), time.monotonic() - t_start),
                  file=sys.stderr)
    load_after = load()

    # Start-up alone: each program with no file to read.
    startup = {}
    for label, argv, n in (
            ("spawn only (/bin/true)", ["/bin/true"], 20),
            ("floor-c, no file", [floor], 20),
            ("cancu --version", [cancu, "--version"], 20),
            ("perl -e 1 (docx2txt's interpreter)",
             [shutil.which("perl") or "/usr/bin/perl", "-e", "1"], 20),
            ("pandoc --version", [which["pandoc"], "--version"], 5)):
        rs = [spawn(argv) for _ in range(n)]
        startup[label] = {"median_ms": statistics.median(x[0] for x in rs)
                          * 1e3,
                          "rss_kb": statistics.median(x[1] for x in rs)}

    # The floor in one process over every file.
    lst = os.path.join(a.work, "files.txt")
    with open(lst, "w") as fh:
        fh.write("".join(f + "\n" for f in files))
    reps = 3 if len(files) <= 2000 else 1  # the median of reps runs
    floor_one = sorted(spawn([floor, "-"], stdin=lst)
                       for _ in range(reps))[reps // 2]
    sax_one = sorted(spawn([floor, "--sax", "-"], stdin=lst)
                     for _ in range(reps))[reps // 2]

    # cancu extract given many files at once (one process per 500, for the
    # command line's length): what a batch job pays, start-up amortised.
    def cancu_batch():
        t = cpu = 0.0
        rss = rc = 0
        for i in range(0, len(files), 500):
            bt, brss, bcpu, brc = spawn([cancu, "extract"] + files[i:i + 500])
            t, cpu, rss, rc = t + bt, cpu + bcpu, max(rss, brss), rc or brc
        return t, rss, cpu, rc
    cancu_one = sorted(cancu_batch() for _ in range(reps))[reps // 2]
    # xmllint --stream in one process per batch of 1000 files (for the
    # command line's length) over document.xml inflated beforehand, untimed.
    xdir = os.path.join(a.work, "xml")
    xmllint = shutil.which("xmllint")
    xl_t, xl_rss, xl_cpu, xl_rc = 0.0, 0, 0.0, 0
    for j in range(0, len(files), 1000):
        os.makedirs(xdir, exist_ok=True)
        xfiles = []
        for i, f in enumerate(files[j:j + 1000]):
            p = os.path.join(xdir, "%06d.xml" % i)
            with zipfile.ZipFile(f) as z, open(p, "wb") as out:
                out.write(z.read("word/document.xml"))
            xfiles.append(p)
        t, rss, cpu, rc = spawn([xmllint, "--stream", "--noout"] + xfiles)
        xl_t += t
        xl_cpu += cpu
        xl_rss = max(xl_rss, rss)
        xl_rc = xl_rc or rc
        shutil.rmtree(xdir)

    # Memory: cancu on the smallest, the largest, and an extra-large plan.
    by_size = sorted(files, key=lambda f: sizes[f])
    mem = []
    probes = [("smallest", by_size[0]), ("largest", by_size[-1])]
    if a.large:
        probes.append(("extra-large", a.large))
    for label, f in probes:
        with zipfile.ZipFile(f) as z:
            xs = z.getinfo("word/document.xml").file_size
        rss = statistics.median(gnu_time_rss([cancu, "extract", f])
                                for _ in range(5))
        frss = statistics.median(gnu_time_rss([floor, f]) for _ in range(5))
        mem.append({"label": label, "file": os.path.basename(f),
                    "docx_bytes": os.path.getsize(f), "xml_bytes": xs,
                    "cancu_rss_kb": rss, "floor_rss_kb": frss})
    # Least squares: cancu's peak RSS against document.xml's size.
    xs = [xml_sizes[f] / 1e6 for f in timed]
    ys = [runs["cancu"][f][1] for f in timed]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
             if sxx else 0.0)

    # Correctness: cancu's text of each DOCX against its TXT twin.
    checked, mismatches, txt_mismatches, failures = 0, [], [], []
    check = files
    if 0 < a.check_files < len(files):
        check = sorted(random.Random(a.seed).sample(files, a.check_files))
    for f in check:
        twin = f[:-5] + ".txt"
        if not os.path.exists(twin):
            continue
        checked += 1
        with open(twin, encoding="utf-8") as fh:
            want = words(fh.read())
        r = subprocess.run([cancu, "extract", f], capture_output=True,
                           text=True)
        if r.returncode:
            failures.append((os.path.basename(f), r.stderr.strip()))
            continue
        got = words(r.stdout)
        if got != want:
            k = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y),
                     min(len(got), len(want)))
            mismatches.append({
                "file": os.path.basename(f),
                "word": k, "docx": " ".join(got[max(0, k - 5):k + 6]),
                "txt": " ".join(want[max(0, k - 5):k + 6])})
        r = subprocess.run([cancu, "extract", twin], capture_output=True,
                           text=True)
        if r.returncode or words(r.stdout) != want:
            txt_mismatches.append(os.path.basename(twin))

    S = {t: summarize(runs[t], sizes) for t in tools}
    sub = {f: runs["cancu"][f] for f in pandoc_set}
    S["cancu@pandoc-files"] = summarize(sub, sizes)
    c = S["cancu"]
    ratios = {
        "pandoc": S["cancu@pandoc-files"]["files_per_s"]
        / S["pandoc"]["files_per_s"],
        "docx2txt": c["files_per_s"] / S["docx2txt"]["files_per_s"],
        "floor": c["files_per_s"] / S["floor"]["files_per_s"],
        "floor-c": c["files_per_s"] / S["floor-c"]["files_per_s"],
        "floor-sax": c["files_per_s"] / S["floor-sax"]["files_per_s"],
    }
    # The same ratios from the medians and from CPU time, which a loaded
    # machine disturbs less than wall time.
    med = {
        "pandoc": S["pandoc"]["median_ms"]
        / S["cancu@pandoc-files"]["median_ms"],
        "docx2txt": S["docx2txt"]["median_ms"] / c["median_ms"],
        "floor": S["floor"]["median_ms"] / c["median_ms"],
        "floor-c": S["floor-c"]["median_ms"] / c["median_ms"],
        "floor-sax": S["floor-sax"]["median_ms"] / c["median_ms"],
    }
    cpu = {
        "pandoc": S["pandoc"]["cpu_seconds"]
        / S["cancu@pandoc-files"]["cpu_seconds"],
        "docx2txt": S["docx2txt"]["cpu_seconds"] / c["cpu_seconds"],
        "floor": S["floor"]["cpu_seconds"] / c["cpu_seconds"],
        "floor-c": S["floor-c"]["cpu_seconds"] / c["cpu_seconds"],
        "floor-sax": S["floor-sax"]["cpu_seconds"] / c["cpu_seconds"],
    }
    one = len(files) / cancu_one[0]
    batch_ratios = {
        "pandoc": one / S["pandoc"]["files_per_s"],
        "docx2txt": one / S["docx2txt"]["files_per_s"],
        "floor-c": one / (len(files) / floor_one[0]),
        "floor-sax": one / (len(files) / sax_one[0]),
    }
    m_small, m_large = mem[0], mem[1]
    targets = [
        ("batch: throughput ≥ 100× pandoc's", batch_ratios["pandoc"] >= 100,
         "%.1f×" % batch_ratios["pandoc"]),
        ("batch: throughput ≥ 4× docx2txt's", batch_ratios["docx2txt"] >= 4,
         "%.2f×" % batch_ratios["docx2txt"]),
        ("batch: time ≤ 1.5× the floor's in one process (libzip + "
         "xmlReader)", 1 / batch_ratios["floor-c"] <= 1.5,
         "%.2f×" % (1 / batch_ratios["floor-c"])),
        ("throughput ≥ 100× pandoc's", ratios["pandoc"] >= 100,
         "%.1f×" % ratios["pandoc"]),
        ("throughput ≥ 4× docx2txt's", ratios["docx2txt"] >= 4,
         "%.2f×" % ratios["docx2txt"]),
        ("time ≤ 1.5× the floor's (unzip \\| xmllint --stream)",
         1 / ratios["floor"] <= 1.5, "%.2f×" % (1 / ratios["floor"])),
        ("memory flat: peak RSS largest/smallest ≤ 1.5",
         m_large["cancu_rss_kb"] / m_small["cancu_rss_kb"] <= 1.5,
         "%.2f (%d → %d KiB)" % (m_large["cancu_rss_kb"]
                                 / m_small["cancu_rss_kb"],
                                 m_small["cancu_rss_kb"],
                                 m_large["cancu_rss_kb"])),
    ]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "seed": a.seed,
        "command": a.command,
        "machine": machine(),
        "load_before": load_before, "load_after": load_after,
        "versions": {
            "cancu": "%s, built from %s" % (version([cancu, "--version"]),
                                            a.source),
            "pandoc": version([which["pandoc"], "--version"]),
            "docx2txt": version(["dpkg-query", "-W", "-f",
                                 "${Version}", "docx2txt"]),
            "xmllint": version([xmllint, "--version"]),
            "unzip": version(["unzip", "-v"]).split(",")[0],
        },
        "corpus": {"dir": a.corpus, "files": len(files),
                   "timed_files": len(timed),
                   "docx_bytes": sum(sizes.values()),
                   "xml_bytes": sum(xml_sizes.values()),
                   "smallest": sizes[by_size[0]],
                   "largest": sizes[by_size[-1]],
                   "median": statistics.median(sizes.values()),
                   "gen_seconds": a.gen_seconds},
        "tools": S,
        "ratios": ratios, "median_ratios": med, "cpu_ratios": cpu,
        "batch_ratios": batch_ratios,
        "floor_one_process": {"seconds": floor_one[0], "rss_kb": floor_one[1],
                              "cpu_seconds": floor_one[2], "rc": floor_one[3],
                              "files_per_s": len(files) / floor_one[0],
                              "mb_per_s": sum(sizes.values()) / 1e6
                              / floor_one[0]},
        "cancu_one_process": {
            "seconds": cancu_one[0], "rss_kb": cancu_one[1],
            "cpu_seconds": cancu_one[2], "rc": cancu_one[3],
            "files_per_s": len(files) / cancu_one[0],
            "mb_per_s": sum(sizes.values()) / 1e6 / cancu_one[0]},
        "floor_sax_one_process": {
            "seconds": sax_one[0], "rss_kb": sax_one[1],
            "cpu_seconds": sax_one[2], "rc": sax_one[3],
            "files_per_s": len(files) / sax_one[0],
            "mb_per_s": sum(sizes.values()) / 1e6 / sax_one[0]},
        "xmllint_one_process": {"seconds": xl_t, "rss_kb": xl_rss,
                                "cpu_seconds": xl_cpu, "rc": xl_rc,
                                "files_per_s": len(files) / xl_t,
                                "xml_mb_per_s": sum(xml_sizes.values())
                                / 1e6 / xl_t},
        "startup": startup,
        "memory": mem, "rss_slope_kb_per_xml_mb": slope,
        "targets": [{"target": n, "met": ok, "value": v}
                    for n, ok, v in targets],
        "targets_met": all(ok for _, ok, _ in targets),
        "correctness": {"checked": checked, "docx_mismatches": mismatches,
                        "txt_mismatches": txt_mismatches,
                        "failures": failures},
    }
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(result, fh, indent=1, ensure_ascii=False)
    md = markdown(result)
    if a.md:
        with open(a.md, "w") as fh:
            fh.write(md)
    print(table(result))
    return 0


ROWS = [
    ("cancu", "cancu extract"),
    ("cancu@pandoc-files", "cancu extract (pandoc's files)"),
    ("pandoc", "pandoc -t plain"),
    ("docx2txt", "docx2txt FILE -"),
    ("floor", "floor: unzip -p \\| xmllint --stream"),
    ("floor-c", "floor-c: libzip + xmlReader (bench/floor.c)"),
    ("floor-sax", "floor-sax: libzip + SAX2 (bench/floor.c --sax)"),
    ("spawn", "spawn only (/bin/true)"),
]


def tool_rows(r):
    out = ["| tool | files | failed | files/s | MB/s (DOCX) | median ms "
           "| p90 ms | median CPU ms | peak RSS median / max KiB |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key, label in ROWS:
        s = r["tools"][key]
        out.append("| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f "
                   "| %d / %d |" % (label, s["files"], s["failed"],
                                    s["files_per_s"], s["mb_per_s"],
                                    s["median_ms"], s["p90_ms"],
                                    s["median_cpu_ms"], s["rss_median_kb"],
                                    s["rss_max_kb"]))
    f1 = r["floor_one_process"]
    out.append("| floor-c, ONE process over all files | %d | %d | %.1f | %.2f "
               "| – | – | – | %d |" % (r["corpus"]["files"], f1["rc"] != 0,
                                       f1["files_per_s"], f1["mb_per_s"],
                                       f1["rss_kb"]))
    f1 = r["cancu_one_process"]
    out.append("| cancu extract, ONE process per 500 files | %d | %d | %.1f "
               "| %.2f | – | – | – | %d |" % (r["corpus"]["files"],
                                             f1["rc"] != 0, f1["files_per_s"],
                                             f1["mb_per_s"], f1["rss_kb"]))
    f1 = r["floor_sax_one_process"]
    out.append("| floor-sax, ONE process over all files | %d | %d | %.1f | %.2f "
               "| – | – | – | %d |" % (r["corpus"]["files"], f1["rc"] != 0,
                                       f1["files_per_s"], f1["mb_per_s"],
                                       f1["rss_kb"]))
    x1 = r["xmllint_one_process"]
    out.append("| xmllint --stream, ONE process, pre-inflated XML "
               "(%.1f MB/s of XML) | %d | %d | %.1f | – | – | – | – | %d |"
               % (x1["xml_mb_per_s"], r["corpus"]["files"], x1["rc"] != 0,
                  x1["files_per_s"], x1["rss_kb"]))
    return out


def ratio_rows(r):
    out = ["| cancu vs | throughput ratio | from medians | from CPU time |",
           "|---|---:|---:|---:|"]
    for k, label in (("pandoc", "pandoc (on its %d files)"
                      % r["tools"]["pandoc"]["files"]),
                     ("docx2txt", "docx2txt"),
                     ("floor", "floor (unzip \\| xmllint)"),
                     ("floor-c", "floor-c (libzip + xmlReader)"),
                     ("floor-sax", "floor-sax (libzip + SAX2)")):
        out.append("| %s | %.2f× | %.2f× | %.2f× |"
                   % (label, r["ratios"][k], r["median_ratios"][k],
                      r["cpu_ratios"][k]))
    out += ["", "cancu extract given many files in one process, against the "
            "same per-file runs of the peers and the floors in one process:",
            "", "| cancu (batch) vs | throughput ratio |", "|---|---:|"]
    for k, label in (("pandoc", "pandoc, a process per file"),
                     ("docx2txt", "docx2txt, a process per file"),
                     ("floor-c", "floor-c, ONE process"),
                     ("floor-sax", "floor-sax, ONE process")):
        out.append("| %s | %.2f× |" % (label, r["batch_ratios"][k]))
    return out


def table(r):
    lines = tool_rows(r) + [""] + ratio_rows(r) + [""]
    lines.append("start-up alone: " + ", ".join(
        "%s %.1f ms" % (k, v["median_ms"]) for k, v in r["startup"].items()))
    for t in r["targets"]:
        lines.append("%-52s %-5s %s" % (t["target"],
                                        "MET" if t["met"] else "MISSED",
                                        t["value"]))
    c = r["correctness"]
    lines.append("correctness: %d DOCX checked against their TXT twins, %d "
                 "mismatch(es), %d TXT mismatch(es), %d failure(s)"
                 % (c["checked"], len(c["docx_mismatches"]),
                    len(c["txt_mismatches"]), len(c["failures"])))
    return "\n".join(lines)


def markdown(r):
    m, c = r["machine"], r["corpus"]
    out = ["# DOCX extraction benchmark", "",
           "Produced by `%s` on %s." % (r["command"], r["date"]), "",
           "Machine: %s CPU(s), %s, %s RAM, %s, Linux %s. Load average "
           "before / after the per-file runs: %s / %s."
           % (m["nproc"], m["cpu"], m["memory"], m["os"], m["kernel"],
              r["load_before"], r["load_after"]), "",
           "Versions: " + "; ".join("%s: %s" % kv
                                    for kv in r["versions"].items()) + ".",
           "",
           "Corpus: %d DOCX plans made by `bench/gen-corpus` (in %.0f s), "
           "%.1f MB of DOCX (%.1f MB of word/document.xml inflated); "
           "smallest %d B, median %d B, largest %d B."
           % (c["files"], c["gen_seconds"], c["docx_bytes"] / 1e6,
              c["xml_bytes"] / 1e6, c["smallest"], c["median"],
              c["largest"]), "",
           ("All %d files are timed. " % c["files"]
            if c["timed_files"] == c["files"] else
            "The tools are timed on a fixed random subset of %d files; the "
            "one-process floors read all %d. " % (c["timed_files"],
                                                  c["files"])) +
           "Every tool runs once per file, one process per file, one process "
           "at a time, the tools in a shuffled order for each file. Time is "
           "wall time around each run (process start included); "
           "files/s and MB/s are files and DOCX bytes over the summed times; "
           "each process runs under GNU time, whose %%M gives its peak RSS. "
           "pandoc runs on a fixed random subset of %d files (seed %d) "
           "only, being slow (median %.0f ms a file here); its ratio is "
           "against cancu on the same files."
           % (r["tools"]["pandoc"]["files"], r["seed"],
              r["tools"]["pandoc"]["median_ms"]), "",
           "## Results", ""]
    out += tool_rows(r)
    out += ["", "Process start-up alone (median of 20 runs; pandoc 5), which "
            "every per-file time above includes:", "",
            "| program | median ms | peak RSS KiB |", "|---|---:|---:|"]
    for label, x in r["startup"].items():
        out.append("| %s | %.2f | %d |" % (label, x["median_ms"],
                                           x["rss_kb"]))
    out += ["", "## Ratios", "",
            "How many times cancu's throughput is the other tool's (above 1: "
            "cancu is faster).", ""]
    out += ratio_rows(r)
    out += ["", "## Targets", "", "| target | status | value |",
            "|---|---|---|"]
    for t in r["targets"]:
        out.append("| %s | %s | %s |" % (t["target"],
                                         "met" if t["met"] else "**missed**",
                                         t["value"]))
    out += ["", "## Memory", "",
            "cancu's peak RSS (median of 5 runs under `/usr/bin/time -f %M`) "
            "on the smallest and largest plans of the corpus"
            + (" and on an extra-large plan made apart (`--scale 20`)"
               if len(r["memory"]) > 2 else "") + ", with the floor's.", "",
            "| plan | DOCX bytes | document.xml bytes | cancu KiB "
            "| floor-c KiB |", "|---|---:|---:|---:|---:|"]
    for x in r["memory"]:
        out.append("| %s (%s) | %d | %d | %d | %d |"
                   % (x["label"], x["file"], x["docx_bytes"], x["xml_bytes"],
                      x["cancu_rss_kb"], x["floor_rss_kb"]))
    out += ["", "Least-squares slope of cancu's peak RSS against "
            "document.xml's size over the corpus: %.0f KiB per MB of XML."
            % r["rss_slope_kb_per_xml_mb"], ""]
    k = r["correctness"]
    out += ["## Correctness", "",
            "`cancu extract` of each DOCX compared, modulo whitespace, with "
            "its TXT twin written by gen-corpus: %d checked, %d mismatched, "
            "%d failed. `cancu extract` of the TXT twins themselves: %d "
            "mismatched." % (k["checked"], len(k["docx_mismatches"]),
                             len(k["failures"]), len(k["txt_mismatches"])),
            ""]
    for x in k["docx_mismatches"][:10]:
        out.append("- %s, word %d: DOCX `%s` / TXT `%s`"
                   % (x["file"], x["word"], x["docx"], x["txt"]))
    for name, err in k["failures"][:10]:
        out.append("- %s failed: %s" % (name, err))
    for name in k["txt_mismatches"][:10]:
        out.append("- TXT twin read differently: %s" % name)
    out += ["", "## Raw numbers", "", "```json",
            json.dumps({"tools": r["tools"],
                        "floor_one_process": r["floor_one_process"],
                        "floor_sax_one_process":
                            r["floor_sax_one_process"],
                        "xmllint_one_process": r["xmllint_one_process"],
                        "ratios": r["ratios"],
                        "median_ratios": r["median_ratios"],
                        "cpu_ratios": r["cpu_ratios"]},
                       indent=1, ensure_ascii=False), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
