/* The deadline phrases of Vietnamese plans ("Thời gian thực hiện") are
 * read as kinds and dated intervals (DESIGN.md, section 3). */
#ifndef CANCU_DEADLINES_H
#define CANCU_DEADLINES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

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
    /* It names a start with no end, as in "Bắt đầu thực hiện từ năm
     * 2026": when the work ends is not decided. */
    CANCU_DEADLINE_UNDECIDED,
} cancu_deadline_kind_t;

/* What a plan says of its time, which dates with no year and recurring
 * work need. */
typedef struct cancu_plan_time {
    /* The year the plan is for, or 0 when unknown. */
    int year;
    /* The period the plan states (first == last for one year), or 0 and
     * 0 when it states none; recurring work spans it, and with none,
     * recurring work has no span. */
    int first, last;
} cancu_plan_time_t;

typedef struct cancu_deadline {
    cancu_deadline_kind_t kind;
    /* The first day, as ISO "YYYY-MM-DD", is "" when open or unknown. */
    char start[11];
    /* The last day, as ISO "YYYY-MM-DD", is "" when unknown. */
    char end[11];
    /* The recurrence is "", "monthly", "quarterly", "yearly" or
     * "continuous". */
    char recurrence[12];
    /* A recurrence may state its day ("Trước ngày 05 của tháng liền kề"
     * is day 5) and month ("trong tháng 01 hằng năm"), each 0 when not
     * stated; 'shift' is +1 when each period's due day falls in the next
     * period ("liền kề", "sau") and -1 when in the one before; 'by_end'
     * tells that the work is due by the end of the month named
     * ("chậm nhất trong tháng 6 hằng năm"). */
    int day, month, shift;
    bool by_end;
    /* The words of this deadline are the bytes [text_start, text_end) of
     * the input. */
    size_t text_start, text_end;
    /* For a deadline handed out by a task query: the stored record its
     * accessors read (query/tasks.c); NULL when parsed. */
    struct json_t *record;
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

/* Parse as cancu_deadlines__parse() does, with what the plan says of its
 * time: a missing year comes from plan->year; recurring work spans
 * plan->first..plan->last, or nothing when the plan states no period; a
 * yearly day relative to the year ("Trước ngày 31/01 năm liền kề") is a
 * day in a one-year plan and recurring work in a plan of several. */
size_t cancu_deadlines__parse_in(const char *text, size_t len,
                                 const cancu_plan_time_t *plan,
                                 cancu_deadline_t *out, size_t cap);

/* Copy into 'out' the phrases of a paragraph of body text that state
 * when its task is due ("trong Quý I", "trước ngày 30/6/2022",
 * "hoàn thành trong năm 2026", "định kỳ hằng quý"), joined by "; ". A
 * date inside a citation, a period the text talks about ("giai đoạn
 * 1974 - 1975"), a bare year and a reference to another document's
 * schedule are not. 'out' is left empty when there is none. Returns
 * false when out of memory. */
bool cancu_deadlines__due_phrases(const char *text, size_t len, int plan_year,
                                  cancu_strbuf_t *out);

/* An occurrence of recurring work: its first and last day, as ISO; the
 * first is "" when only the last is due. */
typedef struct cancu_occurrence {
    char start[11], end[11];
} cancu_occurrence_t;

/* Write the occurrences of the recurring deadline 'd' to 'out' (at most
 * 'cap'), over its span, or over year 'year' when it has none (0 gives
 * none): each month, quarter or year of it, on the day stated. Return
 * how many there are, which may exceed 'cap'. Continuous work and other
 * kinds have none. */
size_t cancu_deadlines__occurrences(const cancu_deadline_t *d, int year,
                                    cancu_occurrence_t *out, size_t cap);

/* Write the recurrence of 'd' as "PERIOD[:key=value,...]" into 'buf'
 * ("monthly:day=5,next-month", "yearly:by-end-of-month=6"), or "" when
 * it has no period. */
void cancu_deadlines__rule(const cancu_deadline_t *d, char *buf, size_t cap);

/* Find the plan's time in its title and date line: "năm 2026" is that
 * year, "giai đoạn 2026 - 2030" that period, "đến năm 2035" a period from
 * the plan's year; with no year in the title, the year of 'date_line'
 * ("Lâm Đồng, ngày   tháng   năm 2026" in a draft) or of 'date' (ISO) is
 * the plan's year, and no period is stated. The clock is never read. */
void cancu_deadlines__plan_time(const char *title, const char *date,
                                const char *date_line, cancu_plan_time_t *out);

/* Return "by", "within", "recurring", "conditional", "external" or
 * "undecided", or
 * "unknown" for any other value. The string is static. */
const char *cancu_deadline_kind_name(cancu_deadline_kind_t kind);

#endif
