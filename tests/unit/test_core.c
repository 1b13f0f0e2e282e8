/* Unit tests of src/core: the arena, the string builder, the JSON writer, number parsing and
 * formatting, and calendar dates and timestamps. Suites: arena, sb, json, num, timefmt. */
#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"
#include "core/num.h"
#include "core/sb.h"
#include "core/timefmt.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define HAVE_LSAN 1
#endif

/* ---------------------------------------------------------------------------------------------
 * arena */

static bool aligned(const void *p)
{
    return (uintptr_t)p % alignof(max_align_t) == 0;
}

Test(arena, alignment_of_every_size)
{
    struct arena a;
    arena_init(&a, 1024);
    for (size_t n = 0; n < 300; n++) {
        unsigned char *p = arena_alloc(&a, n);
        cr_assert(aligned(p), "allocation of %zu bytes is misaligned", n);
        for (size_t i = 0; i < n; i++) {
            cr_assert_eq(p[i], 0, "allocation of %zu bytes is not zeroed", n);
            p[i] = 0xab;
        }
    }
    arena_free(&a);
}

Test(arena, take_moves_allocations_to_the_other_arena)
{
    struct arena a, from;
    arena_init(&a, 1024);
    arena_init(&from, 256);
    char *kept = arena_strdup(&a, "kept");
    char *moved[50];
    for (int i = 0; i < 50; i++) {
        moved[i] = arena_printf(&from, "moved %d", i); /* several chunks */
    }
    arena_take(&a, &from);
    cr_assert_null(from.head, "left empty");
    arena_take(&a, &from); /* nothing to move */
    char *after = arena_strdup(&a, "after");
    cr_assert_str_eq(kept, "kept");
    cr_assert_str_eq(after, "after");
    for (int i = 0; i < 50; i++) {
        char want[32];
        snprintf(want, sizeof want, "moved %d", i);
        cr_assert_str_eq(moved[i], want);
    }
    struct arena empty;
    arena_init(&empty, 0);
    arena_init(&from, 0);
    arena_strdup(&from, "x");
    arena_take(&empty, &from); /* into an arena that has nothing yet */
    cr_assert_not_null(empty.head);
    arena_free(&empty);
    arena_free(&a); /* ASan: every chunk freed once */
    arena_free(&from);
}

Test(arena, allocations_do_not_overlap)
{
    struct arena a;
    arena_init(&a, 256);
    enum { N = 200 };
    unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = arena_alloc(&a, (size_t)(i % 37) + 1);
        memset(p[i], i, (size_t)(i % 37) + 1);
    }
    for (int i = 0; i < N; i++) {
        for (size_t k = 0; k < (size_t)(i % 37) + 1; k++) {
            cr_assert_eq(p[i][k], (unsigned char)i, "block %d was overwritten", i);
        }
    }
    arena_free(&a);
}

Test(arena, large_block_keeps_head_room)
{
    struct arena a;
    arena_init(&a, 1024);
    char *small1 = arena_alloc(&a, 16);
    char *big = arena_alloc(&a, 100000);
    cr_assert(aligned(big));
    memset(big, 7, 100000); /* ASan catches a block smaller than asked */
    char *small2 = arena_alloc(&a, 16);
    /* The big block got its own chunk; small allocations continue in the same chunk. */
    cr_assert_eq(small2, small1 + 16, "a large block wasted the current chunk");
    cr_assert_eq(big[99999], 7);
    arena_free(&a);
}

Test(arena, large_block_first_then_small)
{
    struct arena a;
    arena_init(&a, 1024);
    char *big = arena_alloc(&a, 5000);
    memset(big, 1, 5000);
    char *s = arena_alloc(&a, 100);
    memset(s, 2, 100);
    cr_assert_eq(big[4999], 1);
    cr_assert_eq(s[0], 2);
    cr_assert(s < big || s >= big + 5000);
    arena_free(&a);
}

Test(arena, reset_keeps_working_and_rezeroes)
{
    struct arena a;
    arena_init(&a, 512);
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 100; i++) {
            unsigned char *p = arena_alloc(&a, 40);
            for (int k = 0; k < 40; k++) {
                cr_assert_eq(p[k], 0, "round %d: memory reused without zeroing", round);
            }
            memset(p, 0xff, 40);
        }
        char *big = arena_alloc(&a, 4096);
        memset(big, 0xff, 4096);
        arena_reset(&a);
    }
    char *s = arena_strdup(&a, "still works");
    cr_assert_str_eq(s, "still works");
    arena_free(&a);
}

Test(arena, reset_reuses_one_chunk)
{
    struct arena a;
    arena_init(&a, 512);
    char *first = arena_alloc(&a, 8);
    for (int i = 0; i < 50; i++) {
        arena_alloc(&a, 64);
    }
    arena_reset(&a);
    cr_assert_not_null(a.head, "reset should keep a chunk for reuse");
    char *again = arena_alloc(&a, 8);
    cr_assert(aligned(again));
    (void)first;
    arena_free(&a);
    cr_assert_null(a.head);
}

Test(arena, strdup_strndup_printf)
{
    struct arena a;
    arena_init(&a, 0);
    cr_assert_null(arena_strdup(&a, NULL));
    cr_assert_str_eq(arena_strdup(&a, ""), "");
    cr_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
    cr_assert_str_eq(arena_strndup(&a, "目标", 3), "目");
    cr_assert_str_eq(arena_printf(&a, "%s-%d-%.2f", "x", 42, 1.5), "x-42-1.50");
    char long_text[3000];
    memset(long_text, 'q', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    char *p = arena_printf(&a, "<%s>", long_text);
    cr_assert_eq(strlen(p), sizeof long_text + 1);
    cr_assert_eq(p[0], '<');
    cr_assert_eq(p[sizeof long_text], '>');
    arena_free(&a);
}

Test(arena, adopt_frees_at_reset_and_free)
{
    struct arena a;
    arena_init(&a, 256);
    char *m = arena_adopt(&a, xmalloc(100));
    memset(m, 'm', 100);
    /* Allocation after adopting still works and does not land in the adopted block. */
    char *p = arena_alloc(&a, 32);
    memset(p, 'p', 32);
    cr_assert_eq(m[99], 'm');
    arena_adopt(&a, xmalloc(10));
    arena_adopt(&a, NULL); /* adopting NULL is harmless: free(NULL) */
    arena_reset(&a);
    arena_adopt(&a, xmalloc(50));
    arena_free(&a);
    cr_assert_null(a.head);
#ifdef HAVE_LSAN
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "adopted blocks leaked");
#endif
}

Test(arena, adopt_into_empty_arena)
{
    struct arena a;
    arena_init(&a, 256);
    char *m = arena_adopt(&a, xmalloc(20));
    memset(m, 1, 20);
    char *p = arena_alloc(&a, 16);
    memset(p, 2, 16);
    cr_assert_eq(m[19], 1);
    arena_free(&a);
#ifdef HAVE_LSAN
    cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "adopted blocks leaked");
#endif
}

/* ---------------------------------------------------------------------------------------------
 * sb */

Test(sb, empty_is_empty_string)
{
    struct sb b;
    sb_init(&b);
    cr_assert_str_eq(sb_cstr(&b), "");
    cr_assert_eq(b.len, 0);
    char *t = sb_take(&b);
    cr_assert_str_eq(t, "");
    free(t);
    sb_free(&b);
}

Test(sb, put_putc_puts)
{
    struct sb b;
    sb_init(&b);
    sb_puts(&b, "ab");
    sb_putc(&b, 'c');
    sb_put(&b, "defgh", 2);
    sb_put(&b, "", 0);
    cr_assert_str_eq(sb_cstr(&b), "abcde");
    cr_assert_eq(b.len, 5);
    sb_put(&b, "x\0y", 3); /* embedded NUL is kept, length counts it */
    cr_assert_eq(b.len, 8);
    cr_assert_eq(memcmp(b.p, "abcdex\0y", 8), 0);
    sb_free(&b);
}

Test(sb, grows_past_initial_capacity)
{
    struct sb b;
    sb_init(&b);
    for (int i = 0; i < 10000; i++) {
        sb_putc(&b, (char)('a' + i % 26));
    }
    cr_assert_eq(b.len, 10000);
    cr_assert_eq(strlen(sb_cstr(&b)), 10000);
    for (int i = 0; i < 10000; i++) {
        cr_assert_eq(b.p[i], 'a' + i % 26);
    }
    sb_free(&b);
}

Test(sb, limit_sets_overflow_and_drops)
{
    struct sb b;
    sb_init(&b);
    b.limit = 10;
    sb_puts(&b, "12345678");
    cr_assert_not(b.overflow);
    sb_puts(&b, "90");
    cr_assert_not(b.overflow, "exactly the limit is not an overflow");
    cr_assert_str_eq(sb_cstr(&b), "1234567890");
    sb_putc(&b, 'x');
    cr_assert(b.overflow);
    cr_assert_str_eq(sb_cstr(&b), "1234567890", "overflowing write must be dropped whole");
    sb_clear(&b);
    cr_assert_not(b.overflow);
    cr_assert_str_eq(sb_cstr(&b), "");
    sb_puts(&b, "abc");
    cr_assert_str_eq(sb_cstr(&b), "abc");
    sb_free(&b);
    cr_assert_eq(b.limit, 10, "sb_free keeps the limit");
}

Test(sb, overflow_is_sticky)
{
    struct sb b;
    sb_init(&b);
    b.limit = 5;
    sb_puts(&b, "123456");
    cr_assert(b.overflow);
    sb_puts(&b, "a");
    cr_assert_str_eq(sb_cstr(&b), "", "writes after an overflow are dropped");
    cr_assert_eq(b.len, 0);
    sb_free(&b);
}

Test(sb, huge_put_with_limit_does_not_wrap)
{
    struct sb b;
    sb_init(&b);
    b.limit = 100;
    sb_puts(&b, "abc");
    sb_put(&b, "x", SIZE_MAX - 1); /* must be refused by arithmetic, never read */
    cr_assert(b.overflow);
    cr_assert_str_eq(sb_cstr(&b), "abc");
    sb_free(&b);
}

Test(sb, printf_small_and_growing)
{
    struct sb b;
    sb_init(&b);
    sb_printf(&b, "%d-%s", 7, "x");
    cr_assert_str_eq(sb_cstr(&b), "7-x");
    char big[1000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sb_printf(&b, "[%s]", big);
    cr_assert_eq(b.len, 3 + 1 + 999 + 1);
    cr_assert_eq(b.p[4], 'z');
    cr_assert_eq(b.p[b.len - 1], ']');
    cr_assert_eq(b.p[b.len], '\0');
    /* Exactly 255 and 256 characters: both sides of the small-buffer path. */
    sb_clear(&b);
    sb_printf(&b, "%.*s", 255, big);
    cr_assert_eq(b.len, 255);
    sb_printf(&b, "%.*s", 256, big);
    cr_assert_eq(b.len, 511);
    cr_assert_eq(strlen(sb_cstr(&b)), 511);
    sb_free(&b);
}

Test(sb, printf_respects_limit)
{
    struct sb b;
    sb_init(&b);
    b.limit = 300;
    char big[400];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sb_printf(&b, "%s", big);
    cr_assert(b.overflow);
    cr_assert_eq(b.len, 0);
    sb_free(&b);
}

Test(sb, take_hands_over_buffer)
{
    struct sb b;
    sb_init(&b);
    b.limit = 50;
    sb_puts(&b, "hello");
    char *p = sb_take(&b);
    cr_assert_str_eq(p, "hello");
    cr_assert_eq(b.len, 0);
    cr_assert_null(b.p);
    cr_assert_eq(b.limit, 50);
    sb_puts(&b, "again");
    cr_assert_str_eq(sb_cstr(&b), "again");
    free(p);
    sb_free(&b);
}

/* ---------------------------------------------------------------------------------------------
 * json */

/* Writes with the writer into a fresh builder; the test frees the returned string. */
static char *json_compact_sample(int indent)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, indent);
    json_obj_open(&j);
    json_key(&j, "a");
    json_arr_open(&j);
    json_int(&j, 1);
    json_int(&j, -2);
    json_arr_close(&j);
    json_key(&j, "b");
    json_obj_open(&j);
    json_obj_close(&j);
    json_key(&j, "c");
    json_arr_open(&j);
    json_arr_close(&j);
    json_key(&j, "d");
    json_obj_open(&j);
    json_key(&j, "e");
    json_none(&j);
    json_key(&j, "f");
    json_bool(&j, true);
    json_key(&j, "g");
    json_bool(&j, false);
    json_obj_close(&j);
    json_obj_close(&j);
    return sb_take(&b);
}

Test(json, compact_nesting_and_commas)
{
    char *s = json_compact_sample(0);
    cr_assert_str_eq(s, "{\"a\":[1,-2],\"b\":{},\"c\":[],"
                        "\"d\":{\"e\":null,\"f\":true,\"g\":false}}");
    free(s);
}

Test(json, indented_output)
{
    char *s = json_compact_sample(2);
    cr_assert_str_eq(s, "{\n"
                        "  \"a\": [\n"
                        "    1,\n"
                        "    -2\n"
                        "  ],\n"
                        "  \"b\": {},\n"
                        "  \"c\": [],\n"
                        "  \"d\": {\n"
                        "    \"e\": null,\n"
                        "    \"f\": true,\n"
                        "    \"g\": false\n"
                        "  }\n"
                        "}");
    free(s);
}

Test(json, arrays_of_objects_and_deep_nesting)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    json_arr_open(&j);
    for (int i = 0; i < 3; i++) {
        json_obj_open(&j);
        json_key(&j, "i");
        json_int(&j, i);
        json_obj_close(&j);
    }
    for (int d = 0; d < 20; d++) {
        json_arr_open(&j);
    }
    json_str(&j, "x");
    for (int d = 0; d < 20; d++) {
        json_arr_close(&j);
    }
    json_int(&j, 9);
    json_arr_close(&j);
    char want[256] = "[{\"i\":0},{\"i\":1},{\"i\":2},";
    size_t n = strlen(want);
    for (int d = 0; d < 20; d++) {
        want[n++] = '[';
    }
    memcpy(want + n, "\"x\"", 3);
    n += 3;
    for (int d = 0; d < 20; d++) {
        want[n++] = ']';
    }
    memcpy(want + n, ",9]", 4);
    cr_assert_str_eq(sb_cstr(&b), want);
    json_error_t jerr;
    json_t *v = json_loads(sb_cstr(&b), 0, &jerr);
    cr_assert_not_null(v, "writer output is not JSON: %s", jerr.text);
    json_decref(v);
    sb_free(&b);
}

Test(json, int_extremes)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    json_arr_open(&j);
    json_int(&j, INT64_MIN);
    json_int(&j, INT64_MAX);
    json_int(&j, 0);
    json_arr_close(&j);
    cr_assert_str_eq(sb_cstr(&b), "[-9223372036854775808,9223372036854775807,0]");
    sb_free(&b);
}

static char *escaped(const char *s, size_t n)
{
    struct sb b;
    sb_init(&b);
    json_escape(&b, s, n);
    return sb_take(&b);
}

Test(json, escapes_quotes_backslash_controls)
{
    char *s = escaped("a\"b\\c", 5);
    cr_assert_str_eq(s, "\"a\\\"b\\\\c\"");
    free(s);
    s = escaped("\n\r\t\x01\x1f\x7f", 6);
    cr_assert_str_eq(s, "\"\\n\\r\\t\\u0001\\u001f\x7f\"");
    free(s);
    s = escaped("\b\f", 2);
    cr_assert_str_eq(s, "\"\\u0008\\u000c\"");
    free(s);
    s = escaped("nul\0end", 7);
    cr_assert_str_eq(s, "\"nul\\u0000end\"");
    free(s);
    s = escaped("", 0);
    cr_assert_str_eq(s, "\"\"");
    free(s);
    s = escaped("</script>", 9);
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    cr_assert_not_null(v);
    cr_assert_str_eq(json_string_value(v), "</script>");
    json_decref(v);
    free(s);
}

Test(json, cjk_and_emoji_pass_through)
{
    const char *in = "目标与关键成果 OKR 🚀 ü";
    char *s = escaped(in, strlen(in));
    cr_assert_str_eq(s, "\"目标与关键成果 OKR 🚀 ü\"");
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    cr_assert_not_null(v);
    cr_assert_str_eq(json_string_value(v), in);
    json_decref(v);
    free(s);
}

Test(json, every_byte_below_0x20_round_trips)
{
    char in[32];
    for (int i = 0; i < 32; i++) {
        in[i] = (char)i;
    }
    char *s = escaped(in, sizeof in);
    json_t *v = json_loadb(s, strlen(s), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    cr_assert_not_null(v, "escaped control characters are not valid JSON: %s", s);
    cr_assert_eq(json_string_length(v), sizeof in);
    cr_assert_eq(memcmp(json_string_value(v), in, sizeof in), 0);
    json_decref(v);
    free(s);
}

Test(json, keys_are_escaped_and_str_null)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    json_obj_open(&j);
    json_key(&j, "k\"1");
    json_str(&j, NULL);
    json_key(&j, "k2");
    json_strn(&j, "abcdef", 3);
    json_obj_close(&j);
    cr_assert_str_eq(sb_cstr(&b), "{\"k\\\"1\":null,\"k2\":\"abc\"}");
    sb_free(&b);
}

/* Keys around the writer's fast copy (up to 60 bytes, plain ASCII) come out the same as the
 * escaping path writes them, in compact and indented output. */
Test(json, keys_of_every_length_and_kind)
{
    const char *kinds[] = {"k", "snake_case", "\xe9\x94\xae", "tab\there", "back\\slash"};
    for (size_t len = 0; len <= 70; len++) {
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
            char key[128] = "";
            size_t n = 0, kn = strlen(kinds[k]);
            while (n + kn <= len) {
                memcpy(key + n, kinds[k], kn + 1);
                n += kn;
            }
            for (int indent = 0; indent <= 2; indent += 2) {
                struct sb b, want;
                sb_init(&b);
                sb_init(&want);
                struct json j;
                json_init(&j, &b, indent);
                json_obj_open(&j);
                json_key(&j, key);
                json_int(&j, -7);
                json_obj_close(&j);
                sb_puts(&want, indent ? "{\n  " : "{");
                json_escape(&want, key, strlen(key));
                sb_puts(&want, indent ? ": -7\n}" : ":-7}");
                cr_assert_str_eq(sb_cstr(&b), sb_cstr(&want), "key of %zu bytes", strlen(key));
                sb_free(&b);
                sb_free(&want);
            }
        }
    }
}

/* json_name writes what json_key writes for every name it is given (snake_case ASCII), in
 * both layouts. */
Test(json, names_as_keys)
{
    for (size_t len = 1; len <= 70; len++) {
        char name[80];
        for (size_t i = 0; i < len; i++) {
            name[i] = i % 7 == 3 ? '_' : (char)('a' + i % 26);
        }
        name[len] = '\0';
        for (int indent = 0; indent <= 2; indent += 2) {
            struct sb b[2];
            for (int k = 0; k < 2; k++) {
                sb_init(&b[k]);
                struct json j;
                json_init(&j, &b[k], indent);
                json_obj_open(&j);
                (k ? json_name : json_key)(&j, name);
                json_int(&j, 1);
                (k ? json_name : json_key)(&j, "second");
                json_int(&j, 2);
                json_obj_close(&j);
            }
            cr_assert_str_eq(sb_cstr(&b[1]), sb_cstr(&b[0]), "name of %zu bytes", len);
            sb_free(&b[0]);
            sb_free(&b[1]);
        }
    }
}

/* Past the builder's limit nothing more is written, keys and numbers included. */
Test(json, limit_stops_keys_and_numbers)
{
    for (int name = 0; name < 2; name++) {
        struct sb b;
        sb_init(&b);
        b.limit = 8;
        struct json j;
        json_init(&j, &b, 0);
        json_obj_open(&j);
        (name ? json_name : json_key)(&j, "abc");
        json_int(&j, 1234567);
        (name ? json_name : json_key)(&j, "title");
        json_obj_close(&j);
        cr_assert(b.overflow);
        cr_assert_leq(b.len, 8);
        sb_free(&b);
    }
}

static void assert_real(double v, const char *want)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    json_double(&j, v);
    cr_assert_str_eq(sb_cstr(&b), want, "json_double(%.17g)", v);
    sb_free(&b);
}

Test(json, reals_shortest_round_trip)
{
    assert_real(0.1, "0.1");
    assert_real(5, "5");
    assert_real(-0.0, "0");
    assert_real(0, "0");
    assert_real(1e21, "1e+21");
    assert_real(0.7, "0.7");
    assert_real(-2.5, "-2.5");
    assert_real(100, "100");
    assert_real(1000, "1000");
    assert_real(1.5e6, "1500000");
    assert_real(0.1 + 0.2, "0.30000000000000004");
    assert_real(1.0 / 3, "0.3333333333333333");
    assert_real(NAN, "null");
    assert_real(INFINITY, "null");
    assert_real(-INFINITY, "null");
}

Test(json, reals_are_valid_json)
{
    const double vals[] = {1e-7,   1e-300,        5e-324, 1.7976931348623157e308,
                           -1e100, 123456789.125, 1e18,   1e19,
                           9.3e18, 1e20,          1e21,   0.000001,
                           -1e-7};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        struct sb b;
        sb_init(&b);
        struct json j;
        json_init(&j, &b, 0);
        json_double(&j, vals[i]);
        json_t *v = json_loads(sb_cstr(&b), JSON_DECODE_ANY, NULL);
        cr_assert_not_null(v, "%s is not JSON", sb_cstr(&b));
        cr_assert(json_is_number(v));
        cr_assert(json_number_value(v) == vals[i], "%s does not read back", sb_cstr(&b));
        json_decref(v);
        sb_free(&b);
    }
}

/* ---------------------------------------------------------------------------------------------
 * num */

Test(num, parse_i64_valid)
{
    int64_t v = -1;
    cr_assert_eq(num_parse_i64("0", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, 0);
    cr_assert_eq(num_parse_i64("-0", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, 0);
    cr_assert_eq(num_parse_i64("+42", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, 42);
    cr_assert_eq(num_parse_i64("007", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, 7);
    cr_assert_eq(num_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, INT64_MAX);
    cr_assert_eq(num_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
    cr_assert_eq(v, INT64_MIN);
}

Test(num, parse_i64_range)
{
    int64_t v = 99;
    cr_assert_eq(num_parse_i64("10", 1, 10, &v), 0);
    cr_assert_eq(v, 10);
    cr_assert_eq(num_parse_i64("1", 1, 10, &v), 0);
    cr_assert_eq(num_parse_i64("11", 1, 10, &v), -1);
    cr_assert_eq(num_parse_i64("0", 1, 10, &v), -1);
    cr_assert_eq(num_parse_i64("-1", 0, 10, &v), -1);
    cr_assert_eq(v, 1, "a failed parse must not change the output");
}

Test(num, parse_i64_rejects)
{
    static const char *const bad[] = {
        "",
        " 1",
        "1 ",
        "\t1",
        "1\n",
        "+",
        "-",
        "--1",
        "+-1",
        "1-",
        "12a",
        "a12",
        "0x10",
        "1e3",
        "1.0",
        "1,000",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "１",
        "٣",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 5;
        cr_assert_eq(num_parse_i64(bad[i], INT64_MIN, INT64_MAX, &v), -1, "accepted \"%s\"",
                     bad[i]);
        cr_assert_eq(v, 5);
    }
    int64_t v;
    cr_assert_eq(num_parse_i64(NULL, 0, 1, &v), -1);
}

Test(num, parse_double_valid)
{
    static const struct {
        const char *s;
        double v;
    } ok[] = {
        {"0", 0},
        {"0.1", 0.1},
        {"-2.5e-3", -2.5e-3},
        {"+3", 3},
        {"1e308", 1e308},
        {"1E2", 100},
        {".5", 0.5},
        {"5.", 5},
        {"-0", -0.0},
        {"1e+21", 1e21},
        {"0.30000000000000004", 0.1 + 0.2},
        {"4.9406564584124654e-324", 5e-324},
        {"2.2250738585072014e-308", 2.2250738585072014e-308},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -99;
        cr_assert_eq(num_parse_double(ok[i].s, &v), 0, "rejected \"%s\"", ok[i].s);
        cr_assert(v == ok[i].v, "\"%s\" read as %.17g", ok[i].s, v);
    }
}

Test(num, parse_double_rejects)
{
    static const char *const bad[] = {
        "",     " 1",    "1 ",    "inf",    "-inf",  "INF",   "infinity", "nan", "NaN", "-nan",
        "0x10", "0x1p3", "1e999", "-1e999", "1e309", "1.5x",  "1..5",     ".",   "e5",  "1e",
        "1e+",  "+",     "-",     "--1",    "1,5",   "1e5e5", "١",        "0b1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 5;
        cr_assert_eq(num_parse_double(bad[i], &v), -1, "accepted \"%s\"", bad[i]);
        cr_assert(v == 5);
    }
    double v;
    cr_assert_eq(num_parse_double(NULL, &v), -1);
}

Test(num, fmt_double_forms)
{
    static const struct {
        double v;
        const char *s;
    } cases[] = {
        {0.1, "0.1"},
        {5, "5"},
        {-0.0, "0"},
        {1e21, "1e+21"},
        {1e17, "100000000000000000"},
        {999999999999999872.0, "999999999999999900"},
        {1e18, "1e+18"},
        {1e19, "1e+19"},
        {1e20, "1e+20"},
        {123e18, "1.23e+20"},
        {1.234565e19, "1.234565e+19"},
        {123456789012.5, "123456789012.5"},
        {-9.2e18, "-9.2e+18"},
        {100, "100"},
        {10, "10"},
        {-250, "-250"},
        {0.5, "0.5"},
        {0.000001, "0.000001"},
        {1e-7, "1e-7"},
        {1.5e-7, "1.5e-7"},
        {-1.25e-10, "-1.25e-10"},
        {123.456, "123.456"},
        {1e100, "1e+100"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {5e-324, "5e-324"},
        {9007199254740993.0, "9007199254740992"},
        {0.1 + 0.2, "0.30000000000000004"},
        /* Either side of the 15-digit test that skips 4 to 14 digits when 15 do not read back. */
        {1.0 / 3, "0.3333333333333333"},
        {0.123456789012345, "0.123456789012345"},
        {0.1234, "0.1234"},
        /* Whole numbers below 2^53 take a short cut; 2^53 itself does not. */
        {9007199254740991.0, "9007199254740991"},
        {-123456789012345.0, "-123456789012345"},
        {2251799813685248.5, "2251799813685248.5"},
        /* Up to 6 decimals below 1e9 take another short cut (fmt_short_decimal). */
        {0.7, "0.7"},
        {-12.25, "-12.25"},
        {999999999.999999, "999999999.999999"},
        {-0.000123, "-0.000123"},
        {1.0000001, "1.0000001"},
        {1e9 + 0.5, "1000000000.5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        cr_assert_str_eq(num_fmt_double(buf, cases[i].v), cases[i].s, "%.17g", cases[i].v);
    }
    char buf[32];
    cr_assert_str_eq(num_fmt_double(buf, NAN), "null");
    cr_assert_str_eq(num_fmt_double(buf, -INFINITY), "null");
}

/* Values typed with a few decimals, as printf writes them with trailing zeros removed. */
Test(num, fmt_short_decimals_match_printf)
{
    for (int64_t i = -200000; i <= 200000; i += 7) {
        for (int places = 1; places <= 6; places++) {
            double v = (double)i * 1013 / pow(10, places);
            char want[64], buf[32];
            snprintf(want, sizeof want, "%.*f", places, v);
            size_t n = strlen(want);
            while (want[n - 1] == '0') {
                want[--n] = '\0';
            }
            if (want[n - 1] == '.') {
                want[--n] = '\0';
            }
            if (strcmp(want, "-0") == 0) {
                memcpy(want, "0", 2);
            }
            double back;
            if (num_parse_double(want, &back) || back != v) {
                continue; /* more than `places` decimals needed: not this short cut's case */
            }
            cr_assert_str_eq(num_fmt_double(buf, v), want, "%.17g", v);
        }
    }
}

/* Computed values between 1e-3 and 1e9 (progress, ratios) get their digits from integer
 * arithmetic instead of printf and strtod: they must read back, and one digit fewer must not.
 * Includes the values next to powers of two, where the gap below is half the gap above. */
static int significant_digits(const char *s)
{
    const char *p = s + (*s == '-');
    while (*p == '0' || *p == '.') {
        p++;
    }
    int n = 0;
    for (; *p && *p != 'e'; p++) {
        n += *p >= '0' && *p <= '9';
    }
    return n;
}

Test(num, fmt_computed_values_are_shortest)
{
    double edges[] = {nextafter(0.5, 0),       nextafter(0.5, 1),  nextafter(1, 0),
                      nextafter(1, 2),         nextafter(512, 0),  nextafter(0.001, 1),
                      nextafter(1e9, 0),       0.6749999999999994, 0.7499999999999989,
                      2.0 / 3,                 100.0 / 7,          -355.0 / 113};
    for (int i = 0; i < 12 + 40000; i++) {
        double v = i < 12 ? edges[i] : (double)(i * 7919 % 100003) / (i % 997 + 3);
        char buf[32], fewer[40];
        num_fmt_double(buf, v);
        double back = 42;
        cr_assert_eq(num_parse_double(buf, &back), 0, "cannot read back %s", buf);
        cr_assert(back == v, "%s read back as %.17g, not %.17g", buf, back, v);
        int n = significant_digits(buf);
        if (n > 1 && v != trunc(v)) { /* whole numbers: the integer, trailing zeros and all */
            snprintf(fewer, sizeof fewer, "%.*e", n - 2, v);
            cr_assert(strtod(fewer, NULL) != v, "%s is shorter than %s", fewer, buf);
        }
    }
}

Test(num, fmt_then_parse_round_trips)
{
    /* A deterministic walk over magnitudes and mantissas (no clock, no libc rand). */
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v)) {
            continue;
        }
        char buf[32];
        num_fmt_double(buf, v);
        double back = 42;
        cr_assert_eq(num_parse_double(buf, &back), 0, "cannot read back %s", buf);
        cr_assert(back == v, "%s read back as %.17g, not %.17g", buf, back, v);
        cr_assert_lt(strlen(buf), 32);
    }
}

/* ---------------------------------------------------------------------------------------------
 * timefmt */

static int64_t parsed_date(const char *s)
{
    int64_t d = 12345;
    cr_assert_eq(date_parse(s, &d), 0, "rejected %s", s);
    return d;
}

Test(timefmt, epoch_and_known_dates)
{
    cr_assert_eq(date_from_ymd(1970, 1, 1), 0);
    cr_assert_eq(date_from_ymd(1970, 1, 2), 1);
    cr_assert_eq(date_from_ymd(1969, 12, 31), -1);
    cr_assert_eq(date_from_ymd(2000, 3, 1), 11017);
    cr_assert_eq(date_from_ymd(2024, 2, 29), 19782);
    cr_assert_eq(date_from_ymd(1900, 1, 1), -25567);
    cr_assert_eq(parsed_date("2024-02-29"), 19782);
    cr_assert_eq(parsed_date("1970-01-01"), 0);
    cr_assert_eq(parsed_date("9999-12-31"), 2932896);
}

Test(timefmt, leap_years)
{
    int64_t d;
    cr_assert_eq(date_parse("2024-02-29", &d), 0);
    cr_assert_eq(date_parse("2023-02-29", &d), -1);
    cr_assert_eq(date_parse("1900-02-29", &d), -1);
    cr_assert_eq(date_parse("2000-02-29", &d), 0);
    cr_assert_eq(date_parse("2100-02-29", &d), -1);
    cr_assert_eq(date_parse("2400-02-29", &d), 0);
    cr_assert_eq(date_parse("2024-02-30", &d), -1);
    cr_assert_eq(date_parse("2023-02-28", &d), 0);
    cr_assert_eq(parsed_date("2024-03-01") - parsed_date("2024-02-28"), 2);
    cr_assert_eq(parsed_date("2023-03-01") - parsed_date("2023-02-28"), 1);
}

Test(timefmt, month_lengths)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    char s[40];
    int64_t d;
    for (int m = 1; m <= 12; m++) {
        snprintf(s, sizeof s, "2023-%02d-%02d", m, dim[m - 1]);
        cr_assert_eq(date_parse(s, &d), 0, "%s", s);
        snprintf(s, sizeof s, "2023-%02d-%02d", m, dim[m - 1] + 1);
        cr_assert_eq(date_parse(s, &d), -1, "%s", s);
    }
}

static bool ref_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Walks every day from 1900-01-01 to 9999-12-31 with its own calendar and checks the library
 * against it both ways, including formatting, parsing and the weekday. */
Test(timefmt, every_day_round_trips)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t n = date_from_ymd(1900, 1, 1);
    int weekday = 0; /* 1900-01-01 was a Monday */
    for (int64_t y = 1900; y <= 9999; y++) {
        for (int m = 1; m <= 12; m++) {
            int len = m == 2 && ref_leap(y) ? 29 : dim[m - 1];
            for (int d = 1; d <= len; d++, n++, weekday = (weekday + 1) % 7) {
                if (date_from_ymd(y, m, d) != n) {
                    cr_assert_fail("date_from_ymd(%lld-%d-%d) is off", (long long)y, m, d);
                }
                int64_t yy;
                int mm, dd;
                date_to_ymd(n, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d) {
                    cr_assert_fail("date_to_ymd(%lld) is off", (long long)n);
                }
                if (date_weekday(n) != weekday) {
                    cr_assert_fail("weekday of %lld is off", (long long)n);
                }
                /* Formatting and parsing on a sample (every 7th day, all of 1999-2001). */
                if (n % 7 == 0 || (y >= 1999 && y <= 2001)) {
                    char buf[16], want[40];
                    snprintf(want, sizeof want, "%04d-%02d-%02d", (int)y, m, d);
                    cr_assert_str_eq(date_fmt(buf, n), want);
                    int64_t back;
                    cr_assert_eq(date_parse(buf, &back), 0, "%s", buf);
                    cr_assert_eq(back, n);
                }
            }
        }
    }
    cr_assert_eq(n, date_from_ymd(10000, 1, 1));
}

Test(timefmt, dates_before_epoch_and_far_future_convert)
{
    /* Outside the parseable range the arithmetic still holds (no overflow, consistent). */
    for (int64_t n = -1000000; n <= 1000000; n += 997) {
        int64_t y;
        int m, d;
        date_to_ymd(n, &y, &m, &d);
        cr_assert_eq(date_from_ymd(y, m, d), n);
    }
}

Test(timefmt, weekday_known)
{
    cr_assert_eq(date_weekday(parsed_date("1970-01-01")), 3); /* Thursday */
    cr_assert_eq(date_weekday(parsed_date("2024-01-01")), 0); /* Monday */
    cr_assert_eq(date_weekday(parsed_date("2000-01-01")), 5); /* Saturday */
    cr_assert_eq(date_weekday(parsed_date("1969-12-28")), 6); /* Sunday */
    cr_assert_eq(date_weekday(parsed_date("1900-01-01")), 0); /* Monday */
    cr_assert_eq(date_weekday(parsed_date("2024-02-29")), 3); /* Thursday */
}

Test(timefmt, malformed_dates)
{
    static const char *const bad[] = {
        "",
        "2024",
        "2024-2-29",
        "2024-02-9",
        "2024/02/28",
        "20240228",
        " 2024-02-28",
        "2024-02-28 ",
        "2024-02-28T",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "1899-12-31",
        "0000-01-01",
        "+024-01-01",
        "-024-01-01",
        "2024-01-1a",
        "2024-0a-01",
        "abcd-ef-gh",
        "2024--1-01",
        "2024-01-+1",
        "2024-01- 1",
        "2024_01_01",
        "10000-01-01",
        "２０２４-01-01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t d = 77;
        cr_assert_eq(date_parse(bad[i], &d), -1, "accepted \"%s\"", bad[i]);
        cr_assert_eq(d, 77);
    }
    int64_t d;
    cr_assert_eq(date_parse(NULL, &d), -1);
}

Test(timefmt, ts_parse_forms)
{
    int64_t t = 0;
    cr_assert_eq(ts_parse("1970-01-01T00:00:00Z", &t), 0);
    cr_assert_eq(t, 0);
    cr_assert_eq(ts_parse("2024-02-29T12:34:56Z", &t), 0);
    cr_assert_eq(t, 19782LL * 86400 + 12 * 3600 + 34 * 60 + 56);
    cr_assert_eq(ts_parse("2024-02-29 12:34:56Z", &t), 0);
    cr_assert_eq(t, 19782LL * 86400 + 12 * 3600 + 34 * 60 + 56);
    cr_assert_eq(ts_parse("2024-02-29", &t), 0);
    cr_assert_eq(t, 19782LL * 86400);
    cr_assert_eq(ts_parse("1969-12-31T23:59:59Z", &t), 0);
    cr_assert_eq(t, -1);
    cr_assert_eq(ts_parse("1900-01-01T00:00:00Z", &t), 0);
    cr_assert_eq(t, -2208988800LL);
    cr_assert_eq(ts_parse("9999-12-31T23:59:59Z", &t), 0);
    cr_assert_eq(t, 253402300799LL);
}

Test(timefmt, ts_malformed)
{
    static const char *const bad[] = {
        "",
        "2024-02-29T24:00:00Z",
        "2024-02-29T23:60:00Z",
        "2024-02-29T23:59:60Z",
        "2024-02-29T23:59:59",
        "2024-02-29t23:59:59z",
        "2024-02-29T23:59:59+08:00",
        "2024-02-29T23:59:59.5Z",
        "2024-02-29T3:59:59Z ",
        "2024-02-29X23:59:59Z",
        "2024-02-29T23-59-59Z",
        "2024-02-29T-1:59:59Z",
        "2023-02-29T00:00:00Z",
        "2024-02-29T",
        "2024-02-29 ",
        "1899-12-31T23:59:59Z",
        "2024-02-29T23:59:5aZ",
        "2024-02-29T23:59:59ZZ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t = 77;
        cr_assert_eq(ts_parse(bad[i], &t), -1, "accepted \"%s\"", bad[i]);
        cr_assert_eq(t, 77);
    }
    int64_t t;
    cr_assert_eq(ts_parse(NULL, &t), -1);
}

Test(timefmt, ts_fmt_known)
{
    char buf[32];
    cr_assert_str_eq(ts_fmt(buf, 0), "1970-01-01T00:00:00Z");
    cr_assert_str_eq(ts_fmt(buf, -1), "1969-12-31T23:59:59Z");
    cr_assert_str_eq(ts_fmt(buf, 86399), "1970-01-01T23:59:59Z");
    cr_assert_str_eq(ts_fmt(buf, 1709210096), "2024-02-29T12:34:56Z");
    cr_assert_str_eq(ts_fmt(buf, -2208988800LL), "1900-01-01T00:00:00Z");
    cr_assert_str_eq(ts_fmt(buf, 253402300799LL), "9999-12-31T23:59:59Z");
    cr_assert_str_eq(ts_fmt(buf, 4102444800LL), "2100-01-01T00:00:00Z");
}

Test(timefmt, ts_round_trip_over_range)
{
    const int64_t lo = -2208988800LL, hi = 253402300799LL;
    for (int64_t t = lo; t <= hi; t += 7777777) {
        char buf[32];
        int64_t back = 0;
        cr_assert_eq(ts_parse(ts_fmt(buf, t), &back), 0, "%s", buf);
        cr_assert_eq(back, t, "%s", buf);
    }
    /* Every second around midnight and the epoch. */
    for (int64_t t = -90000; t <= 90000; t += 1) {
        char buf[32];
        int64_t back = 0;
        cr_assert_eq(ts_parse(ts_fmt(buf, t), &back), 0, "%s", buf);
        cr_assert_eq(back, t, "%s", buf);
    }
}

/* Numbers typed into a check-in, a KPI value or a score: commas grouping thousands, spaces
 * around, and the full-width digits, point, comma and minus of a Chinese input method; anything
 * else refused, a decimal comma (0,5) above all: read as 5 it stored ten times what was meant. */
Test(num, numbers_parse_as_people_type_them)
{
    static const struct {
        const char *text;
        double want;
    } ok[] = {{"1,234.5", 1234.5}, {" 12 ", 12},     {"１２．５", 12.5},   {"１，２００", 1200},
              {"－３", -3},        {"-0.25", -0.25}, {"-1,000,000", -1e6}, {"３，０５０", 3050}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = 0;
        cr_assert_eq(num_parse_typed(ok[i].text, &v), 0, "%s", ok[i].text);
        cr_assert_float_eq(v, ok[i].want, 1e-12, "%s", ok[i].text);
    }
    static const char *const bad[] = {
        "",
        "abc",
        "12x",
        "1.2.3",
        "0,5",
        "1,5",
        "1.000,5",
        "1,2,3",
        "1 2",
        "1，5",
        "０,7",
        "1234,567",
        ",123",
        "1,234,",
        "1,23.5",
        "1,234.5,6",
        "1111111111111111111111111111111111111111111111111111111111111111"
        "11111"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        cr_assert_eq(num_parse_typed(bad[i], &v), -1, "%s", bad[i]);
    }
}

/* An error names a record only when its maker says so: err_set forgets the last one's. */
Test(err, set_clears_the_record_it_named)
{
    struct err e;
    err_clear(&e);
    err_set(&e, ERR_CONFLICT, "postmortem", "objective 44 needs a post-mortem");
    e.id = 44;
    err_set(&e, ERR_INVALID, "value", "value must be a number");
    cr_assert_eq(e.id, 0);
    cr_assert_str_eq(e.field, "value");
}
