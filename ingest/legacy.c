/* The legacy Vietnamese 8-bit encodings. Windows-1258 goes through ICU and
 * VISCII through glibc iconv. TCVN3 and VNI-Windows, which neither has,
 * go through the tables below. Detection decodes with each candidate and
 * keeps the reading whose words are Vietnamese syllables. */
#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"
#include "ingest/legacy.h"

/* ICU counts in int32_t: keep well inside it. */
#define LEGACY_MAX_BYTES ((size_t)INT32_MAX / 4)
/* Detection scores this much text for each candidate. */
#define DETECT_PREFIX ((size_t)64 * 1024)
/* Windows-1258 is converted in chunks of about this many bytes. */
#define CHUNK_BYTES 16384

typedef enum legacy {
    LEGACY_TCVN3,
    LEGACY_VNI,
    LEGACY_WINDOWS_1258,
    LEGACY_VISCII,
    LEGACY_COUNT
} legacy_t;

/* Indexed by legacy_t, which is also the order of preference on a tie. */
static const char *const canonical_names[LEGACY_COUNT] = {
    CANCU_LEGACY_TCVN3,
    CANCU_LEGACY_VNI,
    CANCU_LEGACY_WINDOWS_1258,
    CANCU_LEGACY_VISCII,
};

static const struct {
    const char *name;
    legacy_t encoding;
} names[] = {
    {CANCU_LEGACY_TCVN3, LEGACY_TCVN3},
    {"tcvn", LEGACY_TCVN3},
    {"abc", LEGACY_TCVN3},
    {CANCU_LEGACY_VNI, LEGACY_VNI},
    {"vni", LEGACY_VNI},
    {CANCU_LEGACY_WINDOWS_1258, LEGACY_WINDOWS_1258},
    {"cp1258", LEGACY_WINDOWS_1258},
    {CANCU_LEGACY_VISCII, LEGACY_VISCII},
};

/* Windows-1252 at 0x80 to 0x9F, after the Unicode Consortium's mapping
 * file MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT. The five codes it leaves
 * undefined keep their C1 controls, as in ICU's windows-1252 converter;
 * the test compares the two. TCVN3 and VNI-Windows files written on
 * Windows hold this punctuation there (0x93 and 0x94 quotes, 0x96 dash). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* TCVN3 (TCVN 5712:1993 VN3, the "ABC" code of the .VnTime fonts) from
 * 0xA0 to 0xFF. Written from the TCVN3 table of the vietnamese-conversion
 * package (src/charsets.ts, duydev) and checked against glibc's
 * TCVN5712-1 (VN1), which puts the lower-case letters and the seven
 * capitals at 0xA1 to 0xA7 in the same places; the test compares the two
 * byte by byte. VN3 has no toned capitals: where VN1 puts them (0xAF,
 * 0xBA, 0xBF, 0xC0 to 0xC5, 0xCD, 0xD9 to 0xDB, 0xE0, 0xF0, 0xFF) and where
 * VN1 puts combining marks (0xB0 to 0xB4), a byte keeps its Windows-1252
 * character (shown as "." below). The tones of a vowel come in the order
 * grave, hook, tilde, acute, dot below. */
/* clang-format off */
static const uint16_t tcvn3_high[96] = {
    /* 0xA0: NBSP Ă Â Ê Ô Ơ Ư Đ */
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    /* 0xA8: ă â ê ô ơ ư đ . */
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x00AF,
    /* 0xB0: . . . . . à ả ã */
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00E0, 0x1EA3, 0x00E3,
    /* 0xB8: á ạ . ằ ẳ ẵ ắ . */
    0x00E1, 0x1EA1, 0x00BA, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x00BF,
    /* 0xC0: . . . . . . ặ ầ */
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x1EB7, 0x1EA7,
    /* 0xC8: ẩ ẫ ấ ậ è . ẻ ẽ */
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x00CD, 0x1EBB, 0x1EBD,
    /* 0xD0: é ẹ ề ể ễ ế ệ ì */
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    /* 0xD8: ỉ . . . ĩ í ị ò */
    0x1EC9, 0x00D9, 0x00DA, 0x00DB, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    /* 0xE0: . ỏ õ ó ọ ồ ổ ỗ */
    0x00E0, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    /* 0xE8: ố ộ ờ ở ỡ ớ ợ ù */
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    /* 0xF0: . ủ ũ ú ụ ừ ử ữ */
    0x00F0, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    /* 0xF8: ứ ự ỳ ỷ ỹ ý ỵ . */
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x00FF,
};
/* clang-format on */

/* VNI-Windows (the VNI-Times and other VNI- fonts), from 0xC0 to 0xDF for
 * capitals and 0xE0 to 0xFF, the same roles shifted by 0x20, for lower
 * case. Written from the VNI tables of xvnkb (vni.h, Dao Hai Lam) and of
 * the vietnamese-conversion package (src/charsets.ts, duydev), which
 * agree. A toned or modified vowel is its base letter followed by one mark
 * byte giving the modifier, the tone or both ("aù" for á, "aá" for ấ,
 * "AÙ" for Á). Each upper-case mark is the Latin-1 capital of the
 * lower-case one, so that changing the case of VNI text in Word keeps it
 * right. The letters with one byte are ơ ư đ, the toned i and ỵ.
 * Any other byte is the Windows-1252 character. */
typedef struct vni_code {
    uint16_t modifier; /* U+0302 circumflex or U+0306 breve, or 0 */
    uint16_t tone;     /* a combining tone mark, or 0 */
    uint16_t upper;    /* a letter of its own (0xC0 to 0xDF), or 0 */
    uint16_t lower;    /* the same letter at 0xE0 to 0xFF */
} vni_code_t;

static const vni_code_t vni_codes[32] = {
    [0x00] = {0x0302, 0x0300, 0, 0}, /* à: circumflex and grave */
    [0x01] = {0x0302, 0x0301, 0, 0}, /* á: circumflex and acute */
    [0x02] = {0x0302, 0, 0, 0},      /* â: circumflex */
    [0x03] = {0x0302, 0x0303, 0, 0}, /* ã: circumflex and tilde */
    [0x04] = {0x0302, 0x0323, 0, 0}, /* ä: circumflex and dot below */
    [0x05] = {0x0302, 0x0309, 0, 0}, /* å: circumflex and hook */
    [0x06] = {0, 0, 0x1EC8, 0x1EC9}, /* æ: ỉ */
    [0x08] = {0x0306, 0x0300, 0, 0}, /* è: breve and grave */
    [0x09] = {0x0306, 0x0301, 0, 0}, /* é: breve and acute */
    [0x0A] = {0x0306, 0, 0, 0},      /* ê: breve */
    [0x0B] = {0x0306, 0x0323, 0, 0}, /* ë: breve and dot below */
    [0x0C] = {0, 0, 0x00CC, 0x00EC}, /* ì: ì */
    [0x0D] = {0, 0, 0x00CD, 0x00ED}, /* í: í */
    [0x0E] = {0, 0, 0x1EF4, 0x1EF5}, /* î: ỵ */
    [0x0F] = {0, 0x0323, 0, 0},      /* ï: dot below */
    [0x11] = {0, 0, 0x0110, 0x0111}, /* ñ: đ */
    [0x12] = {0, 0, 0x1ECA, 0x1ECB}, /* ò: ị */
    [0x13] = {0, 0, 0x0128, 0x0129}, /* ó: ĩ */
    [0x14] = {0, 0, 0x01A0, 0x01A1}, /* ô: ơ */
    [0x15] = {0, 0x0303, 0, 0},      /* õ: tilde */
    [0x16] = {0, 0, 0x01AF, 0x01B0}, /* ö: ư */
    [0x18] = {0, 0x0300, 0, 0},      /* ø: grave */
    [0x19] = {0, 0x0301, 0, 0},      /* ù: acute */
    [0x1A] = {0x0306, 0x0309, 0, 0}, /* ú: breve and hook */
    [0x1B] = {0, 0x0309, 0, 0},      /* û: hook */
    [0x1C] = {0x0306, 0x0303, 0, 0}, /* ü: breve and tilde */
};

static int lookup(const char *name)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0)
            return (int)names[i].encoding;
    return -1;
}

const char *cancu_legacy__canonical_name(const char *name)
{
    int e = lookup(name);

    return e < 0 ? NULL : canonical_names[e];
}

/* Append 'c' as UTF-8, writing into the buffer directly: this runs once
 * a byte. */
static void put_cp(cancu_strbuf_t *buf, UChar32 c)
{
    if (buf->cap < buf->len + 5 && !cancu_strbuf__grow(buf, 4))
        return;
    U8_APPEND_UNSAFE(buf->data, buf->len, c);
    buf->data[buf->len] = '\0';
}

/* The character a byte stands for in Windows-1252. */
static UChar32 cp1252(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b;
}

/* Bytes are appended to 'buf' in runs of ASCII, which need no lookup. */
static size_t ascii_run(const unsigned char *d, size_t n)
{
    size_t i = 0;

    while (i < n && d[i] < 0x80)
        i++;
    return i;
}

static void decode_tcvn3(cancu_strbuf_t *buf, const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t run = ascii_run(d + i, n - i);

        cancu_strbuf__append(buf, (const char *)d + i, run);
        i += run;
        if (i < n) {
            put_cp(buf, d[i] >= 0xA0 ? tcvn3_high[d[i] - 0xA0] : cp1252(d[i]));
            i++;
        }
    }
}

/* True for a vowel that a VNI tone byte may follow: a ă â e ê i o ô ơ u ư y
 * in either case, without a tone. */
static bool vni_toneless_vowel(UChar32 c)
{
    switch (c | 0x20) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
        return c < 0x80;
    default:
        break;
    }
    switch (c) {
    case 0x0102: /* Ă */
    case 0x0103:
    case 0x00C2: /* Â */
    case 0x00E2:
    case 0x00CA: /* Ê */
    case 0x00EA:
    case 0x00D4: /* Ô */
    case 0x00F4:
    case 0x01A0: /* Ơ */
    case 0x01A1:
    case 0x01AF: /* Ư */
    case 0x01B0:
        return true;
    default:
        return false;
    }
}

/* The letter 'base' with the marks of VNI byte 'code', or -1 when the
 * marks do not go on it (the byte is then a character of its own). */
static UChar32 vni_attach(const UNormalizer2 *nfc, UChar32 base,
                          const vni_code_t *code)
{
    UChar32 c;

    if (code->modifier) {
        int lower = base | 0x20;

        if (base >= 0x80 || !(lower == 'a' || (code->modifier == 0x0302 &&
                                               (lower == 'e' || lower == 'o'))))
            return -1;
    } else if (!vni_toneless_vowel(base)) {
        return -1;
    }
    if (!code->modifier)
        return unorm2_composePair(nfc, base, code->tone);
    if (!code->tone)
        return unorm2_composePair(nfc, base, code->modifier);
    /* ấ composes as â and the acute, but ậ as ạ and the circumflex: the
     * dot below comes first in canonical order. */
    c = unorm2_composePair(nfc, base, code->modifier);
    if (c >= 0)
        c = unorm2_composePair(nfc, c, code->tone);
    if (c < 0) {
        c = unorm2_composePair(nfc, base, code->tone);
        if (c >= 0)
            c = unorm2_composePair(nfc, c, code->modifier);
    }
    return c;
}

static void decode_vni(cancu_strbuf_t *buf, const UNormalizer2 *nfc,
                       const unsigned char *d, size_t n)
{
    UChar32 pending = -1;

    for (size_t i = 0; i < n; i++) {
        unsigned char b = d[i];
        const vni_code_t *code = b >= 0xC0 ? &vni_codes[b & 0x1F] : NULL;
        UChar32 c;

        /* A mark byte has the case of its letter, as Word's case change
         * keeps it: "aù", "AÙ". */
        if (code && (code->modifier || code->tone) && pending >= 0 &&
            (b >= 0xE0) == (u_islower(pending) != 0) &&
            (c = vni_attach(nfc, pending, code)) >= 0) {
            pending = c;
            continue;
        }
        if (pending >= 0)
            put_cp(buf, pending);
        if (code && code->upper)
            pending = b < 0xE0 ? code->upper : code->lower;
        else
            pending = cp1252(b);
    }
    if (pending >= 0)
        put_cp(buf, pending);
}

/* The combining tone marks of Windows-1258: a chunk must not end before
 * one of them, or NFC could not compose it with its letter. */
static bool cp1258_mark(unsigned char b)
{
    return b == 0xCC || b == 0xD2 || b == 0xDE || b == 0xEC || b == 0xF2;
}

static cancu_status_t decode_windows_1258(cancu_strbuf_t *buf,
                                          const UNormalizer2 *nfc,
                                          const unsigned char *d, size_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("windows-1258", &err);
    /* One UTF-16 unit a byte; NFC only shortens this text. */
    UChar *u = NULL, *norm = NULL;
    char *utf8 = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (U_FAILURE(err))
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "windows-1258 converter is missing (%s)",
                                u_errorName(err));
    u = malloc(2 * CHUNK_BYTES * sizeof *u);
    norm = malloc(4 * CHUNK_BYTES * sizeof *norm);
    utf8 = malloc(12 * CHUNK_BYTES + 1);
    if (!u || !norm || !utf8) {
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    for (size_t pos = 0; pos < n;) {
        size_t end = pos + (n - pos < CHUNK_BYTES ? n - pos : CHUNK_BYTES);
        int32_t nu, nn, n8;

        /* Only a run of marks longer than a chunk is cut inside. */
        while (end < n && end - pos > 1 && cp1258_mark(d[end]))
            end--;
        nu = ucnv_toUChars(conv, u, 2 * CHUNK_BYTES, (const char *)d + pos,
                           (int32_t)(end - pos), &err);
        nn = unorm2_normalize(nfc, u, nu, norm, 4 * CHUNK_BYTES, &err);
        u_strToUTF8(utf8, 12 * CHUNK_BYTES + 1, &n8, norm, nn, &err);
        if (U_FAILURE(err)) {
            status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                      "windows-1258 text cannot be "
                                      "converted (%s)",
                                      u_errorName(err));
            goto done;
        }
        cancu_strbuf__append(buf, utf8, (size_t)n8);
        pos = end;
    }
done:
    ucnv_close(conv);
    free(u);
    free(norm);
    free(utf8);
    return status;
}

static cancu_status_t decode_viscii(cancu_strbuf_t *buf, const unsigned char *d,
                                    size_t n)
{
    iconv_t cd = iconv_open("UTF-8", "VISCII");
    char *in = (char *)d, tmp[4096];
    size_t in_left = n;

    if (cd == (iconv_t)-1)
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "no VISCII converter (iconv: %s)",
                                strerror(errno));
    while (in_left > 0 && !buf->failed) {
        char *o = tmp;
        size_t o_left = sizeof tmp;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);

        cancu_strbuf__append(buf, tmp, (size_t)(o - tmp));
        if (r == (size_t)-1 && errno != E2BIG) {
            /* VISCII defines all 256 bytes; this is only a safeguard. */
            put_cp(buf, 0xFFFD);
            in++;
            in_left--;
        }
    }
    iconv_close(cd);
    return CANCU_STATUS_SUCCESS;
}

/* Append the NFC decoding of 'n' bytes in 'encoding' to 'buf'. TCVN3 and
 * VISCII have a precomposed code for every letter and no combining marks,
 * so their text is NFC as it is; VNI composes its marks as it goes. */
static cancu_status_t decode_into(cancu_strbuf_t *buf, legacy_t encoding,
                                  const unsigned char *d, size_t n)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (U_FAILURE(err))
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "ICU normalization data is missing (%s)",
                                u_errorName(err));
    /* Room for most text at once; the append also writes the NUL that
     * the result of empty input needs. */
    cancu_strbuf__grow(buf, n + n / 2);
    cancu_strbuf__append(buf, "", 0);
    switch (encoding) {
    case LEGACY_TCVN3:
        decode_tcvn3(buf, d, n);
        break;
    case LEGACY_VNI:
        decode_vni(buf, nfc, d, n);
        break;
    case LEGACY_WINDOWS_1258:
        status = decode_windows_1258(buf, nfc, d, n);
        break;
    case LEGACY_VISCII:
        status = decode_viscii(buf, d, n);
        break;
    default:
        assert(!"unknown legacy encoding");
        break;
    }
    if (!status && buf->failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return status;
}

cancu_status_t cancu_legacy__decode(char **out, size_t *out_len,
                                    const char *name, const unsigned char *data,
                                    size_t size)
{
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    int encoding = lookup(name);
    cancu_status_t status;

    *out = NULL;
    *out_len = 0;
    if (encoding < 0)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "unknown legacy encoding '%s'",
                                name ? name : "(null)");
    status = decode_into(&buf, (legacy_t)encoding, data, size);
    if (status) {
        cancu_strbuf__dispose(&buf);
        return status;
    }
    *out_len = buf.len;
    *out = cancu_strbuf__detach(&buf);
    if (!*out) {
        *out_len = 0;
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    return CANCU_STATUS_SUCCESS;
}

/* Syllables. */

enum {
    CODA_NONE = 1 << 0,
    CODA_C = 1 << 1,
    CODA_CH = 1 << 2,
    CODA_M = 1 << 3,
    CODA_N = 1 << 4,
    CODA_NG = 1 << 5,
    CODA_NH = 1 << 6,
    CODA_P = 1 << 7,
    CODA_T = 1 << 8,
    CODA_ALL = (1 << 9) - 1,
    /* The stops, after which only the acute and dot-below tones occur. */
    CODA_STOPS = CODA_C | CODA_CH | CODA_P | CODA_T,
};

/* Final consonants, longest first. */
static const struct {
    const char *text;
    unsigned bit;
} codas[] = {
    {"ch", CODA_CH}, {"ng", CODA_NG}, {"nh", CODA_NH}, {"c", CODA_C},
    {"m", CODA_M},   {"n", CODA_N},   {"p", CODA_P},   {"t", CODA_T},
};

/* Initial consonants, longest first. "gi" and "qu" are handled apart. */
static const char *const onsets[] = {
    "ngh", "ng", "nh", "ch", "gh", "kh", "ph", "th", "tr", "b", "c", "d", "đ",
    "g",   "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t", "v", "x",
};

/* The vowel nuclei with their glides, without tone, and the final
 * consonants each takes (CODA_NONE: it may end the syllable). From the
 * rhymes of Vietnamese orthography; ă, â and the diphthongs iê, yê, uô,
 * ươ need a final consonant, and ch and nh follow only a, ê, i and y. */
static const struct {
    const char *text;
    unsigned codas;
} nuclei[] = {
    {"a", CODA_ALL},
    {"ă", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"â", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"e", CODA_NONE | CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"ê", CODA_NONE | CODA_CH | CODA_M | CODA_N | CODA_NH | CODA_P | CODA_T},
    {"i", CODA_NONE | CODA_CH | CODA_M | CODA_N | CODA_NH | CODA_P | CODA_T},
    {"o", CODA_NONE | CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"ô", CODA_NONE | CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"ơ", CODA_NONE | CODA_M | CODA_N | CODA_P | CODA_T},
    {"u", CODA_NONE | CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"ư", CODA_NONE | CODA_C | CODA_NG | CODA_T},
    {"y", CODA_NONE | CODA_CH | CODA_NH | CODA_P | CODA_T},
    {"ai", CODA_NONE},
    {"ao", CODA_NONE},
    {"au", CODA_NONE},
    {"ay", CODA_NONE},
    {"âu", CODA_NONE},
    {"ây", CODA_NONE},
    {"eo", CODA_NONE},
    {"êu", CODA_NONE},
    {"ia", CODA_NONE},
    {"iu", CODA_NONE},
    {"oi", CODA_NONE},
    {"ôi", CODA_NONE},
    {"ơi", CODA_NONE},
    {"ua", CODA_NONE},
    {"ui", CODA_NONE},
    {"uơ", CODA_NONE},
    {"ưa", CODA_NONE},
    {"ưi", CODA_NONE},
    {"ưu", CODA_NONE},
    {"oa", CODA_ALL},
    {"oă", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_T},
    {"oe", CODA_NONE | CODA_N | CODA_T},
    {"oo", CODA_C | CODA_NG},
    {"uâ", CODA_N | CODA_NG | CODA_T},
    {"uê", CODA_NONE | CODA_CH | CODA_N | CODA_NH | CODA_T},
    {"uô", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_T},
    {"ươ", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"iê", CODA_C | CODA_M | CODA_N | CODA_NG | CODA_P | CODA_T},
    {"yê", CODA_M | CODA_N | CODA_NG | CODA_T},
    {"uy", CODA_NONE | CODA_CH | CODA_N | CODA_NH | CODA_P | CODA_T},
    {"iêu", CODA_NONE},
    {"yêu", CODA_NONE},
    {"oai", CODA_NONE},
    {"oay", CODA_NONE},
    {"oao", CODA_NONE},
    {"oeo", CODA_NONE},
    {"uây", CODA_NONE},
    {"uôi", CODA_NONE},
    {"ươi", CODA_NONE},
    {"ươu", CODA_NONE},
    {"uya", CODA_NONE},
    {"uyu", CODA_NONE},
    {"uyê", CODA_N | CODA_T},
};

static bool starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);

    return n <= len && memcmp(s, prefix, n) == 0;
}

static bool starts_vowel(const char *s, size_t len)
{
    static const char *const vowels[] = {
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    };

    for (size_t i = 0; i < sizeof vowels / sizeof vowels[0]; i++)
        if (starts_with(s, len, vowels[i]))
            return true;
    return false;
}

/* The first letter of a nucleus is e, ê, i or y (which c, g and ng may not
 * precede), or one of e, ê, i (which gh and ngh need). */
static bool front_vowel(const char *s, size_t len, bool with_y)
{
    return starts_with(s, len, "e") || starts_with(s, len, "ê") ||
           starts_with(s, len, "i") || (with_y && starts_with(s, len, "y"));
}

static bool valid_nucleus(const char *s, size_t len, unsigned coda)
{
    for (size_t i = 0; i < sizeof nuclei / sizeof nuclei[0]; i++)
        if (strlen(nuclei[i].text) == len &&
            memcmp(s, nuclei[i].text, len) == 0)
            return (nuclei[i].codas & coda) != 0;
    return false;
}

/* Whether the toneless lower-case UTF-8 letters 's' with tone mark 'tone'
 * (0 for none) make a syllable. */
static bool valid_syllable(const char *s, size_t len, UChar32 tone)
{
    const char *onset = "", *v;
    size_t onset_len = 0, v_len;
    unsigned coda = CODA_NONE;
    char buf[32];

    if (starts_with(s, len, "qu") && len > 2) {
        onset = "qu";
    } else if (starts_with(s, len, "gi") && starts_vowel(s + 2, len - 2)) {
        /* gi before a vowel; "gì", "gìn" are g and i. */
        onset = "gi";
    } else {
        for (size_t i = 0; i < sizeof onsets / sizeof onsets[0]; i++) {
            if (starts_with(s, len, onsets[i])) {
                onset = onsets[i];
                break;
            }
        }
    }
    onset_len = strlen(onset);
    v = s + onset_len;
    v_len = len - onset_len;
    for (size_t i = 0; i < sizeof codas / sizeof codas[0]; i++) {
        size_t n = strlen(codas[i].text);

        if (n < v_len && memcmp(v + v_len - n, codas[i].text, n) == 0) {
            coda = codas[i].bit;
            v_len -= n;
            break;
        }
    }
    if (v_len == 0)
        return false;
    if ((coda & CODA_STOPS) && tone != 0x0301 && tone != 0x0323)
        return false;
    if (strcmp(onset, "c") == 0 || strcmp(onset, "ng") == 0)
        if (front_vowel(v, v_len, strcmp(onset, "c") == 0))
            return false;
    if (strcmp(onset, "k") == 0 && !front_vowel(v, v_len, true))
        return false;
    if (strcmp(onset, "g") == 0 &&
        (starts_with(v, v_len, "e") || starts_with(v, v_len, "ê")))
        return false;
    if ((strcmp(onset, "gh") == 0 || strcmp(onset, "ngh") == 0) &&
        !front_vowel(v, v_len, false))
        return false;
    if (strcmp(onset, "qu") == 0 && starts_with(v, v_len, "u"))
        return false;
    /* After gi, the i of iê is not written: "giếng" is gi + iêng. */
    if (strcmp(onset, "gi") == 0 && starts_with(v, v_len, "ê") &&
        v_len + 1 < sizeof buf) {
        buf[0] = 'i';
        memcpy(buf + 1, v, v_len);
        return valid_nucleus(buf, v_len + 1, coda);
    }
    return valid_nucleus(v, v_len, coda);
}

/* The longest word looked at, in UTF-8 bytes; no syllable is near it. */
#define WORD_MAX_BYTES 48
#define WORD_MAX_LETTERS 8

/* Frequent syllables of Vietnamese prose and of administrative writing,
 * in lower case and NFC, sorted by their bytes for bsearch. Between
 * readings that score alike, as short texts can, the one with more of
 * these wins: "Sở Nội vụ" rather than "Sã Nài vứ". */
static const char *const common_syllables[] = {
    "biết",   "biển",  "bà",    "báo",   "bên",    "bước",   "bạn",    "bản",
    "bảo",    "bảy",   "bệnh",  "bị",    "bốn",    "bộ",     "cháu",   "chí",
    "chín",   "chính", "chú",   "chúng", "chưa",   "chương", "chất",   "chỉ",
    "chị",    "chủ",   "chức",  "các",   "cách",   "cán",    "cáo",    "còn",
    "có",     "cô",    "công",  "cùng",  "cũng",   "cơ",     "cư",     "cường",
    "cả",     "cải",   "cấp",   "cần",   "cầu",    "cổ",     "cụ",     "của",
    "dân",    "dưới",  "dẫn",   "dịch",  "dục",    "dụng",   "dựng",   "giá",
    "giám",   "giáo",  "giải",  "giờ",   "giữa",   "gì",     "gửi",    "hiện",
    "hiệu",   "hoàn",  "hoá",   "hoạch", "huyện",  "hàng",   "hành",   "hình",
    "hóa",    "hướng", "hạn",   "hết",   "họ",     "học",    "hồ",     "hội",
    "hợp",    "khoản", "khoẻ",  "khác",  "không",  "khỏe",   "kiến",   "kiểm",
    "kèm",    "ký",    "kế",    "kết",   "kỳ",     "luôn",   "luật",   "là",
    "làm",    "làng",  "lâm",   "lên",   "lúc",    "lý",     "lĩnh",   "lưu",
    "lượng",  "lại",   "lợi",   "lục",   "lực",    "muốn",   "mà",     "mình",
    "môi",    "mười",  "mạnh",  "mọi",   "một",    "mới",    "mục",    "mức",
    "nghiệp", "nghìn", "nghĩa", "nghệ",  "nghị",   "ngoài",  "nguồn",  "ngành",
    "ngày",   "ngân",  "người", "nhiêu", "nhiều",  "nhiệm",  "nhà",    "nhân",
    "như",    "nhất",  "nhận",  "những", "nào",    "này",    "nâng",   "nên",
    "nói",    "nông",  "năm",   "năng",  "nơi",    "nước",   "nếu",    "nội",
    "pháp",   "phát",  "phí",   "phòng", "phó",    "phút",   "phương", "phải",
    "phần",   "phố",   "phối",  "phụ",   "quyết",  "quyền",  "quân",   "quả",
    "quản",   "quốc",  "rất",   "rồi",   "rừng",   "sách",   "sáng",   "sát",
    "sáu",    "sơ",    "sản",   "sẽ",    "số",     "sở",     "sức",    "sự",
    "thiện",  "thuỷ",  "thành", "tháng", "thì",    "thôn",   "thông",  "thường",
    "thấy",   "thế",   "thể",   "thị",   "thời",   "thủ",    "thủy",   "thực",
    "tiêu",   "tiến",  "tiếp",  "tiền",  "toàn",   "triển",  "triệu",  "trách",
    "trên",   "trình", "trăm",  "trước", "trường", "trật",   "trọng",  "trở",
    "tài",    "tám",   "tên",   "tình",  "tôi",    "tăng",   "tư",     "tượng",
    "tại",    "tạo",   "tải",   "tất",   "tế",     "tỉnh",   "tổ",     "tổng",
    "tục",    "từ",    "tử",    "tự",    "uỷ",     "viên",   "việc",   "viện",
    "việt",   "và",    "vào",   "vì",    "văn",    "vẫn",    "vận",    "vậy",
    "về",     "vị",    "vốn",   "với",   "vụ",     "vực",    "xuyên",  "xuất",
    "xuống",  "xây",   "xã",    "xử",    "yêu",    "yếu",    "án",     "ông",
    "ý",      "đai",   "đang",  "đi",    "điều",   "điểm",   "điện",   "đào",
    "đánh",   "đâu",   "đây",   "đã",    "đó",     "đúng",   "đơn",    "đường",
    "được",   "đạt",   "đảm",   "đất",   "đầu",    "đẩy",    "đến",    "đề",
    "đều",    "để",    "địa",   "đốc",   "đối",    "đồng",   "đổi",    "độ",
    "đội",    "động",  "ương",  "ấy",    "ở",      "ủy",     "ứng",
};

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether the NFD letters 'd' (a valid syllable) make a common syllable. */
static bool is_common(const UNormalizer2 *nfc, const UChar *d, int32_t nd)
{
    UChar lower[2 * WORD_MAX_BYTES], composed[2 * WORD_MAX_BYTES];
    UErrorCode err = U_ZERO_ERROR;
    char key[4 * WORD_MAX_BYTES];
    const char *k = key;
    int32_t n;

    for (int32_t i = 0; i < nd; i++)
        lower[i] = d[i] >= 'A' && d[i] <= 'Z' ? (UChar)(d[i] | 0x20)
                   : d[i] == 0x0110           ? 0x0111
                                              : d[i];
    n = unorm2_normalize(nfc, lower, nd, composed, 2 * WORD_MAX_BYTES, &err);
    u_strToUTF8(key, sizeof key, NULL, composed, n, &err);
    if (U_FAILURE(err))
        return false;
    return bsearch(&k, common_syllables,
                   sizeof common_syllables / sizeof common_syllables[0],
                   sizeof common_syllables[0], compare_strings) != NULL;
}

typedef enum word {
    WORD_SKIP,
    WORD_VALID,
    WORD_COMMON, /* valid, and among common_syllables */
    WORD_INVALID,
} word_t;

static bool is_tone(UChar c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 ||
           c == 0x0323;
}

static bool is_vowel_base(UChar32 c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Judge one word (UTF-8, holding a character outside ASCII). */
static word_t judge_word(const UNormalizer2 *nfd, const UNormalizer2 *nfc,
                         const char *w, size_t len)
{
    UChar u[WORD_MAX_BYTES], d[2 * WORD_MAX_BYTES];
    UErrorCode err = U_ZERO_ERROR;
    int32_t nu, nd, count = 0, uppers = 0, toned = 0;
    struct {
        UChar32 base; /* lower-case a to z, or đ */
        UChar modifier;
        bool upper;
    } letters[WORD_MAX_LETTERS];
    char text[4 * WORD_MAX_LETTERS];
    size_t text_len = 0;
    UChar tone = 0;
    bool vowel = false;

    if (len > WORD_MAX_BYTES)
        return WORD_INVALID;
    u_strFromUTF8(u, WORD_MAX_BYTES, &nu, w, (int32_t)len, &err);
    nd = unorm2_normalize(nfd, u, nu, d, 2 * WORD_MAX_BYTES, &err);
    if (U_FAILURE(err))
        return WORD_INVALID;
    for (int32_t i = 0; i < nd; i++) {
        UChar c = d[i];

        if (c >= 0x0300 && c <= 0x036F) {
            if (count == 0)
                return WORD_INVALID;
            if (is_tone(c)) {
                if (tone || !is_vowel_base(letters[count - 1].base))
                    return WORD_INVALID;
                tone = c;
                toned = count - 1;
            } else if (c == 0x0302 || c == 0x0306 || c == 0x031B) {
                if (letters[count - 1].modifier)
                    return WORD_INVALID;
                letters[count - 1].modifier = c;
            } else {
                return WORD_INVALID;
            }
            continue;
        }
        if (count == WORD_MAX_LETTERS)
            return WORD_INVALID;
        if (c >= 'A' && c <= 'Z') {
            letters[count].base = c | 0x20;
            letters[count].upper = true;
        } else if (c >= 'a' && c <= 'z') {
            letters[count].base = c;
            letters[count].upper = false;
        } else if (c == 0x0110 || c == 0x0111) {
            letters[count].base = 0x0111;
            letters[count].upper = c == 0x0110;
        } else {
            return WORD_INVALID;
        }
        if (strchr("fjwz", (char)letters[count].base))
            return WORD_INVALID;
        letters[count].modifier = 0;
        uppers += letters[count].upper;
        count++;
    }
    /* Lower case, upper case, or a capital first letter; or upper case
     * but for a toned vowel, as TCVN3 writes "HOạCH" for "HOẠCH". */
    if (uppers != 0 && uppers != count && !(uppers == 1 && letters[0].upper) &&
        !(tone && uppers == count - 1 && !letters[toned].upper))
        return WORD_INVALID;
    for (int32_t i = 0; i < count; i++) {
        UChar32 b = letters[i].base;
        const char *s = NULL;

        switch (letters[i].modifier) {
        case 0:
            if (b == 0x0111)
                s = "đ";
            break;
        case 0x0302:
            s = b == 'a' ? "â" : b == 'e' ? "ê" : b == 'o' ? "ô" : "";
            break;
        case 0x0306:
            s = b == 'a' ? "ă" : "";
            break;
        default: /* The horn. */
            s = b == 'o' ? "ơ" : b == 'u' ? "ư" : "";
            break;
        }
        if (s && !*s)
            return WORD_INVALID;
        if (s) {
            memcpy(text + text_len, s, strlen(s));
            text_len += strlen(s);
        } else {
            text[text_len++] = (char)b;
        }
        vowel = vowel || is_vowel_base(b);
    }
    /* Consonants alone are abbreviations: "NĐ", "SGDĐT". */
    if (!vowel)
        return WORD_SKIP;
    if (!valid_syllable(text, text_len, tone))
        return WORD_INVALID;
    return is_common(nfc, d, nd) ? WORD_COMMON : WORD_VALID;
}

/* White space, ASCII punctuation and digits, no-break space and the
 * General Punctuation block end a word. Other characters, even control
 * characters or symbols, belong to it and make it invalid. */
static bool word_separator(UChar32 c)
{
    if (c < 0)
        return false;
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r') ||
               (c > ' ' && c < 0x7F &&
                !((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
    return c == 0x00A0 || (c >= 0x2000 && c <= 0x206F) || c == 0x3000 ||
           c == 0xFEFF;
}

typedef struct score {
    size_t valid;
    size_t total;
    size_t common;
} score_t;

static UChar32 next_cp(const char *s, size_t len, size_t *pos)
{
    int32_t i = 0, n = len - *pos > 4 ? 4 : (int32_t)(len - *pos);
    UChar32 c;

    U8_NEXT((const uint8_t *)s + *pos, i, n, c);
    *pos += (size_t)i;
    return c;
}

static void score_text(score_t *score, const UNormalizer2 *nfd,
                       const UNormalizer2 *nfc, const char *text, size_t len)
{
    size_t pos = 0;

    score->valid = score->total = score->common = 0;
    while (pos < len) {
        size_t start = pos, end;
        bool non_ascii = false;
        UChar32 c = next_cp(text, len, &pos);

        if (word_separator(c))
            continue;
        for (;;) {
            non_ascii = non_ascii || c >= 0x80 || c < 0;
            end = pos;
            if (pos >= len)
                break;
            c = next_cp(text, len, &pos);
            if (word_separator(c))
                break;
        }
        if (non_ascii) {
            word_t w = judge_word(nfd, nfc, text + start, end - start);

            score->total += w != WORD_SKIP;
            score->valid += w == WORD_VALID || w == WORD_COMMON;
            score->common += w == WORD_COMMON;
        }
    }
}

double cancu_legacy__syllable_score(const char *text, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    score_t score;

    if (U_FAILURE(err))
        return 0.0;
    score_text(&score, nfd, nfc, text, len);
    return score.total ? (double)score.valid / (double)score.total : 0.0;
}

/* Detection. */

/* Whether the share of valid words of 'a' is at least that of 'b' less
 * 'slack' hundredths. */
static bool share_at_least(const score_t *a, const score_t *b, size_t slack)
{
    uint64_t av = a->valid, at = a->total, bv = b->valid, bt = b->total;

    return av * bt * 100 + slack * at * bt >= bv * at * 100;
}

const char *cancu_legacy__detect(const unsigned char *data, size_t size)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    size_t start = 0, n;
    score_t scores[LEGACY_COUNT], *top = NULL;
    int best = -1;

    if (U_FAILURE(err) || size == 0)
        return NULL;
    /* Words in ASCII do not count: start at the first byte outside it,
     * from the beginning of its word. */
    while (start < size && data[start] < 0x80)
        start++;
    while (start > 0 && !strchr(" \t\n\r\f\v", data[start - 1]))
        start--;
    n = size - start < DETECT_PREFIX ? size - start : DETECT_PREFIX;
    for (int e = 0; e < LEGACY_COUNT; e++) {
        cancu_strbuf_t buf = CANCU_STRBUF_INIT;
        score_t *s = &scores[e];

        s->valid = s->total = s->common = 0;
        if (decode_into(&buf, (legacy_t)e, data + start, n) == 0)
            score_text(s, nfd, nfc, cancu_strbuf__cstr(&buf), buf.len);
        cancu_strbuf__dispose(&buf);
        /* At least 60% of the words must be syllables. */
        if (s->total == 0 || s->valid * 5 < s->total * 3)
            continue;
        if (!top || !share_at_least(top, s, 0))
            top = s;
    }
    if (!top)
        return NULL;
    /* Of the readings within ten points of the best share, the one with
     * the most common syllables, then the best share, then the most valid
     * words, then the first. */
    for (int e = 0; e < LEGACY_COUNT; e++) {
        const score_t *s = &scores[e], *b = best < 0 ? NULL : &scores[best];

        if (s->total == 0 || s->valid * 5 < s->total * 3 ||
            !share_at_least(s, top, 10))
            continue;
        if (!b || s->common > b->common ||
            (s->common == b->common &&
             (!share_at_least(b, s, 0) ||
              (share_at_least(s, b, 0) && s->valid > b->valid))))
            best = e;
    }
    return canonical_names[best];
}

/* DOCX runs in legacy fonts. */

static bool has_prefix_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

const char *cancu_legacy__font_encoding(const char *font, bool *capitals_out)
{
    size_t len;

    if (capitals_out)
        *capitals_out = false;
    if (!font)
        return NULL;
    while (*font == ' ')
        font++;
    len = strlen(font);
    while (len > 0 && font[len - 1] == ' ')
        len--;
    if (has_prefix_ci(font, ".Vn")) {
        if (capitals_out)
            *capitals_out = len > 3 && font[len - 1] == 'H';
        return CANCU_LEGACY_TCVN3;
    }
    if (has_prefix_ci(font, "VNI-"))
        return CANCU_LEGACY_VNI;
    /* Called for every run: strncasecmp only where a 'V' stands. */
    for (const char *p = font; *p; p++)
        if ((*p == 'V' || *p == 'v') && has_prefix_ci(p, "VISCII"))
            return CANCU_LEGACY_VISCII;
    return NULL;
}

/* The 8-bit code that Word stored as character 'c', or -1. */
static int font_byte(UChar32 c)
{
    if (c >= 0 && c <= 0xFF)
        return (int)c;
    if (c >= 0xF000 && c <= 0xF0FF)
        return (int)(c - 0xF000);
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == c)
            return 0x80 + i;
    return -1;
}

/* Upper-case (when asked: a capitals font) and normalize 'len' bytes of
 * UTF-8 into *out. UTF-16 needs at most one unit a byte; casing may
 * triple a character. */
static cancu_status_t finish_text(char **out, size_t *out_len, const char *text,
                                  size_t len, bool upper)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc;
    int32_t cap = (int32_t)len * 3 + 16, n = 0, n8 = 0;
    UChar *a, *b;
    char *utf8;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    /* Without casing, the NFC of the text's own reader, which copies
     * text that is NFC already (most of what the tables give) instead
     * of a round trip through UTF-16: a tenth of reading a .doc. */
    if (!upper)
        return cancu_normalize__nfc(out, out_len, text, len);
    nfc = unorm2_getNFCInstance(&err);
    a = malloc((size_t)cap * sizeof *a);
    b = malloc((size_t)cap * sizeof *b);
    utf8 = malloc((size_t)cap * 3 + 1);
    if (!a || !b || !utf8) {
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        goto done;
    }
    u_strFromUTF8(a, cap, &n, text, (int32_t)len, &err);
    if (U_SUCCESS(err))
        n = u_strToUpper(b, cap, a, n, "vi", &err);
    if (U_SUCCESS(err))
        n = unorm2_normalize(nfc, b, n, a, cap, &err);
    if (U_SUCCESS(err))
        u_strToUTF8(utf8, cap * 3 + 1, &n8, a, n, &err);
    if (U_FAILURE(err)) {
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "legacy font text cannot be converted (%s)",
                                  u_errorName(err));
        goto done;
    }
    *out = utf8;
    *out_len = (size_t)n8;
    utf8 = NULL;
done:
    free(a);
    free(b);
    free(utf8);
    return status;
}

cancu_status_t cancu_legacy__decode_font_text(char **out, size_t *out_len,
                                              const char *encoding,
                                              bool capitals, const char *utf8,
                                              size_t len)
{
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    int e = lookup(encoding);
    unsigned char *bytes;
    size_t nbytes = 0, pos = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    *out = NULL;
    *out_len = 0;
    if (e < 0)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "unknown legacy encoding '%s'",
                                encoding ? encoding : "(null)");
    if (len > LEGACY_MAX_BYTES)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "text of %zu bytes is over the limit of %zu "
                                "bytes",
                                len, LEGACY_MAX_BYTES);
    bytes = malloc(len + 1);
    if (!bytes)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    while (!status) {
        bool at_end = pos >= len;
        UChar32 c = at_end ? 0 : next_cp(utf8, len, &pos);
        int b = at_end ? -1 : font_byte(c);

        if (b >= 0) {
            bytes[nbytes++] = (unsigned char)b;
            continue;
        }
        /* A character of no 8-bit code, or the end: decode the bytes
         * before it. */
        status = decode_into(&buf, (legacy_t)e, bytes, nbytes);
        nbytes = 0;
        if (at_end)
            break;
        put_cp(&buf, c < 0 ? 0xFFFD : c);
    }
    free(bytes);
    if (!status && buf.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status)
        status = finish_text(out, out_len, cancu_strbuf__cstr(&buf), buf.len,
                             capitals);
    cancu_strbuf__dispose(&buf);
    return status;
}
