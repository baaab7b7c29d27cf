/* ISO 8601 dates, possibly partial ("2021", "2021-12", "2021-12-15"), as
 * the registry and the check compare them. */
#include <stdbool.h>
#include <string.h>

#include "util/util.h"

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

int cancu_date__days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return 29;
    return days[month - 1];
}

bool cancu_date__valid(const char *s)
{
    size_t n = strlen(s);
    int year, month, day;

    if ((n != 4 && n != 7 && n != 10) || !all_digits(s, 4))
        return false;
    year = (s[0] - '0') * 1000 + two_digits(s + 1) * 10 + (s[3] - '0');
    if (year < 1000)
        return false;
    if (n == 4)
        return true;
    if (s[4] != '-' || !all_digits(s + 5, 2))
        return false;
    month = two_digits(s + 5);
    if (month < 1 || month > 12)
        return false;
    if (n == 7)
        return true;
    if (s[7] != '-' || !all_digits(s + 8, 2))
        return false;
    day = two_digits(s + 8);
    return day >= 1 && day <= cancu_date__days_in_month(year, month);
}

int cancu_date__compare(const char *a, const char *b)
{
    size_t n = strlen(a) < strlen(b) ? strlen(a) : strlen(b);
    int c = strncmp(a, b, n);

    return c < 0 ? -1 : c > 0;
}
