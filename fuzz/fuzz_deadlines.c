/* The deadline parser on any bytes. The first byte picks the plan year
 * (none, or 2020 to 2274), so both the dated and undated paths run. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ingest/deadlines.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_deadline_t deadlines[8];
    int plan_year;
    size_t found, kept;

    if (size == 0)
        return 0;
    plan_year = data[0] ? 2019 + data[0] : 0;
    found = cancu_deadlines__parse((const char *)data + 1, size - 1, plan_year,
                                   deadlines, 8);
    kept = found < 8 ? found : 8;
    for (size_t i = 0; i < kept; i++) {
        /* The parser promises terminated dates and spans inside the text. */
        if (memchr(deadlines[i].start, '\0', sizeof deadlines[i].start) ==
                NULL ||
            memchr(deadlines[i].end, '\0', sizeof deadlines[i].end) == NULL ||
            deadlines[i].text_start > deadlines[i].text_end ||
            deadlines[i].text_end > size - 1)
            __builtin_trap();
        (void)cancu_deadline_kind_name(deadlines[i].kind);
    }
    return 0;
}
