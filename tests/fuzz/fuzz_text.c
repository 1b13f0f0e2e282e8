/* libFuzzer harness for text handling: meta_text_ok agrees with an independent table-driven
 * UTF-8 check (Unicode Table 3-7, no C0/C1 controls or DEL except newline, CR and tab in
 * multi-line text), and json_escape always writes a JSON string that jansson reads back to the
 * same bytes when the input is valid UTF-8. Built and run by tests/fuzz/run.sh
 * (clang -fsanitize=fuzzer,address,undefined); seeds in corpus/text/. */
#include "core/json.h"
#include "core/sb.h"
#include "domain/meta.h"
#include "domain/model.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static _Noreturn void fail(const char *what)
{
    fprintf(stderr, "fuzz_text: %s\n", what);
    abort();
}

/* Well-formed UTF-8 byte sequences: lead byte range, then the range of the second byte; later
 * bytes are always 80..BF. */
static const struct {
    uint8_t lo, hi, len, lo2, hi2;
} seqs[] = {
    {0xc2, 0xdf, 2, 0x80, 0xbf}, {0xe0, 0xe0, 3, 0xa0, 0xbf}, {0xe1, 0xec, 3, 0x80, 0xbf},
    {0xed, 0xed, 3, 0x80, 0x9f}, {0xee, 0xef, 3, 0x80, 0xbf}, {0xf0, 0xf0, 4, 0x90, 0xbf},
    {0xf1, 0xf3, 4, 0x80, 0xbf}, {0xf4, 0xf4, 4, 0x80, 0x8f},
};

/* Valid UTF-8; with controls false, also no control characters (save the multi-line ones). */
static bool ref_text_ok(const uint8_t *p, size_t n, bool multiline, bool controls)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            bool ctl = c < 0x20 || c == 0x7f;
            bool allowed = multiline && (c == '\n' || c == '\r' || c == '\t');
            if (ctl && !allowed && !controls) {
                return false;
            }
            i++;
            continue;
        }
        size_t k = 0;
        while (k < sizeof seqs / sizeof seqs[0] && !(c >= seqs[k].lo && c <= seqs[k].hi)) {
            k++;
        }
        if (k == sizeof seqs / sizeof seqs[0] || n - i < seqs[k].len) {
            return false;
        }
        if (p[i + 1] < seqs[k].lo2 || p[i + 1] > seqs[k].hi2) {
            return false;
        }
        for (size_t j = 2; j < seqs[k].len; j++) {
            if (p[i + j] < 0x80 || p[i + j] > 0xbf) {
                return false;
            }
        }
        if (!controls && c == 0xc2 && p[i + 1] <= 0x9f) {
            return false; /* C1 control */
        }
        i += seqs[k].len;
    }
    return true;
}

static void check_escape(const uint8_t *data, size_t size)
{
    struct sb b;
    sb_init(&b);
    json_escape(&b, (const char *)data, size);
    for (size_t i = 0; i < b.len; i++) {
        if ((unsigned char)b.p[i] < 0x20) {
            fail("json_escape left a raw control character");
        }
    }
    if (b.len < 2 || b.p[0] != '"' || b.p[b.len - 1] != '"') {
        fail("json_escape did not quote");
    }
    json_error_t jerr;
    json_t *j = json_loadb(b.p, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (ref_text_ok(data, size, true, true)) {
        if (!j || !json_is_string(j)) {
            fprintf(stderr, "jansson: %s\n", jerr.text);
            fail("json_escape of valid UTF-8 is not a JSON string");
        }
        if (json_string_length(j) != size || memcmp(json_string_value(j), data, size) != 0) {
            fail("json_escape does not read back to the same bytes");
        }
    }
    json_decref(j);
    sb_free(&b);
}

static void check_field(const uint8_t *data, size_t size)
{
    /* meta_check on a NUL-terminated copy: agrees with meta_text_ok on the title. */
    char *s = malloc(size + 1);
    if (!s) {
        abort();
    }
    memcpy(s, data, size);
    s[size] = '\0';
    size_t n = strlen(s);
    struct objective o;
    meta_init(&entity_objective, &o);
    o.tenant_id = 1;
    o.cycle_id = 1;
    o.title = s;
    struct err err;
    enum err_code rc = meta_check(&entity_objective, &o, &err);
    bool want = n > 0 && n <= meta_field(&entity_objective, "title")->max_len &&
                ref_text_ok((const uint8_t *)s, n, false, false);
    if ((rc == ERR_OK) != want) {
        fail("meta_check disagrees with the reference on a title");
    }
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int multiline = 0; multiline <= 1; multiline++) {
        bool got = meta_text_ok((const char *)data, size, multiline);
        if (got != ref_text_ok(data, size, multiline, false)) {
            fail(got ? "meta_text_ok accepted bad text" : "meta_text_ok refused good text");
        }
    }
    check_escape(data, size);
    check_field(data, size);
    return 0;
}
