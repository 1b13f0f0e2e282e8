/* Form bodies (application/x-www-form-urlencoded): what every form of the web UI posts, and what
 * app.js sends when it submits a form with fetch. */
#include "web/web_int.h"

#include "domain/meta.h"

#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Decodes s[0..n) into an arena string; NULL when a %XX escape is malformed or the result is not
 * valid UTF-8 (controls other than newline, CR and tab are refused too). */
static char *decode(struct arena *a, const char *s, size_t n, size_t *out_len)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= n) {
                return NULL;
            }
            int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
            if (hi < 0 || lo < 0) {
                return NULL;
            }
            out[o++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    /* Browsers send CRLF in textareas: keep it as LF. */
    size_t w = 0;
    for (size_t r = 0; r < o; r++) {
        if (out[r] == '\r' && r + 1 < o && out[r + 1] == '\n') {
            continue;
        }
        out[w++] = out[r];
    }
    out[w] = '\0';
    if (!meta_text_ok(out, w, true)) {
        return NULL;
    }
    *out_len = w;
    return out;
}

bool web_form_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                    struct web_form *out)
{
    memset(out, 0, sizeof *out);
    if (!content_type || strncasecmp(content_type, "application/x-www-form-urlencoded", 33) != 0) {
        out->bad = len > 0;
        return !out->bad;
    }
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&') {
            end++;
        }
        if (end > i) {
            if (out->n == WEB_FORM_MAX) {
                out->bad = true;
                return false;
            }
            size_t eq = i;
            while (eq < end && body[eq] != '=') {
                eq++;
            }
            struct http_kv *kv = &out->f[out->n];
            char *k = decode(a, body + i, eq - i, &kv->key_len);
            char *v = eq < end ? decode(a, body + eq + 1, end - eq - 1, &kv->value_len)
                               : decode(a, "", 0, &kv->value_len);
            if (!k || !v) {
                out->bad = true;
                return false;
            }
            kv->key = k;
            kv->value = v;
            out->n++;
        }
        i = end + 1;
    }
    return true;
}
