#!/usr/bin/env python3
"""The text and --json output (stdout, stderr, exit status) of searches,
refs, check, cites, registry, docs, tasks and graph on one archive, one
file each, into OUT: run it with the build before a change and the build
after, then `diff -r` the two folders.

  bench/search-outputs.py CANCU ARCHIVE OUT [--txt DIR] [--queries 60]

The searches are chosen queries (with and without marks, phrases,
fields, references) and, with --txt (a folder of the plans' TXT twins,
as a kept bench-scale.sh run has in txt/s1), bench queries made as
scale.py makes them; each in five pages (limit 10, 50, 200; limit 7
offset 10; limit 5 offset 300) and once with --facets. refs and check
run on the first 12 plans `docs --json` lists."""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in bench/
import scale  # noqa: E402

CHOSEN = [["tinh", "gian", "bien", "che"], ["tinh giản biên chế"],
          ["đánh giá"], ["danh gia"], ["một cửa"], ["cải cách hành chính"],
          ["dịch vu công truc tuyến"], ["year:2022"],
          ["year:2022", "cải", "cách"], ["cites:107/2020/NĐ-CP"],
          ["107/2020/NĐ-CP"], ["nghị định 107/2020"],
          ["issuer:ubnd", "kế hoạch"], ["\"kiểm tra\""], ["CCHC"],
          ["lead:sở"], ["area:cải cách", "tinh"], ["zzqxw"], ["ke hoach"],
          ["Luật Viên chức"], ["thực"], ["chính"], ["các phòng chuyên"],
          ["ISO 9001:2015"]]
PAGES = [[], ["--limit", "50"], ["--limit", "200"],
         ["--limit", "7", "--offset", "10"], ["--limit", "5", "--offset", "300"]]
REFS = ["ND 107/2020", "Luật Viên chức", "18-NQ/TW", "nghi dinh 60/2021",
        "602/QĐ-UBND", "45/2020/NĐ-CP"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("cancu")
    ap.add_argument("archive")
    ap.add_argument("out")
    ap.add_argument("--txt", help="the plans' TXT twins, for bench queries")
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    queries = []
    if a.txt:
        texts = scale.text_queries(scale.files_of(a.txt, ".txt"), a.queries,
                                   a.seed)
        queries = [scale.search_argv("", "", q)[4:] for q in texts]
    queries += CHOSEN
    cmds = []
    for i, q in enumerate(queries):
        for j, page in enumerate(PAGES):
            cmds.append(("search-%03d-%d" % (i, j), ["search"] + page + q))
        cmds.append(("facets-%03d" % i, ["search", "--facets"] + q))
    listing = subprocess.run([a.cancu, "--archive", a.archive, "--json",
                              "docs"], capture_output=True).stdout
    try:
        plans = [d["id"] for d in json.loads(listing)["documents"]][:12]
    except (ValueError, KeyError) as e:
        sys.exit("search-outputs: cannot list the plans: %s" % e)
    for k, plan in enumerate(plans):
        cmds.append(("refs-%02d" % k, ["refs", plan]))
        cmds.append(("check-%02d" % k, ["check", plan]))
    for k, ref in enumerate(REFS):
        cmds.append(("cites-%02d" % k, ["cites", ref]))
        cmds.append(("registry-%02d" % k, ["registry", "show", ref]))
    cmds += [("docs", ["docs"]), ("tasks", ["tasks"]), ("graph", ["graph"]),
             ("version", ["--version"]), ("help", ["--help"]),
             ("registry-list", ["registry", "list"])]
    for name, args in cmds:
        for js in (False, True):
            argv = ([a.cancu, "--archive", a.archive] +
                    (["--json"] if js else []) + args)
            p = subprocess.run(argv, capture_output=True)
            path = os.path.join(a.out, name + (".json" if js else ".txt"))
            with open(path, "wb") as fh:
                fh.write(p.stdout + b"\n--stderr--\n" + p.stderr +
                         b"\n--exit %d--\n" % p.returncode)
    print("search-outputs: %d outputs in %s" % (2 * len(cmds), a.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
