/* JSON writer. */
#include "json.h"

#include "num.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct sb *out, int indent)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->indent = indent;
    j->first[0] = true;
}

static void newline(struct json *j)
{
    if (j->indent) {
        sb_putc(j->out, '\n');
        for (int i = 0; i < j->depth * j->indent; i++) {
            sb_putc(j->out, ' ');
        }
    }
}

/* Separates a value from its predecessor, unless it follows a key. */
static void before_value(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (!j->first[j->depth]) {
        sb_putc(j->out, ',');
    }
    j->first[j->depth] = false;
    if (j->depth > 0) {
        newline(j);
    }
}

static void open(struct json *j, char c)
{
    before_value(j);
    sb_putc(j->out, c);
    if (j->depth + 1 < JSON_MAX_DEPTH) {
        j->depth++;
    }
    j->first[j->depth] = true;
}

static void close(struct json *j, char c)
{
    bool empty = j->first[j->depth];
    if (j->depth > 0) {
        j->depth--;
    }
    if (!empty) {
        newline(j);
    }
    sb_putc(j->out, c);
}

void json_obj_open(struct json *j)
{
    open(j, '{');
}

void json_obj_close(struct json *j)
{
    close(j, '}');
}

void json_arr_open(struct json *j)
{
    open(j, '[');
}

void json_arr_close(struct json *j)
{
    close(j, ']');
}

void json_escape(struct sb *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(b, '"');
    size_t run = 0; /* start of the pending unescaped run */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        sb_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            sb_put(b, "\\\"", 2);
            break;
        case '\\':
            sb_put(b, "\\\\", 2);
            break;
        case '\n':
            sb_put(b, "\\n", 2);
            break;
        case '\r':
            sb_put(b, "\\r", 2);
            break;
        case '\t':
            sb_put(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            sb_put(b, u, 6);
        }
        }
    }
    sb_put(b, s + run, n - run);
    sb_putc(b, '"');
}

enum { KEY_FAST = 60 }; /* longer keys take json_escape */

/* Ends a key whose n bytes the caller put at p + 1, in room for n + 4: the quotes around it,
 * the colon, and the space of indented output. */
static void key_put(struct json *j, char *p, size_t n)
{
    p[0] = '"';
    p[n + 1] = '"';
    p[n + 2] = ':';
    size_t len = n + 3;
    if (j->indent) {
        p[len++] = ' ';
    }
    sb_added(j->out, len);
    j->after_key = true;
}

void json_key(struct json *j, const char *key)
{
    before_value(j);
    /* Field names are short snake_case ASCII: copied between quotes straight into the buffer in
     * one pass, which checks them too; anything else takes the escaping scan. A read of one
     * objective writes some 90 keys. */
    char *p = sb_room(j->out, KEY_FAST + 4);
    if (p) {
        size_t i = 0;
        for (; i < KEY_FAST && key[i]; i++) {
            unsigned char c = (unsigned char)key[i];
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) {
                break;
            }
            p[i + 1] = (char)c;
        }
        if (!key[i]) {
            key_put(j, p, i);
            return;
        }
    }
    json_escape(j->out, key, strlen(key));
    sb_put(j->out, j->indent ? ": " : ":", j->indent ? 2 : 1);
    j->after_key = true;
}

void json_name(struct json *j, const char *name)
{
    before_value(j);
    size_t n = strlen(name);
    char *p = sb_room(j->out, n + 4);
    if (p) { /* else the builder is past its limit, which it records */
        memcpy(p + 1, name, n);
        key_put(j, p, n);
    }
}

void json_strn(struct json *j, const char *s, size_t n)
{
    before_value(j);
    json_escape(j->out, s, n);
}

void json_str(struct json *j, const char *s)
{
    if (!s) {
        json_none(j);
        return;
    }
    json_strn(j, s, strlen(s));
}

void json_int(struct json *j, int64_t v)
{
    before_value(j);
    char *p = sb_room(j->out, 24); /* formatted in place: no copy */
    if (p) {
        sb_added(j->out, num_fmt_i64(p, v));
    }
}

void json_double(struct json *j, double v)
{
    char buf[32];
    before_value(j);
    sb_puts(j->out, num_fmt_double(buf, v));
}

void json_bool(struct json *j, bool v)
{
    before_value(j);
    sb_puts(j->out, v ? "true" : "false");
}

void json_none(struct json *j)
{
    before_value(j);
    sb_puts(j->out, "null");
}
