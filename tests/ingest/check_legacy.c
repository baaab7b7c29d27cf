/* TCase "legacy" of Suite "ingest": the legacy Vietnamese encodings. Text
 * is encoded by the test's own encoders for TCVN3 and VNI-Windows, written
 * row by row from the reference layouts (a letter, then its five tones),
 * by ICU for Windows-1258 and by glibc iconv for VISCII; it is then
 * detected and decoded back, and must come back unchanged. TCVN3 cannot
 * write capitals with a tone mark (it uses the lower-case code and leaves
 * the capital to the .VnTimeH font), so after TCVN3 those come back in
 * lower case and the expected text is lowered the same way. */
#include <check.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "helpers.h"
#include "ingest/legacy.h"

TCase *ingest_legacy_tcase(void);

/* Each vowel with no tone, then acute, grave, hook, tilde and dot below:
 * rows 0 to 11 in lower case, 12 to 23 the same in upper case. */
static const char *const vowel_rows[24] = {
    "aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
    "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
    "AÁÀẢÃẠ", "ĂẮẰẲẴẶ", "ÂẤẦẨẪẬ", "EÉÈẺẼẸ", "ÊẾỀỂỄỆ", "IÍÌỈĨỊ",
    "OÓÒỎÕỌ", "ÔỐỒỔỖỘ", "ƠỚỜỞỠỢ", "UÚÙỦŨỤ", "ƯỨỪỬỮỰ", "YÝỲỶỸỴ",
};

/* TCVN3, the lower-case rows in the order of vowel_rows, and the toneless
 * capitals; toned capitals take the lower-case code. */
static const unsigned char tcvn3_rows[12][6] = {
    {'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9},  {0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6},
    {0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB}, {'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1},
    {0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6}, {'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE},
    {'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4},  {0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9},
    {0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE}, {'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4},
    {0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9}, {'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE},
};
static const unsigned char tcvn3_capitals[12] = {
    'A', 0xA1, 0xA2, 'E', 0xA3, 'I', 'O', 0xA4, 0xA5, 'U', 0xA6, 'Y',
};

/* VNI-Windows: the base letter, then a mark byte from one of these rows
 * (lower case; upper case is 0x20 less). */
static const unsigned char vni_tones[6] = {0, 0xF9, 0xF8, 0xFB, 0xF5, 0xEF};
static const unsigned char vni_circumflex[6] = {0xE2, 0xE1, 0xE0,
                                                0xE5, 0xE3, 0xE4};
static const unsigned char vni_breve[6] = {0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB};
static const unsigned char vni_i[6] = {'i', 0xED, 0xEC, 0xE6, 0xF3, 0xF2};

static UChar32 next_cp(const char *s, size_t len, size_t *pos)
{
    int32_t i = 0, n = len - *pos > 4 ? 4 : (int32_t)(len - *pos);
    UChar32 c;

    U8_NEXT((const uint8_t *)s + *pos, i, n, c);
    *pos += (size_t)i;
    /* A passing ck_assert costs a message to the runner: test only
     * failure in this loop of every character. */
    if (c < 0)
        ck_abort_msg("invalid UTF-8 at byte %zu", *pos);
    return c;
}

static void put_cp(cancu_strbuf_t *buf, UChar32 c)
{
    uint8_t tmp[4];
    int32_t i = 0;

    U8_APPEND_UNSAFE(tmp, i, c);
    cancu_strbuf__append(buf, (const char *)tmp, (size_t)i);
}

/* The row and tone of vowel 'c', or false. */
static bool find_vowel(UChar32 c, int *row, int *tone)
{
    for (int r = 0; r < 24; r++) {
        size_t pos = 0, len = strlen(vowel_rows[r]);

        for (int t = 0; t < 6; t++) {
            if (next_cp(vowel_rows[r], len, &pos) == c) {
                *row = r;
                *tone = t;
                return true;
            }
        }
    }
    return false;
}

static UChar32 vowel_at(int row, int tone)
{
    size_t pos = 0, len = strlen(vowel_rows[row]);
    UChar32 c = 0;

    for (int t = 0; t <= tone; t++)
        c = next_cp(vowel_rows[row], len, &pos);
    return c;
}

/* Characters outside Vietnamese go through ICU's windows-1252. */
static void put_cp1252(cancu_strbuf_t *out, UChar32 c)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("windows-1252", &err);
    UChar u[1] = {(UChar)c};
    char b[4];
    int32_t n;

    ck_assert_int_lt(c, 0x10000);
    ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL,
                          &err);
    n = ucnv_fromUChars(conv, b, sizeof b, u, 1, &err);
    ucnv_close(conv);
    ck_assert_msg(U_SUCCESS(err) && n == 1, "U+%04X has no windows-1252 code",
                  (unsigned)c);
    cancu_strbuf__append(out, b, 1);
}

static char *encode_tcvn3(const char *text, size_t *len_out)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    size_t pos = 0, len = strlen(text);
    int row, tone;

    while (pos < len) {
        UChar32 c = next_cp(text, len, &pos);

        if (c < 0x80) {
            cancu_strbuf__putc(&out, (char)c);
        } else if (c == 0x0111 || c == 0x0110) {
            cancu_strbuf__putc(&out, c == 0x0111 ? (char)0xAE : (char)0xA7);
        } else if (find_vowel(c, &row, &tone)) {
            if (row < 12)
                cancu_strbuf__putc(&out, (char)tcvn3_rows[row][tone]);
            else if (tone == 0)
                cancu_strbuf__putc(&out, (char)tcvn3_capitals[row - 12]);
            else
                cancu_strbuf__putc(&out, (char)tcvn3_rows[row - 12][tone]);
        } else {
            put_cp1252(&out, c);
        }
    }
    *len_out = out.len;
    return cancu_strbuf__detach(&out);
}

static char *encode_vni(const char *text, size_t *len_out)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    size_t pos = 0, len = strlen(text);
    int row, tone;

    while (pos < len) {
        UChar32 c = next_cp(text, len, &pos);
        const unsigned char *marks = vni_tones;
        unsigned char base = 0, shift;
        int r;

        if (c < 0x80) {
            cancu_strbuf__putc(&out, (char)c);
            continue;
        }
        if (c == 0x0111 || c == 0x0110) {
            cancu_strbuf__putc(&out, c == 0x0111 ? (char)0xF1 : (char)0xD1);
            continue;
        }
        if (!find_vowel(c, &row, &tone)) {
            put_cp1252(&out, c);
            continue;
        }
        r = row % 12;
        shift = row < 12 ? 0 : 0x20;
        switch (r) {
        case 0: /* a ă â */
        case 1:
        case 2:
            base = 'a';
            marks = r == 1 ? vni_breve : r == 2 ? vni_circumflex : vni_tones;
            break;
        case 3: /* e ê */
        case 4:
            base = 'e';
            marks = r == 4 ? vni_circumflex : vni_tones;
            break;
        case 5: /* i: one byte each */
            cancu_strbuf__putc(
                &out, (char)(tone ? vni_i[tone] - shift : vni_i[0] - shift));
            continue;
        case 6: /* o ô ơ */
        case 7:
            base = 'o';
            marks = r == 7 ? vni_circumflex : vni_tones;
            break;
        case 8:
            base = 0xF4;
            break;
        case 9: /* u ư */
            base = 'u';
            break;
        case 10:
            base = 0xF6;
            break;
        default: /* y, and ỵ in one byte */
            if (tone == 5) {
                cancu_strbuf__putc(&out, (char)(0xEE - shift));
                continue;
            }
            base = 'y';
            break;
        }
        cancu_strbuf__putc(&out, (char)(base - shift));
        if (marks[tone])
            cancu_strbuf__putc(&out, (char)(marks[tone] - shift));
    }
    *len_out = out.len;
    return cancu_strbuf__detach(&out);
}

/* Windows-1258 through ICU. A letter with no code of its own is written
 * as Windows writes it: the letter without its tone, then the tone. */
static char *encode_1258(const char *text, size_t *len_out)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open("windows-1258", &err);
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    size_t pos = 0, len = strlen(text);

    ck_assert(U_SUCCESS(err));
    ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL,
                          &err);
    while (pos < len) {
        UChar32 c = next_cp(text, len, &pos);
        UChar u[8], d[8], rest[8], base[8];
        char b[8];
        int32_t nd, nr = 0, nb, n;
        UChar tone = 0;

        if (c >= 0x10000)
            ck_abort_msg("U+%04X is outside windows-1258", (unsigned)c);
        u[0] = (UChar)c;
        err = U_ZERO_ERROR;
        n = ucnv_fromUChars(conv, b, sizeof b, u, 1, &err);
        if (U_SUCCESS(err)) {
            cancu_strbuf__append(&out, b, (size_t)n);
            continue;
        }
        err = U_ZERO_ERROR;
        nd = unorm2_normalize(nfd, u, 1, d, 8, &err);
        for (int32_t i = 0; i < nd; i++) {
            if (d[i] == 0x0300 || d[i] == 0x0301 || d[i] == 0x0303 ||
                d[i] == 0x0309 || d[i] == 0x0323)
                tone = d[i];
            else
                rest[nr++] = d[i];
        }
        nb = unorm2_normalize(nfc, rest, nr, base, 8, &err);
        ck_assert_msg(U_SUCCESS(err) && tone, "U+%04X", (unsigned)c);
        base[nb++] = tone;
        n = ucnv_fromUChars(conv, b, sizeof b, base, nb, &err);
        ck_assert_msg(U_SUCCESS(err), "U+%04X has no windows-1258 form",
                      (unsigned)c);
        cancu_strbuf__append(&out, b, (size_t)n);
    }
    ucnv_close(conv);
    *len_out = out.len;
    return cancu_strbuf__detach(&out);
}

static char *encode_viscii(const char *text, size_t *len_out)
{
    iconv_t cd = iconv_open("VISCII", "UTF-8");
    size_t in_left = strlen(text), out_left = in_left + 1;
    char *out = malloc(out_left), *in = (char *)text, *o = out;

    ck_assert(cd != (iconv_t)-1);
    ck_assert_msg(iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1,
                  "not VISCII: %.20s", in);
    iconv_close(cd);
    *len_out = (size_t)(o - out);
    return out;
}

typedef char *(*encoder_t)(const char *text, size_t *len_out);

static const struct {
    const char *name;
    encoder_t encode;
} encodings[] = {
    {"TCVN3", encode_tcvn3},
    {"VNI-Windows", encode_vni},
    {"windows-1258", encode_1258},
    {"VISCII", encode_viscii},
};

/* 'text' as it comes back from TCVN3: toned capitals in lower case. */
static char *lower_toned_capitals(const char *text)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    size_t pos = 0, len = strlen(text);
    int row, tone;

    while (pos < len) {
        UChar32 c = next_cp(text, len, &pos);

        if (find_vowel(c, &row, &tone) && row >= 12 && tone > 0)
            c = vowel_at(row - 12, tone);
        put_cp(&out, c);
    }
    return cancu_strbuf__detach(&out);
}

static char *decode(const char *name, const char *data, size_t len)
{
    char *out = NULL;
    size_t out_len = 0;
    cancu_status_t status = cancu_legacy__decode(
        &out, &out_len, name, (const unsigned char *)data, len);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: %s", name,
                  cancu_error_last());
    ck_assert_uint_eq(strlen(out), out_len);
    return out;
}

/* Encode 'text', decode it again and compare. */
static void round_trip(int e, const char *text)
{
    size_t len;
    char *bytes = encodings[e].encode(text, &len);
    char *back = decode(encodings[e].name, bytes, len);
    char *expected = e == 0 ? lower_toned_capitals(text) : strdup(text);

    if (strcmp(back, expected) != 0) {
        size_t i = 0;

        while (back[i] == expected[i])
            i++;
        i = i > 20 ? i - 20 : 0;
        ck_abort_msg("%s: '%.60s' came back as '%.60s'", encodings[e].name,
                     expected + i, back + i);
    }
    free(bytes);
    free(back);
    free(expected);
}

START_TEST(test_ingest_legacy__names_and_aliases)
{
    static const char *const pairs[] = {
        "windows-1258", "windows-1258", "CP1258", "windows-1258",
        "viscii",       "VISCII",       "tcvn3",  "TCVN3",
        "TCVN",         "TCVN3",        "ABC",    "TCVN3",
        "vni-windows",  "VNI-Windows",  "VNI",    "VNI-Windows",
    };
    char *out = (char *)1;
    size_t len = 1;

    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i += 2)
        ck_assert_str_eq(cancu_legacy__canonical_name(pairs[i]), pairs[i + 1]);
    ck_assert_ptr_null(cancu_legacy__canonical_name("UTF-8"));
    ck_assert_ptr_null(cancu_legacy__canonical_name("TCVN5712-1"));
    ck_assert_int_eq(
        cancu_legacy__decode(&out, &len, "VPS", (const unsigned char *)"a", 1),
        CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "VPS"));
    /* Empty input is empty text. */
    out = decode("VNI", "", 0);
    ck_assert_str_eq(out, "");
    free(out);
}
END_TEST

/* The TCVN3 letters sit where glibc's TCVN5712-1 (VN1) has them; bytes
 * 0x80 to 0x9F and the codes VN3 leaves free are Windows-1252. */
START_TEST(test_ingest_legacy__tcvn3_table_against_references)
{
    iconv_t vn1 = iconv_open("UTF-8", "TCVN5712-1");
    UErrorCode err = U_ZERO_ERROR;
    UConverter *w1252 = ucnv_open("windows-1252", &err);
    /* VN1's toned capitals and combining marks, absent from VN3. */
    static const unsigned char vn1_only[] = {
        0xAF, 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xBA, 0xBF, 0xC0, 0xC1, 0xC2,
        0xC3, 0xC4, 0xC5, 0xCD, 0xD9, 0xDA, 0xDB, 0xE0, 0xF0, 0xFF,
    };
    size_t letters = 0;

    ck_assert(vn1 != (iconv_t)-1);
    ck_assert(U_SUCCESS(err));
    for (int b = 0x80; b <= 0xFF; b++) {
        char byte = (char)b, *tcvn3 = decode("TCVN3", &byte, 1);
        char expected[16], *in = &byte, *o = expected;
        size_t in_left = 1, out_left = sizeof expected - 1;

        if (b >= 0xA1 && !memchr(vn1_only, b, sizeof vn1_only)) {
            iconv(vn1, NULL, NULL, NULL, NULL);
            ck_assert(iconv(vn1, &in, &in_left, &o, &out_left) != (size_t)-1);
            /* VN1 holds a letter back for a combining mark: flush it. */
            ck_assert(iconv(vn1, NULL, NULL, &o, &out_left) != (size_t)-1);
            letters++;
        } else {
            err = U_ZERO_ERROR;
            o += ucnv_toAlgorithmic(UCNV_UTF8, w1252, expected,
                                    sizeof expected - 1, &byte, 1, &err);
            ck_assert(U_SUCCESS(err));
        }
        *o = '\0';
        ck_assert_msg(strcmp(tcvn3, expected) == 0,
                      "TCVN3 0x%02X is '%s', reference '%s'", b, tcvn3,
                      expected);
        free(tcvn3);
    }
    /* Ă Â Ê Ô Ơ Ư Đ, ă â ê ô ơ ư đ, and 12 vowels with 5 tones. */
    ck_assert_uint_eq(letters, 74);
    iconv_close(vn1);
    ucnv_close(w1252);
}
END_TEST

/* Every vowel with every tone, in both cases, and đ Đ: through each
 * encoding and back. */
START_TEST(test_ingest_legacy__every_letter_round_trips)
{
    cancu_strbuf_t all = CANCU_STRBUF_INIT;

    for (int r = 0; r < 24; r++) {
        cancu_strbuf__puts(&all, vowel_rows[r]);
        cancu_strbuf__puts(&all, " b");
        cancu_strbuf__puts(&all, vowel_rows[r]);
        cancu_strbuf__puts(&all, "n\n");
    }
    cancu_strbuf__puts(&all, "đ Đ đĐ ĐƯỜNG Đường đường\n");
    for (size_t e = 0; e < 4; e++)
        round_trip((int)e, cancu_strbuf__cstr(&all));
    /* Punctuation from Windows-1252 in the two hand-written tables. */
    round_trip(0, "“Cải cách” – hành chính… ‘đúng’ • €");
    round_trip(1, "“Cải cách” – hành chính… ‘đúng’ • €");
    cancu_strbuf__dispose(&all);
}
END_TEST

START_TEST(test_ingest_legacy__tcvn3_bytes)
{
    /* "Kế hoạch" with quotes and a dash from Windows-1252; the toned
     * capital of "Ủy" has only the lower-case code. */
    static const char tcvn3[] = "\x93K\xd5 ho\xb9"
                                "ch\x94 \x96 \xa7\xb5o t\xb9o, \xf1y ban";
    char *out = decode("abc", tcvn3, sizeof tcvn3 - 1);

    ck_assert_str_eq(out, "“Kế hoạch” – Đào tạo, ủy ban");
    free(out);
}
END_TEST

START_TEST(test_ingest_legacy__vni_bytes)
{
    /* "Việt Nam", "Cộng hòa", "ĐẢNG", "Ỵ", "quyết", "ươ". */
    static const char vni[] = "Vie\xe4t Nam, Co\xe4ng ho\xf8"
                              "a, \xd1"
                              "A\xdbNG, \xce, quye\xe1t, \xf6\xf4";
    /* A mark byte after a consonant, a circumflex after u, or a mark of
     * the other case is the Windows-1252 letter it is. */
    static const char odd[] = "b\xf9 u\xe2 \xe9 a\xd9 A\xf9";
    char *out = decode("vni", vni, sizeof vni - 1);

    ck_assert_str_eq(out, "Việt Nam, Cộng hòa, ĐẢNG, Ỵ, quyết, ươ");
    free(out);
    out = decode("VNI-Windows", odd, sizeof odd - 1);
    ck_assert_str_eq(out, "bù uâ é aÙ Aù");
    free(out);
}
END_TEST

START_TEST(test_ingest_legacy__windows_1258_combining_tones)
{
    /* Windows writes "Việt" as "Vi", ê, then the dot below (0xF2). */
    static const char w[] = "Vi\xea\xf2t Nam \xd0\xe3ng";
    char *out = decode("cp1258", w, sizeof w - 1);

    ck_assert_str_eq(out, "Việt Nam Đăng");
    free(out);
}
END_TEST

static double score(const char *text)
{
    return cancu_legacy__syllable_score(text, strlen(text));
}

START_TEST(test_ingest_legacy__syllable_score)
{
    static const char *const valid[] = {
        "Cải cách hành chính nhà nước",
        "nghiêng giếng gìn quyết quỳnh khuya khuỷu",
        "hoá hóa thuỷ thủy uỷ ủy khoẻ khỏe",
        "KẾ HOẠCH Ủy ban nhân dân",
        "người được những đường việc thuở xoong",
    };
    static const char *const invalid[] = {
        "cẹc ká ngê ghá quũ",      /* c, k, ng, gh, qu spelling */
        "bàt hảc hãp hâch",        /* a stop takes acute or dot below */
        "cỘNG hÒa",                /* mixed case */
        "fé wá zô jà",             /* not Vietnamese letters */
        "tiêe oăă ươa",            /* not nuclei */
        "caùc ba¸t c\xc2\xa8",     /* marks and symbols inside words */
        "ăn\xc2\x81 \xc3\xa1\x01", /* control characters */
    };

    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        ck_assert_msg(score(valid[i]) == 1.0, "%s", valid[i]);
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        ck_assert_msg(score(invalid[i]) == 0.0, "%s", invalid[i]);
    /* ASCII words and abbreviations of consonants are not counted. */
    ck_assert(score("UBND tỉnh, NĐ-CP, SGDĐT") == 1.0);
    ck_assert(score("Gia Lai 2022") == 0.0);
    ck_assert(score("") == 0.0);
    ck_assert(score("một cẹc") == 0.5);
    ck_assert(score("một, hai; ba (bốn) cẹc") == 2.0 / 3.0);
}
END_TEST

/* The sample plan in each encoding: detected, and decoded unchanged. */
START_TEST(test_ingest_legacy__sample_plan_detected_and_decoded)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    size_t len;
    char *text = test_read_file(path, &len);

    for (size_t e = 0; e < 4; e++) {
        size_t n;
        char *bytes = encodings[e].encode(text, &n);
        const char *found =
            cancu_legacy__detect((const unsigned char *)bytes, n);

        ck_assert_msg(found && strcmp(found, encodings[e].name) == 0,
                      "%s detected as %s", encodings[e].name,
                      found ? found : "nothing");
        free(bytes);
        round_trip((int)e, text);
    }
    free(text);
    free(path);
}
END_TEST

/* Sentences of everyday Vietnamese, not from the plan and not used to
 * choose the common syllables: each is detected alone in each encoding,
 * quotes and dashes from Windows-1252 included where the encoding has
 * them. */
START_TEST(test_ingest_legacy__everyday_sentences)
{
    static const char *const sentences[] = {
        "Hôm nay trời nắng đẹp, chúng tôi đi dạo quanh hồ Gươm.",
        "Mẹ tôi nấu một nồi phở bò rất ngon vào sáng chủ nhật.",
        "Người dân vùng núi phía Bắc thường trồng lúa nương và ngô.",
        "Bà ngoại kể cho cháu nghe chuyện cổ tích Tấm Cám.",
        "Giá xăng dầu tăng mạnh khiến nhiều gia đình lo lắng.",
        "Chiếc thuyền nhỏ lênh đênh trên sông giữa đêm khuya.",
        "Khách du lịch rất thích món bánh mì Việt Nam.",
        "Ngư dân ra khơi từ sáng sớm và trở về khi trời đã tối.",
        "Quyển truyện này kể về cuộc phiêu lưu của chú dế mèn.",
        "NGỌN NÚI CAO NHẤT VIỆT NAM LÀ PHAN XI PĂNG.",
    };
    static const char quoted[] =
        "Ông nói: “Chúng ta cần bảo vệ rừng” – và mọi người đồng ý.";

    for (size_t e = 0; e < 4; e++) {
        for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++) {
            size_t n;
            char *bytes = encodings[e].encode(sentences[i], &n);
            const char *found =
                cancu_legacy__detect((const unsigned char *)bytes, n);

            ck_assert_msg(found && strcmp(found, encodings[e].name) == 0,
                          "%s: '%s' detected as %s", encodings[e].name,
                          sentences[i], found ? found : "nothing");
            free(bytes);
            round_trip((int)e, sentences[i]);
        }
        if (e < 3) {
            size_t n;
            char *bytes = encodings[e].encode(quoted, &n);

            ck_assert_str_eq(
                cancu_legacy__detect((const unsigned char *)bytes, n),
                encodings[e].name);
            free(bytes);
            round_trip((int)e, quoted);
        }
    }
}
END_TEST

/* Line by line: each line of the plan with at least 'min_words'
 * Vietnamese-looking words, in each encoding. */
static void line_accuracy(size_t e, size_t min_words, size_t *right_out,
                          size_t *wrong_out, size_t *none_out)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    size_t len;
    char *text = test_read_file(path, &len), *line, *next;

    *right_out = *wrong_out = *none_out = 0;
    for (line = text; *line; line = next) {
        size_t words = 0, n;
        char *bytes;
        const char *found;

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);

        /* Words holding a byte outside ASCII. */
        for (char *p = line; *p;) {
            bool high = false;

            while (*p && *p != ' ')
                high |= (unsigned char)*p++ >= 0x80;
            words += high;
            while (*p == ' ')
                p++;
        }
        if (words < min_words)
            continue;
        bytes = encodings[e].encode(line, &n);
        found = cancu_legacy__detect((const unsigned char *)bytes, n);
        if (!found)
            ++*none_out;
        else if (strcmp(found, encodings[e].name) == 0)
            ++*right_out;
        else
            ++*wrong_out;
        free(bytes);
    }
    free(text);
    free(path);
}

START_TEST(test_ingest_legacy__line_by_line_accuracy)
{
    for (size_t e = 0; e < 4; e++) {
        size_t right, wrong, none;

        /* A line of three such words or more is never taken for another
         * encoding, and almost always recognized. */
        line_accuracy(e, 3, &right, &wrong, &none);
        ck_assert_msg(wrong == 0 && none * 50 <= right,
                      "%s: %zu right, %zu wrong, %zu not detected",
                      encodings[e].name, right, wrong, none);
        /* Even a single word is never taken for another encoding. */
        line_accuracy(e, 1, &right, &wrong, &none);
        ck_assert_msg(wrong == 0, "%s: %zu right, %zu wrong, %zu not detected",
                      encodings[e].name, right, wrong, none);
        if (getenv("CANCU_LEGACY_REPORT"))
            fprintf(stderr, "%s: %zu right, %zu wrong, %zu none\n",
                    encodings[e].name, right, wrong, none);
    }
}
END_TEST

START_TEST(test_ingest_legacy__not_vietnamese)
{
    /* Latin-1 prose in French and German. */
    static const char french[] =
        "Le caf\xe9 est tr\xe8s bon. O\xf9 est la gare ? D\xe9j\xe0 l\xe0, "
        "l'\xe9l\xe8ve a \xe9t\xe9 premi\xe8re \xe0 l'\xe9"
        "cole; fran\xe7"
        "ais, na\xee"
        "tre, c\xf4t\xe9, m\xea"
        "me, ch\xe2teau, \x9c"
        "uvre.";
    static const char german[] =
        "F\xfcr die Gr\xf6\xdf"
        "e der M\xe4"
        "dchen ist das sch\xf6n; "
        "\xfc"
        "ber die Stra\xdf"
        "e, zur\xfc"
        "ck zum \xd6l, W\xe4rme, H\xe4user, K\xf6nig, T\xfcr.";
    static const char portuguese[] =
        "N\xe3o h\xe1 d\xfavida: o Brasil \xe9 o maior pa\xeds da Am\xe9rica "
        "do Sul, e a popula\xe7\xe3o est\xe1 no litoral. Voc\xea s\xf3 "
        "precisa ir l\xe1: at\xe9 o p\xe9 da serra h\xe1 caf\xe9. "
        "\xc0s vezes a informa\xe7\xe3o n\xe3o \xe9 clara.";
    static const char spanish[] =
        "\xbfQu\xe9 d\xed"
        "a es hoy? S\xed, \xe9l est\xe1 aqu\xed y t\xfa "
        "tambi\xe9n. Mi mam\xe1 dijo que el a\xf1o pasado hubo m\xe1s "
        "lluvia, as\xed que la producci\xf3n baj\xf3.";
    unsigned char random[4096];
    uint32_t x = 2463534242u;

    ck_assert_ptr_null(
        cancu_legacy__detect((const unsigned char *)french, sizeof french - 1));
    ck_assert_ptr_null(
        cancu_legacy__detect((const unsigned char *)german, sizeof german - 1));
    ck_assert_ptr_null(cancu_legacy__detect((const unsigned char *)portuguese,
                                            sizeof portuguese - 1));
    ck_assert_ptr_null(cancu_legacy__detect((const unsigned char *)spanish,
                                            sizeof spanish - 1));
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof random; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            random[i] = (unsigned char)x;
        }
        ck_assert_ptr_null(cancu_legacy__detect(random, sizeof random));
    }
    ck_assert_ptr_null(cancu_legacy__detect(NULL, 0));
    ck_assert_ptr_null(
        cancu_legacy__detect((const unsigned char *)"plain ASCII", 11));
}
END_TEST

/* Whether 'len' bytes are UTF-8 in NFC. */
static bool is_nfc_utf8(const char *s, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    UChar *u = malloc((len + 1) * sizeof *u);
    int32_t n = 0;
    bool ok;

    u_strFromUTF8(u, (int32_t)len + 1, &n, s, (int32_t)len, &err);
    ok = U_SUCCESS(err) && unorm2_isNormalized(nfc, u, n, &err) &&
         U_SUCCESS(err);
    free(u);
    return ok;
}

/* Any bytes decode, in every encoding, to NFC UTF-8; any run text too. */
START_TEST(test_ingest_legacy__any_bytes_decode_to_nfc)
{
    unsigned char data[2048];
    uint32_t x = 88172645u;

    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof data; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            /* Half the rounds lean on letters and marks. */
            data[i] = (unsigned char)(round % 2 ? x : 0xC0 | (x & 0x3F));
        }
        for (size_t e = 0; e < 4; e++) {
            char *out = NULL;
            size_t len = 0;

            ck_assert_int_eq(cancu_legacy__decode(&out, &len, encodings[e].name,
                                                  data, sizeof data),
                             CANCU_STATUS_SUCCESS);
            ck_assert(is_nfc_utf8(out, len));
            free(out);
            ck_assert_int_eq(cancu_legacy__decode_font_text(
                                 &out, &len, encodings[e].name, round % 4 == 0,
                                 (const char *)data, sizeof data),
                             CANCU_STATUS_SUCCESS);
            ck_assert(is_nfc_utf8(out, len));
            free(out);
        }
    }
}
END_TEST

START_TEST(test_ingest_legacy__font_encoding)
{
    bool caps = true;

    ck_assert_str_eq(cancu_legacy__font_encoding(".VnTime", &caps), "TCVN3");
    ck_assert(!caps);
    ck_assert_str_eq(cancu_legacy__font_encoding(".VnArial", &caps), "TCVN3");
    ck_assert(!caps);
    ck_assert_str_eq(cancu_legacy__font_encoding(".VnTimeH", &caps), "TCVN3");
    ck_assert(caps);
    ck_assert_str_eq(cancu_legacy__font_encoding(".VnArialH", &caps), "TCVN3");
    ck_assert(caps);
    ck_assert_str_eq(cancu_legacy__font_encoding(".vnbook-antiqua", &caps),
                     "TCVN3");
    ck_assert(!caps);
    ck_assert_str_eq(cancu_legacy__font_encoding("VNI-Times", &caps),
                     "VNI-Windows");
    ck_assert(!caps);
    ck_assert_str_eq(cancu_legacy__font_encoding("VNI-Helve", NULL),
                     "VNI-Windows");
    ck_assert_str_eq(cancu_legacy__font_encoding("VISCII Times", NULL),
                     "VISCII");
    ck_assert_ptr_null(cancu_legacy__font_encoding("Times New Roman", &caps));
    ck_assert(!caps);
    ck_assert_ptr_null(cancu_legacy__font_encoding("VnTime", NULL));
    ck_assert_ptr_null(cancu_legacy__font_encoding(NULL, NULL));
}
END_TEST

static char *font_text(const char *encoding, bool capitals, const char *text)
{
    char *out = NULL;
    size_t len = 0;
    cancu_status_t status = cancu_legacy__decode_font_text(
        &out, &len, encoding, capitals, text, strlen(text));

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s", cancu_error_last());
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

START_TEST(test_ingest_legacy__docx_font_runs)
{
    char *out;
    char *bad = NULL;
    size_t len = 7;

    /* TCVN3 codes stored as the Windows-1252 characters ("C¸c Së"), as
     * U+F0xx symbol codes, and 0x93 0x94 stored as U+201C U+201D. */
    out = font_text("TCVN3", false, "C¸c Së “Gi¸o dôc”");
    ck_assert_str_eq(out, "Các Sở “Giáo dục”");
    free(out);
    out = font_text("TCVN3", false,
                    "C\xef\x82\xb8"
                    "c S\xef\x83\xab");
    ck_assert_str_eq(out, "Các Sở");
    free(out);
    /* .VnTimeH shows the lower-case codes as capitals. */
    out = font_text("TCVN3", true, "kÕ ho¹ch c¶i c¸ch");
    ck_assert_str_eq(out, "KẾ HOẠCH CẢI CÁCH");
    free(out);
    /* VNI stored the same way; characters of no 8-bit code pass. */
    out = font_text("VNI-Windows", false, "Vieät Nam 中 Coäng");
    ck_assert_str_eq(out, "Việt Nam 中 Cộng");
    free(out);
    out = font_text("VISCII", false, "Vi\xc2\xaet");
    ck_assert_str_eq(out, "Việt");
    free(out);
    out = font_text("cp1258", false, "Vi\xc3\xaa\xc3\xb2t");
    ck_assert_str_eq(out, "Việt");
    free(out);
    ck_assert_int_eq(
        cancu_legacy__decode_font_text(&bad, &len, "ISCII", false, "a", 1),
        CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(bad);
    ck_assert_uint_eq(len, 0);
}
END_TEST

TCase *ingest_legacy_tcase(void)
{
    TCase *tc = tcase_create("legacy");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_ingest_legacy__names_and_aliases);
    tcase_add_test(tc, test_ingest_legacy__tcvn3_table_against_references);
    tcase_add_test(tc, test_ingest_legacy__every_letter_round_trips);
    tcase_add_test(tc, test_ingest_legacy__tcvn3_bytes);
    tcase_add_test(tc, test_ingest_legacy__vni_bytes);
    tcase_add_test(tc, test_ingest_legacy__windows_1258_combining_tones);
    tcase_add_test(tc, test_ingest_legacy__syllable_score);
    tcase_add_test(tc, test_ingest_legacy__sample_plan_detected_and_decoded);
    tcase_add_test(tc, test_ingest_legacy__everyday_sentences);
    tcase_add_test(tc, test_ingest_legacy__line_by_line_accuracy);
    tcase_add_test(tc, test_ingest_legacy__not_vietnamese);
    tcase_add_test(tc, test_ingest_legacy__any_bytes_decode_to_nfc);
    tcase_add_test(tc, test_ingest_legacy__font_encoding);
    tcase_add_test(tc, test_ingest_legacy__docx_font_runs);
    return tc;
}
