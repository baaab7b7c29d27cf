#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
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

void cancu_fold__ascii(const char *s, size_t len, char *out, size_t cap)
{
    int32_t i = 0, n = len > INT32_MAX ? INT32_MAX : (int32_t)len;
    size_t k = 0;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);

    while (i < n && k + 1 < cap) {
        UChar32 c;
        UChar decomposed[8];
        int32_t m;

        U8_NEXT(s, i, n, c);
        if (c < 0)
            continue;
        if (c == 0x110 || c == 0x111 || c == 0xD0 || c == 0xF0) {
            out[k++] = 'd';
            continue;
        }
        if (c < 0x80) {
            out[k++] = (char)u_tolower(c);
            continue;
        }
        /* Letters with marks: their base letter; others are dropped. */
        m = U_SUCCESS(err)
                ? unorm2_getDecomposition(nfd, c, decomposed, 8, &err)
                : -1;
        if (m > 0 && decomposed[0] < 0x80)
            out[k++] = (char)u_tolower(decomposed[0]);
        err = U_ZERO_ERROR;
    }
    out[k] = '\0';
}

size_t cancu_utf8__encode(uint32_t c, char out[4])
{
    int32_t n = 0;
    UBool error = false;

    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    U8_APPEND((uint8_t *)out, n, 4, (UChar32)c, error);
    return error ? 0 : (size_t)n;
}

bool cancu_array__grow(void **items, size_t *cap, size_t count, size_t size)
{
    size_t new_cap;
    void *p;

    if (count < *cap)
        return true;
    new_cap = *cap ? *cap * 2 : 16;
    if (new_cap > SIZE_MAX / size)
        return false;
    p = realloc(*items, new_cap * size);
    if (!p)
        return false;
    *items = p;
    *cap = new_cap;
    return true;
}
