/* Suite "util": strbuf, arena, hash, errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>
#include <jansson.h>

#include "util/util.h"

START_TEST(test_util_strbuf__grows_and_stays_terminated)
{
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;

    ck_assert_str_eq(cancu_strbuf__cstr(&buf), "");
    for (int i = 0; i < 1000; i++)
        cancu_strbuf__printf(&buf, "%d,", i);
    ck_assert(!buf.failed);
    ck_assert_uint_eq(buf.len, strlen(buf.data));
    ck_assert(strncmp(buf.data, "0,1,2,", 6) == 0);
    cancu_strbuf__clear(&buf);
    ck_assert_str_eq(cancu_strbuf__cstr(&buf), "");
    cancu_strbuf__puts(&buf, "ab");
    cancu_strbuf__putc(&buf, 'c');
    char *s = cancu_strbuf__detach(&buf);
    ck_assert_str_eq(s, "abc");
    ck_assert_ptr_null(buf.data);
    free(s);
}
END_TEST

/* The JSON strings written by hand are the ones jansson writes: archive
 * lines written either way must be the same bytes. */
START_TEST(test_util_strbuf__json_string_as_jansson_writes_it)
{
    static const char *const texts[] = {
        "",
        "tinh giản biên chế",
        "quote \" backslash \\ slash / tab \t",
        "\b\f\n\r\x01\x1f\x7f end",
        "Nghị định số 45/2020/NĐ-CP — “trích dẫn” \xe2\x80\xa8 line separator",
        "four bytes: \xf0\x9f\x93\x84 and \xef\xbf\xbd",
    };
    char all[32];

    for (size_t i = 0; i < sizeof texts / sizeof *texts + 1; i++) {
        const char *text = i < sizeof texts / sizeof *texts ? texts[i] : all;
        cancu_strbuf_t buf = CANCU_STRBUF_INIT;
        json_t *string;
        char *dumped;

        /* Last, every control character at once (NUL excepted). */
        if (text == all) {
            for (int c = 1; c < 32; c++)
                all[c - 1] = (char)c;
            all[31] = '\0';
        }
        string = json_string(text);
        ck_assert_ptr_nonnull(string);
        dumped = json_dumps(string, JSON_COMPACT | JSON_ENCODE_ANY);
        ck_assert_ptr_nonnull(dumped);
        cancu_strbuf__json_string(&buf, text, strlen(text));
        ck_assert(!buf.failed);
        ck_assert_str_eq(cancu_strbuf__cstr(&buf), dumped);
        free(dumped);
        json_decref(string);
        cancu_strbuf__dispose(&buf);
    }
}
END_TEST

START_TEST(test_util_arena__large_and_small_allocations)
{
    cancu_arena_t *arena = cancu_arena__new();
    char *big;

    ck_assert_ptr_nonnull(arena);
    for (int i = 0; i < 10000; i++) {
        char *s = cancu_arena__strdup(arena, "tinh giản biên chế");

        ck_assert_str_eq(s, "tinh giản biên chế");
        ck_assert_uint_eq((uintptr_t)s % 16, 0);
    }
    big = cancu_arena__alloc(arena, 1 << 20);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', 1 << 20);
    cancu_arena__destroy(arena);
    cancu_arena__destroy(NULL);
}
END_TEST

START_TEST(test_util_hash__sha256_known_value)
{
    char hex[65];

    cancu_hash__sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                          "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

/* Lengths on each side of where the padding takes a second block (55,
 * 56; 119, 120) and of a block's end, against Python's hashlib of the
 * same bytes, and the FIPS 180-2 vector of a million 'a': with the
 * portable rounds, then with the CPU's SHA extensions where it has them
 * (both ways when it has). */
START_TEST(test_util_hash__sha256_lengths)
{
    static const struct {
        size_t len;
        const char *hex;
    } cases[] = {
        {0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {55,
         "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"},
        {56,
         "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"},
        {63,
         "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"},
        {64,
         "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"},
        {65,
         "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"},
        {119,
         "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"},
        {120,
         "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"},
        {1000,
         "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"},
    };
    unsigned char bytes[1000];
    char hex[65], *many = malloc(1000000);

    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)((i * 7 + 3) % 256);
    ck_assert_ptr_nonnull(many);
    memset(many, 'a', 1000000);
    printf("hash: the SHA extensions: %s\n",
           cancu_hash__sha_extensions(-1) ? "tested" : "not on this CPU");
    for (int use = 0; use < 2; use++) {
        cancu_hash__sha_extensions(use);
        for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
            cancu_hash__sha256_hex(bytes, cases[c].len, hex);
            ck_assert_msg(strcmp(hex, cases[c].hex) == 0, "%zu bytes: %s",
                          cases[c].len, hex);
        }
        cancu_hash__sha256_hex(many, 1000000, hex);
        ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                              "f1809a48a497200e046d39ccc7112cd0");
    }
    free(many);
}
END_TEST

START_TEST(test_util_status__strings_and_last_error)
{
    for (int s = 0; s < CANCU_STATUS_LAST_STATUS; s++)
        ck_assert_str_ne(cancu_status_to_string((cancu_status_t)s),
                         "unknown status");
    ck_assert_int_eq(cancu_error__set(CANCU_STATUS_BAD_INPUT, "a\nb %d", 3),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_str_eq(cancu_error_last(), "a b 3");
    /* The last message may be an argument of the next. */
    cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR, "outer (%s)",
                     cancu_error_last());
    ck_assert_str_eq(cancu_error_last(), "outer (a b 3)");
    cancu_error_clear();
    ck_assert_str_eq(cancu_error_last(), "");
}
END_TEST

/* A message wrapping the last one wraps it in each language: the English
 * copy of what programs read never carries a translated part. */
START_TEST(test_util_status__each_language_wraps_its_own)
{
    char *saved;

    cancu_error__set_messages(CANCU_STATUS_BAD_INPUT, "inner", "bên trong");
    cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR, "%s: outer (%s)", "f.docx",
                     cancu_error_last());
    ck_assert_str_eq(cancu_error_last_english(), "f.docx: outer (inner)");
    ck_assert_str_eq(cancu_error_last(), "f.docx: outer (bên trong)");
    /* Saved, overwritten, set again: both languages come back. */
    saved = cancu_error__save();
    ck_assert_ptr_nonnull(saved);
    cancu_error__set(CANCU_STATUS_BAD_INPUT, "other");
    cancu_error__restore(saved);
    ck_assert_str_eq(cancu_error_last_english(), "f.docx: outer (inner)");
    ck_assert_str_eq(cancu_error_last(), "f.docx: outer (bên trong)");
    /* Shortened in both, never inside a character. */
    cancu_error__set_messages(CANCU_STATUS_BAD_INPUT, "abcdefghij", "ắắắắ");
    cancu_error__shorten(8);
    ck_assert_str_eq(cancu_error_last_english(), "abcde...");
    ck_assert_str_eq(cancu_error_last(), "ắ...");
    cancu_error_clear();
    ck_assert_str_eq(cancu_error_last_english(), "");
}
END_TEST

START_TEST(test_util_utf8__encode_and_grow)
{
    char out[4];
    int *items = NULL;
    size_t cap = 0;

    ck_assert_uint_eq(cancu_utf8__encode('a', out), 1);
    ck_assert_int_eq(out[0], 'a');
    /* "ệ", U+1EC7. */
    ck_assert_uint_eq(cancu_utf8__encode(0x1EC7, out), 3);
    ck_assert(memcmp(out, "\xE1\xBB\x87", 3) == 0);
    ck_assert_uint_eq(cancu_utf8__encode(0x1F600, out), 4);
    ck_assert(memcmp(out, "\xF0\x9F\x98\x80", 4) == 0);
    /* No scalar: a surrogate, past Unicode. */
    ck_assert_uint_eq(cancu_utf8__encode(0xD800, out), 0);
    ck_assert_uint_eq(cancu_utf8__encode(0x110000, out), 0);

    ck_assert(cancu_array__grow((void **)&items, &cap, 0, sizeof *items));
    ck_assert_uint_eq(cap, 16);
    ck_assert(cancu_array__grow((void **)&items, &cap, 15, sizeof *items));
    ck_assert_uint_eq(cap, 16);
    ck_assert(cancu_array__grow((void **)&items, &cap, 16, sizeof *items));
    ck_assert_uint_eq(cap, 32);
    ck_assert(!cancu_array__grow((void **)&items, &cap, 32, SIZE_MAX / 8));
    ck_assert_uint_eq(cap, 32);
    free(items);
}
END_TEST

static Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("strbuf");

    tcase_add_test(tc, test_util_strbuf__grows_and_stays_terminated);
    suite_add_tcase(s, tc);
    tc = tcase_create("arena");
    tcase_add_test(tc, test_util_strbuf__json_string_as_jansson_writes_it);
    tcase_add_test(tc, test_util_arena__large_and_small_allocations);
    suite_add_tcase(s, tc);
    tc = tcase_create("hash");
    tcase_add_test(tc, test_util_hash__sha256_known_value);
    tcase_add_test(tc, test_util_hash__sha256_lengths);
    suite_add_tcase(s, tc);
    tc = tcase_create("utf8");
    tcase_add_test(tc, test_util_utf8__encode_and_grow);
    suite_add_tcase(s, tc);
    tc = tcase_create("status");
    tcase_add_test(tc, test_util_status__strings_and_last_error);
    tcase_add_test(tc, test_util_status__each_language_wraps_its_own);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(util_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
