/* multipart/form-data bodies (RFC 7578): what a browser sends for a form with a file input (the
 * admin's import). Only what such a form needs: parts with a Content-Disposition naming the
 * field (and the file), at most WEB_PARTS_MAX of them. Part contents are not copied. */
#include "web/web_people.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The first occurrence of needle[0..nn) in hay[0..n), or NULL. */
static const char *find(const char *hay, size_t n, const char *needle, size_t nn)
{
    if (nn == 0 || n < nn) {
        return NULL;
    }
    for (size_t i = 0; i + nn <= n; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* The boundary parameter of a multipart/form-data type, into out (at most 70 bytes, RFC 2046). */
static bool boundary_of(const char *type, char *out, size_t cap)
{
    if (!type || strncasecmp(type, "multipart/form-data", 19) != 0) {
        return false;
    }
    const char *p = type;
    while (*p && strncasecmp(p, "boundary=", 9) != 0) {
        p++;
    }
    if (!*p) {
        return false;
    }
    p += 9;
    bool quoted = *p == '"';
    p += quoted;
    size_t n = quoted ? strcspn(p, "\"") : strcspn(p, "; \t");
    if (n == 0 || n > 70 || n + 1 > cap) {
        return false;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* The value of parameter key ("name", "filename") in a Content-Disposition line [s, e). */
static const char *param(struct arena *a, const char *s, const char *e, const char *key)
{
    size_t kn = strlen(key);
    for (const char *p = s; p + kn + 2 <= e; p++) {
        bool start = p == s || p[-1] == ' ' || p[-1] == ';' || p[-1] == '\t';
        if (start && strncasecmp(p, key, kn) == 0 && p[kn] == '=' && p[kn + 1] == '"') {
            const char *v = p + kn + 2;
            const char *q = memchr(v, '"', (size_t)(e - v));
            return q ? arena_strndup(a, v, (size_t)(q - v)) : NULL;
        }
    }
    return NULL;
}

bool web_multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                         struct web_part *parts, size_t *n)
{
    char b[80], delim[84];
    *n = 0;
    if (!boundary_of(content_type, b, sizeof b)) {
        return false;
    }
    size_t dn = (size_t)snprintf(delim, sizeof delim, "--%s", b);
    /* The body starts with the first delimiter (a preamble is allowed but browsers send none). */
    const char *p = find(body, len, delim, dn);
    const char *end = body + len;
    if (!p) {
        return false;
    }
    for (;;) {
        p += dn;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
            return true; /* the close delimiter */
        }
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || *n == WEB_PARTS_MAX) {
            return false;
        }
        p += 2;
        const char *headers_end = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!headers_end) {
            return false;
        }
        struct web_part *part = &parts[*n];
        memset(part, 0, sizeof *part);
        for (const char *line = p; line < headers_end;) {
            const char *eol = find(line, (size_t)(headers_end + 2 - line), "\r\n", 2);
            if (!eol) {
                eol = headers_end;
            }
            if ((size_t)(eol - line) > 20 &&
                strncasecmp(line, "Content-Disposition:", 20) == 0) {
                part->name = param(a, line + 20, eol, "name");
                part->filename = param(a, line + 20, eol, "filename");
            }
            line = eol + 2;
        }
        if (!part->name) {
            return false;
        }
        const char *data = headers_end + 4;
        /* The part ends at CRLF + delimiter. */
        char crlf_delim[88];
        size_t cn = (size_t)snprintf(crlf_delim, sizeof crlf_delim, "\r\n%s", delim);
        const char *next = find(data, (size_t)(end - data), crlf_delim, cn);
        if (!next) {
            return false;
        }
        part->data = data;
        part->len = (size_t)(next - data);
        (*n)++;
        p = next + 2;
    }
}

const struct web_part *web_part_get(const struct web_part *parts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(parts[i].name, name) == 0) {
            return &parts[i];
        }
    }
    return NULL;
}
