#!/usr/bin/env bash
# jq filters are single-quoted on purpose.
# shellcheck disable=SC2016
# End-to-end: 'cancu serve' on a free loopback port over an archive of the
# sample, driven with curl: the pages, the API against the CLI's --json,
# hostile input (a plan holding markup, huge and malformed requests, a
# client that disconnects mid-upload), a writer committing beside it, and
# a clean stop on SIGTERM.
set -euo pipefail
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v curl >/dev/null; then
    echo "test-serve: curl is missing (scripts/install-deps.sh installs it)" >&2
    exit 1
fi

A=$TMP/archive
DOCX=$CORPORA_DIR/default/gialai-sgddt-cchc-2022.docx
cn "$A" --quiet ingest "$DOCX" >/dev/null

# A free port: bound by the kernel, then released for the server.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
"$CANCU_BIN" --archive "$A" serve --listen "127.0.0.1:$PORT" >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVER=$!
cleanup_hook() { kill -9 "$SERVER" 2>/dev/null || true; }
for _ in $(seq 100); do
    curl -s -o /dev/null "$BASE/" && break
    sleep 0.1
done

# get NAME URL [curl args...]: body into $TMP/NAME, headers into
# $TMP/NAME.h, status code in $CODE.
get() {
    local name=$1 url=$2
    shift 2
    CODE=$(curl -s -o "$TMP/$name" -D "$TMP/$name.h" -w '%{http_code}' \
        --max-time 60 "$@" "$url") || CODE=000
}

# same_json DESCRIPTION FILTER FILE1 FILE2: FILTER gives the same on both.
same_json() {
    jq -S "$2" "$3" >"$TMP/a.json" 2>&1 || true
    jq -S "$2" "$4" >"$TMP/b.json" 2>&1 || true
    expect_same "$1" "$TMP/a.json" "$TMP/b.json"
}

alive() {
    get alive "$BASE/plans"
    expect_eq "$1: the server still serves" "$CODE" 200
}

get home "$BASE/"
expect_eq "/ answers 200" "$CODE" 200
expect_grep "/ is in Vietnamese" "$TMP/home" '<html lang="vi">'
expect_grep "/ has a search box" "$TMP/home" 'name="q"'
expect_grep "/ lists plans by year" "$TMP/home" '<h3>2022</h3>'
expect_grep "a strict CSP, no inline script" "$TMP/home.h" \
    "Content-Security-Policy: default-src 'none'; style-src 'self'; script-src 'self'"
check "no inline script or style on /" bash -c "! grep -qiE '<script|style=|onload=' '$TMP/home'"
get en "$BASE/?lang=en"
expect_grep "?lang=en gives English" "$TMP/en" '<html lang="en">'
expect_grep "?lang=en: English words" "$TMP/en" 'Plans by year'
get accept "$BASE/" -H 'Accept-Language: en-US,en;q=0.9'
expect_grep "Accept-Language: en gives English" "$TMP/accept" '<html lang="en">'
get accept-vi "$BASE/" -H 'Accept-Language: vi-VN,vi;q=0.9,en;q=0.5'
expect_grep "Accept-Language: vi stays Vietnamese" "$TMP/accept-vi" '<html lang="vi">'
get css "$BASE/assets/style.css"
expect_grep "the stylesheet is served by cancu" "$TMP/css.h" 'text/css'
get checkjs "$BASE/assets/check.js"
expect_grep "the drop script is served by cancu" "$TMP/checkjs.h" 'text/javascript'
get checkpage "$BASE/check"
expect_grep "/check loads the drop script from cancu" "$TMP/checkpage" \
    '<script src="/assets/check.js" defer></script>'
check "/check has no inline script" bash -c \
    "! grep -qiE '<script>|<script [^s]|onload=|ondrop=' '$TMP/checkpage'"

get search "$BASE/search?q=tinh+gian+bien+che"
expect_grep "search without accents marks the accented words" "$TMP/search" \
    '<mark>tinh giản biên chế</mark>'
get cites "$BASE/cites?ref=ND%20107/2020"
expect_grep "/cites?ref=ND 107/2020 shows task 6" "$TMP/cites" 'data-no="6"'
expect_grep "/cites shows the registry's status" "$TMP/cites" 'class="status"'
get plans "$BASE/plans"
ID=$(cn "$A" docs --json | jq -r '.documents[0].id')
expect_grep "/plans links the plan" "$TMP/plans" "/plans/$ID"
get plan "$BASE/plans/${ID:0:12}"
expect_eq "/plans/ID by prefix answers 200" "$CODE" 200
expect_grep "/plans/ID shows the task table" "$TMP/plan" 'class="tasks"'
expect_grep "/plans/ID shows its check: 16/2015/NĐ-CP replaced by 60/2021/NĐ-CP" \
    "$TMP/plan" '16/2015/NĐ-CP đã được thay thế bởi 60/2021/NĐ-CP'
check "/plans/ID judges as of its date and as of today" \
    test "$(grep -c 'class="findings"' "$TMP/plan")" -eq 2
get ics "$BASE/plans/$ID.ics"
expect_grep "/plans/ID.ics is a calendar" "$TMP/ics" 'BEGIN:VCALENDAR'
expect_grep "/plans/ID.ics is a download" "$TMP/ics.h" 'attachment'
get check "$BASE/check" -F "file=@$DOCX"
expect_eq "POST /check answers 200" "$CODE" 200
expect_grep "/check: 16/2015/NĐ-CP replaced by 60/2021/NĐ-CP" "$TMP/check" \
    '16/2015/NĐ-CP đã được thay thế bởi 60/2021/NĐ-CP'
check "/check judges as of the plan's date and as of today" \
    test "$(grep -c 'class="findings"' "$TMP/check")" -eq 2
# The README says a draft may be a PDF or a Word 97 file too.
for draft in pdf/gialai-sgddt-cchc-2022.pdf doc/gialai-sgddt-cchc-2022.doc; do
    get check-other "$BASE/check" -F "file=@$CORPORA_DIR/$draft"
    expect_grep "/check of $draft: 16/2015/NĐ-CP replaced" "$TMP/check-other" \
        '16/2015/NĐ-CP đã được thay thế bởi 60/2021/NĐ-CP'
done
get graph "$BASE/graph?ref=ND%2016/2015"
expect_eq "/graph?ref=ND 16/2015 answers 200" "$CODE" 200
expect_grep "/graph draws an SVG" "$TMP/graph" '<svg class="graph"'
expect_grep "/graph: the document's status" "$TMP/graph" 'đã bị thay thế'
expect_grep "/graph: what replaced it, linked to its own graph" "$TMP/graph" \
    'href="/graph?ref=60%2F2021%2FN%C4%90-CP"'
expect_grep "/graph: the plan resting on it, linked" "$TMP/graph" "href=\"/plans/$ID\""
get graph-en "$BASE/graph?ref=60/2021/ND-CP&lang=en"
expect_grep "/graph of 60/2021 in English: it replaces 16/2015" "$TMP/graph-en" \
    'replaced by'
get graph-none "$BASE/graph"
expect_eq "/graph without ref is a bad request" "$CODE" 400
get graph-long "$BASE/graph?ref=$(head -c 5000 /dev/zero | tr '\0' x)"
expect_eq "/graph with a huge ref is refused" "$CODE" 414

# The API is the CLI's --json.
get api-search "$BASE/api/search?q=tinh+gian+bien+che"
cn "$A" search --json tinh gian bien che >"$TMP/cli-search"
same_json "/api/search is 'search --json'" . "$TMP/api-search" "$TMP/cli-search"
get api-cites "$BASE/api/cites?ref=ND%20107/2020"
cn "$A" cites --json ND 107/2020 >"$TMP/cli-cites"
same_json "/api/cites is 'cites --json'" . "$TMP/api-cites" "$TMP/cli-cites"
get api-tasks "$BASE/api/tasks?limit=5&cites=ND%20107/2020"
cn "$A" tasks --json --limit 5 --cites "ND 107/2020" >"$TMP/cli-tasks"
same_json "/api/tasks is 'tasks --json'" . "$TMP/api-tasks" "$TMP/cli-tasks"
get api-plans "$BASE/api/plans"
cn "$A" docs --json >"$TMP/cli-plans"
same_json "/api/plans is 'docs --json'" . "$TMP/api-plans" "$TMP/cli-plans"
get api-check "$BASE/api/check" -F "file=@$DOCX"
cn "$A" check --json "$DOCX" >"$TMP/cli-check" || true
same_json "/api/check has the findings of 'check --json'" \
    '.findings | map(del(.plan))' "$TMP/api-check" "$TMP/cli-check"

# Facets: values with counts for the query, links that narrow, a way back.
get api-facets "$BASE/api/search?q=thanh+tra&facets=1"
cn "$A" search --json --facets thanh tra >"$TMP/cli-facets"
same_json "/api/search?facets=1 is 'search --json --facets'" . \
    "$TMP/api-facets" "$TMP/cli-facets"
expect_jq "the sample's plan year is a facet of its search" "$TMP/api-facets" \
    '.facets.year | map(.value) == ["2022"]'
get fsearch "$BASE/search?q=thanh+tra"
expect_grep "/search shows a year facet" "$TMP/fsearch" \
    '<section class="facet" data-field="year">'
expect_grep "a year facet links to the search narrowed to it" "$TMP/fsearch" \
    'href="/search?q=thanh%20tra&amp;year=2022"'
for field in issuer lead area; do
    expect_grep "/search shows the $field facet" "$TMP/fsearch" \
        "<section class=\"facet\" data-field=\"$field\">"
done
LEAD=$(jq -r '.facets.lead[0].value' "$TMP/api-facets")
LEADN=$(jq -r '.facets.lead[0].count' "$TMP/api-facets")
LEADU=$(printf %s "$LEAD" | jq -sRr @uri)
get fnarrow "$BASE/api/search?q=thanh+tra&lead=$LEADU&limit=1000"
expect_jq "narrowed to a lead unit, the hits are tasks of its count ($LEADN plans)" \
    "$TMP/fnarrow" \
    "(.hits | length) > 0 and all(.hits[]; .kind == \"task\") and
     (.hits | map(.plan) | unique | length) == $LEADN"
get fchosen "$BASE/search?q=thanh+tra&lead=$LEADU"
expect_grep "the chosen facet is shown" "$TMP/fchosen" \
    '<span class="chip" data-field="lead">'
expect_grep "the chosen facet has a link that removes it" "$TMP/fchosen" \
    'class="remove" href="/search?q=thanh%20tra"'
expect_grep "the search box keeps the chosen facet" "$TMP/fchosen" \
    "<input type=\"hidden\" name=\"lead\" value=\"$LEAD\">"
get fpage "$BASE/search?q=cai+cach&year=2022"
expect_grep "paging keeps the facets" "$TMP/fpage" \
    'rel="next" href="/search?q=cai%20cach&amp;year=2022&amp;offset=20"'
get fonly "$BASE/search?year=2022&lang=en"
expect_eq "a facet alone is a search (200)" "$CODE" 200
check "a facet alone finds the year's passages" \
    bash -c "grep -qE 'id=\"total\">Matching passages, about [1-9]' '$TMP/fonly'"
get fnone "$BASE/search?q=thanh+tra&year=1999"
expect_grep "a year no plan has narrows to nothing" "$TMP/fnone" \
    'id="total">Khoảng số đoạn khớp: 0<'
get fopen "$BASE/search?q=%22thanh+tra&year=2022"
check "a quote left open in the words does not swallow the facets" \
    grep -qE 'id="total">Khoảng số đoạn khớp: [1-9]' "$TMP/fopen"
get fxss "$BASE/search?q=thanh+tra&year=%3Cscript%3Ealert(5)%3C/script%3E&area=%3Cimg%20src=x%20onerror=alert(6)%3E"
expect_eq "a facet value holding markup is answered (200)" "$CODE" 200
check "a facet value holding markup is escaped" \
    bash -c "! grep -qE '<script|<img' '$TMP/fxss'"
expect_grep "and shown as text in its chip" "$TMP/fxss" \
    'Năm: &lt;script&gt;alert(5)&lt;/script&gt;'
get fquote "$BASE/search?q=thanh+tra&issuer=%22%20plan:x"
expect_eq "a facet value with a quote is refused (400)" "$CODE" 400
get fhuge "$BASE/search?q=thanh+tra&area=$(head -c 3000 /dev/zero | tr '\0' x)"
expect_eq "a huge facet value is refused (414)" "$CODE" 414
get funknown "$BASE/search?q=thanh+tra&colour=red&lang=en"
get fknown "$BASE/search?q=thanh+tra&lang=en"
same_json "an unknown facet is ignored" . \
    <(grep -o 'id="total">[^<]*' "$TMP/funknown" | jq -R .) \
    <(grep -o 'id="total">[^<]*' "$TMP/fknown" | jq -R .)
alive "after hostile facets"

# The home page: the most cited documents, each a link to what rests on it.
get home2 "$BASE/"
expect_grep "/ lists the most cited documents" "$TMP/home2" '<ol class="cited">'
CITED=$(sed -n '/<ol class="cited">/,/<\/ol>/p' "$TMP/home2" |
    grep -o 'href="/cites?ref=[^"]*"' | sed -n '1s/^href="\(.*\)"$/\1/p') || true
check "the most cited document links to /cites" test -n "$CITED"
get cited "$BASE$CITED"
expect_grep "its /cites page shows the plan resting on it" "$TMP/cited" \
    "/plans/$ID"
expect_grep "/ links a year to its plans' search" "$TMP/home2" \
    'href="/search?q=&amp;year=2022"'

# /plans/ID: the sections by heading, findings where they stand.
expect_grep "/plans/ID lists its sections by heading" "$TMP/plan" \
    '<span class="meta">II</span> II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH</li>'
# A finding stands under the task row, or in the passage, whose text
# holds the reference it concerns.
python3 - "$TMP/plan" >"$TMP/inplace" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
where, wrong = set(), 0
for m in re.finditer(r'<p class="finding here [a-z]+" data-kind="[a-z-]+">'
                     r'<b>([^<]*)</b>', page):
    task = page.rfind('<tr class="task" data-no', 0, m.start())
    passage = page.rfind('<div class="passage"', 0, m.start())
    start = max(task, passage)
    end = page.find("</tr>" if task > passage else "</p>", start)
    if m.group(1) not in re.sub(r"<[^>]+>", "", page[start:end]):
        wrong += 1
    if m.group(1) in ("108/2014/NĐ-CP", "16/2015/NĐ-CP"):
        where.add((m.group(1), "task" if task > passage else "passage"))
print(wrong, " ".join("%s:%s" % w for w in sorted(where)))
PY
expect_eq "each finding sits where its reference is written (task or passage)" \
    "$(cat "$TMP/inplace")" \
    "0 108/2014/NĐ-CP:passage 108/2014/NĐ-CP:task 16/2015/NĐ-CP:passage"

# A plan whose text holds markup is shown as text.
printf '%s\n' 'KẾ HOẠCH <script>alert(1)</script> thử' '' \
    'Đoạn có <img src=x onerror=alert(2)> và "ngoặc" & dấu.' \
    'Căn cứ Nghị định số 16/2015/NĐ-CP ngày 14/02/2015 của Chính phủ;' \
    >"$TMP/hostile.txt"
cn "$A" --quiet ingest "$TMP/hostile.txt" >/dev/null
get hsearch "$BASE/search?q=onerror"
expect_grep "markup from a plan is escaped in search" "$TMP/hsearch" \
    '&lt;img src=x <mark>onerror</mark>=alert(2)&gt;'
check "no markup of the plan reaches the page" \
    bash -c "! grep -qE '<img|<script' '$TMP/hsearch'"
HID=$(cn "$A" docs --json | jq -r '.documents[] | select(.path | endswith("hostile.txt")) | .id')
get hplan "$BASE/plans/$HID"
check "no markup of the plan reaches its page" \
    bash -c "! grep -qE '<img|<script' '$TMP/hplan'"
get hgraph "$BASE/graph?ref=ND%2016/2015"
expect_grep "the graph holds the plan citing it" "$TMP/hgraph" '&lt;script&gt;'
check "no markup of the plan reaches the graph" \
    bash -c "! grep -qE '<img|<script' '$TMP/hgraph'"
get gxss "$BASE/graph?ref=%3Cscript%3Ealert(4)%3C/script%3E"
check "the graph's ref itself is escaped" bash -c "! grep -q '<script' '$TMP/gxss'"
get xss "$BASE/search?q=%3Cscript%3Ealert(3)%3C/script%3E"
check "the query itself is escaped" bash -c "! grep -q '<script' '$TMP/xss'"

# The archive is reopened after a writer's commit: the new plan above is
# seen, and so is one more.
cp "$SAMPLE" "$TMP/again.txt"
printf '\nThêm một dòng.\n' >>"$TMP/again.txt"
cn "$A" --quiet ingest "$TMP/again.txt" >/dev/null
get api-plans2 "$BASE/api/plans"
expect_jq "a plan ingested beside the server is seen without a restart" \
    "$TMP/api-plans2" '.documents | length == 3'

# Bad requests get a clear error and the server keeps serving.
# Longer than an argument to curl may be: written on a socket.
CODE=$(python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(b"GET /search?q=" + b"a" * 200000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
data = b""
try:
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except OSError:
    pass
print(data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "000")
PY
)
check "a 200 KB query string is refused (414/431)" \
    bash -c "[ '$CODE' = 414 ] || [ '$CODE' = 431 ]"
alive "after a huge URL"
get long2 "$BASE/search?q=$(head -c 3000 /dev/zero | tr '\0' a)"
expect_eq "a 3000-byte query is refused with 414" "$CODE" 414
get bad "$BASE/check" -H 'Content-Type: multipart/form-data; boundary=zz' \
    --data-binary $'--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'
check "malformed multipart gets a 400" \
    bash -c "[ '$CODE' = 400 ]"
alive "after malformed multipart"
get nobody "$BASE/check" -X POST -H 'Content-Type: text/plain' --data 'x'
expect_eq "a POST that is not multipart gets 400" "$CODE" 400
get nofile "$BASE/check" -F 'other=1'
expect_eq "a POST without the 'file' field gets 400" "$CODE" 400
get notplan "$BASE/check" -F "file=@/bin/true;filename=x.docx"
check "a file that is not a plan gets a 4xx" bash -c "[ '${CODE:0:1}' = 4 ]"
head -c $((65 * 1024 * 1024)) /dev/zero >"$TMP/big.txt"
get big "$BASE/check" -F "file=@$TMP/big.txt"
expect_eq "an upload over 64 MiB gets 413" "$CODE" 413
alive "after a huge upload"
rm -f "$TMP/big.txt"
head -c $((8 * 1024 * 1024)) /dev/urandom >"$TMP/slow.bin"
curl -s -o /dev/null --limit-rate 200K --max-time 1 -F "file=@$TMP/slow.bin" \
    "$BASE/check" || true
alive "after a client left mid-upload"
get post "$BASE/search?q=x" -X POST --data 'a=b'
expect_eq "POST to a page that takes none gets 405" "$CODE" 405
get trav "$BASE/assets/../../../etc/passwd" --path-as-is
expect_eq "no request names a server file (assets)" "$CODE" 404
get trav2 "$BASE/plans/..%2F..%2Fetc%2Fpasswd"
expect_eq "no request names a server file (plans)" "$CODE" 404
get trav3 "$BASE/plans/$(printf %s "$DOCX" | jq -sRr @uri)"
expect_eq "a plan is not named by its path" "$CODE" 404
get apierr "$BASE/api/search"
expect_jq "the API's errors are JSON" "$TMP/apierr" '.status == 400'

kill -TERM "$SERVER"
RC=0
wait "$SERVER" || RC=$?
expect_eq "SIGTERM stops the server cleanly" "$RC" 0
expect_grep "it says it stopped" "$TMP/serve.out" 'stopped (SIGTERM)'
# libmicrohttpd logs the clients that left; the sanitizers found nothing.
if grep -qE 'Sanitizer|runtime error' "$TMP/serve.err"; then
    fail "no sanitizer report from the server" "$(head -c 400 "$TMP/serve.err")"
else
    pass "no sanitizer report from the server"
fi

# Read-only by default: no /ingest at all.
"$CANCU_BIN" --archive "$A" serve --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -s -o /dev/null "$BASE/" && break; sleep 0.1; done
get ro "$BASE/ingest" -F "file=@$TMP/again.txt"
expect_eq "without --allow-ingest there is no /ingest" "$CODE" 404
kill -TERM "$SERVER"; wait "$SERVER" || true

# --allow-ingest: an upload adds a plan only with this run's token.
"$CANCU_BIN" --archive "$A" serve --allow-ingest \
    --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -s -o /dev/null "$BASE/" && break; sleep 0.1; done
printf 'KẾ HOẠCH tải lên qua trang\n\nMột đoạn riêng zzuploadzz.\n' \
    >"$TMP/up.txt"
get form "$BASE/ingest"
TOKEN=$(grep -o 'name="token" value="[0-9a-f]*"' "$TMP/form" | cut -d'"' -f4)
expect_eq "the form carries a 64-hex-digit token" "${#TOKEN}" 64
get notoken "$BASE/ingest" -F "file=@$TMP/up.txt"
expect_eq "an upload without the token is refused (403)" "$CODE" 403
# The token with its last digit changed (to 1 when it was 0: 0 every time
# made the right token one run in 16).
case $TOKEN in *0) WRONG=${TOKEN%?}1 ;; *) WRONG=${TOKEN%?}0 ;; esac
get badtoken "$BASE/ingest" -F "token=$WRONG" -F "file=@$TMP/up.txt"
expect_eq "an upload with a wrong token is refused (403)" "$CODE" 403
expect_eq "a refused upload adds nothing" "$(plan_count "$A")" 3
get up "$BASE/ingest" -F "token=$TOKEN" -F "file=@$TMP/up.txt"
expect_eq "an upload with the token answers 200" "$CODE" 200
expect_eq "it is in the archive" "$(plan_count "$A")" 4
get upsearch "$BASE/api/search?q=zzuploadzz"
expect_jq "and found by the next search" "$TMP/upsearch" '.hits | length == 1'
check "no file was made from the uploaded name" test ! -e "upload:up.txt"
kill -TERM "$SERVER"; wait "$SERVER" || true

finish
