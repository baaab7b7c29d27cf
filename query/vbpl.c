/* Streamed readers of the vbpl.vn dataset tables (query/vbpl.h). A file
 * is read in blocks of READ_BLOCK bytes: CSV goes through libcsv one
 * physical line (or block) at a time, so that the line a record starts on
 * is known; JSON lines are cut at '\n' and each is parsed by jansson on
 * its own. What is kept is bounded by the limits: one row's fields, the
 * parser's field buffer, a few names and messages. */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "ingest/ingest-private.h"
#include "query/vbpl.h"
#include "util/util.h"

#if CSV_MAJOR < 3
#error "libcsv 3 or later is needed"
#endif

#define READ_BLOCK ((size_t)64 << 10)
/* libcsv grows its field buffer by this much at a time. */
#define CSV_BLOCK 4096
/* Labels and statuses longer than this (in bytes) are in no table. */
#define MAX_LABEL 255
/* The last labels looked up, with what they matched. */
#define LABEL_CACHE 16
/* libcsv's state inside a field (FIELD_BEGUN in libcsv.c, the same
 * since libcsv 1.0): with 'quoted' set at the end of the input, a quoted
 * field was never closed. */
#define LIBCSV_FIELD_BEGUN 2
/* JSON keys (shorter than KEY_CACHE_NAME) whose field is remembered. */
#define KEY_CACHE 32
#define KEY_CACHE_NAME 48
/* At most this many fields in a table. */
#define MAX_FIELDS 9

/* The label table: what each relationship label of the dataset means,
 * and which document acts. A label heads, on the vbpl.vn page of
 * document doc_id ("Văn bản liên quan"), the list of documents that
 * other_doc_id is one of: it names what other_doc_id is to doc_id.
 * "Văn bản được sửa đổi" lists the documents doc_id amends; "Văn bản
 * sửa đổi" those that amend doc_id. Each direction is checked against
 * documents of corpora/real that state it (tests/query/check_vbpl.c,
 * corpora/vbpl/README.md). Labels are folded (NFC, case-folded). */
static const cancu_vbpl_label_t label_table[] = {
    /* Basis and reference: doc_id rests on, or names, other_doc_id. */
    {"văn bản căn cứ", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_DOC_ACTS, false},
    {"văn bản dẫn chiếu", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_DOC_ACTS, false},
    /* Guidance and details: "HD, QĐ chi tiết" lists the documents that
     * guide (hướng dẫn) or detail (quy định chi tiết) doc_id. */
    {"văn bản hd, qđ chi tiết", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_OTHER_ACTS,
     false},
    {"văn bản được hd, qđ chi tiết", CANCU_VBPL_KIND_IGNORED,
     CANCU_VBPL_DOC_ACTS, false},
    {"văn bản hướng dẫn", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_OTHER_ACTS,
     false},
    {"văn bản được hướng dẫn", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản quy định chi tiết", CANCU_VBPL_KIND_IGNORED,
     CANCU_VBPL_OTHER_ACTS, false},
    {"văn bản được quy định chi tiết", CANCU_VBPL_KIND_IGNORED,
     CANCU_VBPL_DOC_ACTS, false},
    /* Related otherwise, and the page's own document: no direction. */
    {"văn bản liên quan khác", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_NO_DIRECTION,
     false},
    {"văn bản hiện thời", CANCU_VBPL_KIND_IGNORED, CANCU_VBPL_NO_DIRECTION,
     false},
    /* Amendments and supplements. */
    {"văn bản sửa đổi", CANCU_VBPL_KIND_AMENDS, CANCU_VBPL_OTHER_ACTS, false},
    {"văn bản được sửa đổi", CANCU_VBPL_KIND_AMENDS, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản bổ sung", CANCU_VBPL_KIND_AMENDS, CANCU_VBPL_OTHER_ACTS, false},
    {"văn bản được bổ sung", CANCU_VBPL_KIND_AMENDS, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản được sửa đổi bổ sung", CANCU_VBPL_KIND_AMENDS,
     CANCU_VBPL_DOC_ACTS, false},
    /* Endings: "hết hiệu lực" lists what doc_id ended, "quy định hết
     * hiệu lực" what ended doc_id. */
    {"văn bản hết hiệu lực", CANCU_VBPL_KIND_EXPIRES, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản bị hết hiệu lực", CANCU_VBPL_KIND_EXPIRES, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản quy định hết hiệu lực", CANCU_VBPL_KIND_EXPIRES,
     CANCU_VBPL_OTHER_ACTS, false},
    {"văn bản bị hết hiệu lực 1 phần", CANCU_VBPL_KIND_EXPIRES,
     CANCU_VBPL_DOC_ACTS, true},
    {"văn bản bị hết hiệu lực một phần", CANCU_VBPL_KIND_EXPIRES,
     CANCU_VBPL_DOC_ACTS, true},
    {"văn bản quy định hết hiệu lực 1 phần", CANCU_VBPL_KIND_EXPIRES,
     CANCU_VBPL_OTHER_ACTS, true},
    {"văn bản quy định hết hiệu lực một phần", CANCU_VBPL_KIND_EXPIRES,
     CANCU_VBPL_OTHER_ACTS, true},
    /* Replacement and repeal, as older vbpl.vn pages name them. */
    {"văn bản thay thế", CANCU_VBPL_KIND_REPLACES, CANCU_VBPL_OTHER_ACTS,
     false},
    {"văn bản bị thay thế", CANCU_VBPL_KIND_REPLACES, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản bãi bỏ", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_OTHER_ACTS, false},
    {"văn bản bị bãi bỏ", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_DOC_ACTS, false},
    {"văn bản bãi bỏ 1 phần", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_OTHER_ACTS,
     true},
    {"văn bản bãi bỏ một phần", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_OTHER_ACTS,
     true},
    {"văn bản bị bãi bỏ 1 phần", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_DOC_ACTS,
     true},
    {"văn bản bị bãi bỏ một phần", CANCU_VBPL_KIND_REPEALS, CANCU_VBPL_DOC_ACTS,
     true},
    /* Suspension. */
    {"văn bản đình chỉ", CANCU_VBPL_KIND_SUSPENDS, CANCU_VBPL_OTHER_ACTS,
     false},
    {"văn bản bị đình chỉ", CANCU_VBPL_KIND_SUSPENDS, CANCU_VBPL_DOC_ACTS,
     false},
    {"văn bản đình chỉ 1 phần", CANCU_VBPL_KIND_SUSPENDS, CANCU_VBPL_OTHER_ACTS,
     true},
    {"văn bản đình chỉ một phần", CANCU_VBPL_KIND_SUSPENDS,
     CANCU_VBPL_OTHER_ACTS, true},
    {"văn bản bị đình chỉ 1 phần", CANCU_VBPL_KIND_SUSPENDS,
     CANCU_VBPL_DOC_ACTS, true},
    {"văn bản bị đình chỉ một phần", CANCU_VBPL_KIND_SUSPENDS,
     CANCU_VBPL_DOC_ACTS, true},
};

/* The statuses of tinh_trang_hieu_luc, folded. */
typedef struct status_entry {
    const char *label;
    cancu_legal_status_t status;
    bool partial;
    bool suspended;
} status_entry_t;

static const status_entry_t status_table[] = {
    {"còn hiệu lực", CANCU_LEGAL_IN_FORCE, false, false},
    {"hết hiệu lực toàn bộ", CANCU_LEGAL_EXPIRED, false, false},
    {"hết hiệu lực", CANCU_LEGAL_EXPIRED, false, false},
    {"hết hiệu lực một phần", CANCU_LEGAL_IN_FORCE, true, false},
    {"hết hiệu lực 1 phần", CANCU_LEGAL_IN_FORCE, true, false},
    {"chưa có hiệu lực", CANCU_LEGAL_NOT_YET_IN_FORCE, false, false},
    {"ngưng hiệu lực", CANCU_LEGAL_UNKNOWN, false, true},
    {"ngưng hiệu lực toàn bộ", CANCU_LEGAL_UNKNOWN, false, true},
    {"ngưng hiệu lực một phần", CANCU_LEGAL_IN_FORCE, true, true},
    {"ngưng hiệu lực 1 phần", CANCU_LEGAL_IN_FORCE, true, true},
};

static const char *const kind_names[CANCU_VBPL_KIND_COUNT] = {
    "unknown", "ignored", "amends",  "replaces",
    "repeals", "expires", "suspends"};

/* Columns. */

enum document_field {
    D_ID,
    D_NUMBER,
    D_TYPE,
    D_ISSUER,
    D_SIGNED,
    D_IN_FORCE,
    D_EXPIRED,
    D_TITLE,
    D_STATUS,
    D_COUNT
};

enum relationship_field { R_DOC, R_OTHER, R_LABEL, R_COUNT };

/* A column name (folded by column_key) and the field it gives; NOT_READ
 * for a column of the dataset that no field is read from. */
#define NOT_READ (-1)

typedef struct column_name {
    const char *name;
    int field;
} column_name_t;

static const column_name_t document_columns[] = {
    {"id", D_ID},
    {"doc_id", D_ID},
    {"item_id", D_ID},
    {"itemid", D_ID},
    {"so_ky_hieu", D_NUMBER},
    {"so_ki_hieu", D_NUMBER},
    {"so_hieu", D_NUMBER},
    {"loai_van_ban", D_TYPE},
    {"loai_vb", D_TYPE},
    {"co_quan_ban_hanh", D_ISSUER},
    {"ngay_ban_hanh", D_SIGNED},
    {"ngay_co_hieu_luc", D_IN_FORCE},
    {"ngay_hieu_luc", D_IN_FORCE},
    {"ngay_het_hieu_luc", D_EXPIRED},
    {"title", D_TITLE},
    {"ten_van_ban", D_TITLE},
    {"ten_vb", D_TITLE},
    {"trich_yeu", D_TITLE},
    {"tinh_trang_hieu_luc", D_STATUS},
    {"tinh_trang", D_STATUS},
    /* The dataset's other columns. */
    {"nguon_thu_thap", NOT_READ},
    {"ngay_dang_cong_bao", NOT_READ},
    {"nganh", NOT_READ},
    {"linh_vuc", NOT_READ},
    {"chuc_danh", NOT_READ},
    {"nguoi_ky", NOT_READ},
    {"pham_vi", NOT_READ},
    {"thong_tin_ap_dung", NOT_READ},
};

static const column_name_t relationship_columns[] = {
    {"doc_id", R_DOC},
    {"other_doc_id", R_OTHER},
    {"relationship", R_LABEL},
    {"relation", R_LABEL},
};

typedef struct table {
    const char *what;
    size_t nfields;
    /* The main name of each field, for messages. */
    const char *const *field_names;
    /* Fields that need a column. */
    const bool *required;
    const column_name_t *columns;
    size_t ncolumns;
} table_t;

static const char *const document_field_names[D_COUNT] = {
    "id",
    "so_ky_hieu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "ngay_ban_hanh",
    "ngay_co_hieu_luc",
    "ngay_het_hieu_luc",
    "title",
    "tinh_trang_hieu_luc"};
static const bool document_required[D_COUNT] = {
    true, true, false, false, false, false, false, false, true};
static const char *const relationship_field_names[R_COUNT] = {
    "doc_id", "other_doc_id", "relationship"};
static const bool relationship_required[R_COUNT] = {true, true, true};

static const table_t documents_table = {
    "documents",          D_COUNT,
    document_field_names, document_required,
    document_columns,     sizeof document_columns / sizeof *document_columns};
static const table_t relationships_table = {"relationships",
                                            R_COUNT,
                                            relationship_field_names,
                                            relationship_required,
                                            relationship_columns,
                                            sizeof relationship_columns /
                                                sizeof *relationship_columns};

/* Labels. */

const cancu_vbpl_label_t *cancu_vbpl__labels(size_t *count)
{
    *count = sizeof label_table / sizeof *label_table;
    return label_table;
}

const char *cancu_vbpl__kind_name(cancu_vbpl_kind_t kind)
{
    if ((size_t)kind < CANCU_VBPL_KIND_COUNT)
        return kind_names[kind];
    return "unknown";
}

/* 'len' bytes of 's' folded into 'out' (at most 'cap' bytes with the
 * NUL): runs of white space as one space and none at the ends, case
 * folded, NFC. False when 's' is not UTF-8 or is too long. */
static bool fold_label(const char *s, size_t len, char *out, size_t cap)
{
    UChar u[MAX_LABEL + 1], folded[2 * MAX_LABEL + 2], nfc[2 * MAX_LABEL + 2];
    int32_t n, k = 0, nfolded, nnfc, written;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *normalizer;
    bool space = false;

    if (len > MAX_LABEL)
        return false;
    u_strFromUTF8(u, MAX_LABEL + 1, &n, s, (int32_t)len, &err);
    if (U_FAILURE(err) || n > MAX_LABEL)
        return false;
    for (int32_t i = 0; i < n; i++) {
        if (u_isUWhiteSpace(u[i])) {
            space = k > 0;
            continue;
        }
        if (space)
            u[k++] = ' ';
        space = false;
        u[k++] = u[i];
    }
    nfolded = u_strFoldCase(folded, 2 * MAX_LABEL + 2, u, k,
                            U_FOLD_CASE_DEFAULT, &err);
    normalizer = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        return false;
    nnfc = unorm2_normalize(normalizer, folded, nfolded, nfc, 2 * MAX_LABEL + 2,
                            &err);
    if (U_FAILURE(err))
        return false;
    u_strToUTF8(out, (int32_t)cap, &written, nfc, nnfc, &err);
    if (U_FAILURE(err) || written < 0 || (size_t)written >= cap)
        return false;
    out[written] = '\0';
    return true;
}

const cancu_vbpl_label_t *cancu_vbpl__find_label(const char *label, size_t len)
{
    char folded[4 * MAX_LABEL + 1];

    if (!fold_label(label, len, folded, sizeof folded))
        return NULL;
    for (size_t i = 0; i < sizeof label_table / sizeof *label_table; i++)
        if (strcmp(label_table[i].label, folded) == 0)
            return &label_table[i];
    return NULL;
}

static const status_entry_t *find_status_entry(const char *label, size_t len)
{
    char folded[4 * MAX_LABEL + 1];

    if (!fold_label(label, len, folded, sizeof folded))
        return NULL;
    for (size_t i = 0; i < sizeof status_table / sizeof *status_table; i++)
        if (strcmp(status_table[i].label, folded) == 0)
            return &status_table[i];
    return NULL;
}

bool cancu_vbpl__find_status(const char *label, size_t len,
                             cancu_legal_status_t *status, bool *partial,
                             bool *suspended)
{
    const status_entry_t *e = find_status_entry(label, len);

    *status = e ? e->status : CANCU_LEGAL_UNKNOWN;
    *partial = e && e->partial;
    *suspended = e && e->suspended;
    return e != NULL;
}

/* Dates. */

/* The number written by the digits of 's' from 'start' to 'end', or -1
 * when one of them is no digit. */
static int digits(const char *s, size_t start, size_t end)
{
    int n = 0;

    if (start == end)
        return -1;
    for (size_t i = start; i < end; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

static bool real_day(int year, int month, int day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last;

    if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    last = days[month - 1];
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        last = 29;
    return day <= last;
}

bool cancu_vbpl__date(const char *s, size_t len, char out[11])
{
    int year, month, day;

    out[0] = '\0';
    if (len == 0)
        return true;
    if (len >= 10 && s[4] == '-' && s[7] == '-' &&
        (len == 10 || s[10] == 'T' || s[10] == ' ')) {
        year = digits(s, 0, 4);
        month = digits(s, 5, 7);
        day = digits(s, 8, 10);
    } else {
        const char *a = memchr(s, '/', len), *b;
        size_t i, j;

        if (!a)
            return false;
        i = (size_t)(a - s);
        b = memchr(a + 1, '/', len - i - 1);
        if (!b)
            return false;
        j = (size_t)(b - s);
        if (i > 2 || j - i - 1 > 2 || len - j - 1 != 4)
            return false;
        day = digits(s, 0, i);
        month = digits(s, i + 1, j);
        year = digits(s, j + 1, len);
    }
    if (!real_day(year, month, day))
        return false;
    /* By hand: real_day bounds the year to four digits. */
    out[0] = (char)('0' + year / 1000);
    out[1] = (char)('0' + year / 100 % 10);
    out[2] = (char)('0' + year / 10 % 10);
    out[3] = (char)('0' + year % 10);
    out[4] = '-';
    out[5] = (char)('0' + month / 10);
    out[6] = (char)('0' + month % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
    return true;
}

/* Counts. */

void cancu_vbpl__counts_dispose(cancu_vbpl_counts_t *counts)
{
    for (size_t i = 0; i < counts->unknown_columns.count; i++)
        free(counts->unknown_columns.entries[i].name);
    for (size_t i = 0; i < counts->unknown_labels.count; i++)
        free(counts->unknown_labels.entries[i].name);
    for (size_t i = 0; i < counts->nmessages; i++)
        free(counts->messages[i]);
    memset(counts, 0, sizeof *counts);
}

/* The reader. */

typedef struct label_cache_entry {
    char raw[MAX_LABEL + 1];
    size_t len;
    const void *entry; /* a label or status entry, or NULL */
} label_cache_entry_t;

typedef struct reader reader_t;
typedef void (*give_fn)(reader_t *r, size_t line, const char *const *v);

struct reader {
    const char *path;
    const table_t *table;
    cancu_vbpl_counts_t *counts;
    give_fn give;
    cancu_vbpl_document_cb on_document;
    cancu_vbpl_relationship_cb on_relationship;
    void *payload;
    FILE *file;
    cancu_status_t status; /* the first failure: stops the read */

    unsigned char block[READ_BLOCK];
    size_t len, pos;
    bool eof;
    size_t line; /* the physical line being read */

    /* CSV: the header's layout and the record being read. */
    bool have_header;
    int at[MAX_FIELDS]; /* column of each field, or -1 */
    size_t ncolumns;
    cancu_strbuf_t data; /* the fields, each followed by a NUL */
    size_t starts[CANCU_VBPL_MAX_COLUMNS + 1];
    size_t nfields;
    bool row_open;
    size_t row_line, row_bytes;
    bool row_bad;
    char why[160];

    /* JSON lines: the line being read. */
    cancu_strbuf_t text;

    /* A row's values made ready (NFC, trimmed), and their offsets. */
    cancu_strbuf_t ready;
    size_t offsets[MAX_FIELDS];

    label_cache_entry_t cache[LABEL_CACHE];
    size_t cache_next;

    /* JSON lines: the keys seen, with the field each gives (every row
     * names its columns again). */
    struct {
        char name[KEY_CACHE_NAME];
        int field;
    } keys[KEY_CACHE];
    size_t nkeys;
};

static void oom(reader_t *r)
{
    if (!r->status)
        r->status =
            cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

/* How many of the first 'len' bytes of 's' to keep so as to keep at most
 * 'max' bytes and cut no character. */
static int cut(const char *s, size_t len, size_t max)
{
    size_t n = len < max ? len : max;

    if (n < len)
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    return (int)n;
}

/* Count a sighting of 'len' bytes of 'name' (cut to CANCU_VBPL_MAX_NAME
 * bytes) in 't'. */
static void tally(reader_t *r, cancu_vbpl_tally_t *t, const char *name,
                  size_t len)
{
    const char *nul = memchr(name, '\0', len);
    size_t n;
    char *copy;

    /* A name is kept up to a NUL it holds. */
    if (nul)
        len = (size_t)(nul - name);
    n = (size_t)cut(name, len, CANCU_VBPL_MAX_NAME);
    for (size_t i = 0; i < t->count; i++) {
        if (strlen(t->entries[i].name) == n &&
            memcmp(t->entries[i].name, name, n) == 0) {
            t->entries[i].count++;
            return;
        }
    }
    if (t->count == CANCU_VBPL_MAX_NAMES) {
        t->others++;
        return;
    }
    copy = malloc(n + 1);
    if (!copy) {
        oom(r);
        return;
    }
    memcpy(copy, name, n);
    copy[n] = '\0';
    t->entries[t->count].name = copy;
    t->entries[t->count].count = 1;
    t->count++;
}

static void note(reader_t *r, size_t line, const char *fmt, ...)
    CANCU_PRINTF(3, 4);

/* Keep "FILE:LINE: reason" while there is room. */
static void note(reader_t *r, size_t line, const char *fmt, ...)
{
    cancu_vbpl_counts_t *c = r->counts;
    char reason[256];
    cancu_strbuf_t message = CANCU_STRBUF_INIT;
    va_list ap;

    if (c->nmessages == CANCU_VBPL_MAX_MESSAGES)
        return;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    cancu_strbuf__printf(&message, "%s:%zu: %s", r->path, line, reason);
    if (message.failed) {
        oom(r);
        return;
    }
    c->messages[c->nmessages++] = cancu_strbuf__detach(&message);
}

#define REJECT(r, line, ...)                                                   \
    do {                                                                       \
        (r)->counts->rejected++;                                               \
        note((r), (line), __VA_ARGS__);                                        \
    } while (0)

/* The field a column name gives: a field, NOT_READ, or -2 when the name
 * is unknown. Names are compared folded to ASCII, with '_' for any run of
 * other characters ("Số ký hiệu" is so_ky_hieu). */
static int column_field(const table_t *t, const char *name, size_t len)
{
    char folded[64], key[64];
    size_t k = 0;

    if (len >= sizeof folded * 2 || memchr(name, '\0', len))
        return -2;
    cancu_fold__ascii(name, len, folded, sizeof folded);
    for (const char *p = folded; *p && k + 1 < sizeof key; p++) {
        bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');

        if (word)
            key[k++] = *p;
        else if (k > 0 && key[k - 1] != '_')
            key[k++] = '_';
    }
    while (k > 0 && key[k - 1] == '_')
        k--;
    key[k] = '\0';
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, key) == 0)
            return t->columns[i].field;
    return -2;
}

/* The label or status entry of 'len' bytes of 's', through the cache. */
static const void *lookup_label(reader_t *r, const char *s, size_t len)
{
    const void *entry;
    label_cache_entry_t *c;

    for (size_t i = 0; i < LABEL_CACHE; i++)
        if (r->cache[i].len == len && len <= MAX_LABEL && len > 0 &&
            memcmp(r->cache[i].raw, s, len) == 0)
            return r->cache[i].entry;
    if (r->table == &documents_table)
        entry = find_status_entry(s, len);
    else
        entry = cancu_vbpl__find_label(s, len);
    if (len > 0 && len <= MAX_LABEL) {
        c = &r->cache[r->cache_next];
        r->cache_next = (r->cache_next + 1) % LABEL_CACHE;
        memcpy(c->raw, s, len);
        c->len = len;
        c->entry = entry;
    }
    return entry;
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Make the values of a row ready: 'raw' and 'lens' hold each field's
 * bytes (NULL for an absent one). Each is checked (no NUL, UTF-8),
 * trimmed and put in NFC into r->ready; then 'give' is called with
 * them. */
static void take_values(reader_t *r, size_t line, const char *const *raw,
                        const size_t *lens)
{
    const table_t *t = r->table;
    const char *v[MAX_FIELDS];

    cancu_strbuf__clear(&r->ready);
    for (size_t f = 0; f < t->nfields; f++) {
        const char *s = raw[f] ? raw[f] : "";
        size_t n = raw[f] ? lens[f] : 0;
        bool ascii = true;

        while (n > 0 && is_blank((unsigned char)*s)) {
            s++;
            n--;
        }
        while (n > 0 && is_blank((unsigned char)s[n - 1]))
            n--;
        if (memchr(s, '\0', n)) {
            REJECT(r, line, "%s holds a NUL byte", t->field_names[f]);
            return;
        }
        if (cancu_utf8__invalid_offset(s, n) < n) {
            REJECT(r, line, "%s is not UTF-8", t->field_names[f]);
            return;
        }
        r->offsets[f] = r->ready.len;
        for (size_t i = 0; i < n && ascii; i++)
            ascii = (unsigned char)s[i] < 0x80;
        if (ascii) {
            cancu_strbuf__append(&r->ready, s, n);
        } else {
            char *nfc = NULL;
            size_t nfc_len;
            cancu_status_t status = cancu_normalize__nfc(&nfc, &nfc_len, s, n);

            if (status == CANCU_STATUS_OUT_OF_MEMORY) {
                r->status = status;
                return;
            }
            if (status) {
                REJECT(r, line, "%s cannot be normalized", t->field_names[f]);
                return;
            }
            cancu_strbuf__append(&r->ready, nfc, nfc_len);
            free(nfc);
        }
        cancu_strbuf__putc(&r->ready, '\0');
    }
    if (r->ready.failed) {
        oom(r);
        return;
    }
    for (size_t f = 0; f < t->nfields; f++)
        v[f] = r->ready.data + r->offsets[f];
    r->give(r, line, v);
}

/* A date field into 'out', counting and noting one that is no date. */
static void take_date(reader_t *r, size_t line, enum document_field f,
                      const char *value, char out[11])
{
    if (!cancu_vbpl__date(value, strlen(value), out)) {
        r->counts->bad_dates++;
        note(r, line, "%s: '%.*s' is not a date", document_field_names[f],
             cut(value, strlen(value), 40), value);
    }
}

static void give_document(reader_t *r, size_t line, const char *const *v)
{
    cancu_vbpl_counts_t *c = r->counts;
    cancu_vbpl_document_t d;
    const status_entry_t *e = NULL;

    if (!*v[D_ID]) {
        REJECT(r, line, "no id");
        return;
    }
    memset(&d, 0, sizeof d);
    d.id = v[D_ID];
    d.number = v[D_NUMBER];
    d.type = v[D_TYPE];
    d.issuer = v[D_ISSUER];
    take_date(r, line, D_SIGNED, v[D_SIGNED], d.signed_on);
    take_date(r, line, D_IN_FORCE, v[D_IN_FORCE], d.in_force);
    take_date(r, line, D_EXPIRED, v[D_EXPIRED], d.expired);
    d.title = v[D_TITLE];
    d.status_label = v[D_STATUS];
    if (!*d.status_label)
        c->no_status++;
    else if ((e = lookup_label(r, d.status_label, strlen(d.status_label))) ==
             NULL)
        tally(r, &c->unknown_labels, d.status_label, strlen(d.status_label));
    d.status = e ? e->status : CANCU_LEGAL_UNKNOWN;
    d.partial = e && e->partial;
    d.suspended = e && e->suspended;
    d.line = line;
    if (r->status)
        return;
    c->given++;
    c->by_status[d.status]++;
    r->status = r->on_document(&d, r->payload);
}

static void give_relationship(reader_t *r, size_t line, const char *const *v)
{
    cancu_vbpl_counts_t *c = r->counts;
    cancu_vbpl_relationship_t rel;
    const cancu_vbpl_label_t *e;

    if (!*v[R_DOC] || !*v[R_OTHER]) {
        REJECT(r, line, "no %s", *v[R_DOC] ? "other_doc_id" : "doc_id");
        return;
    }
    if (!*v[R_LABEL]) {
        REJECT(r, line, "no relationship label");
        return;
    }
    memset(&rel, 0, sizeof rel);
    rel.doc_id = v[R_DOC];
    rel.other_doc_id = v[R_OTHER];
    rel.label = v[R_LABEL];
    e = lookup_label(r, rel.label, strlen(rel.label));
    if (!e)
        tally(r, &c->unknown_labels, rel.label, strlen(rel.label));
    rel.kind = e ? e->kind : CANCU_VBPL_KIND_UNKNOWN;
    rel.direction = e ? e->direction : CANCU_VBPL_NO_DIRECTION;
    rel.partial = e && e->partial;
    rel.acting_id = rel.target_id = "";
    if (rel.direction == CANCU_VBPL_DOC_ACTS) {
        rel.acting_id = rel.doc_id;
        rel.target_id = rel.other_doc_id;
    } else if (rel.direction == CANCU_VBPL_OTHER_ACTS) {
        rel.acting_id = rel.other_doc_id;
        rel.target_id = rel.doc_id;
    }
    rel.line = line;
    if (r->status)
        return;
    c->given++;
    c->by_kind[rel.kind]++;
    r->status = r->on_relationship(&rel, r->payload);
}

/* Reading blocks. */

/* Read the next block when the current one is used up; false at the end
 * of the file or on an error (r->status). */
static bool fill(reader_t *r)
{
    if (r->pos < r->len)
        return true;
    if (r->eof)
        return false;
    r->pos = 0;
    r->len = fread(r->block, 1, sizeof r->block, r->file);
    if (r->len == 0) {
        r->eof = true;
        if (ferror(r->file) && !r->status)
            r->status = cancu_error__set(CANCU_STATUS_IO_ERROR,
                                         "%s: cannot be read (%s)", r->path,
                                         strerror(errno));
        return false;
    }
    return true;
}

/* Skip a BOM and blank lines, counting lines; the first byte that is not
 * blank tells the format. */
static bool detect_json(reader_t *r)
{
    bool first = true;

    r->line = 1;
    while (fill(r)) {
        if (first && r->len - r->pos < 3 && !r->eof) {
            /* A BOM cut by a short read: read on into the block. */
            size_t more =
                fread(r->block + r->len, 1, sizeof r->block - r->len, r->file);

            r->len += more;
        }
        if (first && r->len - r->pos >= 3 &&
            memcmp(r->block + r->pos, "\xEF\xBB\xBF", 3) == 0)
            r->pos += 3;
        first = false;
        while (r->pos < r->len) {
            unsigned char c = r->block[r->pos];

            if (!is_blank(c))
                return c == '{';
            if (c == '\n')
                r->line++;
            r->pos++;
        }
    }
    return false;
}

/* CSV. */

static bool csv_row_error(reader_t *r, const char *fmt, ...) CANCU_PRINTF(2, 3);

/* Mark the record being read as bad, with the first reason. */
static bool csv_row_error(reader_t *r, const char *fmt, ...)
{
    va_list ap;

    if (r->row_bad)
        return false;
    r->row_bad = true;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
    return false;
}

static void on_field(void *s, size_t len, void *payload)
{
    reader_t *r = payload;

    if (r->status)
        return;
    if (!r->row_open) {
        /* A record that starts after a bare CR on the same line. */
        r->row_open = true;
        r->row_line = r->line;
        r->row_bytes = 0;
    }
    if (!r->row_bad && len > CANCU_VBPL_MAX_FIELD)
        csv_row_error(r, "field %zu is over %zu KiB", r->nfields + 1,
                      CANCU_VBPL_MAX_FIELD >> 10);
    if (!r->row_bad && r->nfields == CANCU_VBPL_MAX_COLUMNS)
        csv_row_error(r, "more than %d fields", CANCU_VBPL_MAX_COLUMNS);
    if (!r->row_bad) {
        r->starts[r->nfields] = r->data.len;
        cancu_strbuf__append(&r->data, s, len);
        cancu_strbuf__putc(&r->data, '\0');
        if (r->data.failed)
            oom(r);
    }
    r->nfields++;
}

/* The header record: where each field's column is. */
static void csv_header(reader_t *r)
{
    const table_t *t = r->table;
    size_t line = r->row_line;

    if (r->row_bad) {
        r->status =
            cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s:%zu: header: %s",
                             r->path, line, r->why);
        return;
    }
    for (size_t f = 0; f < t->nfields; f++)
        r->at[f] = -1;
    for (size_t i = 0; i < r->nfields && !r->status; i++) {
        const char *name = r->data.data + r->starts[i];
        size_t len = r->starts[i + 1] - r->starts[i] - 1;
        int f = column_field(t, name, len);

        if (f == -2)
            tally(r, &r->counts->unknown_columns, name, len);
        else if (f >= 0 && r->at[f] >= 0)
            r->status = cancu_error__set(
                CANCU_STATUS_BAD_INPUT,
                "%s:%zu: columns '%s' and '%.60s' both give the %s", r->path,
                line, r->data.data + r->starts[r->at[f]], name,
                t->field_names[f]);
        else if (f >= 0)
            r->at[f] = (int)i;
    }
    for (size_t f = 0; f < t->nfields && !r->status; f++)
        if (t->required[f] && r->at[f] < 0)
            r->status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                         "%s:%zu: no %s column '%s'", r->path,
                                         line, t->what, t->field_names[f]);
    r->ncolumns = r->nfields;
    r->have_header = true;
}

static void on_row(int c, void *payload)
{
    reader_t *r = payload;
    const char *raw[MAX_FIELDS];
    size_t lens[MAX_FIELDS];

    (void)c;
    if (r->status)
        return;
    r->starts[r->nfields < CANCU_VBPL_MAX_COLUMNS ? r->nfields
                                                  : CANCU_VBPL_MAX_COLUMNS] =
        r->data.len;
    /* A lone empty field: a blank record. */
    if (!(r->nfields == 1 && !r->row_bad && r->data.len == 1)) {
        if (!r->have_header) {
            csv_header(r);
        } else {
            r->counts->rows++;
            if (r->row_bad) {
                REJECT(r, r->row_line, "%s", r->why);
            } else if (r->nfields != r->ncolumns) {
                REJECT(r, r->row_line, "%zu fields where the header has %zu",
                       r->nfields, r->ncolumns);
            } else {
                for (size_t f = 0; f < r->table->nfields; f++) {
                    int at = r->at[f];

                    raw[f] = at >= 0 ? r->data.data + r->starts[at] : NULL;
                    lens[f] =
                        at >= 0 ? r->starts[at + 1] - r->starts[at] - 1 : 0;
                }
                take_values(r, r->row_line, raw, lens);
            }
        }
    }
    cancu_strbuf__clear(&r->data);
    r->nfields = 0;
    r->row_open = r->row_bad = false;
}

static void read_csv(reader_t *r)
{
    struct csv_parser p;

    if (csv_init(&p, 0) != 0) {
        oom(r);
        return;
    }
    csv_set_blk_size(&p, CSV_BLOCK);
    while (!r->status && fill(r)) {
        const unsigned char *start = r->block + r->pos;
        const unsigned char *nl = memchr(start, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - start) + 1 : r->len - r->pos;

        if (!r->row_open) {
            for (size_t i = 0; i < n; i++) {
                if (!is_blank(start[i])) {
                    r->row_open = true;
                    r->row_line = r->line;
                    r->row_bytes = 0;
                    break;
                }
            }
        }
        if (r->row_open) {
            r->row_bytes += n;
            if (r->row_bytes > CANCU_VBPL_MAX_ROW)
                csv_row_error(r, "the row is over %zu MiB",
                              CANCU_VBPL_MAX_ROW >> 20);
        }
        if (csv_parse(&p, start, n, on_field, on_row, r) != n) {
            oom(r);
            break;
        }
        /* A field over the limit stops growing the parser's buffer: what
         * it holds is dropped, leaving it as many bytes as the parser
         * takes back when the field ends (a trailing space, a closing
         * quote). */
        if (p.entry_pos > CANCU_VBPL_MAX_FIELD) {
            csv_row_error(r, "field %zu is over %zu KiB", r->nfields + 1,
                          CANCU_VBPL_MAX_FIELD >> 10);
            p.spaces = p.spaces ? 1 : 0;
            p.entry_pos = p.spaces + 1;
        }
        r->pos += n;
        if (nl)
            r->line++;
    }
    if (!r->status && p.quoted && p.pstate == LIBCSV_FIELD_BEGUN)
        csv_row_error(r, "a quoted field is not closed");
    if (!r->status)
        csv_fini(&p, on_field, on_row, r);
    csv_free(&p);
    if (!r->status && !r->have_header)
        r->status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                     "%s: no header row", r->path);
}

/* JSON lines. */

/* The next line into r->text, without its line end; false at the end of
 * the file. '*too_long' tells a line over the limit, whose bytes are
 * dropped. */
static bool next_line(reader_t *r, bool *too_long)
{
    bool any = false;

    cancu_strbuf__clear(&r->text);
    *too_long = false;
    while (fill(r)) {
        const unsigned char *start = r->block + r->pos;
        const unsigned char *nl = memchr(start, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->len - r->pos;

        any = true;
        if (!*too_long && r->text.len + n > CANCU_VBPL_MAX_ROW) {
            *too_long = true;
            cancu_strbuf__clear(&r->text);
        }
        if (!*too_long)
            cancu_strbuf__append(&r->text, (const char *)start, n);
        r->pos += n + (nl ? 1 : 0);
        if (nl)
            return true;
    }
    return any;
}

/* A JSON value as a field's text into 'buf' (for numbers); NULL when it
 * is neither a string, a whole number nor null. */
static const char *json_text(json_t *value, char *buf, size_t cap, size_t *len)
{
    if (json_is_string(value)) {
        *len = json_string_length(value);
        return json_string_value(value);
    }
    if (json_is_null(value)) {
        *len = 0;
        return "";
    }
    if (json_is_integer(value)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
        *len = strlen(buf);
        return buf;
    }
    if (json_is_real(value)) {
        double d = json_real_value(value);

        /* pandas writes an id column with gaps as 201365.0. */
        if (d > -9007199254740992.0 && d < 9007199254740992.0 &&
            (double)(long long)d == d) {
            snprintf(buf, cap, "%lld", (long long)d);
            *len = strlen(buf);
            return buf;
        }
    }
    return NULL;
}

/* The field of JSON key 'key', as column_field gives it, through the
 * reader's cache. */
static int key_field(reader_t *r, const char *key)
{
    size_t len = strlen(key);
    int f;

    if (len >= KEY_CACHE_NAME)
        return column_field(r->table, key, len);
    for (size_t i = 0; i < r->nkeys; i++)
        if (strcmp(r->keys[i].name, key) == 0)
            return r->keys[i].field;
    f = column_field(r->table, key, len);
    if (r->nkeys < KEY_CACHE) {
        memcpy(r->keys[r->nkeys].name, key, len + 1);
        r->keys[r->nkeys++].field = f;
    }
    return f;
}

static void json_row(reader_t *r, size_t line)
{
    const table_t *t = r->table;
    const char *raw[MAX_FIELDS] = {NULL};
    const char *keys[MAX_FIELDS] = {NULL};
    size_t lens[MAX_FIELDS] = {0};
    char numbers[MAX_FIELDS][32];
    json_error_t error;
    json_t *root, *value;
    const char *key;
    bool first = !r->have_header;

    r->counts->rows++;
    root =
        json_loadb(r->text.data, r->text.len, JSON_REJECT_DUPLICATES, &error);
    if (!root) {
        REJECT(r, line, "not JSON: %s", error.text);
        return;
    }
    if (!json_is_object(root)) {
        REJECT(r, line, "not a JSON object");
        json_decref(root);
        return;
    }
    json_object_foreach(root, key, value)
    {
        int f = key_field(r, key);
        size_t len = 0;
        const char *text;

        if (json_is_string(value) &&
            json_string_length(value) > CANCU_VBPL_MAX_FIELD) {
            REJECT(r, line, "'%.60s' is over %zu KiB", key,
                   CANCU_VBPL_MAX_FIELD >> 10);
            json_decref(root);
            return;
        }
        if (f == -2) {
            tally(r, &r->counts->unknown_columns, key, strlen(key));
            continue;
        }
        if (f < 0)
            continue;
        if (keys[f]) {
            if (first)
                r->status = cancu_error__set(
                    CANCU_STATUS_BAD_INPUT,
                    "%s:%zu: keys '%.60s' and '%.60s' both give the %s",
                    r->path, line, keys[f], key, t->field_names[f]);
            else
                REJECT(r, line, "keys '%.60s' and '%.60s' both give the %s",
                       keys[f], key, t->field_names[f]);
            json_decref(root);
            return;
        }
        text = json_text(value, numbers[f], sizeof numbers[f], &len);
        if (!text) {
            REJECT(r, line, "'%.60s' is not a string or a whole number", key);
            json_decref(root);
            return;
        }
        keys[f] = key;
        raw[f] = text;
        lens[f] = len;
    }
    for (size_t f = 0; f < t->nfields; f++) {
        if (t->required[f] && !keys[f]) {
            if (first)
                r->status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                             "%s:%zu: no %s key '%s'", r->path,
                                             line, t->what, t->field_names[f]);
            else
                REJECT(r, line, "no key '%s'", t->field_names[f]);
            json_decref(root);
            return;
        }
    }
    r->have_header = true;
    take_values(r, line, raw, lens);
    json_decref(root);
}

static void read_json_lines(reader_t *r)
{
    bool too_long;

    while (!r->status && next_line(r, &too_long)) {
        size_t line = r->line++;
        size_t n = r->text.len;

        if (r->text.failed) {
            oom(r);
            break;
        }
        if (too_long) {
            r->counts->rows++;
            REJECT(r, line, "the line is over %zu MiB",
                   CANCU_VBPL_MAX_ROW >> 20);
            continue;
        }
        while (n > 0 && is_blank((unsigned char)r->text.data[n - 1]))
            n--;
        r->text.len = n;
        if (n == 0)
            continue;
        r->text.data[n] = '\0';
        json_row(r, line);
    }
}

/* Both tables. */

/* Read the table at 'path' with 'r' (its table, callback and payload
 * set), which this frees. */
static cancu_status_t read_table(reader_t *r, cancu_vbpl_counts_t *counts,
                                 const char *path)
{
    cancu_status_t status;

    r->path = path;
    r->counts = counts;
    r->file = fopen(path, "rbe");
    if (!r->file) {
        status = cancu_error__set(CANCU_STATUS_IO_ERROR, "%s: %s", path,
                                  strerror(errno));
        free(r);
        return status;
    }
    counts->json = detect_json(r);
    if (!r->status) {
        if (counts->json)
            read_json_lines(r);
        else
            read_csv(r);
    }
    status = r->status;
    fclose(r->file);
    cancu_strbuf__dispose(&r->data);
    cancu_strbuf__dispose(&r->text);
    cancu_strbuf__dispose(&r->ready);
    free(r);
    return status;
}

cancu_status_t cancu_vbpl__read_documents(cancu_vbpl_counts_t *counts,
                                          const char *path,
                                          cancu_vbpl_document_cb callback,
                                          void *payload)
{
    reader_t *r;

    assert(counts && path && callback);
    memset(counts, 0, sizeof *counts);
    r = calloc(1, sizeof *r);
    if (!r)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    r->table = &documents_table;
    r->give = give_document;
    r->on_document = callback;
    r->payload = payload;
    return read_table(r, counts, path);
}

cancu_status_t
cancu_vbpl__read_relationships(cancu_vbpl_counts_t *counts, const char *path,
                               cancu_vbpl_relationship_cb callback,
                               void *payload)
{
    reader_t *r;

    assert(counts && path && callback);
    memset(counts, 0, sizeof *counts);
    r = calloc(1, sizeof *r);
    if (!r)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    r->table = &relationships_table;
    r->give = give_relationship;
    r->on_relationship = callback;
    r->payload = payload;
    return read_table(r, counts, path);
}
