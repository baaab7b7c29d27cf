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
 * BENCH_KEEP=1 keeps the generated files. BENCH_HUGE=1 also writes a
 * relationships CSV of 4.6 GiB (past 4 GiB: offsets and counts are 64
 * bits), reads it, checks the last row's line and removes it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
    result_t res[8], baseline;
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
    for (int i = 0; i < 8; i++)
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
    start = now();
    for (int json = 0; json < 2; json++) {
        write_documents(path[2 * json], small, json);
        write_documents(path[2 * json + 1], large, json);
        write_relationships(path[4 + 2 * json], 2 * small, small, json);
        write_relationships(path[4 + 2 * json + 1], 2 * large, large, json);
    }
    printf("generated in %.1f s in %s\n", now() - start, dir);
    baseline = measure(NULL, true);
    printf("%-30s peak %6.1f MB\n", "process alone (baseline)",
           (double)baseline.peak_kb / 1024.0);
    for (int i = 0; i < 8; i++) {
        res[i] = measure(path[i], i < 4);
        report(names[i], path[i], res[i]);
        if (res[i].status || res[i].rejected ||
            res[i].rows !=
                (i < 4 ? (i % 2 ? large : small) : 2 * (i % 2 ? large : small)))
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
    if (getenv("BENCH_HUGE") && *getenv("BENCH_HUGE") == '1') {
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
    if (getenv("BENCH_KEEP") && *getenv("BENCH_KEEP") == '1') {
        printf("kept %s\n", dir);
    } else {
        for (int i = 0; i < 8; i++)
            unlink(path[i]);
        rmdir(dir);
    }
    if (failed)
        fprintf(stderr, "bench-vbpl: a read failed or missed rows\n");
    return failed;
}
