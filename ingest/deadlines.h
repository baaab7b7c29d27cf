/* Deadline phrases of Vietnamese plans ("Thời gian thực hiện") read as
 * kinds and dated intervals (DESIGN.md, section 3). */
#ifndef CANCU_DEADLINES_H
#define CANCU_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cancu_deadline_kind {
    /* A last day: "Trước ngày 31/12/2021", "Trước tháng 01/2022". The start
     * is open (""); the end is the day given, or the last day before the
     * month, quarter or year given. */
    CANCU_DEADLINE_BY = 1,
    /* A period: "Trong Quý I năm 2022", "Năm 2022", "Tháng 6/2023",
     * "6 tháng đầu năm 2023", "Từ tháng 3 đến tháng 6/2022". */
    CANCU_DEADLINE_WITHIN,
    /* Work that repeats over the plan's year: "Thường xuyên trong năm",
     * "Định kỳ hằng quý", "Trước ngày 15 hằng tháng". */
    CANCU_DEADLINE_RECURRING,
    /* Work that waits for an event: "Sau khi có thông báo ...". */
    CANCU_DEADLINE_CONDITIONAL,
    /* Timing set elsewhere: "Theo Kế hoạch", "Theo văn bản hướng dẫn của Sở
     * Nội vụ", "Lồng ghép trong báo cáo CCHC". */
    CANCU_DEADLINE_EXTERNAL,
} cancu_deadline_kind_t;

typedef struct cancu_deadline {
    cancu_deadline_kind_t kind;
    char start[11];      /* ISO "YYYY-MM-DD", or "" when open or unknown. */
    char end[11];        /* ISO, or "". */
    char recurrence[12]; /* "", "monthly", "quarterly", "yearly" or
                            "continuous". */
    size_t text_start;   /* The byte span of this deadline's words in the */
    size_t text_end;     /* input, from its first byte to one past its last. */
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

/* "by", "within", "recurring", "conditional" or "external"; "unknown" for
 * any other value. The string is static. */
const char *cancu_deadline_kind_name(cancu_deadline_kind_t kind);

#endif
