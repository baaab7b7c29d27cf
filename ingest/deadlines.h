/* The deadline phrases of Vietnamese plans ("Thời gian thực hiện") are
 * read as kinds and dated intervals (DESIGN.md, section 3). */
#ifndef CANCU_DEADLINES_H
#define CANCU_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cancu_deadline_kind {
    /* It names a last day, as in "Trước ngày 31/12/2021". The start is
     * open (""); the end is the day given, or the last day before the
     * month, quarter or year given ("Trước tháng 01/2022"). */
    CANCU_DEADLINE_BY = 1,
    /* It names a period, as in "Trong Quý I năm 2022", "Năm 2022",
     * "Tháng 6/2023", "6 tháng đầu năm 2023" and "Từ tháng 3 đến tháng
     * 6/2022". */
    CANCU_DEADLINE_WITHIN,
    /* It names work that repeats over the plan's year, as in "Thường
     * xuyên trong năm", "Định kỳ hằng quý" and "Trước ngày 15 hằng
     * tháng". */
    CANCU_DEADLINE_RECURRING,
    /* It names work that waits for an event: "Sau khi có thông báo". */
    CANCU_DEADLINE_CONDITIONAL,
    /* It leaves the timing to something else, as in "Theo Kế hoạch",
     * "Theo văn bản hướng dẫn của Sở Nội vụ" and "Lồng ghép trong báo cáo
     * CCHC". */
    CANCU_DEADLINE_EXTERNAL,
} cancu_deadline_kind_t;

typedef struct cancu_deadline {
    cancu_deadline_kind_t kind;
    /* The first day, as ISO "YYYY-MM-DD", is "" when open or unknown. */
    char start[11];
    /* The last day, as ISO "YYYY-MM-DD", is "" when unknown. */
    char end[11];
    /* The recurrence is "", "monthly", "quarterly", "yearly" or
     * "continuous". */
    char recurrence[12];
    /* The words of this deadline are the bytes [text_start, text_end) of
     * the input. */
    size_t text_start, text_end;
} cancu_deadline_t;

/* Parse the text of a deadline cell or phrase into one or more deadlines,
 * in text order. Intervals are inclusive. A missing year comes from
 * 'plan_year', the year the plan is for, never from the clock; 0 means
 * unknown, and then a phrase whose dates have no year gives a deadline
 * with no interval. Words before a deadline phrase are skipped, accents
 * are optional and case does not matter. A phrase naming an impossible
 * date (31/2/2022) gives nothing. Bytes that are not UTF-8 are read as
 * spaces. Writes at most 'cap' deadlines to 'out' ('out' may be NULL when
 * 'cap' is 0) and returns how many were found, which may exceed 'cap'.
 * Text that says nothing recognisable gives 0. Nothing is allocated that
 * outlives the call. */
size_t cancu_deadlines__parse(const char *text, size_t len, int plan_year,
                              cancu_deadline_t *out, size_t cap);

/* Return "by", "within", "recurring", "conditional" or "external", or
 * "unknown" for any other value. The string is static. */
const char *cancu_deadline_kind_name(cancu_deadline_kind_t kind);

#endif
