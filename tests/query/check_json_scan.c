/* TCase "json-scan" of suite "query": reading one member of stored JSON
 * without parsing the rest (query/json-scan.c). jansson is the oracle:
 * each member found must be what jansson parses under that name, each
 * item of an array jansson's item, in texts whose strings hold what a
 * byte walk could take for structure. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "query/query-private.h"

TCase *query_json_scan_tcase(void);

/* Objects as jansson writes them and as people do, with strings holding
 * quotes, backslashes, brackets and the names looked for. */
static const char *const objects[] = {
    "{\"id\":\"a\",\"key\":\"18-NQ/TW:2017\",\"title\":null}",
    "{\"text\":\"\\\"key\\\":\\\"x\\\" } ] {\",\"key\":\"x\"}",
    "{\"a\\\\\":{\"key\":\"inner\",\"list\":[1,[2,{\"k\":\"]\"}]]},"
    "\"key\":\"outer\\\\\"}",
    "{ \"n\" : -1.5e3 , \"t\" : true , \"key\" : \"Lu\\u1eadt\" , "
    "\"f\" : false }",
    "{\"refs\":{\"references\":[{\"key\":\"b\"},{\"key\":\"c\\/d\"}]},"
    "\"key\":\"\\\"q\\\"\"}",
    "{\"kéy\":\"accented\",\"key\":\"Nghị định\"}",
    "{\"ke\\u0079\":1,\"key\":2}",
};

static const char *const names[] = {"id",   "key",  "title", "text",
                                    "a\\",  "n",    "t",     "f",
                                    "refs", "list", "kéy",   "none"};

START_TEST(test_query_json_scan__member_is_what_jansson_parses)
{
    for (size_t i = 0; i < sizeof objects / sizeof *objects; i++) {
        const char *text = objects[i], *end = text + strlen(text);
        json_t *whole = json_loads(text, 0, NULL);

        ck_assert_msg(whole != NULL, "%s", text);
        ck_assert_ptr_eq(cancu_json__skip(text, end), end);
        for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
            const char *v = NULL, *v_end = NULL;
            json_t *expected = json_object_get(whole, names[k]), *got;
            bool found = cancu_json__member(text, end, names[k], &v, &v_end);

            /* A name JSON would escape is not looked for. */
            if (strchr(names[k], '\\'))
                continue;
            ck_assert_msg(found == (expected != NULL), "%s in %s", names[k],
                          text);
            /* Without its end looked for, the same value. */
            {
                const char *start = NULL;

                ck_assert(cancu_json__member(text, end, names[k], &start,
                                             NULL) == found);
                ck_assert_ptr_eq(start, found ? v : NULL);
            }
            if (!found)
                continue;
            got = json_loadb(v, (size_t)(v_end - v), JSON_DECODE_ANY, NULL);
            ck_assert_msg(got && json_equal(got, expected), "%s in %s",
                          names[k], text);
            if (json_is_string(expected))
                ck_assert(cancu_json__string_is(v, v_end,
                                                json_string_value(expected)));
            ck_assert(!cancu_json__string_is(v, v_end, "18-NQ/TW"));
            json_decref(got);
        }
        json_decref(whole);
    }
}
END_TEST

START_TEST(test_query_json_scan__items_are_jansson_items)
{
    static const char *const arrays[] = {
        "[]",
        "[ ]",
        "[1]",
        "[\"],[\",{\"a\":[\"]\"]},[[]],null, 2 ,\"\\\\\"]",
        "[{\"key\":\"b\"},{\"key\":\"c\\/d\",\"x\":{}}]",
    };

    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++) {
        const char *text = arrays[i], *end = text + strlen(text), *at = text;
        const char *item, *item_end;
        json_t *whole = json_loads(text, JSON_DECODE_ANY, NULL);
        size_t n = 0;

        ck_assert_msg(whole != NULL, "%s", text);
        while (cancu_json__next_item(&at, end, &item, &item_end)) {
            json_t *got = json_loadb(item, (size_t)(item_end - item),
                                     JSON_DECODE_ANY, NULL);

            ck_assert_msg(got && json_equal(got, json_array_get(whole, n)),
                          "item %zu of %s", n, text);
            json_decref(got);
            n++;
        }
        ck_assert_uint_eq(n, json_array_size(whole));
        json_decref(whole);
    }
}
END_TEST

START_TEST(test_query_json_scan__what_does_not_end_is_refused)
{
    static const char *const broken[] = {
        "{\"key\":\"open",
        "{\"a\":[1,2}",
        "[\"\\\"]",
        "{\"a\":{\"b\":1}",
    };

    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        const char *text = broken[i], *end = text + strlen(text);
        const char *v, *v_end;

        ck_assert_msg(cancu_json__skip(text, end) == NULL, "%s", text);
        ck_assert_msg(!cancu_json__member(text, end, "b", &v, &v_end), "%s",
                      text);
    }
}
END_TEST

/* What the loader builds is what jansson builds, or both refuse it: the
 * same values in the same order, of the same types. */
START_TEST(test_query_json_scan__load_builds_what_jansson_builds)
{
    static const char *const texts[] = {
        "{}",
        "[]",
        " { \"a\" : [ true , false , null ] , \"b\" : \"c\" } \n",
        "{\"id\":\"8eac\",\"tasks_count\":12,\"year\":2022,\"own_id\":\"\","
        "\"refs\":{\"references\":[{\"key\":\"06/QĐ-TTg:2021\",\"year\":null,"
        "\"start\":31,\"where\":{\"line\":5},\"ambiguous\":false}]}}",
        "{\"a\":1.5,\"b\":[1e3,-0,0,-1,9223372036854775807]}",
        "{\"a\":12345678901234567890}",
        "{\"a\":\"\\u1eadt "
        "\\ud83d\\ude00\",\"b\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
        "{\"a\":\"x\",\"b\":{\"a\":[]},\"a\":\"y\"}",
        "{\"\\u0061\":1}",
        "{\"\":2,\"k\":\"\"}",
        "[ \"é\", \"ụ\", -5, 0, 100 ]",
        "{\"a\":[{\"b\":[{\"c\":[[[[]]]]}]}]}",
        "{\"a\":01}",
        "{\"a\":1,}",
        "[1,]",
        "{\"a\":tru}",
        "{\"a\":truex}",
        "{\"a\":\"tab\traw\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":-}",
        "{\"a\":1} x",
        "[1] [2]",
        "{\"a\":\"\\u0000\"}",
        "\"a string alone\"",
        "5",
        "{\"a\":[1 2]}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{\"a\":\"\xff\xfe\"}",
        "{\"\xc3\":1}",
        "{\"a\":\"open",
    };

    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        size_t n = strlen(texts[i]);
        json_t *expected = json_loadb(texts[i], n, 0, NULL);
        json_t *got = cancu_json__load(texts[i], n);

        ck_assert_msg((expected == NULL) == (got == NULL), "%s", texts[i]);
        if (expected) {
            char *a = json_dumps(expected, JSON_COMPACT);
            char *b = json_dumps(got, JSON_COMPACT);

            ck_assert_msg(json_equal(expected, got), "%s", texts[i]);
            ck_assert_str_eq(a, b);
            free(a);
            free(b);
        }
        json_decref(expected);
        json_decref(got);
    }
}
END_TEST

/* The members asked for are jansson's, whatever the others hold: each
 * object's members projected on the names, and on each name alone. */
START_TEST(test_query_json_scan__members_are_what_jansson_parses)
{
    static const char *const more[] = {
        "{}",
        " { \"key\" : [ {\"key\":1} , \"]\" ] , \"key\" : \"last\" } ",
        "{\"line\":12,\"terms\":[\"a\",\"b\\\"\",\"c\"],\"text\":\"T\\u00e2\"}",
    };
    size_t nnames = sizeof names / sizeof *names;

    for (size_t i = 0; i < sizeof objects / sizeof *objects + 3; i++) {
        const char *text = i < sizeof objects / sizeof *objects
                               ? objects[i]
                               : more[i - sizeof objects / sizeof *objects];
        json_t *whole = json_loads(text, 0, NULL);

        ck_assert_ptr_nonnull(whole);
        for (size_t from = 0; from <= nnames; from++) {
            /* All names, then each one alone. */
            size_t n = from == nnames ? nnames : 1;
            const char *const *asked = from == nnames ? names : names + from;
            json_t *got =
                cancu_json__load_members(text, strlen(text), asked, n);
            json_t *expected = json_object();

            for (size_t k = 0; k < n; k++)
                if (json_object_get(whole, asked[k]))
                    json_object_set(expected, asked[k],
                                    json_object_get(whole, asked[k]));
            ck_assert_msg(json_equal(expected, got), "%s (%zu)", text, from);
            json_decref(expected);
            json_decref(got);
        }
        json_decref(whole);
    }
}
END_TEST

/* What is not an object, or a member asked for that jansson refuses, is
 * refused. */
START_TEST(test_query_json_scan__members_refused_as_jansson_refuses)
{
    static const char *const texts[] = {
        "[1]",           "\"a\"",      "{\"a\":[1 2]}", "{\"a\":\"\xff\xfe\"}",
        "{\"a\":\"open", "{\"a\":1,}", "{\"a\":1} x",
    };
    static const char *const a[] = {"a"};

    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        ck_assert_msg(
            !cancu_json__load_members(texts[i], strlen(texts[i]), a, 1), "%s",
            texts[i]);
}
END_TEST

TCase *query_json_scan_tcase(void)
{
    TCase *tc = tcase_create("json-scan");

    tcase_add_test(tc, test_query_json_scan__member_is_what_jansson_parses);
    tcase_add_test(tc, test_query_json_scan__items_are_jansson_items);
    tcase_add_test(tc, test_query_json_scan__what_does_not_end_is_refused);
    tcase_add_test(tc, test_query_json_scan__load_builds_what_jansson_builds);
    tcase_add_test(tc, test_query_json_scan__members_are_what_jansson_parses);
    tcase_add_test(tc,
                   test_query_json_scan__members_refused_as_jansson_refuses);
    return tc;
}
