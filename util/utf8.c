#include <stdint.h>
#include <string.h>

#include <unicode/utf8.h>

#include "util/util.h"

size_t cancu_utf8__invalid_offset(const char *s, size_t len)
{
    const unsigned char *d = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        int32_t j = 0, n;
        UChar32 c;
        uint64_t word;

        /* Eight ASCII bytes at a time. */
        if (len - i >= 8) {
            memcpy(&word, d + i, 8);
            if (!(word & UINT64_C(0x8080808080808080))) {
                i += 8;
                continue;
            }
        }
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        n = len - i > INT32_MAX ? INT32_MAX : (int32_t)(len - i);
        U8_NEXT(d + i, j, n, c);
        if (c < 0)
            return i;
        i += (size_t)j;
    }
    return len;
}
