/* Deadline phrases read as dated intervals (DESIGN.md, section 3). Each
 * form is one PCRE2 pattern, compiled once, with a reader that turns its
 * groups into dates. The scanner takes, at each point, the match that
 * starts first (the longest of those that start together), so forms never
 * overlap and deadlines come out in text order. Letters are written as
 * classes that take any tone mark, so accents are optional, and combining
 * marks may follow any vowel, so NFD text reads as NFC does. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/deadlines.h"
#include "ingest/pattern.h"

/* Each vowel class takes every tone and hat, and d takes its bar. */
#define V_A "[aàáảãạăằắẳẵặâầấẩẫậ]\\p{M}*"
#define V_E "[eèéẻẽẹêềếểễệ]\\p{M}*"
#define V_I "[iìíỉĩị]\\p{M}*"
#define V_O "[oòóỏõọôồốổỗộơờớởỡợ]\\p{M}*"
#define V_U "[uùúủũụưừứửữự]\\p{M}*"
#define V_Y "[yỳýỷỹỵ]\\p{M}*"
#define V_D "[dđð]"

/* A word edge has no letter, digit or mark on its outer side. */
#define LB "(?<![\\p{L}\\p{N}\\p{M}])"
#define RB "(?![\\p{L}\\p{N}\\p{M}])"

/* These are the words of deadline phrases. */
#define W_CA "c" V_A
#define W_CHAMNHAT "ch" V_A "m\\s+nh" V_A "t"
#define W_CUA "c" V_U V_A
#define W_CUOI "cu" V_O V_I
#define W_DAU V_D V_A V_U
#define W_DEN V_D V_E "n"
#define W_DINHKY V_D V_I "nh\\s+k" V_Y
#define W_DIEU V_D V_I V_E "u"
#define W_BATDAU "b" V_A "t\\s+" W_DAU
#define W_KHI "kh" V_I
#define W_LIENKE "li" V_E "n\\s+k" V_E
#define W_MOC "m" V_O "c"
#define W_SAU "s" V_A V_U
#define W_SO "s" V_O
#define W_TIEPTHEO "ti" V_E "p\\s+theo"
#define W_KETIEP "k" V_E "\\s+ti" V_E "p"
#define W_GIAIDOAN "gi" V_A V_I "\\s+" V_D V_O V_A "n"
#define W_HANCHOT "h" V_A "n\\s+ch" V_O "t"
#define W_HANG "h" V_A "ng"
#define W_HET "h" V_E "t"
#define W_LA "l" V_A
#define W_LIENTUC "li" V_E "n\\s+t" V_U "c"
#define W_LONGGHEP "l" V_O "ng\\s+gh" V_E "p"
#define W_MOI "m" V_O V_I
#define W_NAM "n" V_A "m"
#define W_NGAY "ng" V_A V_Y
#define W_QUY "qu(?:" V_Y "|" V_I ")"
#define W_SUOT "su" V_O "t"
#define W_THANG "th" V_A "ng"
#define W_THEO "th" V_E V_O
#define W_THUONGXUYEN "th" V_U V_O "ng\\s+xu" V_Y V_E "n"
#define W_TOI "t" V_O V_I
#define W_TRONG "tr" V_O "ng"
#define W_TRUOC "tr" V_U V_O "c"
#define W_TU "t" V_U
#define W_TUAN "tu" V_A "n"
#define W_VA "v" V_A
#define W_VAO "v" V_A V_O

/* A year has four digits and falls in this century or the last. */
#define YEAR "((?:19|20)\\d{2})(?!\\d)"
/* These words after "năm", "quý" or "tháng" name the period after the
 * one the text is in ("liền kề", "sau", "tiếp theo", "kế tiếp", "tới")
 * or, with "trước", the one before it. */
#define REL                                                                    \
    "(?:" W_TRUOC "(?:\\s+" W_LIENKE ")?|" W_LIENKE "|" W_SAU "|" W_TIEPTHEO   \
    "|" W_KETIEP "|" W_TOI ")" RB
#define REL_NEXT                                                               \
    "(?:" W_LIENKE "|" W_SAU "|" W_TIEPTHEO "|" W_KETIEP "|" W_TOI ")" RB
/* A month or quarter is joined to its year by "/2022", "-2022",
 * " năm 2022", ", năm 2022" or " 2022". */
#define YSEP "(?:\\s*[/.\\-–]\\s*|\\s*,?\\s*(?:" W_NAM "\\s+)?)"
/* A "năm" followed by "học" is a school year, and one followed by "tới",
 * "sau" or "trước" is relative to the plan's year (YTAIL). */
#define NOT_RELATIVE                                                           \
    "(?!\\s+(?:h" V_O "c|t" V_O V_I "|s" V_A V_U "|" W_TRUOC ")" RB ")"
/* A date has a day and a month, perhaps a year, in three groups. */
#define DATE                                                                   \
    "(?<![\\p{L}\\p{N}\\p{M}/.\\-])"                                           \
    "(?|(\\d{1,2})\\s*[/.\\-]\\s*(\\d{1,2})(?|\\s*[/.\\-]\\s*" YEAR            \
    "(?![\\p{N}/])|\\s+" W_NAM "\\s+(" REL ")|(?![\\p{N}/]))"                  \
    "|(\\d{1,2})\\s+" W_THANG "\\s+(\\d{1,2})(?!\\d)(?|\\s*,?\\s*" W_NAM       \
    "\\s+(?|" YEAR "|(" REL "))|))"
/* The year of a month or quarter, as a group: "/2022", " năm 2022", or
 * a year relative to the plan's, " năm liền kề", " năm sau". */
#define YTAIL "(?|" YSEP YEAR "|\\s*,?\\s*" W_NAM "\\s+(" REL "))"
/* A quarter is Roman or Arabic; a month is Arabic. */
#define QTOK "(?:IV|III|II|I|\\d)" RB
#define MTOK "\\d{1,2}(?!\\d)"
/* List or range items are joined by ",", "và", "-", "đến" or "tới". */
#define CONN "\\s*(?:,|(?:" W_VA "|" W_DEN "|" W_TOI ")" RB "|[-–])\\s*"
/* This joins the two ends of a range. */
#define TO "\\s*(?:[-–]|(?:" W_DEN "|" W_TOI ")" RB ")\\s*(?:" W_HET "\\s+)?"
/* Group 1 is "trước", which means the last day before the period named;
 * the other words ("đến hết", "chậm nhất", "hạn chót") mean its end. */
#define KW_BY                                                                  \
    "(?:(" W_TRUOC ")|(?:" W_DEN "|" W_TOI ")(?:\\s+" W_HET ")?|" W_CHAMNHAT   \
    "(?:\\s+(?:" W_LA "|" W_VAO "|" W_TRONG "))?|" W_HANCHOT "(?:\\s+" W_LA    \
    ")?)" RB "(?:\\s*:\\s*|\\s+)"
/* The period of a recurrence has groups for năm, quý, tháng, tuần, ngày. */
#define UNITS                                                                  \
    "(?:(" W_NAM ")|(" W_QUY ")|(" W_THANG ")|(" W_TUAN ")|(" W_NGAY "))" RB

/* This reads "Trước ngày 31/12/2021" and "chậm nhất ngày 15 tháng 8". */
static cancu_pattern_t by_date =
    CANCU_PATTERN(LB KW_BY "(?:" W_NGAY "\\s+)?" DATE, PCRE2_CASELESS);
/* This reads "Trước tháng 01/2022" and "đến hết tháng 6". */
static cancu_pattern_t by_month = CANCU_PATTERN(
    LB KW_BY "(?:" W_HET "\\s+)?" W_THANG "\\s+(\\d{1,2})(?!\\d)(?:" YTAIL ")?",
    PCRE2_CASELESS);
/* This reads "Trước Quý II/2022" and "đến hết quý III". */
static cancu_pattern_t by_quarter = CANCU_PATTERN(
    LB KW_BY "(?:" W_HET "\\s+)?" W_QUY "\\s*(" QTOK ")(?:" YTAIL ")?",
    PCRE2_CASELESS);
/* This reads "Trước năm 2023" and "đến hết năm 2022". */
static cancu_pattern_t by_year = CANCU_PATTERN(
    LB KW_BY "(?:" W_HET "\\s+)?" W_NAM "\\s+" YEAR, PCRE2_CASELESS);
/* This reads "Trong Quý I năm 2022", "Quý I và Quý II/2022" and "quý I".
 * Group 1 is the list and group 2 the year. */
static cancu_pattern_t quarter_list = CANCU_PATTERN(
    LB "(?:(?:" W_TRONG "|" W_VAO "|" W_TU "|" W_CA ")\\s+)?" W_QUY "\\s*(" QTOK
       "(?:" CONN "(?:" W_QUY "\\s*)?" QTOK "){0,7})(?:" YTAIL ")?",
    PCRE2_CASELESS);
/* This reads "Tháng 6/2023" and "Từ tháng 3 đến tháng 6/2022". */
static cancu_pattern_t month_list =
    CANCU_PATTERN(LB "(?:(?:" W_TRONG "|" W_VAO "|" W_TU "|" W_CA "|" W_SUOT
                     ")\\s+)?" W_THANG "\\s+(" MTOK "(?:" CONN "(?:(?:" W_HET
                     "\\s+)?" W_THANG "\\s+)?" MTOK "){0,23})(?:" YTAIL ")?",
                  PCRE2_CASELESS);
/* This reads "Từ tháng 11/2022 đến tháng 2/2023" as month, year, month
 * and year. */
static cancu_pattern_t month_range = CANCU_PATTERN(
    LB "(?:(?:" W_TU "|" W_TRONG ")\\s+)?" W_THANG "\\s+(\\d{1,2})" YSEP YEAR TO
       "(?:" W_THANG "\\s+)(\\d{1,2})(?!\\d)(?:" YTAIL ")?",
    PCRE2_CASELESS);
/* This reads "6 tháng đầu năm 2023" and "6 tháng cuối năm". */
static cancu_pattern_t half =
    CANCU_PATTERN(LB "(?:" W_TRONG "\\s+)?(\\d{1,2})\\s+" W_THANG "\\s+(" W_DAU
                     "|" W_CUOI ")\\s+(?:" W_CUA "\\s+)?" W_NAM RB
                     "(?:\\s+(?|" YEAR "|(" REL ")))?" NOT_RELATIVE,
                  PCRE2_CASELESS);
/* This reads "Từ năm 2021 đến năm 2025" and "giai đoạn 2021-2025". */
static cancu_pattern_t year_range = CANCU_PATTERN(
    LB "(?:(?:" W_TU "\\s+)?" W_NAM "\\s+|" W_GIAIDOAN "\\s*:?\\s*(?:" W_TU
       "\\s+)?(?:" W_NAM "\\s+)?)" YEAR TO "(?:" W_NAM "\\s+)?" YEAR,
    PCRE2_CASELESS);
/* A cell that is only a year ("2026") or a range of years ("2025 -
 * 2035"): the deadline column of many task tables says no more. */
static cancu_pattern_t year_alone = CANCU_PATTERN("^\\s*" YEAR "\\s*$", 0);
static cancu_pattern_t year_range_alone =
    CANCU_PATTERN("^\\s*" YEAR TO YEAR "\\s*$", PCRE2_CASELESS);
/* This reads "Trong năm 2022", "Cả năm" and "trong năm" (the plan's). */
static cancu_pattern_t year_in = CANCU_PATTERN(
    LB "(?:" W_TRONG "|" W_CA "|" W_SUOT "|" W_VAO ")\\s+(?:" W_CA
       "\\s+)?" W_NAM RB "(?:\\s+(?|" YEAR "|(" REL ")))?" NOT_RELATIVE,
    PCRE2_CASELESS);
/* This reads "Năm 2022". */
static cancu_pattern_t year_bare =
    CANCU_PATTERN(LB W_NAM "\\s+" YEAR, PCRE2_CASELESS);
/* This reads "Từ ngày 01/3/2022 đến ngày 30/6/2022". */
static cancu_pattern_t date_range =
    CANCU_PATTERN(LB "(?:" W_TU "\\s+)?(?:" W_NGAY "\\s+)?" DATE TO "(?:" W_NGAY
                     "\\s+)?" DATE,
                  PCRE2_CASELESS);
/* This reads "Vào ngày 15/3/2022", which is that day. */
static cancu_pattern_t date_in = CANCU_PATTERN(
    LB "(?:" W_VAO "|" W_TRONG ")\\s+(?:" W_NGAY "\\s+)?" DATE, PCRE2_CASELESS);
/* This reads "Ngày 15/3/2022" and "15/3/2022"; group 1 is "ngày". */
static cancu_pattern_t date_bare =
    CANCU_PATTERN("(?:" LB "(" W_NGAY ")\\s+)?" DATE, PCRE2_CASELESS);
/* This reads "Thường xuyên trong năm" and "liên tục"; group 1 is a year.
 * "Thường xuyên khi có yêu cầu" is every time a request comes, which is
 * conditional. */
static cancu_pattern_t continuous = CANCU_PATTERN(
    LB "(?:" W_THUONGXUYEN "(?:\\s*(?:,|" W_VA ")?\\s*" W_LIENTUC
       ")?|" W_LIENTUC ")" RB "(?!\\s+" W_KHI RB ")(?:\\s+(?:" W_TRONG "|" W_CA
       "|" W_SUOT ")\\s+(?:" W_CA "\\s+)?" W_NAM RB "(?:\\s+(?|" YEAR "|(" REL
       ")))?" NOT_RELATIVE ")?",
    PCRE2_CASELESS);
/* This reads "Định kỳ hằng quý", "hàng tháng" and "hằng năm". Groups 1-5
 * are the unit and group 6 is a year. "Định kỳ theo thời gian quy định"
 * leaves the times to the rule it names (external). */
static cancu_pattern_t periodic = CANCU_PATTERN(
    LB "(?|" W_DINHKY RB "(?!\\s+" W_THEO RB ")(?:\\s*,?\\s*(?:(?:" W_HANG
       "|" W_MOI ")\\s+)?" UNITS ")?|(?:" W_HANG "|" W_MOI ")\\s+" UNITS
       ")(?:\\s+(?:(?:" W_TRONG "\\s+)?" W_NAM "\\s+)?" YEAR ")?",
    PCRE2_CASELESS);
/* This reads "Trước ngày 15 hằng tháng", "ngày 20/12 hằng năm" and
 * "Trước ngày 05 của tháng liền kề" (each month's, by the 5th of the
 * next) as day, month, then the unit as quý, tháng, năm; group 6 is set
 * when the day falls in the next period. */
#define PERIOD_UNITS "(?:(" W_QUY ")|(" W_THANG ")|(" W_NAM "))" RB
static cancu_pattern_t periodic_day = CANCU_PATTERN(
    LB "(?:(?:" W_TRUOC "|" W_VAO "|" W_TRONG "|" W_CHAMNHAT ")\\s+(?:(?:" W_LA
       "|" W_VAO ")\\s+)?)?" W_NGAY
       "\\s+(\\d{1,2})(?:\\s*[/.\\-]\\s*(\\d{1,2}))?(?!\\d)\\s*,?\\s+(?:" W_CUA
       "\\s+)?(?|(?:" W_HANG "|" W_MOI ")\\s+" PERIOD_UNITS "|" PERIOD_UNITS
       "\\s+(" REL_NEXT "))",
    PCRE2_CASELESS);
/* This reads "Tháng 12 hằng năm", "trong tháng 01 hằng năm" and "chậm
 * nhất trong tháng 6 hằng năm" (by the end of June each year): group 1
 * is a word that makes it a last day, group 2 the month. */
static cancu_pattern_t month_yearly = CANCU_PATTERN(
    LB "(?:(" W_TRUOC "|" W_CHAMNHAT "|(?:" W_DEN "|" W_TOI ")\\s+" W_HET
       ")\\s+(?:(?:" W_LA "|" W_VAO "|" W_TRONG ")\\s+)?|(?:" W_TRONG "|" W_VAO
       ")\\s+)?" W_THANG "\\s+(\\d{1,2})(?!\\d)\\s*,?\\s+(?:" W_CUA
       "\\s+)?(?:" W_HANG "|" W_MOI ")\\s+" W_NAM RB,
    PCRE2_CASELESS);
/* This reads "Bắt đầu thực hiện từ năm 2026", a start with no end. */
static cancu_pattern_t undecided =
    CANCU_PATTERN(LB W_BATDAU RB "(?:\\s+[\\p{L}\\p{M}]+){0,3}?\\s+" W_TU
                                 "\\s+(?:" W_NAM "\\s+)?" YEAR,
                  PCRE2_CASELESS);
/* This reads "giai đoạn" at the end of a phrase ("Hằng năm và giai
 * đoạn"): the plan's period. */
static cancu_pattern_t stage =
    CANCU_PATTERN(LB W_GIAIDOAN RB "(?=\\s*(?:[.;,]|$))", PCRE2_CASELESS);
/* This reads "cuối năm" and "cuối năm 2026": by the year's end. */
static cancu_pattern_t year_end = CANCU_PATTERN(
    LB "(?:(?:" W_VAO "|" W_TRONG "|" W_DEN ")\\s+)?" W_CUOI "\\s+" W_NAM RB
       "(?:\\s+(?|" YEAR "|(" REL ")))?" NOT_RELATIVE,
    PCRE2_CASELESS);
/* This reads the number of a document and the date it bears ("Quyết
 * định số 1441/QĐ-UBND ngày 25/9/2025", "52/2015/NĐ-CP ngày 28/5/2015"):
 * a date inside a citation is never a deadline. */
static cancu_pattern_t citation = CANCU_PATTERN(
    "(?<![\\p{L}\\p{N}\\p{M}/])(?:" W_SO "\\s+)?\\d{1,5}(?:/(?:19|20)\\d{2})?"
    "\\s*/\\s*\\p{Lu}[\\p{L}\\p{M}\\p{N}]*(?:\\s*-\\s*[\\p{L}\\p{M}\\p{N}]+)*"
    "(?:\\s*,?\\s+" W_NGAY "\\s+" DATE ")?",
    0);
/* This reads "Sau khi có thông báo ..." and "khi có yêu cầu". */
static cancu_pattern_t conditional =
    CANCU_PATTERN(LB "(?:(?:ng" V_A V_Y "\\s+)?s" V_A V_U "\\s+kh" V_I "|kh" V_I
                     "\\s+(?:c" V_O "|" V_D V_U V_O "c|nh" V_A "n))" RB,
                  PCRE2_CASELESS);
/* This reads "Theo Kế hoạch", "Theo văn bản ..." and "Lồng ghép ...". */
static cancu_pattern_t external = CANCU_PATTERN(
    LB "(?:" W_THEO "\\s+(?:(?:" V_D V_U "ng|c" V_A "c)\\s+)?(?:k" V_E
       "\\s+ho" V_A "ch|v" V_A "n\\s+b" V_A "n|th" V_O V_I "\\s+gian|y" V_E
       "u\\s+c" V_A "u|h" V_U V_O "ng\\s+" V_D V_A "n|qu(?:" V_Y "|" V_I
       ")\\s+" V_D V_I "nh|l" V_O "\\s+tr" V_I "nh|ti" V_E "n\\s+" V_D V_O
       "|ch" V_I "\\s+" V_D V_A "o|th" V_O "ng\\s+b" V_A "o|l" V_I "ch|c" V_O
       "ng\\s+v" V_A "n|" V_D V_E "\\s+ngh" V_I "|ch" V_U V_O "ng\\s+tr" V_I
       "nh|" W_DIEU "|" W_MOC "\\s+th" V_O V_I "\\s+gian)|" W_LONGGHEP ")" RB,
    PCRE2_CASELESS);
/* This finds one item of a quarter or month list. */
static cancu_pattern_t list_item = CANCU_PATTERN(
    "(?<![\\p{L}\\p{N}\\p{M}])(IV|III|II|I|\\d{1,2})" RB, PCRE2_CASELESS);
/* This makes two list items a range rather than a list. */
static cancu_pattern_t range_word =
    CANCU_PATTERN("[-–]|" LB "(?:" W_DEN "|" W_TOI ")" RB, PCRE2_CASELESS);

/* This is enough groups for every pattern here. */
#define GROUPS 8

/* A calendar day. A year of 0 means unknown, and such a day is written
 * as "". */
typedef struct ymd {
    int y, m, d;
} ymd_t;

typedef struct scan {
    const char *text;
    size_t len;
    int plan_year; /* It is 0 when unknown. */
    /* This is the plan's stated period, 0 and 0 when none. */
    int first, last;
    /* Body text keeps only the phrases that say when a task is due. */
    bool body;
    pcre2_match_data *md;
    cancu_deadline_t *out;
    size_t cap, count;
    size_t start, end; /* This is the span of the match being read. */
} scan_t;

typedef void (*reader_fn)(scan_t *s, const PCRE2_SIZE *ov, int arg);

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Return the days in month 'm' of year 'y'; year 0 allows 29 February. */
static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m == 2 && (y == 0 || leap(y)))
        return 29;
    return days[m - 1];
}

static bool valid_day(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

static ymd_t day_of(int y, int m, int d)
{
    ymd_t r = {y, m, d};

    return r;
}

/* Return the last day of month 'm' of year 'y'; month 0 is December
 * of the year before. */
static ymd_t month_end(int y, int m)
{
    if (m == 0)
        return day_of(y - 1, 12, 31);
    return day_of(y, m, month_days(y, m));
}

static int compare_days(ymd_t a, ymd_t b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}

/* Write 'n' as 'width' decimal digits. */
static void put_digits(char *p, int n, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + n % 10);
        n /= 10;
    }
}

/* Write 'day' as ISO 8601 into 'iso', or "" when its year is unknown. */
static void write_iso(char iso[11], ymd_t day)
{
    if (day.y <= 0) {
        iso[0] = '\0';
        return;
    }
    put_digits(iso, day.y, 4);
    iso[4] = '-';
    put_digits(iso + 5, day.m, 2);
    iso[7] = '-';
    put_digits(iso + 8, day.d, 2);
    iso[10] = '\0';
}

/* Record a deadline over the span being read; 'from' or 'to' with year 0
 * is open or unknown. */
static void emit(scan_t *s, cancu_deadline_kind_t kind, ymd_t from, ymd_t to,
                 const char *recurrence)
{
    if (s->count < s->cap) {
        cancu_deadline_t *d = &s->out[s->count];
        size_t n = strlen(recurrence);

        memset(d, 0, sizeof *d);
        d->kind = kind;
        write_iso(d->start, from);
        write_iso(d->end, to);
        assert(n < sizeof d->recurrence);
        memcpy(d->recurrence, recurrence, n + 1);
        d->text_start = s->start;
        d->text_end = s->end;
    }
    s->count++;
}

static const ymd_t no_day = {0, 0, 0};

/* Record a period from the first day of month 'm1' in year 'y1' to the
 * last of month 'm2' in year 'y2', with no interval when a year is
 * unknown. */
static void emit_months(scan_t *s, int y1, int m1, int y2, int m2)
{
    if (y1 <= 0 || y2 <= 0)
        emit(s, CANCU_DEADLINE_WITHIN, no_day, no_day, "");
    else
        emit(s, CANCU_DEADLINE_WITHIN, day_of(y1, m1, 1), month_end(y2, m2),
             "");
}

/* Does the plan state a period of several years? */
static bool several_years(const scan_t *s)
{
    return s->first > 0 && s->last > s->first;
}

/* This is what a recurrence states beyond its period. */
typedef struct rule {
    int day, month, shift;
    bool by_end;
} rule_t;

static const rule_t no_rule = {0, 0, 0, false};

/* Record recurring work over year 'y' when the text names one (else 0),
 * or else over the plan's stated period; with neither it has no
 * interval. */
static void emit_rule(scan_t *s, int y, const char *recurrence, rule_t rule)
{
    size_t at = s->count;

    if (y > 0)
        emit(s, CANCU_DEADLINE_RECURRING, day_of(y, 1, 1), day_of(y, 12, 31),
             recurrence);
    else if (s->first > 0 && s->last >= s->first)
        emit(s, CANCU_DEADLINE_RECURRING, day_of(s->first, 1, 1),
             day_of(s->last, 12, 31), recurrence);
    else
        emit(s, CANCU_DEADLINE_RECURRING, no_day, no_day, recurrence);
    if (at < s->cap) {
        s->out[at].day = rule.day;
        s->out[at].month = rule.month;
        s->out[at].shift = rule.shift;
        s->out[at].by_end = rule.by_end;
    }
}

static void emit_recurring(scan_t *s, int y, const char *recurrence)
{
    emit_rule(s, y, recurrence, no_rule);
}

static bool is_set(const PCRE2_SIZE *ov, int g)
{
    return ov[2 * g] != PCRE2_UNSET;
}

/* Return the number group 'g' spells (four digits at most), or -1. */
static int number(const scan_t *s, const PCRE2_SIZE *ov, int g)
{
    int n = 0;

    if (!is_set(ov, g))
        return -1;
    for (size_t i = ov[2 * g]; i < ov[2 * g + 1] && i < ov[2 * g] + 4; i++)
        if (s->text[i] >= '0' && s->text[i] <= '9')
            n = n * 10 + (s->text[i] - '0');
    return n;
}

/* Return -1 when group 'g' holds words that name the year before
 * ("trước", "trước liền kề"), +1 when the year after ("liền kề", "sau",
 * "tới"), or 0 when it holds digits. */
static int relative_of(const scan_t *s, const PCRE2_SIZE *ov, int g)
{
    char c;

    if (!is_set(ov, g) || ov[2 * g] >= ov[2 * g + 1])
        return 0;
    c = s->text[ov[2 * g]];
    if (c >= '0' && c <= '9')
        return 0;
    /* Only "trước" starts with "tr". */
    return (c | 0x20) == 't' && (s->text[ov[2 * g] + 1] | 0x20) == 'r' ? -1 : 1;
}

/* Return the year group 'g' spells, or the year next to the plan's that
 * it names; 0 when it names one and the plan's is unknown. */
static int number_or_relative(const scan_t *s, const PCRE2_SIZE *ov, int g)
{
    int rel = relative_of(s, ov, g);

    if (!rel)
        return number(s, ov, g);
    return s->plan_year > 0 ? s->plan_year + rel : 0;
}

/* Return the year group 'g' gives, or else the plan's (perhaps 0). */
static int year_of(const scan_t *s, const PCRE2_SIZE *ov, int g)
{
    return is_set(ov, g) ? number_or_relative(s, ov, g) : s->plan_year;
}

/* Return the year group 'g' gives, or 0 when it is not set. */
static int stated_year(const scan_t *s, const PCRE2_SIZE *ov, int g)
{
    return is_set(ov, g) ? number_or_relative(s, ov, g) : 0;
}

/* Return the value of the quarter or month written at [start, end) as I
 * to IV or as digits, or 0 for anything else. */
static int item_value(const char *text, size_t start, size_t end)
{
    static const char *const romans[] = {"I", "II", "III", "IV"};
    size_t n = end - start;
    int v = 0;

    for (int r = 0; r < 4; r++) {
        size_t i = 0;

        if (strlen(romans[r]) != n)
            continue;
        while (i < n && (text[start + i] & ~0x20) == romans[r][i])
            i++;
        if (i == n)
            return r + 1;
    }
    for (size_t i = start; i < end && i < start + 2; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

/* Tell whether 'pattern' matches anywhere in [from, to) of the text. */
static bool found_in(scan_t *s, cancu_pattern_t *pattern, size_t from,
                     size_t to)
{
    const pcre2_code *code = cancu_pattern__code(pattern);

    return code && pcre2_match(code, (PCRE2_SPTR)s->text, to, from,
                               PCRE2_NO_UTF_CHECK, s->md, NULL) > 0;
}

/* Read a list of quarters ('months' 3) or months ('months' 1), whose
 * group 1 holds the items and group 2 the year. Items joined by "-" or
 * "đến" make a range, others a list, and each run of consecutive periods
 * is one deadline. A range that wraps ("tháng 11 đến tháng 2/2023") starts
 * the year before. */
static void read_list(scan_t *s, const PCRE2_SIZE *ov, int months)
{
    const pcre2_code *code = cancu_pattern__code(&list_item);
    int max = 12 / months, year = year_of(s, ov, 2), prev = 0, items = 0;
    int first = 0, last = 0;
    bool wrap = false, range = false;
    unsigned mask = 0;
    size_t at = ov[2], prev_end = ov[2];

    if (!code)
        return;
    while (at < ov[3] && pcre2_match(code, (PCRE2_SPTR)s->text, ov[3], at,
                                     PCRE2_NO_UTF_CHECK, s->md, NULL) > 0) {
        const PCRE2_SIZE *p = pcre2_get_ovector_pointer(s->md);
        size_t start = p[2], end = p[3];
        int v = item_value(s->text, start, end);

        /* A range that wraps has exactly two ends. */
        if (wrap || v < 1 || v > max)
            return;
        range = items > 0 && found_in(s, &range_word, prev_end, start);
        if (range && v >= prev)
            for (int i = prev; i <= v; i++)
                mask |= 1u << i;
        else if (range && items == 1)
            wrap = true;
        else if (range)
            return;
        else
            mask |= 1u << v;
        if (!items)
            first = v;
        last = v;
        prev = v;
        prev_end = end;
        at = end;
        items++;
    }
    if (!items)
        return;
    if (wrap) {
        emit_months(s, year > 0 ? year - 1 : 0, (first - 1) * months + 1, year,
                    last * months);
        return;
    }
    for (int a = 1; a <= max; a++) {
        int b = a;

        if (!(mask & (1u << a)))
            continue;
        while (b < max && (mask & (1u << (b + 1))))
            b++;
        emit_months(s, year, (a - 1) * months + 1, year, b * months);
        a = b;
    }
}

/* Group 1 is set for "trước", which means the last day before. */
static bool before(const PCRE2_SIZE *ov)
{
    return is_set(ov, 1);
}

static void emit_by(scan_t *s, ymd_t day)
{
    emit(s, CANCU_DEADLINE_BY, no_day, day, "");
}

/* Read a last day; groups are 1 "trước", 2 day, 3 month, 4 year. */
static void read_by_date(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int d = number(s, ov, 2), m = number(s, ov, 3), y = year_of(s, ov, 4);
    int rel = relative_of(s, ov, 4);

    (void)arg;
    if (!valid_day(y, m, d))
        return;
    /* "Trước ngày 31/01 năm liền kề" in a plan of several years is each
     * year's, due the year after. */
    if (rel && several_years(s)) {
        rule_t rule = {d, m, rel, false};

        emit_rule(s, 0, "yearly", rule);
        return;
    }
    emit_by(s, y > 0 ? day_of(y, m, d) : no_day);
}

/* Read a last month; groups are 1 "trước", 2 month, 3 year. */
static void read_by_month(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int m = number(s, ov, 2), y = year_of(s, ov, 3);

    (void)arg;
    if (m < 1 || m > 12)
        return;
    emit_by(s, y <= 0 ? no_day : month_end(y, before(ov) ? m - 1 : m));
}

/* Read a last quarter; groups are 1 "trước", 2 quarter, 3 year. */
static void read_by_quarter(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int q = item_value(s->text, ov[4], ov[5]), y = year_of(s, ov, 3);

    (void)arg;
    if (q < 1 || q > 4)
        return;
    emit_by(s, y <= 0 ? no_day : month_end(y, 3 * (before(ov) ? q - 1 : q)));
}

/* Read a last year; groups are 1 "trước" and 2 year. */
static void read_by_year(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int y = number(s, ov, 2);

    (void)arg;
    emit_by(s, day_of(before(ov) ? y - 1 : y, 12, 31));
}

/* Read a range of months; groups are 1 month, 2 year, 3 month, 4 year.
 * Without the last year, the range ends in the first year, or in the next
 * when its last month comes earlier in the calendar. */
static void read_month_range(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int m1 = number(s, ov, 1), y1 = number(s, ov, 2), m2 = number(s, ov, 3);
    int y2 = is_set(ov, 4) ? number(s, ov, 4) : y1 + (m2 < m1);

    (void)arg;
    if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || y1 * 12 + m1 > y2 * 12 + m2)
        return;
    emit_months(s, y1, m1, y2, m2);
}

/* Read the first or last months of a year; groups are 1 how many, 2
 * "đầu" or "cuối", 3 year. */
static void read_half(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int n = number(s, ov, 1), y = year_of(s, ov, 3);
    char c = s->text[ov[4]];

    (void)arg;
    if (n < 1 || n > 12)
        return;
    if (c == 'c' || c == 'C')
        emit_months(s, y, 13 - n, y, 12);
    else
        emit_months(s, y, 1, y, n);
}

/* Read a range of years; groups are 1 first year and 2 last year. */
static void read_year_range(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int y1 = number(s, ov, 1), y2 = number(s, ov, 2);

    (void)arg;
    if (y1 <= y2)
        emit_months(s, y1, 1, y2, 12);
}

/* Read a year from group 1, or else take the plan's. */
static void read_year(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int y = year_of(s, ov, 1);

    (void)arg;
    emit_months(s, y, 1, y, 12);
}

/* Read one day from the day, month and year groups that start at 'arg'.
 * A date with no year and no "ngày" (3/4) is not taken for one. */
static void read_day(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int d = number(s, ov, arg), m = number(s, ov, arg + 1);
    int y = year_of(s, ov, arg + 2);

    if (arg > 1 && !is_set(ov, 1) && !is_set(ov, arg + 2))
        return;
    if (!valid_day(y, m, d))
        return;
    if (y <= 0)
        emit(s, CANCU_DEADLINE_WITHIN, no_day, no_day, "");
    else
        emit(s, CANCU_DEADLINE_WITHIN, day_of(y, m, d), day_of(y, m, d), "");
}

/* Read a range of days; groups 1-3 and 4-6 are the day, month and year of
 * each end. A missing year comes from the other end (the year before or
 * after when the days wrap), or else from the plan. */
static void read_date_range(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    ymd_t a = {number(s, ov, 3), number(s, ov, 2), number(s, ov, 1)};
    ymd_t b = {number(s, ov, 6), number(s, ov, 5), number(s, ov, 4)};
    bool wraps = a.m * 40 + a.d > b.m * 40 + b.d;

    (void)arg;
    if (a.y < 0 && b.y < 0)
        a.y = b.y = s->plan_year;
    else if (a.y < 0)
        a.y = b.y - wraps;
    else if (b.y < 0)
        b.y = a.y + wraps;
    if (!valid_day(a.y, a.m, a.d) || !valid_day(b.y, b.m, b.d))
        return;
    if (a.y <= 0 || b.y <= 0)
        emit(s, CANCU_DEADLINE_WITHIN, no_day, no_day, "");
    else if (compare_days(a, b) <= 0)
        emit(s, CANCU_DEADLINE_WITHIN, a, b, "");
}

/* Read continuous work over the year in group 1, or else the plan's. */
static void read_continuous(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)arg;
    emit_recurring(s, stated_year(s, ov, 1), "continuous");
}

/* Return the recurrence that the unit groups from 'g' on name: năm, quý,
 * tháng, then (with 'finer') tuần and ngày, which are continuous work. */
static const char *unit_name(const PCRE2_SIZE *ov, int g, bool finer)
{
    static const char *const names[] = {"yearly", "quarterly", "monthly",
                                        "continuous", "continuous"};

    for (int i = 0; i < (finer ? 5 : 3); i++)
        if (is_set(ov, g + i))
            return names[i];
    return "";
}

/* Read periodic work; groups 1-5 are the unit and group 6 a year. */
static void read_periodic(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)arg;
    emit_recurring(s, stated_year(s, ov, 6), unit_name(ov, 1, true));
}

/* Read a periodic day; groups are 1 day, 2 month, 3-5 the unit as quý,
 * tháng, năm, and 6 the words that put the day in the next period. */
static void read_periodic_day(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    static const char *const names[] = {"quarterly", "monthly", "yearly"};
    int d = number(s, ov, 1), m = number(s, ov, 2);
    rule_t rule = {d, m > 0 ? m : 0, is_set(ov, 6) ? 1 : 0, false};
    const char *name = "";

    (void)arg;
    if (d < 1 || d > 31 || (m >= 0 && !valid_day(0, m, d)))
        return;
    for (int i = 0; i < 3; i++)
        if (is_set(ov, 3 + i))
            name = names[i];
    emit_rule(s, 0, name, rule);
}

/* Read a month of each year; group 1 makes it a last day, group 2 is the
 * month. */
static void read_month_yearly(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int m = number(s, ov, 2);
    rule_t rule = {0, m, 0, is_set(ov, 1)};

    (void)arg;
    if (m >= 1 && m <= 12)
        emit_rule(s, 0, "yearly", rule);
}

/* Read a start with no end. */
static void read_undecided(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)ov;
    (void)arg;
    emit(s, CANCU_DEADLINE_UNDECIDED, no_day, no_day, "");
}

/* Read "giai đoạn" alone: the plan's period, when it has several years. */
static void read_stage(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)ov;
    (void)arg;
    if (several_years(s))
        emit_months(s, s->first, 1, s->last, 12);
}

/* Read the end of the year in group 1, or else the plan's. */
static void read_year_end(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    int y = year_of(s, ov, 1);

    (void)arg;
    emit_by(s, y > 0 ? day_of(y, 12, 31) : no_day);
}

/* A citation's date names the document, not a deadline: nothing. */
static void read_nothing(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)s;
    (void)ov;
    (void)arg;
}

/* Record a conditional or external deadline; 'arg' is its kind. */
static void read_open(scan_t *s, const PCRE2_SIZE *ov, int arg)
{
    (void)ov;
    emit(s, (cancu_deadline_kind_t)arg, no_day, no_day, "");
}

/* A weak form (a bare date or year, a citation, "hằng năm") names a date
 * other than a deadline when it follows "Theo ..." or "Sau khi ..." with
 * no separator: "Theo Kế hoạch rà soát ... hằng năm của tỉnh". */
#define WEAK 1u
/* An open form (conditional, external) runs on to the next deadline. */
#define OPEN 2u
/* In body text, a form that says when a task is due counts ... */
#define DUE 4u
/* ... and this one only with its leading word ("trong", "vào", "từ"). */
#define LED 8u

typedef struct form {
    cancu_pattern_t *pattern;
    reader_fn read;
    int arg;
    unsigned flags;
} form_t;

/* Where two forms match from the same byte, the longer wins, then the
 * earlier here. */
static const form_t forms[] = {
    {&month_yearly, read_month_yearly, 0, DUE},
    {&by_date, read_by_date, 0, DUE},
    {&by_month, read_by_month, 0, DUE},
    {&by_quarter, read_by_quarter, 0, DUE},
    {&by_year, read_by_year, 0, DUE},
    {&periodic_day, read_periodic_day, 0, DUE},
    {&date_range, read_date_range, 0, DUE | LED},
    {&month_range, read_month_range, 0, DUE | LED},
    {&quarter_list, read_list, 3, DUE | LED},
    {&month_list, read_list, 1, DUE | LED},
    {&half, read_half, 0, DUE | LED},
    {&year_range, read_year_range, 0, 0},
    {&year_range_alone, read_year_range, 0, 0},
    {&year_alone, read_year, 0, 0},
    {&year_in, read_year, 0, DUE},
    {&date_in, read_day, 1, DUE},
    {&year_end, read_year_end, 0, DUE | LED},
    {&undecided, read_undecided, 0, 0},
    {&continuous, read_continuous, 0, 0},
    {&periodic, read_periodic, 0, WEAK | DUE},
    {&stage, read_stage, 0, WEAK},
    {&citation, read_nothing, 0, WEAK},
    {&year_bare, read_year, 0, WEAK},
    {&date_bare, read_day, 2, WEAK},
    {&conditional, read_open, CANCU_DEADLINE_CONDITIONAL, OPEN},
    {&external, read_open, CANCU_DEADLINE_EXTERNAL, OPEN},
};

#define FORMS (sizeof forms / sizeof forms[0])
#define NONE ((size_t)-1)

/* This is the next match of a form: where it starts (NONE when there is
 * none) and its groups. */
typedef struct next {
    size_t start;
    PCRE2_SIZE ov[2 * GROUPS];
} next_t;

/* Find the first match of form 'i' at or after 'from'. */
static void find(scan_t *s, size_t i, size_t from, next_t *next)
{
    const pcre2_code *code = cancu_pattern__code(forms[i].pattern);
    int rc;

    next[i].start = NONE;
    if (!code || from >= s->len)
        return;
    rc = pcre2_match(code, (PCRE2_SPTR)s->text, s->len, from,
                     PCRE2_NO_UTF_CHECK, s->md, NULL);
    if (rc > 0) {
        const PCRE2_SIZE *p = pcre2_get_ovector_pointer(s->md);

        /* Keep a copy, since readers run other matches with the same data. */
        for (int g = 0; g < 2 * GROUPS; g++)
            next[i].ov[g] = g < 2 * rc ? p[g] : PCRE2_UNSET;
        if (next[i].ov[1] > next[i].ov[0])
            next[i].start = next[i].ov[0];
    }
}

/* Return the form whose next match at or after 'from' starts first (the
 * longest of those that start together), or FORMS when none does. */
static size_t first_match(scan_t *s, size_t from, next_t *next)
{
    size_t best = FORMS;

    for (size_t i = 0; i < FORMS; i++) {
        if (next[i].start != NONE && next[i].start < from)
            find(s, i, from, next);
        if (next[i].start == NONE)
            continue;
        if (best == FORMS || next[i].start < next[best].start ||
            (next[i].start == next[best].start &&
             next[i].ov[1] > next[best].ov[1]))
            best = i;
    }
    return best;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Tell whether a list separator (",", ";" or the word "và") comes just
 * before byte 'at', after 'from'. */
static bool separated(const scan_t *s, size_t from, size_t at)
{
    const char *t = s->text;

    while (at > from && is_space(t[at - 1]))
        at--;
    if (at > from && (t[at - 1] == ',' || t[at - 1] == ';'))
        return true;
    /* The word may be written "và", "VÀ" or "va". */
    if (at >= from + 3 && (t[at - 3] | 0x20) == 'v' &&
        (unsigned char)t[at - 2] == 0xC3 &&
        ((unsigned char)t[at - 1] == 0xA0 || (unsigned char)t[at - 1] == 0x80))
        at -= 3;
    else if (at >= from + 2 && (t[at - 2] | 0x20) == 'v' &&
             (t[at - 1] | 0x20) == 'a')
        at -= 2;
    else
        return false;
    return at == from || is_space(t[at - 1]);
}

/* Return where the words of an open deadline (conditional, external)
 * whose keyword ends at 'end' stop: at the next strong deadline, the next
 * separated one, a ';', a line or a tab, whichever comes first. Weak and
 * open forms met on the way are part of its words; trailing spaces and
 * punctuation are not. The scan resumes at '*resume'. */
static size_t open_end(scan_t *s, size_t end, next_t *next, size_t *resume)
{
    const char *t = s->text;
    size_t stop = end, hard = end, i;

    for (;;) {
        /* A match may span a line, and then the next separator counts. */
        if (hard < stop)
            hard = stop;
        while (hard < s->len && t[hard] != ';' && t[hard] != '\n' &&
               t[hard] != '\r' && t[hard] != '\t')
            hard++;
        i = first_match(s, stop, next);
        if (i == FORMS || next[i].start >= hard) {
            stop = hard;
            break;
        }
        if (!(forms[i].flags & (WEAK | OPEN)) ||
            separated(s, stop, next[i].start)) {
            stop = next[i].start;
            break;
        }
        stop = next[i].ov[1];
    }
    *resume = stop;
    while (stop > end &&
           (is_space(t[stop - 1]) || t[stop - 1] == ',' || t[stop - 1] == ';' ||
            t[stop - 1] == '.' || t[stop - 1] == ':'))
        stop--;
    return stop;
}

/* This is the word that leads a period in body text when it says the
 * task is due then. */
static cancu_pattern_t leading_word =
    CANCU_PATTERN("(?:" W_TRONG "|" W_VAO "|" W_TU "|" W_CA "|" W_SUOT "|" W_DEN
                  "|" W_TOI ")" RB,
                  PCRE2_CASELESS | PCRE2_ANCHORED);

/* Does the match at 'at' start with a leading word? */
static bool led(scan_t *s, size_t at)
{
    const pcre2_code *code = cancu_pattern__code(&leading_word);

    return code && pcre2_match(code, (PCRE2_SPTR)s->text, s->len, at,
                               PCRE2_NO_UTF_CHECK, s->md, NULL) > 0;
}

/* Record every deadline of the text, which is valid UTF-8, in order. */
static void scan_all(scan_t *s)
{
    next_t next[FORMS];
    size_t offset = 0;

    for (size_t i = 0; i < FORMS; i++)
        find(s, i, 0, next);
    for (;;) {
        size_t i = first_match(s, offset, next), count = s->count;

        if (i == FORMS)
            break;
        s->start = next[i].ov[0];
        s->end = next[i].ov[1];
        offset = s->end;
        /* Body text talks of other times too: what it does not say is
         * due is passed over whole. */
        if (s->body && (!(forms[i].flags & DUE) ||
                        ((forms[i].flags & LED) && !led(s, s->start))))
            continue;
        forms[i].read(s, next[i].ov, forms[i].arg);
        if ((forms[i].flags & OPEN) && s->count > count) {
            size_t stop = open_end(s, s->end, next, &offset);

            if (count < s->cap)
                s->out[count].text_end = stop;
        }
    }
}

static bool usable_year(int y)
{
    /* Only years that the date arithmetic keeps to four digits count. */
    return y > 1000 && y < 9998;
}

/* Scan the text with the plan's time; 'body' keeps due phrases only. */
static size_t scan_text(const char *text, size_t len,
                        const cancu_plan_time_t *plan, bool body,
                        cancu_deadline_t *out, size_t cap)
{
    scan_t s;
    size_t bad;
    char *copy = NULL;

    assert(text || len == 0);
    assert(out || cap == 0);
    assert(plan);
    memset(&s, 0, sizeof s);
    s.text = text;
    s.len = len;
    s.out = out;
    s.cap = cap;
    s.body = body;
    if (len == 0)
        return 0;
    if (usable_year(plan->year))
        s.plan_year = plan->year;
    if (usable_year(plan->first) && usable_year(plan->last) &&
        plan->first <= plan->last) {
        s.first = plan->first;
        s.last = plan->last;
    }
    /* Bytes that are not UTF-8 become spaces, so offsets stay true. */
    bad = cancu_utf8__invalid_offset(text, len);
    if (bad < len) {
        copy = malloc(len);
        if (copy) {
            memcpy(copy, text, len);
            while (bad < len) {
                copy[bad] = ' ';
                bad += 1 + cancu_utf8__invalid_offset(copy + bad + 1,
                                                      len - bad - 1);
            }
            s.text = copy;
        } else {
            s.len = bad;
        }
    }
    s.md = pcre2_match_data_create(GROUPS, NULL);
    if (s.md)
        scan_all(&s);
    pcre2_match_data_free(s.md);
    free(copy);
    return s.count;
}

size_t cancu_deadlines__parse(const char *text, size_t len, int plan_year,
                              cancu_deadline_t *out, size_t cap)
{
    cancu_plan_time_t plan = {plan_year, plan_year, plan_year};

    return scan_text(text, len, &plan, false, out, cap);
}

size_t cancu_deadlines__parse_in(const char *text, size_t len,
                                 const cancu_plan_time_t *plan,
                                 cancu_deadline_t *out, size_t cap)
{
    return scan_text(text, len, plan, false, out, cap);
}

bool cancu_deadlines__due_phrases(const char *text, size_t len, int plan_year,
                                  cancu_strbuf_t *out)
{
    cancu_plan_time_t plan = {plan_year, 0, 0};
    cancu_deadline_t found[32];
    size_t n = scan_text(text, len, &plan, true, found, 32);
    size_t last_start = (size_t)-1;

    for (size_t i = 0; i < n && i < 32; i++) {
        /* The runs of one list share its words. */
        if (found[i].text_start == last_start)
            continue;
        last_start = found[i].text_start;
        if (out->len)
            cancu_strbuf__puts(out, "; ");
        cancu_strbuf__append(out, text + found[i].text_start,
                             found[i].text_end - found[i].text_start);
    }
    return !out->failed;
}

const char *cancu_deadline_kind_name(cancu_deadline_kind_t kind)
{
    switch (kind) {
    case CANCU_DEADLINE_BY:
        return "by";
    case CANCU_DEADLINE_WITHIN:
        return "within";
    case CANCU_DEADLINE_RECURRING:
        return "recurring";
    case CANCU_DEADLINE_CONDITIONAL:
        return "conditional";
    case CANCU_DEADLINE_EXTERNAL:
        return "external";
    case CANCU_DEADLINE_UNDECIDED:
        return "undecided";
    }
    return "unknown";
}

/* Return the year of the ISO day 'iso', or 0 when it is "". */
static int iso_year(const char *iso)
{
    int y = 0;

    for (int i = 0; i < 4 && iso[i] >= '0' && iso[i] <= '9'; i++)
        y = y * 10 + (iso[i] - '0');
    return y;
}

/* Add the occurrence from 'from' (year 0 for none) to 'to'. */
static void put_occurrence(cancu_occurrence_t *out, size_t cap, size_t *n,
                           ymd_t from, ymd_t to)
{
    if (*n < cap) {
        write_iso(out[*n].start, from);
        write_iso(out[*n].end, to);
    }
    (*n)++;
}

/* The day 'd' of the month 'm' months after January of year 'y', or its
 * month's last day when the month is shorter. */
static ymd_t day_in_month(int y, int m, int d)
{
    while (m > 12) {
        m -= 12;
        y++;
    }
    while (m < 1) {
        m += 12;
        y--;
    }
    return day_of(y, m, d < month_days(y, m) ? d : month_days(y, m));
}

/* Add the occurrences of one year 'y' of the recurrence 'd'. */
static void year_occurrences(const cancu_deadline_t *d, int y,
                             cancu_occurrence_t *out, size_t cap, size_t *n)
{
    int months = strcmp(d->recurrence, "monthly") == 0     ? 1
                 : strcmp(d->recurrence, "quarterly") == 0 ? 3
                                                           : 12;

    if (months == 12 && d->month >= 1 && d->month <= 12) {
        int m = d->month;

        if (d->day)
            put_occurrence(out, cap, n, no_day,
                           day_in_month(y + d->shift, m, d->day));
        else
            put_occurrence(out, cap, n, d->by_end ? no_day : day_of(y, m, 1),
                           month_end(y, m));
        return;
    }
    for (int first = 1; first <= 12; first += months) {
        int last = first + months - 1;

        /* A stated day falls in the period's last month, or with 'shift'
         * in the month after the period. */
        if (d->day)
            put_occurrence(out, cap, n, no_day,
                           day_in_month(y, d->shift ? last + 1 : last, d->day));
        else
            put_occurrence(out, cap, n, day_of(y, first, 1),
                           month_end(y, last));
    }
}

size_t cancu_deadlines__occurrences(const cancu_deadline_t *d, int year,
                                    cancu_occurrence_t *out, size_t cap)
{
    int from = iso_year(d->start), to = iso_year(d->end);
    size_t n = 0;

    assert(d);
    assert(out || cap == 0);
    if (d->kind != CANCU_DEADLINE_RECURRING ||
        (strcmp(d->recurrence, "monthly") != 0 &&
         strcmp(d->recurrence, "quarterly") != 0 &&
         strcmp(d->recurrence, "yearly") != 0))
        return 0;
    if (!from || !to) {
        if (!usable_year(year))
            return 0;
        from = to = year;
    }
    for (int y = from; y <= to && y < from + 100; y++)
        year_occurrences(d, y, out, cap, &n);
    return n;
}

void cancu_deadlines__rule(const cancu_deadline_t *d, char *buf, size_t cap)
{
    const char *shift = d->shift > 0 ? "next" : "previous";
    const char *unit = strcmp(d->recurrence, "monthly") == 0     ? "month"
                       : strcmp(d->recurrence, "quarterly") == 0 ? "quarter"
                                                                 : "year";
    /* At most ",day=31,month=12,previous-quarter". */
    char extra[48] = "";
    size_t n = 0;

    assert(cap > 0);
    if (d->by_end && d->month) {
        snprintf(extra, sizeof extra, ":by-end-of-month=%d", d->month % 100);
    } else {
        if (d->day)
            n += (size_t)snprintf(extra + n, sizeof extra - n, ",day=%d",
                                  d->day % 100);
        if (d->month)
            n += (size_t)snprintf(extra + n, sizeof extra - n, ",month=%d",
                                  d->month % 100);
        if (d->shift && n)
            snprintf(extra + n, sizeof extra - n, ",%s-%s", shift, unit);
        if (n)
            extra[0] = ':';
    }
    snprintf(buf, cap, "%s%s", *d->recurrence ? d->recurrence : "",
             *d->recurrence ? extra : "");
}

/* "giai đoạn 2026 - 2030" and "năm 2026-2030" in a title. */
static cancu_pattern_t title_period = CANCU_PATTERN(
    LB "(?:" W_GIAIDOAN "|" W_NAM ")\\s+(?:" W_TU "\\s+)?(?:" W_NAM
       "\\s+)?" YEAR "\\s*(?:[-–]|" W_DEN ")\\s*(?:" W_NAM "\\s+)?" YEAR,
    PCRE2_CASELESS);
/* "đến năm 2035" in a title. */
static cancu_pattern_t title_until = CANCU_PATTERN(
    LB "(?:" W_DEN "|" W_TOI ")\\s+" W_NAM "\\s+" YEAR, PCRE2_CASELESS);
/* "năm 2026" in a title, but not the year of a date there: "Quyết định
 * số 06/QĐ-TTg ngày 02 tháng 01 năm 2025" names another document. */
static cancu_pattern_t title_year =
    CANCU_PATTERN(W_THANG "\\s+\\d{1,2}\\s*,?\\s*" W_NAM
                          "\\s+(?:19|20)\\d{2}(*SKIP)(*FAIL)|" LB W_NAM
                          "\\s+" YEAR NOT_RELATIVE,
                  PCRE2_CASELESS);
/* The year of a date line, its day and month perhaps left blank. */
static cancu_pattern_t date_line_year =
    CANCU_PATTERN(LB W_NGAY "[\\s\\d]*" W_THANG "[\\s\\d]*" W_NAM "\\s+" YEAR,
                  PCRE2_CASELESS);

/* Match 'pattern' in 'text' and return the year of group 'g' (or of
 * groups 'g' and 'g' + 1 into '*second'), or 0. */
static int find_year(cancu_pattern_t *pattern, const char *text, int *second)
{
    const pcre2_code *code = cancu_pattern__code(pattern);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    int year = 0;

    if (md && cancu_utf8__invalid_offset(text, strlen(text)) == strlen(text) &&
        pcre2_match(code, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0,
                    PCRE2_NO_UTF_CHECK, md, NULL) > 1) {
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

        year = iso_year(text + ov[2]);
        if (second)
            *second = pcre2_get_ovector_count(md) > 2 && ov[4] != PCRE2_UNSET
                          ? iso_year(text + ov[4])
                          : 0;
    }
    pcre2_match_data_free(md);
    return year;
}

void cancu_deadlines__plan_time(const char *title, const char *date,
                                const char *date_line, cancu_plan_time_t *out)
{
    int first, last = 0, until;

    assert(out);
    memset(out, 0, sizeof *out);
    title = title ? title : "";
    first = find_year(&title_period, title, &last);
    if (first && last >= first) {
        out->year = out->first = first;
        out->last = last;
        return;
    }
    until = find_year(&title_until, title, NULL);
    out->year = until ? 0 : find_year(&title_year, title, NULL);
    if (out->year) {
        out->first = out->last = out->year;
        return;
    }
    /* The year of the date line, a draft's too, or else of the date. */
    if (date_line && *date_line)
        out->year = find_year(&date_line_year, date_line, NULL);
    if (!out->year && date)
        out->year = iso_year(date);
    if (until && out->year && until > out->year) {
        out->first = out->year;
        out->last = until;
    }
}
