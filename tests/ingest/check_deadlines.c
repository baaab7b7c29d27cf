/* Suite "ingest", TCase "deadlines": every deadline form of DESIGN.md
 * section 3 and the variants people write, the year rules, spans, limits,
 * and the deadline column of the sample plan. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "ingest/deadlines.h"
#include "util/util.h"

TCase *ingest_deadlines_tcase(void);

#define MAX_DEADLINES 16

/* Describe the deadlines of the first 'len' bytes of 'text' as "kind
 * start..end recurrence", joined by " | ", after checking their spans. */
static char *describe_n(const char *text, size_t len, int plan_year)
{
    cancu_deadline_t d[MAX_DEADLINES];
    size_t n = cancu_deadlines__parse(text, len, plan_year, d, MAX_DEADLINES);
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    char *result;

    ck_assert_uint_le(n, MAX_DEADLINES);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cancu_strbuf__puts(&buf, " | ");
        cancu_strbuf__puts(&buf, cancu_deadline_kind_name(d[i].kind));
        if (d[i].start[0] || d[i].end[0])
            cancu_strbuf__printf(&buf, " %s..%s", d[i].start, d[i].end);
        if (d[i].recurrence[0])
            cancu_strbuf__printf(&buf, " %s", d[i].recurrence);
        /* Spans are in the text, in order, and do not overlap (the runs
         * of one list share its span). */
        ck_assert_uint_lt(d[i].text_start, d[i].text_end);
        ck_assert_uint_le(d[i].text_end, len);
        if (i && d[i].text_start != d[i - 1].text_start)
            ck_assert_uint_ge(d[i].text_start, d[i - 1].text_end);
    }
    ck_assert(!buf.failed);
    result = strdup(cancu_strbuf__cstr(&buf));
    cancu_strbuf__dispose(&buf);
    ck_assert_ptr_nonnull(result);
    return result;
}

static char *describe(const char *text, int plan_year)
{
    return describe_n(text, strlen(text), plan_year);
}

#define ASSERT_DEADLINES(plan_year, text, expected)                            \
    do {                                                                       \
        char *got_ = describe(text, plan_year);                                \
        ck_assert_msg(strcmp(got_, expected) == 0,                             \
                      "\"%s\" (plan year %d): got \"%s\", want \"%s\"", text,  \
                      plan_year, got_, expected);                              \
        free(got_);                                                            \
    } while (0)

/* Return the words of deadline 'which' of 'text', malloc'd. */
static char *span_of(const char *text, int plan_year, size_t which)
{
    cancu_deadline_t d[MAX_DEADLINES];
    size_t n =
        cancu_deadlines__parse(text, strlen(text), plan_year, d, MAX_DEADLINES);
    char *span;

    ck_assert_uint_gt(n, which);
    span = strndup(text + d[which].text_start,
                   d[which].text_end - d[which].text_start);
    ck_assert_ptr_nonnull(span);
    return span;
}

#define ASSERT_SPAN(text, which, expected)                                     \
    do {                                                                       \
        char *span_ = span_of(text, 2022, which);                              \
        ck_assert_str_eq(span_, expected);                                     \
        free(span_);                                                           \
    } while (0)

#define YEAR_2022 "2022-01-01..2022-12-31"
#define Q1_2022 "within 2022-01-01..2022-03-31"
#define Q4_2022 "within 2022-10-01..2022-12-31"

START_TEST(test_ingest_deadlines__by_a_day)
{
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước 30/6/2022", "by ..2022-06-30");
    ASSERT_DEADLINES(2022, "trước ngày 15/8/2022", "by ..2022-08-15");
    ASSERT_DEADLINES(2022, "Trước ngày 30/01/2022", "by ..2022-01-30");
    ASSERT_DEADLINES(2022, "Trước ngày 28/02/2022", "by ..2022-02-28");
    ASSERT_DEADLINES(2022, "Trước ngày 31-12-2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước ngày 31.12.2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước ngày 31 / 12 / 2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước ngày 31 tháng 12 năm 2021",
                     "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước ngày 5 tháng 3, năm 2022", "by ..2022-03-05");
    ASSERT_DEADLINES(2022, "Trước: 31/12/2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Chậm nhất ngày 15/8/2022", "by ..2022-08-15");
    ASSERT_DEADLINES(2022, "chậm nhất là ngày 15/8/2022", "by ..2022-08-15");
    ASSERT_DEADLINES(2022, "Hạn chót: 30/6/2022", "by ..2022-06-30");
    ASSERT_DEADLINES(2022, "Đến ngày 30/6/2022", "by ..2022-06-30");
    ASSERT_DEADLINES(2022, "Trước ngày 29/2/2024", "by ..2024-02-29");
    ASSERT_DEADLINES(2022, "Trước ngày 29/2/2000", "by ..2000-02-29");
    /* A single day named without "trước" is a period of that day. */
    ASSERT_DEADLINES(2022, "ngày 31 tháng 12 năm 2021",
                     "within 2021-12-31..2021-12-31");
    ASSERT_DEADLINES(2022, "Vào ngày 15/3/2022",
                     "within 2022-03-15..2022-03-15");
    ASSERT_DEADLINES(2022, "15/3/2022", "within 2022-03-15..2022-03-15");
}
END_TEST

START_TEST(test_ingest_deadlines__by_a_period)
{
    /* "Trước" a month, quarter or year means the last day before it. */
    ASSERT_DEADLINES(2022, "Trước tháng 01/2022", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "Trước tháng 3/2024", "by ..2024-02-29");
    ASSERT_DEADLINES(2022, "Trước tháng 3 năm 2023", "by ..2023-02-28");
    ASSERT_DEADLINES(2022, "Trước Quý II/2022", "by ..2022-03-31");
    ASSERT_DEADLINES(2022, "Trước quý I/2022", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "trước Quý 4 năm 2022", "by ..2022-09-30");
    ASSERT_DEADLINES(2022, "Trước năm 2023", "by ..2022-12-31");
    /* "Đến hết" a period means its last day. */
    ASSERT_DEADLINES(2022, "Đến hết năm 2022", "by ..2022-12-31");
    ASSERT_DEADLINES(2022, "đến hết tháng 6/2022", "by ..2022-06-30");
    ASSERT_DEADLINES(2022, "Đến hết Quý III", "by ..2022-09-30");
    ASSERT_DEADLINES(2022, "Chậm nhất trong tháng 2/2023", "by ..2023-02-28");
}
END_TEST

START_TEST(test_ingest_deadlines__quarters)
{
    ASSERT_DEADLINES(2022, "Trong Quý I năm 2022", Q1_2022);
    ASSERT_DEADLINES(2022, "Trong Quý I/2022", Q1_2022);
    ASSERT_DEADLINES(2022, "Quý IV/2023", "within 2023-10-01..2023-12-31");
    ASSERT_DEADLINES(2022, "trong quý III năm 2022",
                     "within 2022-07-01..2022-09-30");
    ASSERT_DEADLINES(2022, "Quý 2/2022", "within 2022-04-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Quý II - 2022", "within 2022-04-01..2022-06-30");
    ASSERT_DEADLINES(2022, "quý I", Q1_2022);
    ASSERT_DEADLINES(2022, "Quý IV", Q4_2022);
    ASSERT_DEADLINES(2022, "Trong quý III\nnăm 2022",
                     "within 2022-07-01..2022-09-30");
    /* In lists and ranges, a run of quarters is one period. */
    ASSERT_DEADLINES(2022, "Quý I và Quý II/2022",
                     "within 2022-01-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Quý I, II năm 2022",
                     "within 2022-01-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Quý I-II/2022", "within 2022-01-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ Quý II đến Quý IV/2022",
                     "within 2022-04-01..2022-12-31");
    ASSERT_DEADLINES(2022, "Quý I và Quý III/2022",
                     Q1_2022 " | within 2022-07-01..2022-09-30");
    ASSERT_DEADLINES(2022, "Quý IV/2022 và Quý I/2023",
                     Q4_2022 " | within 2023-01-01..2023-03-31");
}
END_TEST

START_TEST(test_ingest_deadlines__years_and_months)
{
    ASSERT_DEADLINES(2022, "Trong năm 2022", "within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Năm 2022", "within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Cả năm 2022", "within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Trong năm", "within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Tháng 6/2023", "within 2023-06-01..2023-06-30");
    ASSERT_DEADLINES(2022, "Trong tháng 6 năm 2023",
                     "within 2023-06-01..2023-06-30");
    ASSERT_DEADLINES(2022, "Tháng 6 - 2023", "within 2023-06-01..2023-06-30");
    ASSERT_DEADLINES(2022, "tháng 12", "within 2022-12-01..2022-12-31");
    ASSERT_DEADLINES(2022, "Tháng 01/2022", "within 2022-01-01..2022-01-31");
    ASSERT_DEADLINES(2022, "tháng 4/2022", "within 2022-04-01..2022-04-30");
    /* Months have their own lengths, and leap years count. */
    ASSERT_DEADLINES(2022, "tháng 2/2024", "within 2024-02-01..2024-02-29");
    ASSERT_DEADLINES(2022, "tháng 2/2023", "within 2023-02-01..2023-02-28");
    ASSERT_DEADLINES(2022, "tháng 2/2000", "within 2000-02-01..2000-02-29");
    ASSERT_DEADLINES(2022, "tháng 2/1900", "within 1900-02-01..1900-02-28");
    ASSERT_DEADLINES(2022, "Tháng 3, 4 và 5/2022",
                     "within 2022-03-01..2022-05-31");
    ASSERT_DEADLINES(2022, "tháng 3-6/2022", "within 2022-03-01..2022-06-30");
    /* A cell that is only a year, or a range of years. */
    ASSERT_DEADLINES(2025, "2026", "within 2026-01-01..2026-12-31");
    ASSERT_DEADLINES(2025, " 2025 - 2035 ", "within 2025-01-01..2035-12-31");
    ASSERT_DEADLINES(2025, "2026–2030", "within 2026-01-01..2030-12-31");
    ASSERT_DEADLINES(2025, "2030 - 2026", "");
    ASSERT_DEADLINES(2025, "2026 người", "");
}
END_TEST

START_TEST(test_ingest_deadlines__halves_and_ranges)
{
    ASSERT_DEADLINES(2022, "6 tháng đầu năm 2023",
                     "within 2023-01-01..2023-06-30");
    ASSERT_DEADLINES(2022, "6 tháng cuối năm", "within 2022-07-01..2022-12-31");
    ASSERT_DEADLINES(2022, "Trong 6 tháng cuối năm 2023",
                     "within 2023-07-01..2023-12-31");
    ASSERT_DEADLINES(2022, "9 tháng đầu năm", "within 2022-01-01..2022-09-30");
    ASSERT_DEADLINES(2022, "Từ tháng 3 đến tháng 6/2022",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ tháng 3/2022 đến tháng 6",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ tháng 11 đến tháng 2/2023",
                     "within 2022-11-01..2023-02-28");
    ASSERT_DEADLINES(2022, "Từ tháng 11/2022 đến tháng 2/2023",
                     "within 2022-11-01..2023-02-28");
    ASSERT_DEADLINES(2022, "Tháng 12/2022 - Tháng 3/2023",
                     "within 2022-12-01..2023-03-31");
    ASSERT_DEADLINES(2022, "Từ ngày 01/3/2022 đến ngày 30/6/2022",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ 01/3 đến 30/6/2022",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ ngày 15/12 đến ngày 15/1/2023",
                     "within 2022-12-15..2023-01-15");
    ASSERT_DEADLINES(2022, "từ ngày 01/3 đến ngày 30/6",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "Từ năm 2021 đến năm 2025",
                     "within 2021-01-01..2025-12-31");
    ASSERT_DEADLINES(2022, "giai đoạn 2021-2025",
                     "within 2021-01-01..2025-12-31");
    ASSERT_DEADLINES(2022, "Giai đoạn 2021 – 2025",
                     "within 2021-01-01..2025-12-31");
    ASSERT_DEADLINES(2022, "năm 2021-2025", "within 2021-01-01..2025-12-31");
}
END_TEST

START_TEST(test_ingest_deadlines__recurring)
{
    ASSERT_DEADLINES(2022, "Thường xuyên trong năm",
                     "recurring " YEAR_2022 " continuous");
    ASSERT_DEADLINES(2022, "Thường xuyên",
                     "recurring " YEAR_2022 " continuous");
    ASSERT_DEADLINES(2022, "Thường xuyên, liên tục",
                     "recurring " YEAR_2022 " continuous");
    ASSERT_DEADLINES(2022, "Thường xuyên trong năm 2023",
                     "recurring 2023-01-01..2023-12-31 continuous");
    ASSERT_DEADLINES(2022, "Hằng năm", "recurring " YEAR_2022 " yearly");
    ASSERT_DEADLINES(2022, "Hàng năm", "recurring " YEAR_2022 " yearly");
    ASSERT_DEADLINES(2022, "Định kỳ hằng quý",
                     "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "hàng quý", "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "Mỗi quý", "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "Hằng tháng", "recurring " YEAR_2022 " monthly");
    ASSERT_DEADLINES(2022, "hàng tháng", "recurring " YEAR_2022 " monthly");
    ASSERT_DEADLINES(2022, "Định kỳ hằng quý năm 2023",
                     "recurring 2023-01-01..2023-12-31 quarterly");
    ASSERT_DEADLINES(2022, "Trước ngày 15 hằng tháng",
                     "recurring " YEAR_2022 " monthly");
    ASSERT_DEADLINES(2022, "trước ngày 20 hàng quý",
                     "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "Trước ngày 20/12 hằng năm",
                     "recurring " YEAR_2022 " yearly");
    /* Weekly and daily work is continuous; "Định kỳ" alone says no
     * period. */
    ASSERT_DEADLINES(2022, "Hằng tuần", "recurring " YEAR_2022 " continuous");
    ASSERT_DEADLINES(2022, "Định kỳ", "recurring " YEAR_2022);
}
END_TEST

START_TEST(test_ingest_deadlines__conditional_and_external)
{
    ASSERT_DEADLINES(2022, "Sau khi có thông báo bằng văn bản của Bộ Tư pháp",
                     "conditional");
    ASSERT_DEADLINES(2022,
                     "Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và "
                     "cơ quan cấp trên",
                     "conditional");
    ASSERT_DEADLINES(2022, "Sau khi được phê duyệt", "conditional");
    ASSERT_DEADLINES(2022, "Ngay sau khi có quyết định", "conditional");
    ASSERT_DEADLINES(2022, "Khi có yêu cầu", "conditional");
    ASSERT_DEADLINES(2022, "Theo Kế hoạch", "external");
    ASSERT_DEADLINES(2022, "Theo văn bản hướng dẫn của Sở Nội vụ", "external");
    ASSERT_DEADLINES(2022, "Theo thời gian quy định của Bộ Nội vụ", "external");
    ASSERT_DEADLINES(2022, "Theo yêu cầu", "external");
    ASSERT_DEADLINES(2022, "Theo lộ trình", "external");
    ASSERT_DEADLINES(2022, "Theo đúng quy định", "external");
    ASSERT_DEADLINES(2022, "Lồng ghép trong báo cáo CCHC", "external");
    /* Dates in the documents they name are not deadlines... */
    ASSERT_DEADLINES(2022, "Theo Kế hoạch số 12/KH-UBND ngày 15/3/2022",
                     "external");
    ASSERT_DEADLINES(2022, "Theo Kế hoạch năm 2022", "external");
    ASSERT_DEADLINES(2022, "Theo văn bản hướng dẫn của Sở Nội vụ theo quy định",
                     "external");
    /* ...but deadlines after them, or after a separator, are their own. */
    ASSERT_DEADLINES(2022, "Theo Kế hoạch, Năm 2022",
                     "external | within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Theo Kế hoạch trong năm 2022",
                     "external | within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Sau khi được phê duyệt, trước ngày 30/6/2022",
                     "conditional | by ..2022-06-30");
    ASSERT_DEADLINES(2022, "Theo Kế hoạch; Theo yêu cầu",
                     "external | external");
    ASSERT_DEADLINES(2022, "Theo Kế hoạch và theo yêu cầu",
                     "external | external");
    ASSERT_DEADLINES(2022, "Theo yêu cầu, sau khi có hướng dẫn",
                     "external | conditional");
}
END_TEST

START_TEST(test_ingest_deadlines__several_in_one_cell)
{
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021 Trong Quý IV năm 2022",
                     "by ..2021-12-31 | " Q4_2022);
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021; Năm 2022",
                     "by ..2021-12-31 | within " YEAR_2022);
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021, Quý I/2022",
                     "by ..2021-12-31 | " Q1_2022);
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021\nQuý I/2022",
                     "by ..2021-12-31 | " Q1_2022);
    ASSERT_DEADLINES(2022, "Trước ngày 31/12/2021 và Quý I/2022",
                     "by ..2021-12-31 | " Q1_2022);
    ASSERT_DEADLINES(2022, "Tháng 6/2023 Quý I/2024",
                     "within 2023-06-01..2023-06-30 | "
                     "within 2024-01-01..2024-03-31");
    ASSERT_DEADLINES(2022, "Thường xuyên; báo cáo trước ngày 15 hằng tháng",
                     "recurring " YEAR_2022 " continuous | recurring " YEAR_2022
                     " monthly");
    ASSERT_DEADLINES(2022, "Sau khi có thông báo của Bộ; Trong Quý IV/2022",
                     "conditional | " Q4_2022);
}
END_TEST

START_TEST(test_ingest_deadlines__spans)
{
    const char *two = "Trước ngày 31/12/2021 Trong Quý IV năm 2022";

    ASSERT_DEADLINES(2022, "Ban hành kế hoạch trước 31/12/2021",
                     "by ..2021-12-31");
    ASSERT_SPAN("Ban hành kế hoạch trước 31/12/2021", 0, "trước 31/12/2021");
    ASSERT_SPAN(two, 0, "Trước ngày 31/12/2021");
    ASSERT_SPAN(two, 1, "Trong Quý IV năm 2022");
    ASSERT_SPAN("Báo cáo: Quý I và Quý II/2022.", 0, "Quý I và Quý II/2022");
    /* Open deadlines run to the next one or the next separator, without
     * trailing punctuation. */
    ASSERT_SPAN("Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và "
                "cơ quan cấp trên.",
                0,
                "Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và "
                "cơ quan cấp trên");
    ASSERT_SPAN("Theo Kế hoạch;  Theo yêu cầu ", 0, "Theo Kế hoạch");
    ASSERT_SPAN("Theo Kế hoạch;  Theo yêu cầu ", 1, "Theo yêu cầu");
    ASSERT_SPAN("Theo Kế hoạch, Năm 2022", 0, "Theo Kế hoạch");
    ASSERT_SPAN("Theo Kế hoạch số 12/KH-UBND ngày 15/3/2022", 0,
                "Theo Kế hoạch số 12/KH-UBND ngày 15/3/2022");
    ASSERT_SPAN("Lồng ghép trong báo cáo CCHC\tx", 0,
                "Lồng ghép trong báo cáo CCHC");
}
END_TEST

START_TEST(test_ingest_deadlines__accents_and_case_are_optional)
{
    ASSERT_DEADLINES(2022, "truoc ngay 31/12/2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "TRƯỚC NGÀY 31-12-2021", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "QUÝ I/2022", Q1_2022);
    ASSERT_DEADLINES(2022, "trong quy III nam 2022",
                     "within 2022-07-01..2022-09-30");
    ASSERT_DEADLINES(2022, "TRONG QUÝ iv NĂM 2022", Q4_2022);
    ASSERT_DEADLINES(2022, "truoc thang 01/2022", "by ..2021-12-31");
    ASSERT_DEADLINES(2022, "tu thang 3 den thang 6/2022",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(2022, "6 thang cuoi nam 2023",
                     "within 2023-07-01..2023-12-31");
    ASSERT_DEADLINES(2022, "thuong xuyen trong nam",
                     "recurring " YEAR_2022 " continuous");
    ASSERT_DEADLINES(2022, "DINH KY HANG QUY",
                     "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "ĐỊNH KỲ HẰNG QUÝ",
                     "recurring " YEAR_2022 " quarterly");
    ASSERT_DEADLINES(2022, "sau khi co thong bao", "conditional");
    ASSERT_DEADLINES(2022, "theo ke hoach", "external");
    ASSERT_DEADLINES(2022, "long ghep trong bao cao", "external");
    /* Decomposed (NFD) accents are read, and so is the Icelandic eth that
     * some converters write for Đ. */
    ASSERT_DEADLINES(2022,
                     "Tr\x75\xcc\x9b\x6f\xcc\x9b\xcc\x81"
                     "c nga\xcc\x80y 31/12/2021",
                     "by ..2021-12-31");
    ASSERT_DEADLINES(2022,
                     "\xc3\x90\xe1\xbb\x8bnh k\xe1\xbb\xb3 h\xc3\xa0ng "
                     "qu\xc3\xbd",
                     "recurring " YEAR_2022 " quarterly");
}
END_TEST

START_TEST(test_ingest_deadlines__impossible_dates_give_nothing)
{
    ASSERT_DEADLINES(2022, "Trước ngày 31/2/2022", "");
    ASSERT_DEADLINES(2022, "Trước ngày 29/2/2023", "");
    ASSERT_DEADLINES(2022, "Trước ngày 29/2/1900", "");
    ASSERT_DEADLINES(2022, "Trước ngày 31/4/2022", "");
    ASSERT_DEADLINES(2022, "Trước ngày 32/1/2022", "");
    ASSERT_DEADLINES(2022, "Trước ngày 0/1/2022", "");
    /* The phrase is not read again as a month or a year. */
    ASSERT_DEADLINES(2022, "Trước ngày 31 tháng 2 năm 2022", "");
    ASSERT_DEADLINES(2022, "ngày 30/02/2022", "");
    ASSERT_DEADLINES(2022, "tháng 13/2022", "");
    ASSERT_DEADLINES(2022, "Trước tháng 0/2022", "");
    ASSERT_DEADLINES(2022, "Quý 5/2022", "");
    ASSERT_DEADLINES(2022, "Quý 0/2022", "");
    ASSERT_DEADLINES(2022, "Từ ngày 30/6/2022 đến ngày 01/3/2022", "");
    ASSERT_DEADLINES(2022, "Từ ngày 01/3/2022 đến ngày 31/6/2022", "");
    ASSERT_DEADLINES(2022, "Từ năm 2025 đến năm 2021", "");
    ASSERT_DEADLINES(2022, "Trước ngày 35 hằng tháng", "");
    ASSERT_DEADLINES(2022, "Trước ngày 31/2 hằng năm", "");
    /* The other deadlines of the cell stay. */
    ASSERT_DEADLINES(2022, "Trước ngày 31/2/2022; Quý I/2022", Q1_2022);
}
END_TEST

START_TEST(test_ingest_deadlines__nothing_recognisable)
{
    ASSERT_DEADLINES(2022, "", "");
    ASSERT_DEADLINES(2022, "Văn phòng", "");
    ASSERT_DEADLINES(2022, "Kế hoạch", "");
    ASSERT_DEADLINES(2022, "Nghị định số 45/2020/NĐ-CP", "");
    ASSERT_DEADLINES(2022, "quy định chức năng", "");
    ASSERT_DEADLINES(2022, "3/4 số phòng", "");
    ASSERT_DEADLINES(2022, "Trước ngày 15/8/22", "");
    /* A school year is not a plan's year. */
    ASSERT_DEADLINES(2022, "Trong năm học 2022-2023", "");
    ck_assert_uint_eq(cancu_deadlines__parse(NULL, 0, 2022, NULL, 0), 0);
}
END_TEST

START_TEST(test_ingest_deadlines__year_comes_from_plan_year)
{
    ASSERT_DEADLINES(2022, "quý I", Q1_2022);
    ASSERT_DEADLINES(2025, "quý I", "within 2025-01-01..2025-03-31");
    ASSERT_DEADLINES(2023, "tháng 12", "within 2023-12-01..2023-12-31");
    ASSERT_DEADLINES(2024, "Trước ngày 15/8", "by ..2024-08-15");
    ASSERT_DEADLINES(2024, "Trước ngày 29/2", "by ..2024-02-29");
    ASSERT_DEADLINES(2022, "Trước tháng 01", "by ..2021-12-31");
    ASSERT_DEADLINES(2023, "Trước Quý I", "by ..2022-12-31");
    ASSERT_DEADLINES(2030, "Thường xuyên trong năm",
                     "recurring 2030-01-01..2030-12-31 continuous");
    ASSERT_DEADLINES(2030, "Trước ngày 15 hằng tháng",
                     "recurring 2030-01-01..2030-12-31 monthly");
    ASSERT_DEADLINES(2023, "6 tháng cuối năm", "within 2023-07-01..2023-12-31");
    ASSERT_DEADLINES(2023, "Trong năm", "within 2023-01-01..2023-12-31");
    /* A year in the text wins over the plan's. */
    ASSERT_DEADLINES(2030, "Quý I/2022", Q1_2022);
    ASSERT_DEADLINES(2030, "Trước ngày 31/12/2021", "by ..2021-12-31");
    /* The plan's year can make a date with no year impossible. */
    ASSERT_DEADLINES(2023, "Trước ngày 29/2", "");
}
END_TEST

START_TEST(test_ingest_deadlines__unknown_plan_year_gives_no_interval)
{
    ASSERT_DEADLINES(0, "quý I", "within");
    ASSERT_DEADLINES(0, "tháng 12", "within");
    ASSERT_DEADLINES(0, "Trước ngày 15/8", "by");
    ASSERT_DEADLINES(0, "Trước ngày 29/2", "by");
    ASSERT_DEADLINES(0, "Trước tháng 01", "by");
    ASSERT_DEADLINES(0, "Trong năm", "within");
    ASSERT_DEADLINES(0, "6 tháng cuối năm", "within");
    ASSERT_DEADLINES(0, "Từ tháng 3 đến tháng 6", "within");
    ASSERT_DEADLINES(0, "Thường xuyên trong năm", "recurring continuous");
    ASSERT_DEADLINES(0, "Trước ngày 15 hằng tháng", "recurring monthly");
    ASSERT_DEADLINES(0, "Hằng quý", "recurring quarterly");
    /* Dates with a year keep their interval. */
    ASSERT_DEADLINES(0, "Quý I/2022", Q1_2022);
    ASSERT_DEADLINES(0, "Trước ngày 31/12/2021", "by ..2021-12-31");
    ASSERT_DEADLINES(0, "Từ 01/3 đến 30/6/2022",
                     "within 2022-03-01..2022-06-30");
    ASSERT_DEADLINES(0, "Thường xuyên trong năm 2022",
                     "recurring " YEAR_2022 " continuous");
    /* Years that no plan can have count as unknown. */
    ASSERT_DEADLINES(-5, "quý I", "within");
    ASSERT_DEADLINES(123456, "quý I", "within");
}
END_TEST

START_TEST(test_ingest_deadlines__cap_and_kind_names)
{
    const char *two = "Trước ngày 31/12/2021 Trong Quý IV năm 2022";
    cancu_deadline_t d[2], untouched;

    memset(d, 0x5A, sizeof d);
    memset(&untouched, 0x5A, sizeof untouched);
    ck_assert_uint_eq(cancu_deadlines__parse(two, strlen(two), 2022, d, 1), 2);
    ck_assert_int_eq(d[0].kind, CANCU_DEADLINE_BY);
    ck_assert_str_eq(d[0].end, "2021-12-31");
    ck_assert_str_eq(d[0].start, "");
    ck_assert_str_eq(d[0].recurrence, "");
    ck_assert(memcmp(&d[1], &untouched, sizeof untouched) == 0);
    ck_assert_uint_eq(cancu_deadlines__parse(two, strlen(two), 2022, NULL, 0),
                      2);
    /* Only 'len' bytes are read. */
    {
        char *got = describe_n(two, strlen("Trước ngày 31/12/2021"), 2022);

        ck_assert_str_eq(got, "by ..2021-12-31");
        free(got);
    }
    ck_assert_str_eq(cancu_deadline_kind_name(CANCU_DEADLINE_BY), "by");
    ck_assert_str_eq(cancu_deadline_kind_name(CANCU_DEADLINE_WITHIN), "within");
    ck_assert_str_eq(cancu_deadline_kind_name(CANCU_DEADLINE_RECURRING),
                     "recurring");
    ck_assert_str_eq(cancu_deadline_kind_name(CANCU_DEADLINE_CONDITIONAL),
                     "conditional");
    ck_assert_str_eq(cancu_deadline_kind_name(CANCU_DEADLINE_EXTERNAL),
                     "external");
    ck_assert_str_eq(cancu_deadline_kind_name((cancu_deadline_kind_t)0),
                     "unknown");
}
END_TEST

START_TEST(test_ingest_deadlines__bytes_not_utf8_read_as_spaces)
{
    const char *text = "Trước ngày 31/12/2021 \xff\xfe Quý I/2022 \xc3";

    ASSERT_DEADLINES(2022, text, "by ..2021-12-31 | " Q1_2022);
    ASSERT_SPAN(text, 1, "Quý I/2022");
    ASSERT_DEADLINES(2022, "Quý\xc3I/2022", Q1_2022);
}
END_TEST

/* Return 'reps' copies of 'unit', each padded with spaces to 'width'. */
static char *repeat(const char *unit, size_t width, size_t reps)
{
    char *text = malloc(width * reps + 1);

    ck_assert_ptr_nonnull(text);
    ck_assert_uint_le(strlen(unit), width);
    memset(text, ' ', width * reps);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * width, unit, strlen(unit));
    text[width * reps] = '\0';
    return text;
}

START_TEST(test_ingest_deadlines__long_and_hostile_text)
{
    size_t reps = 20000, width = 32, len = reps * width;
    char *text = repeat("Trước ngày 31/12/2021;", width, reps);
    cancu_deadline_t d[4];

    ck_assert_uint_eq(cancu_deadlines__parse(text, len, 2022, d, 4), reps);
    ck_assert_uint_eq(d[3].text_start, 3 * width);
    free(text);
    /* Long lists, open phrases that run on, digits and slashes end. */
    text = repeat("Quý I và Quý II và", width, reps);
    ck_assert_uint_gt(cancu_deadlines__parse(text, len, 2022, NULL, 0), 0);
    free(text);
    text = repeat("Theo Kế hoạch năm 2022", width, reps);
    ck_assert_uint_eq(cancu_deadlines__parse(text, len, 2022, NULL, 0), 1);
    free(text);
    text = repeat("1/", 2, len / 2);
    ck_assert_uint_eq(cancu_deadlines__parse(text, len, 2022, NULL, 0), 0);
    free(text);
}
END_TEST

/* These are the sample plan's "Thời gian thực hiện" cells (plan year
 * 2022), as the table gives them once the rows that page breaks split are
 * joined. */
static const struct {
    const char *cell;
    const char *expected;
} sample_cells[] = {
    {"Sau khi có thông báo bằng văn bản của Bộ Tư pháp", "conditional"},
    {"Trước ngày 31/12/2021 Trong Quý IV năm 2022",
     "by ..2021-12-31 | " Q4_2022},
    {"Trước ngày 30/01/2022", "by ..2022-01-30"},
    {"Trong năm 2022", "within " YEAR_2022},
    {"Trước ngày 31/12/2021", "by ..2021-12-31"},
    {"Theo Kế hoạch", "external"},
    {"Trước tháng 01/2022", "by ..2021-12-31"},
    {"Trước ngày 15/8/2022", "by ..2022-08-15"},
    {"Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp "
     "trên",
     "conditional"},
    {"Thường xuyên trong năm", "recurring " YEAR_2022 " continuous"},
    {"Trong Quý I năm 2022", Q1_2022},
    {"Trong Quý IV năm 2022", Q4_2022},
    {"Trong quý III năm 2022", "within 2022-07-01..2022-09-30"},
    {"Trước 31/01/2022", "by ..2022-01-31"},
    {"Trước 30/6/2022", "by ..2022-06-30"},
    {"Trước ngày 28/02/2022", "by ..2022-02-28"},
    {"Năm 2022", "within " YEAR_2022},
    {"Ban hành kế hoạch trước 31/12/2021", "by ..2021-12-31"},
    {"Lồng ghép trong báo cáo CCHC", "external"},
    {"Theo văn bản hướng dẫn của Sở Nội vụ", "external"},
    {"Theo thời gian quy định của Bộ Nội vụ", "external"},
    {"Trong Quý I/2022", Q1_2022},
    {"Trong Quý IV/2022", Q4_2022},
};

#define SAMPLE_CELLS (sizeof sample_cells / sizeof sample_cells[0])
#define DEADLINE_COLUMN 7

/* Return field 'column' of the tab-separated 'line' (of 'len' bytes),
 * malloc'd, or NULL when the line has fewer fields. */
static char *field(const char *line, size_t len, int column)
{
    const char *p = line, *end = line + len, *tab;

    for (int c = 0; c < column; c++) {
        tab = memchr(p, '\t', (size_t)(end - p));
        if (!tab)
            return NULL;
        p = tab + 1;
    }
    tab = memchr(p, '\t', (size_t)(end - p));
    return strndup(p, (size_t)((tab ? tab : end) - p));
}

START_TEST(test_ingest_deadlines__sample_plan_deadline_column)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    char *text = test_read_file(path, NULL), *cells[64];
    const char *line = text;
    size_t ncells = 0;
    bool seen[SAMPLE_CELLS] = {false}, after_header = false;
    ptrdiff_t last = -1; /* This is the last row's cell, or -1. */

    /* Read the deadline column. A row right after a repeated header with
     * no number goes on with the row before the page break. */
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char *first = field(line, len, 0);
        char *cell = field(line, len, DEADLINE_COLUMN);

        if (cell && strcmp(first, "STT") == 0) {
            after_header = true;
        } else if (cell) {
            if (after_header && !*first && last >= 0 && *cell) {
                size_t n = strlen(cells[last]) + strlen(cell) + 2;
                char *joined = malloc(n);

                ck_assert_ptr_nonnull(joined);
                snprintf(joined, n, "%s %s", cells[last], cell);
                free(cells[last]);
                cells[last] = joined;
            } else if (*cell) {
                ck_assert_uint_lt(ncells, 64);
                last = (ptrdiff_t)ncells;
                cells[ncells++] = strdup(cell);
            } else if (!(after_header && !*first)) {
                last = -1;
            }
            after_header = false;
        }
        free(first);
        free(cell);
        line += len + (nl != NULL);
    }
    ck_assert_uint_ge(ncells, SAMPLE_CELLS);
    for (size_t i = 0; i < ncells; i++) {
        size_t k = 0;

        while (k < SAMPLE_CELLS && strcmp(sample_cells[k].cell, cells[i]))
            k++;
        ck_assert_msg(k < SAMPLE_CELLS, "cell not listed: \"%s\"", cells[i]);
        seen[k] = true;
        free(cells[i]);
    }
    for (size_t k = 0; k < SAMPLE_CELLS; k++) {
        ck_assert_msg(seen[k], "cell not in the plan: \"%s\"",
                      sample_cells[k].cell);
        ASSERT_DEADLINES(2022, sample_cells[k].cell, sample_cells[k].expected);
    }
    free(text);
    free(path);
}
END_TEST

/* Describe the deadlines of 'text' read in a plan of the years 'first'
 * to 'last' (the plan's year is 'first'), with each recurrence's rule. */
static char *describe_in(const char *text, int first, int last)
{
    cancu_plan_time_t plan = {first, first, last};
    cancu_deadline_t d[MAX_DEADLINES];
    size_t n =
        cancu_deadlines__parse_in(text, strlen(text), &plan, d, MAX_DEADLINES);
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    char *result;

    ck_assert_uint_le(n, MAX_DEADLINES);
    for (size_t i = 0; i < n; i++) {
        char rule[64];

        cancu_deadlines__rule(&d[i], rule, sizeof rule);
        if (i)
            cancu_strbuf__puts(&buf, " | ");
        cancu_strbuf__puts(&buf, cancu_deadline_kind_name(d[i].kind));
        if (d[i].start[0] || d[i].end[0])
            cancu_strbuf__printf(&buf, " %s..%s", d[i].start, d[i].end);
        if (*rule)
            cancu_strbuf__printf(&buf, " %s", rule);
    }
    result = strdup(cancu_strbuf__cstr(&buf));
    cancu_strbuf__dispose(&buf);
    ck_assert_ptr_nonnull(result);
    return result;
}

#define ASSERT_IN(first, last, text, expected)                                 \
    do {                                                                       \
        char *got_ = describe_in(text, first, last);                           \
        ck_assert_msg(strcmp(got_, expected) == 0,                             \
                      "\"%s\" (plan %d-%d): got \"%s\", want \"%s\"", text,    \
                      first, last, got_, expected);                            \
        free(got_);                                                            \
    } while (0)

#define P2026 "2026-01-01..2026-12-31"
#define P2030 "2026-01-01..2030-12-31"

START_TEST(test_ingest_deadlines__a_citation_date_is_no_deadline)
{
    ASSERT_IN(2026, 2026,
              "Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của "
              "Chính phủ cơ sở dữ liệu quốc gia về pháp luật",
              "external");
    ASSERT_IN(2026, 2026,
              "Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày "
              "25/9/2025 của Chủ tịch UBND tỉnh",
              "external");
    ASSERT_IN(2026, 2026,
              "Theo các mốc thời gian tại Phương án số 7178/PA-UBND ngày "
              "14/11/2025 của UBND tỉnh",
              "external");
    /* Outside a "Theo ...", the citation's date is not one either. */
    ASSERT_IN(2026, 2026,
              "Thực hiện Kế hoạch số 9669/KH-UBND ngày 24/12/2025, trước "
              "ngày 30/6/2026",
              "by ..2026-06-30");
    ASSERT_IN(2026, 2026, "Nghị định 52/2015/NĐ-CP ngày 28 tháng 5 năm 2015",
              "");
}
END_TEST

START_TEST(test_ingest_deadlines__relative_periods)
{
    /* Each month's, by the 5th of the next. */
    ASSERT_IN(2026, 2026, "Trước ngày 05 của tháng liền kề",
              "recurring " P2026 " monthly:day=5,next-month");
    ASSERT_IN(2026, 2030, "Trước ngày 05 của tháng liền kề",
              "recurring " P2030 " monthly:day=5,next-month");
    ASSERT_IN(2026, 2026, "Trước ngày 10 của quý liền kề",
              "recurring " P2026 " quarterly:day=10,next-quarter");
    ASSERT_IN(2026, 2026, "Trước ngày 15 tháng sau",
              "recurring " P2026 " monthly:day=15,next-month");
    /* The next year is the plan's next; in a plan of several years it is
     * each year's. */
    ASSERT_IN(2026, 2026, "Trước ngày 31/01 năm liền kề", "by ..2027-01-31");
    ASSERT_IN(2026, 2030, "Trước ngày 31/01 năm liền kề",
              "recurring " P2030 " yearly:day=31,month=1,next-year");
    ASSERT_IN(2026, 2026,
              "Ban hành kế hoạch chậm nhất là ngày 31/12 năm trước liền kề "
              "và tổ chức mở lớp theo kế hoạch đề ra.",
              "by ..2025-12-31 | external");
    ASSERT_IN(2026, 2030,
              "Ban hành kế hoạch chậm nhất là ngày 31/12 năm trước liền kề "
              "và tổ chức mở lớp theo kế hoạch đề ra.",
              "recurring " P2030
              " yearly:day=31,month=12,previous-year | external");
    ASSERT_IN(2026, 2026, "Quý I năm sau", "within 2027-01-01..2027-03-31");
    ASSERT_IN(2026, 2026, "Trong tháng 3 năm liền kề",
              "within 2027-03-01..2027-03-31");
    ASSERT_IN(2026, 2026, "Trong năm sau", "within 2027-01-01..2027-12-31");
    ASSERT_IN(2022, 2022, "Trong năm tới", "within 2023-01-01..2023-12-31");
    ASSERT_IN(2026, 2026, "hằng tháng", "recurring " P2026 " monthly");
    ASSERT_IN(2026, 2026, "hằng quý", "recurring " P2026 " quarterly");
    ASSERT_IN(2026, 2026, "Cuối năm", "by ..2026-12-31");
    ASSERT_IN(2026, 2026, "6 tháng cuối năm", "within 2026-07-01..2026-12-31");
    /* Yearly rules of a month. */
    ASSERT_IN(2026, 2030, "Ban hành kế hoạch trong tháng 01 hằng năm",
              "recurring " P2030 " yearly:month=1");
    ASSERT_IN(2025, 2025, "Tháng 12 hằng năm",
              "recurring 2025-01-01..2025-12-31 yearly:month=12");
    ASSERT_IN(2026, 2030,
              "Ban hành kế hoạch trong tháng 01 hằng năm; tổ chức kiểm tra "
              "chậm nhất trong tháng 6 hằng năm và báo cáo chậm nhất trong "
              "tháng 8 hằng năm",
              "recurring " P2030 " yearly:month=1 | recurring " P2030
              " yearly:by-end-of-month=6 | recurring " P2030
              " yearly:by-end-of-month=8");
}
END_TEST

START_TEST(test_ingest_deadlines__the_forms_of_real_cells)
{
    ASSERT_IN(2026, 2026,
              "Thực hiện thường xuyên khi có yêu cầu của bộ, "
              "ngành Trung ương.",
              "conditional");
    ASSERT_IN(2026, 2026,
              "Báo cáo định kỳ theo thời gian quy định; thực hiện thường "
              "xuyên trong năm",
              "external | recurring " P2026 " continuous");
    ASSERT_IN(2026, 2030,
              "Theo Kế hoạch rà soát, đánh giá thủ tục hành chính hằng năm "
              "của tỉnh",
              "external");
    ASSERT_IN(2026, 2030, "Bắt đầu thực hiện từ năm 2026", "undecided");
    ASSERT_IN(2025, 2030, "Bắt đầu triển khai từ năm 2026", "undecided");
    ASSERT_IN(2026, 2030, "Hằng năm và giai đoạn",
              "recurring " P2030 " yearly | within " P2030);
    ASSERT_IN(2025, 2025, "Quí IV-2025", "within 2025-10-01..2025-12-31");
    ASSERT_IN(2026, 2026, "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1",
              "within 2026-01-23..2026-01-23");
    /* With no period stated, recurring work has no span. */
    ASSERT_IN(2025, 0, "Thường xuyên, hằng năm",
              "recurring continuous | recurring yearly");
    ASSERT_IN(0, 0, "Hằng năm.", "recurring yearly");
}
END_TEST

/* Describe the plan time found in a title, a date and a date line. */
static void assert_plan_time(const char *title, const char *date,
                             const char *line, int year, int first, int last)
{
    cancu_plan_time_t t;

    cancu_deadlines__plan_time(title, date, line, &t);
    ck_assert_msg(t.year == year && t.first == first && t.last == last,
                  "\"%s\" / \"%s\" / \"%s\": got %d %d-%d, want %d %d-%d",
                  title, date, line, t.year, t.first, t.last, year, first,
                  last);
}

START_TEST(test_ingest_deadlines__plan_time_never_from_the_clock)
{
    assert_plan_time("Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng",
                     "2025-12", "", 2026, 2026, 2026);
    assert_plan_time("Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của "
                     "tỉnh Lâm Đồng",
                     "", "Lâm Đồng, ngày       tháng 3 năm 2026", 2026, 2026,
                     2030);
    /* A draft's date line with the day and month left blank. */
    assert_plan_time("Kế hoạch kiểm tra", "",
                     "Lâm Đồng, ngày         tháng        năm 2026", 2026, 0,
                     0);
    assert_plan_time("Thực hiện lộ trình đổi mới công nghệ đến năm 2035",
                     "2025-11-19", "", 2025, 2025, 2035);
    assert_plan_time("", "2025-12-01", "", 2025, 0, 0);
    assert_plan_time("", "", "", 0, 0, 0);
    /* A date in a title is a cited document's, not the plan's year. */
    assert_plan_time("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG "
                     "NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ",
                     "2025-11-19", "", 2025, 0, 0);
    assert_plan_time("Kế hoạch thực hiện Nghị quyết số 57-NQ/TW ngày 22 "
                     "tháng 12 năm 2024 trong năm 2026",
                     "2025-11-19", "", 2026, 2026, 2026);
}
END_TEST

/* The occurrences of the one recurring deadline of 'text'. */
static size_t occurrences_of(const char *text, int first, int last,
                             cancu_occurrence_t *when, size_t cap)
{
    cancu_plan_time_t plan = {first, first, last};
    cancu_deadline_t d[4];

    ck_assert_uint_eq(
        cancu_deadlines__parse_in(text, strlen(text), &plan, d, 4), 1);
    return cancu_deadlines__occurrences(&d[0], first, when, cap);
}

START_TEST(test_ingest_deadlines__occurrences_of_recurring_work)
{
    cancu_occurrence_t w[64];
    size_t n;

    n = occurrences_of("Trước ngày 05 của tháng liền kề", 2026, 2026, w, 64);
    ck_assert_uint_eq(n, 12);
    ck_assert_str_eq(w[0].start, "");
    ck_assert_str_eq(w[0].end, "2026-02-05");
    ck_assert_str_eq(w[1].end, "2026-03-05");
    ck_assert_str_eq(w[11].end, "2027-01-05");
    n = occurrences_of("Định kỳ hằng quý", 2026, 2026, w, 64);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(w[0].start, "2026-01-01");
    ck_assert_str_eq(w[0].end, "2026-03-31");
    ck_assert_str_eq(w[3].end, "2026-12-31");
    n = occurrences_of("Định kỳ hằng tháng", 2026, 2026, w, 64);
    ck_assert_uint_eq(n, 12);
    ck_assert_str_eq(w[1].start, "2026-02-01");
    ck_assert_str_eq(w[1].end, "2026-02-28");
    n = occurrences_of("Trước ngày 31 hằng tháng", 2026, 2026, w, 64);
    ck_assert_uint_eq(n, 12);
    ck_assert_str_eq(w[1].end, "2026-02-28");
    n = occurrences_of("chậm nhất trong tháng 6 hằng năm", 2026, 2030, w, 64);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(w[0].end, "2026-06-30");
    ck_assert_str_eq(w[4].end, "2030-06-30");
    n = occurrences_of("Trước ngày 31/01 năm liền kề", 2026, 2030, w, 64);
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(w[0].end, "2027-01-31");
    ck_assert_str_eq(w[4].end, "2031-01-31");
    /* Continuous work has none; with no span, the plan's year. */
    ck_assert_uint_eq(occurrences_of("Thường xuyên", 2026, 2026, w, 64), 0);
    ck_assert_uint_eq(occurrences_of("Hằng quý", 2025, 0, w, 64), 4);
    ck_assert_str_eq(w[3].end, "2025-12-31");
    /* The count goes on past the cap. */
    ck_assert_uint_eq(occurrences_of("Hằng tháng", 2026, 2030, w, 3), 60);
}
END_TEST

/* The due phrases of body text 'text', for plan year 2026. */
static void assert_due(const char *text, const char *expected)
{
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;

    ck_assert(cancu_deadlines__due_phrases(text, strlen(text), 2026, &buf));
    ck_assert_msg(strcmp(cancu_strbuf__cstr(&buf), expected) == 0,
                  "\"%s\": got \"%s\", want \"%s\"", text,
                  cancu_strbuf__cstr(&buf), expected);
    cancu_strbuf__dispose(&buf);
}

START_TEST(test_ingest_deadlines__body_text_due_phrases)
{
    assert_due("Tổ chức tuyên truyền về truyền thống giai đoạn 1974 - 1975 "
               "cho đoàn viên.",
               "");
    assert_due("Hoàn thành việc rà soát trong Quý I.", "trong Quý I");
    assert_due("Sở Nội vụ chủ trì, hoàn thành trong năm 2026.",
               "trong năm 2026");
    assert_due("Thực hiện Kế hoạch số 12/KH-UBND ngày 15/3/2025, báo cáo "
               "trước ngày 30/6/2026.",
               "trước ngày 30/6/2026");
    assert_due("Triển khai theo quy định của Nghị định số 45/2020/NĐ-CP.", "");
    assert_due("UBND các xã, phường, đặc khu trên địa bàn tỉnh.", "");
    assert_due("Năm 2025, tỉnh đạt 80%; quý II năm 2024 đã có kết quả.", "");
    assert_due("Định kỳ hằng quý báo cáo kết quả.", "Định kỳ hằng quý");
    assert_due("2026", "");
}
END_TEST

TCase *ingest_deadlines_tcase(void)
{
    TCase *tc = tcase_create("deadlines");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_ingest_deadlines__by_a_day);
    tcase_add_test(tc, test_ingest_deadlines__by_a_period);
    tcase_add_test(tc, test_ingest_deadlines__quarters);
    tcase_add_test(tc, test_ingest_deadlines__years_and_months);
    tcase_add_test(tc, test_ingest_deadlines__halves_and_ranges);
    tcase_add_test(tc, test_ingest_deadlines__recurring);
    tcase_add_test(tc, test_ingest_deadlines__conditional_and_external);
    tcase_add_test(tc, test_ingest_deadlines__several_in_one_cell);
    tcase_add_test(tc, test_ingest_deadlines__spans);
    tcase_add_test(tc, test_ingest_deadlines__accents_and_case_are_optional);
    tcase_add_test(tc, test_ingest_deadlines__impossible_dates_give_nothing);
    tcase_add_test(tc, test_ingest_deadlines__nothing_recognisable);
    tcase_add_test(tc, test_ingest_deadlines__year_comes_from_plan_year);
    tcase_add_test(tc,
                   test_ingest_deadlines__unknown_plan_year_gives_no_interval);
    tcase_add_test(tc, test_ingest_deadlines__cap_and_kind_names);
    tcase_add_test(tc, test_ingest_deadlines__bytes_not_utf8_read_as_spaces);
    tcase_add_test(tc, test_ingest_deadlines__long_and_hostile_text);
    tcase_add_test(tc, test_ingest_deadlines__sample_plan_deadline_column);
    tcase_add_test(tc, test_ingest_deadlines__a_citation_date_is_no_deadline);
    tcase_add_test(tc, test_ingest_deadlines__relative_periods);
    tcase_add_test(tc, test_ingest_deadlines__the_forms_of_real_cells);
    tcase_add_test(tc, test_ingest_deadlines__plan_time_never_from_the_clock);
    tcase_add_test(tc, test_ingest_deadlines__occurrences_of_recurring_work);
    tcase_add_test(tc, test_ingest_deadlines__body_text_due_phrases);
    return tc;
}
