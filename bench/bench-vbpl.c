/* The vbpl.vn dataset readers on generated tables: 200,000 document rows
 * and 400,000 relationship rows (and a tenth of each, to compare), as
 * CSV and as JSON lines, written to a temporary folder. Each file is
 * read in a child process of its own, so that its peak RSS (from wait4)
 * is the read's alone; the report gives rows/s, MB/s and peak RSS, and
 * the ratio of the large file's peak to the small one's, which stays
 * near 1 when memory is flat. See bench/README.md.
 *
 *     bench-vbpl [ROWS]      (document rows; twice as many relationships)
 *
 * Then the whole registry import, cancu_registry_import_vbpl, of a
 * tenth of ROWS and of ROWS documents (CSV, numbers that canonicalise and
 * are unique: N/YYYY/NĐ-CP and the like, N/QĐ-UBND without a year) with
 * two relationships each (labels of the table: amended, replaced, ended,
 * basis), each into a fresh archive in a child process of its own: rows/s,
 * wall time, peak RSS, the archive's size on disk, and the ratio of the
 * two peaks (the import commits every 5000 rows, so it should stay near
 * 1).
 *
 * BENCH_KEEP=1 keeps the generated files (and archives). BENCH_HUGE=1 also
 * writes a relationships CSV of 4.6 GiB (past 4 GiB: offsets and counts
 * are 64 bits), reads it, checks the last row's line and removes it.
 * BENCH_READERS=0 skips the readers, BENCH_IMPORT=0 the import.
 * BENCH_IMPORT_ONLY=N imports N documents in this process alone (no
 * child; for a heap profiler such as valgrind's massif), into a
 * temporary folder it keeps.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cancu/archive.h>
#include <cancu/registry.h>
#include <cancu/status.h>

#include "query/vbpl.h"
#include "util/util.h"

typedef struct rng {
    unsigned long long s;
} rng_t;

static unsigned next(rng_t *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return (unsigned)(r->s >> 16);
}

static const char *const words[] = {"quy định",
                                    "chức năng",
                                    "nhiệm vụ",
                                    "quyền hạn",
                                    "cơ cấu",
                                    "tổ chức",
                                    "công chức",
                                    "viên chức",
                                    "tuyển dụng",
                                    "sử dụng",
                                    "quản lý",
                                    "hóa đơn",
                                    "chứng từ",
                                    "phí",
                                    "lệ phí",
                                    "đào tạo",
                                    "bồi dưỡng",
                                    "cán bộ",
                                    "cấp xã",
                                    "tài chính",
                                    "đất đai",
                                    "xây dựng",
                                    "giao thông",
                                    "y tế",
                                    "giáo dục",
                                    "Ủy ban nhân dân",
                                    "Hội đồng nhân dân",
                                    "thủ tục hành chính"};
static const char *const types[] = {"Nghị định", "Thông tư", "Quyết định",
                                    "Nghị quyết", "Luật"};
static const char *const codes[] = {"NĐ-CP", "TT-BTC", "QĐ-UBND", "NQ-HĐND",
                                    "QH15"};
static const char *const issuers[] = {"Chính phủ", "Bộ Tài chính",
                                      "UBND tỉnh Gia Lai", "HĐND tỉnh Kon Tum",
                                      "Quốc hội"};
static const char *const statuses[] = {"Còn hiệu lực", "Hết hiệu lực toàn bộ",
                                       "Hết hiệu lực một phần",
                                       "Chưa có hiệu lực", "Ngưng hiệu lực"};

#define COUNT(a) (sizeof a / sizeof *a)

/* A title of 8 to 20 words; one in ten holds a comma, one in fifty a line
 * end (both quoted in CSV). */
static void title(rng_t *r, cancu_strbuf_t *out)
{
    unsigned n = 8 + next(r) % 13, kind = next(r) % 50;

    cancu_strbuf__puts(out, "Nghị định");
    for (unsigned i = 0; i < n; i++) {
        cancu_strbuf__putc(out, i == 3 && kind < 5 ? ',' : ' ');
        if (i == 5 && kind == 7)
            cancu_strbuf__puts(out, "\n");
        cancu_strbuf__puts(out, words[next(r) % COUNT(words)]);
    }
}

static void date(rng_t *r, char out[11])
{
    snprintf(out, 11, "%02u/%02u/%04u", 1 + next(r) % 28, 1 + next(r) % 12,
             1990 + next(r) % 36);
}

static void csv_field(cancu_strbuf_t *out, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        cancu_strbuf__puts(out, s);
        return;
    }
    cancu_strbuf__putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            cancu_strbuf__putc(out, '"');
        cancu_strbuf__putc(out, *s);
    }
    cancu_strbuf__putc(out, '"');
}

static void json_field(cancu_strbuf_t *out, const char *key, const char *s)
{
    cancu_strbuf__printf(out, "%s\"%s\": \"", out->len ? ", " : "{", key);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            cancu_strbuf__putc(out, '\\');
        if (*s == '\n')
            cancu_strbuf__puts(out, "\\n");
        else
            cancu_strbuf__putc(out, *s);
    }
    cancu_strbuf__putc(out, '"');
}

/* Write 'rows' document rows to 'path', as CSV or JSON lines, one row at
 * a time. */
static void write_documents(const char *path, size_t rows, bool json)
{
    FILE *f = fopen(path, "wb");
    rng_t r = {88172645463325252ULL};
    cancu_strbuf_t row = CANCU_STRBUF_INIT, t = CANCU_STRBUF_INIT;

    if (!f)
        exit(1);
    if (!json)
        fputs("\xEF\xBB\xBFid,title,so_ky_hieu,ngay_ban_hanh,loai_van_ban,"
              "ngay_co_hieu_luc,ngay_het_hieu_luc,nguon_thu_thap,"
              "ngay_dang_cong_bao,nganh,linh_vuc,co_quan_ban_hanh,"
              "chuc_danh,nguoi_ky,pham_vi,thong_tin_ap_dung,"
              "tinh_trang_hieu_luc\r\n",
              f);
    for (size_t i = 0; i < rows; i++) {
        unsigned k = next(&r) % COUNT(types);
        char id[24], number[64], signed_on[11], in_force[11];
        const char *fields[17];

        cancu_strbuf__clear(&row);
        cancu_strbuf__clear(&t);
        title(&r, &t);
        snprintf(id, sizeof id, "%zu", 100000 + i);
        date(&r, signed_on);
        date(&r, in_force);
        snprintf(number, sizeof number, "%u/%s/%s", 1 + next(&r) % 400,
                 signed_on + 6, codes[k]);
        fields[0] = id;
        fields[1] = t.data;
        fields[2] = number;
        fields[3] = signed_on;
        fields[4] = types[k];
        fields[5] = in_force;
        fields[6] = "";
        fields[7] = "Công báo";
        fields[8] = "";
        fields[9] = "";
        fields[10] = "Bộ máy hành chính";
        fields[11] = issuers[k];
        fields[12] = "Thủ tướng";
        fields[13] = "Nguyễn Văn A";
        fields[14] = "Toàn quốc";
        fields[15] = "";
        fields[16] = statuses[next(&r) % COUNT(statuses)];
        if (json) {
            static const char *const keys[] = {"id",
                                               "title",
                                               "so_ky_hieu",
                                               "ngay_ban_hanh",
                                               "loai_van_ban",
                                               "ngay_co_hieu_luc",
                                               "ngay_het_hieu_luc",
                                               "nguon_thu_thap",
                                               "ngay_dang_cong_bao",
                                               "nganh",
                                               "linh_vuc",
                                               "co_quan_ban_hanh",
                                               "chuc_danh",
                                               "nguoi_ky",
                                               "pham_vi",
                                               "thong_tin_ap_dung",
                                               "tinh_trang_hieu_luc"};

            for (size_t c = 0; c < 17; c++)
                json_field(&row, keys[c], fields[c]);
            cancu_strbuf__puts(&row, "}\n");
        } else {
            for (size_t c = 0; c < 17; c++) {
                if (c)
                    cancu_strbuf__putc(&row, ',');
                csv_field(&row, fields[c]);
            }
            cancu_strbuf__puts(&row, "\r\n");
        }
        if (row.failed || fwrite(row.data, 1, row.len, f) != row.len)
            exit(1);
    }
    if (fclose(f) != 0)
        exit(1);
    cancu_strbuf__dispose(&row);
    cancu_strbuf__dispose(&t);
}

static void write_relationships(const char *path, size_t rows, size_t docs,
                                bool json)
{
    FILE *f = fopen(path, "wb");
    rng_t r = {1181783497276652981ULL};
    size_t nlabels;
    const cancu_vbpl_label_t *labels = cancu_vbpl__labels(&nlabels);
    /* The labels as the dataset writes them: capital V. */
    char written[64][128];

    if (!f || nlabels > 64)
        exit(1);
    for (size_t i = 0; i < nlabels; i++) {
        snprintf(written[i], sizeof written[i], "V%s", labels[i].label + 1);
        /* "hd, qđ" as the dataset writes it. */
        if (strstr(written[i], "hd, qđ"))
            memcpy(strstr(written[i], "hd, qđ"), "HD, QĐ", strlen("HD, QĐ"));
    }
    if (!json)
        fputs("doc_id,other_doc_id,relationship\n", f);
    for (size_t i = 0; i < rows; i++) {
        size_t a = 100000 + next(&r) % docs, b = 100000 + next(&r) % docs;
        /* One row in a thousand has a label not in the table. */
        const char *label = i % 1000 == 999 ? "Văn bản được đính chính"
                                            : written[next(&r) % nlabels];

        if (json)
            fprintf(f,
                    "{\"doc_id\": %zu, \"other_doc_id\": %zu, "
                    "\"relationship\": \"%s\"}\n",
                    a, b, label);
        else if (strchr(label, ','))
            fprintf(f, "%zu,%zu,\"%s\"\n", a, b, label);
        else
            fprintf(f, "%zu,%zu,%s\n", a, b, label);
    }
    if (fclose(f) != 0)
        exit(1);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cancu_status_t count_document(const cancu_vbpl_document_t *d,
                                     void *payload)
{
    (void)d;
    (*(size_t *)payload)++;
    return CANCU_STATUS_SUCCESS;
}

/* The line of the last relationship given (a child writes it back). */
static size_t last_line;

static cancu_status_t count_relationship(const cancu_vbpl_relationship_t *r,
                                         void *payload)
{
    last_line = r->line;
    (*(size_t *)payload)++;
    return CANCU_STATUS_SUCCESS;
}

typedef struct result {
    size_t rows, rejected, unknown, last_line;
    double seconds;
    long peak_kb;
    int status;
} result_t;

/* Read 'path' in a child process; its peak RSS comes from wait4. A NULL
 * path reads nothing: the process's own baseline. */
static result_t measure(const char *path, bool documents)
{
    result_t res = {0};
    int pipefd[2];
    pid_t pid;
    struct rusage ru;
    int wstatus;

    if (pipe(pipefd) != 0)
        exit(1);
    pid = fork();
    if (pid < 0)
        exit(1);
    if (pid == 0) {
        cancu_vbpl_counts_t counts;
        size_t given = 0;
        double start = now();

        close(pipefd[0]);
        if (path) {
            res.status =
                documents ? cancu_vbpl__read_documents(&counts, path,
                                                       count_document, &given)
                          : cancu_vbpl__read_relationships(
                                &counts, path, count_relationship, &given);
            res.rows = given;
            res.rejected = counts.rejected;
            res.unknown = counts.by_kind[CANCU_VBPL_KIND_UNKNOWN];
            res.last_line = last_line;
            cancu_vbpl__counts_dispose(&counts);
        }
        res.seconds = now() - start;
        if (write(pipefd[1], &res, sizeof res) != (ssize_t)sizeof res)
            _exit(1);
        _exit(0);
    }
    close(pipefd[1]);
    if (read(pipefd[0], &res, sizeof res) != (ssize_t)sizeof res)
        exit(1);
    close(pipefd[0]);
    if (wait4(pid, &wstatus, 0, &ru) != pid || !WIFEXITED(wstatus) ||
        WEXITSTATUS(wstatus) != 0)
        exit(1);
    res.peak_kb = ru.ru_maxrss;
    return res;
}

/* Relationship rows of the table's labels until 'path' is over 'bytes'
 * bytes; the number of rows. */
static size_t write_huge(const char *path, unsigned long long bytes)
{
    FILE *f = fopen(path, "wb");
    unsigned long long written = 0;
    size_t rows = 0;
    char line[128];

    if (!f)
        exit(1);
    fputs("doc_id,other_doc_id,relationship\n", f);
    while (written < bytes) {
        int n = snprintf(line, sizeof line, "%zu,%zu,%s\n",
                         100000 + rows % 7919, 100000 + rows % 104729,
                         rows % 2 ? "Văn bản được sửa đổi" : "Văn bản sửa đổi");

        if (fwrite(line, 1, (size_t)n, f) != (size_t)n)
            exit(1);
        written += (unsigned long long)n;
        rows++;
    }
    if (fclose(f) != 0)
        exit(1);
    return rows;
}

static double file_mb(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
}

static void report(const char *what, const char *path, result_t res)
{
    printf("%-30s %8.1f MB %9zu rows %6.2f s %10.0f rows/s %6.1f MB/s "
           "peak %6.1f MB%s\n",
           what, file_mb(path), res.rows, res.seconds,
           (double)res.rows / res.seconds, file_mb(path) / res.seconds,
           (double)res.peak_kb / 1024.0, res.status ? "  FAILED" : "");
}

/* The documents table of the import: the dataset's columns, numbers the
 * registry reads and no two documents share (N unique in its year and
 * kind: "N/YYYY/NĐ-CP", or "N/QĐ-UBND" without a year, which takes the
 * year it was signed), dates dd/mm/yyyy. */
static void write_import_documents(const char *path, size_t rows)
{
    FILE *f = fopen(path, "wb");
    rng_t r = {6364136223846793005ULL};
    cancu_strbuf_t row = CANCU_STRBUF_INIT, t = CANCU_STRBUF_INIT;
    static unsigned serial[36][2];

    if (!f)
        exit(1);
    memset(serial, 0, sizeof serial);
    fputs("\xEF\xBB\xBFid,title,so_ky_hieu,ngay_ban_hanh,loai_van_ban,"
          "ngay_co_hieu_luc,ngay_het_hieu_luc,nguon_thu_thap,"
          "ngay_dang_cong_bao,nganh,linh_vuc,co_quan_ban_hanh,"
          "chuc_danh,nguoi_ky,pham_vi,thong_tin_ap_dung,"
          "tinh_trang_hieu_luc\r\n",
          f);
    for (size_t i = 0; i < rows; i++) {
        unsigned k = next(&r) % COUNT(types), year = next(&r) % 36;
        unsigned day = 1 + next(&r) % 28, month = 1 + next(&r) % 12;
        bool yearless = strcmp(codes[k], "QĐ-UBND") == 0;
        char id[24], number[64], signed_on[11], in_force[11];
        const char *fields[17];

        cancu_strbuf__clear(&row);
        cancu_strbuf__clear(&t);
        title(&r, &t);
        snprintf(id, sizeof id, "%zu", 100000 + i);
        snprintf(signed_on, sizeof signed_on, "%02u/%02u/%04u", day, month,
                 1990 + year);
        /* In force a month or so later, in the same year. */
        snprintf(in_force, sizeof in_force, "%02u/%02u/%04u", day,
                 month < 12 ? month + 1 : 12, 1990 + year);
        if (yearless)
            snprintf(number, sizeof number, "%u/%s", ++serial[year][1],
                     codes[k]);
        else
            snprintf(number, sizeof number, "%u/%u/%s", ++serial[year][0],
                     1990 + year, codes[k]);
        fields[0] = id;
        fields[1] = t.data;
        fields[2] = number;
        fields[3] = signed_on;
        fields[4] = types[k];
        fields[5] = in_force;
        fields[6] = "";
        fields[7] = "Công báo";
        fields[8] = "";
        fields[9] = "";
        fields[10] = "Bộ máy hành chính";
        fields[11] = issuers[k];
        fields[12] = "Thủ tướng";
        fields[13] = "Nguyễn Văn A";
        fields[14] = "Toàn quốc";
        fields[15] = "";
        fields[16] = statuses[next(&r) % COUNT(statuses)];
        for (size_t c = 0; c < 17; c++) {
            if (c)
                cancu_strbuf__putc(&row, ',');
            csv_field(&row, fields[c]);
        }
        cancu_strbuf__puts(&row, "\r\n");
        if (row.failed || fwrite(row.data, 1, row.len, f) != row.len)
            exit(1);
    }
    if (fclose(f) != 0)
        exit(1);
    cancu_strbuf__dispose(&row);
    cancu_strbuf__dispose(&t);
}

/* Two relationships a document (as the dataset lists them, page by
 * page), to a document drawn at random, with labels whose direction the
 * table knows: amends, replaces, ends, and a basis (no effect on
 * standing). */
static void write_import_relationships(const char *path, size_t docs)
{
    static const char *const labels[] = {
        "Văn bản được sửa đổi", "Văn bản bị thay thế", "Văn bản hết hiệu lực",
        "Văn bản căn cứ"};
    FILE *f = fopen(path, "wb");
    rng_t r = {2862933555777941757ULL};

    if (!f)
        exit(1);
    fputs("doc_id,other_doc_id,relationship\n", f);
    for (size_t i = 0; i < 2 * docs; i++) {
        size_t a = i / 2, b = next(&r) % docs;

        if (b == a)
            b = (b + 1) % docs;
        fprintf(f, "%zu,%zu,%s\n", 100000 + a, 100000 + b,
                labels[next(&r) % COUNT(labels)]);
    }
    if (fclose(f) != 0)
        exit(1);
}

/* What one import did, written back by its child. */
typedef struct import_result {
    int status;
    size_t added, updated, unchanged, rejected;
    double seconds;
    long peak_kb;
    unsigned long long disk;
    char error[512], first_rejection[512], last_note[1024];
} import_result_t;

static unsigned long long du_total;

static int du_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)path;
    (void)flag;
    (void)ftw;
    du_total += (unsigned long long)st->st_blocks * 512;
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* The bytes 'dir' takes on disk, as du counts them. */
static unsigned long long du(const char *dir)
{
    du_total = 0;
    if (nftw(dir, du_one, 16, FTW_PHYS) != 0)
        return 0;
    return du_total;
}

/* Import 'documents' and 'relationships' into a new archive at
 * 'archive_dir' (both NULL: open and close an empty archive, the
 * baseline), in this process. */
static import_result_t import_here(const char *archive_dir,
                                   const char *documents,
                                   const char *relationships)
{
    import_result_t res;
    cancu_archive_t *archive = NULL;
    cancu_registry_report_t *report = NULL;
    double start = now();

    memset(&res, 0, sizeof res);
    res.status = cancu_archive_open(&archive, archive_dir, CANCU_ARCHIVE_WRITE);
    if (!res.status && documents)
        res.status = cancu_registry_import_vbpl(&report, archive, documents,
                                                relationships, "bench 2026-12");
    if (res.status)
        snprintf(res.error, sizeof res.error, "%s: %s",
                 cancu_status_to_string(res.status), cancu_error_last());
    cancu_archive_close(archive);
    res.seconds = now() - start;
    if (report) {
        size_t notes = cancu_registry_report_note_count(report);

        res.added = cancu_registry_report_added(report);
        res.updated = cancu_registry_report_updated(report);
        res.unchanged = cancu_registry_report_unchanged(report);
        res.rejected = cancu_registry_report_rejected(report);
        if (res.rejected)
            snprintf(res.first_rejection, sizeof res.first_rejection, "%s",
                     cancu_registry_report_rejection(report, 0));
        if (notes)
            snprintf(res.last_note, sizeof res.last_note, "%s",
                     cancu_registry_report_note(report, notes - 1));
        cancu_registry_report_destroy(report);
    }
    res.disk = du(archive_dir);
    return res;
}

/* import_here in a child process; its peak RSS comes from wait4. */
static import_result_t measure_import(const char *archive_dir,
                                      const char *documents,
                                      const char *relationships)
{
    import_result_t res;
    int pipefd[2];
    pid_t pid;
    struct rusage ru;
    int wstatus;

    if (pipe(pipefd) != 0)
        exit(1);
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        exit(1);
    if (pid == 0) {
        close(pipefd[0]);
        res = import_here(archive_dir, documents, relationships);
        if (write(pipefd[1], &res, sizeof res) != (ssize_t)sizeof res)
            _exit(1);
        _exit(0);
    }
    close(pipefd[1]);
    if (read(pipefd[0], &res, sizeof res) != (ssize_t)sizeof res)
        exit(1);
    close(pipefd[0]);
    if (wait4(pid, &wstatus, 0, &ru) != pid || !WIFEXITED(wstatus) ||
        WEXITSTATUS(wstatus) != 0)
        exit(1);
    res.peak_kb = ru.ru_maxrss;
    return res;
}

static void report_import(const char *what, size_t docs, import_result_t res)
{
    printf("%-24s %7zu docs %7zu rels %7.2f s %8.0f rows/s %7.0f docs/s "
           "peak %6.1f MB archive %7.1f MB%s\n",
           what, docs, 2 * docs, res.seconds, (double)(3 * docs) / res.seconds,
           (double)docs / res.seconds, (double)res.peak_kb / 1024.0,
           (double)res.disk / 1e6, res.status ? "  FAILED" : "");
    printf("  added %zu, updated %zu, unchanged %zu, rejected %zu\n", res.added,
           res.updated, res.unchanged, res.rejected);
    if (res.status)
        printf("  error: %s\n", res.error);
    if (res.rejected)
        printf("  first rejection: %s\n", res.first_rejection);
    if (*res.last_note)
        printf("  note: %s\n", res.last_note);
}

static bool env_is(const char *name, char value)
{
    const char *v = getenv(name);

    return v && *v == value;
}

/* BENCH_IMPORT_ONLY=N: generate N documents and import them here. */
static int import_only(const char *dir, size_t docs)
{
    char documents[4200], relationships[4200], archive_dir[4200];
    import_result_t res;

    snprintf(documents, sizeof documents, "%s/import-documents.csv", dir);
    snprintf(relationships, sizeof relationships, "%s/import-relationships.csv",
             dir);
    snprintf(archive_dir, sizeof archive_dir, "%s/archive", dir);
    write_import_documents(documents, docs);
    write_import_relationships(relationships, docs);
    res = import_here(archive_dir, documents, relationships);
    report_import("import", docs, res);
    printf("kept %s\n", dir);
    return res.status || res.added != docs || res.rejected;
}

int main(int argc, char **argv)
{
    size_t large = argc > 1 ? strtoul(argv[1], NULL, 10) : 200000;
    size_t small = large / 10;
    const char *base = getenv("TMPDIR");
    char dir[4096], path[8][4200];
    static const char *const names[8] = {
        "documents-small.csv",       "documents-large.csv",
        "documents-small.jsonl",     "documents-large.jsonl",
        "relationships-small.csv",   "relationships-large.csv",
        "relationships-small.jsonl", "relationships-large.jsonl"};
    char import_path[4][4200], archive_dir[2][4200];
    static const char *const import_names[4] = {
        "import-documents-small.csv", "import-documents-large.csv",
        "import-relationships-small.csv", "import-relationships-large.csv"};
    result_t res[8], baseline;
    import_result_t imp[2], imp_baseline;
    bool readers = !env_is("BENCH_READERS", '0');
    bool import = !env_is("BENCH_IMPORT", '0');
    double start;
    int failed = 0;

    if (large < 10) {
        fprintf(stderr, "usage: bench-vbpl [ROWS >= 10]\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s/bench-vbpl-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        perror(dir);
        return 1;
    }
    if (getenv("BENCH_IMPORT_ONLY") && *getenv("BENCH_IMPORT_ONLY"))
        return import_only(dir, strtoul(getenv("BENCH_IMPORT_ONLY"), NULL, 10));
    for (int i = 0; i < 8; i++)
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
    for (int i = 0; i < 4; i++)
        snprintf(import_path[i], sizeof import_path[i], "%s/%s", dir,
                 import_names[i]);
    for (int i = 0; i < 2; i++)
        snprintf(archive_dir[i], sizeof archive_dir[i], "%s/archive-%s", dir,
                 i ? "large" : "small");
    start = now();
    for (int json = 0; readers && json < 2; json++) {
        write_documents(path[2 * json], small, json);
        write_documents(path[2 * json + 1], large, json);
        write_relationships(path[4 + 2 * json], 2 * small, small, json);
        write_relationships(path[4 + 2 * json + 1], 2 * large, large, json);
    }
    if (import) {
        write_import_documents(import_path[0], small);
        write_import_documents(import_path[1], large);
        write_import_relationships(import_path[2], small);
        write_import_relationships(import_path[3], large);
    }
    printf("generated in %.1f s in %s\n", now() - start, dir);
    if (readers) {
        baseline = measure(NULL, true);
        printf("%-30s peak %6.1f MB\n", "process alone (baseline)",
               (double)baseline.peak_kb / 1024.0);
        for (int i = 0; i < 8; i++) {
            res[i] = measure(path[i], i < 4);
            report(names[i], path[i], res[i]);
            if (res[i].status || res[i].rejected ||
                res[i].rows != (i < 4 ? (i % 2 ? large : small)
                                      : 2 * (i % 2 ? large : small)))
                failed = 1;
        }
        printf("\npeak RSS, large over small (flat memory keeps it near 1):\n");
        for (int i = 0; i < 8; i += 2)
            printf("  %-28s %.2f (%.1f MB over %.1f MB; above the baseline: "
                   "%.1f MB over %.1f MB)\n",
                   names[i + 1], (double)res[i + 1].peak_kb / res[i].peak_kb,
                   res[i + 1].peak_kb / 1024.0, res[i].peak_kb / 1024.0,
                   (res[i + 1].peak_kb - baseline.peak_kb) / 1024.0,
                   (res[i].peak_kb - baseline.peak_kb) / 1024.0);
    }
    if (import) {
        char empty[4200];

        snprintf(empty, sizeof empty, "%s/archive-empty", dir);
        printf("\nimport into the registry (cancu_registry_import_vbpl, CSV, "
               "a fresh archive each):\n");
        imp_baseline = measure_import(empty, NULL, NULL);
        printf("%-24s peak %6.1f MB archive %7.1f MB%s\n",
               "open and close (baseline)",
               (double)imp_baseline.peak_kb / 1024.0,
               (double)imp_baseline.disk / 1e6,
               imp_baseline.status ? "  FAILED" : "");
        if (imp_baseline.status) {
            printf("  error: %s\n", imp_baseline.error);
            failed = 1;
        }
        for (int i = 0; i < 2; i++) {
            size_t docs = i ? large : small;

            imp[i] = measure_import(archive_dir[i], import_path[i],
                                    import_path[2 + i]);
            report_import(i ? "import-large" : "import-small", docs, imp[i]);
            if (imp[i].status || imp[i].added != docs || imp[i].rejected)
                failed = 1;
        }
        printf("\nimport peak RSS, large over small (flat memory keeps it "
               "near 1): %.2f (%.1f MB over %.1f MB; above the baseline: "
               "%.1f MB over %.1f MB)\n",
               (double)imp[1].peak_kb / imp[0].peak_kb, imp[1].peak_kb / 1024.0,
               imp[0].peak_kb / 1024.0,
               (imp[1].peak_kb - imp_baseline.peak_kb) / 1024.0,
               (imp[0].peak_kb - imp_baseline.peak_kb) / 1024.0);
        printf("archive size, large over small: %.2f; bytes a document: "
               "%.0f and %.0f\n",
               (double)imp[1].disk / (double)imp[0].disk,
               (double)imp[0].disk / (double)small,
               (double)imp[1].disk / (double)large);
    }
    if (readers && env_is("BENCH_HUGE", '1')) {
        char huge[4200];
        size_t rows;
        result_t r;

        snprintf(huge, sizeof huge, "%s/relationships-huge.csv", dir);
        start = now();
        rows = write_huge(huge, 4600ULL << 20);
        printf("\ngenerated %zu rows in %.1f s\n", rows, now() - start);
        r = measure(huge, false);
        report("relationships-huge.csv", huge, r);
        printf("  last row on line %zu (expected %zu); peak over the large "
               "CSV's: %.2f\n",
               r.last_line, rows + 1, (double)r.peak_kb / res[5].peak_kb);
        if (r.status || r.rows != rows || r.last_line != rows + 1)
            failed = 1;
        unlink(huge);
    }
    if (env_is("BENCH_KEEP", '1')) {
        printf("kept %s\n", dir);
    } else {
        /* The archives are folders of Xapian's files. */
        if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
            fprintf(stderr, "bench-vbpl: could not remove %s\n", dir);
    }
    if (failed)
        fprintf(stderr, "bench-vbpl: a read or an import failed or missed "
                        "rows\n");
    return failed;
}
