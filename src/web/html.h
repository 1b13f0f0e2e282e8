/* The HTML builder of the web UI (DESIGN.md section 6, "Output"): every write says which context
 * it writes into, and escapes for it. Markup comes only from string literals in the program
 * (WEB_LIT, WEB_ATTR names: anything else does not compile); text, attribute values and URLs
 * come from data and are escaped (text and attributes: & < > " '; URLs: a scheme allow-list,
 * then attribute escaping). There is no JavaScript context: pages carry no inline script (the CSP
 * forbids it); data for scripts travels in data-* attributes.
 *
 * Raw markup that did not come from a literal exists only as a `struct safe_html`, an opaque
 * type that only this module creates: by capturing what the builder wrote, or by the sanitiser
 * that turns a user's plain text into markup (line breaks, links). */
#ifndef OKR_WEB_HTML_H
#define OKR_WEB_HTML_H

#include "core/arena.h"
#include "core/sb.h"

#include <stddef.h>
#include <stdint.h>

/* Writes into b (owned by the caller); arena strings (captures, URLs) come from a. */
struct web_html {
    struct sb *b;
    struct arena *a;
};

/* Markup known to be safe. Opaque: only html.c makes one. Lives in the arena it was made in. */
struct safe_html;

void web_html_init(struct web_html *h, struct sb *b, struct arena *a);

/* Markup from the program text. The "" lit concatenation makes anything but a literal fail to
 * compile, so user data can never reach this path. */
#define WEB_LIT(h, lit) web_markup_((h), "" lit, sizeof("" lit) - 1)
/* ` name="value"` with value attribute-escaped (NULL writes nothing); name is a literal. */
#define WEB_ATTR(h, name, value) web_attr_((h), "" name, (value))
/* ` name="..."` from a printf format; the formatted value is attribute-escaped. */
#define WEB_ATTRF(h, name, ...) web_attrf_((h), "" name, __VA_ARGS__)
/* ` name="url"` for href/src/action: url passes web_url_ok or is replaced by "#". */
#define WEB_URL(h, name, url) web_url_attr_((h), "" name, (url))

void web_markup_(struct web_html *h, const char *lit, size_t n);
void web_attr_(struct web_html *h, const char *name, const char *value);
void web_attrf_(struct web_html *h, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void web_url_attr_(struct web_html *h, const char *name, const char *url);

/* Text content: s (NULL writes nothing) with & < > " ' escaped. */
void web_text(struct web_html *h, const char *s);
void web_text_n(struct web_html *h, const char *s, size_t n);
/* Formatted text content: the whole result is escaped. */
void web_textf(struct web_html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A whole number as text (no grouping: ids, counts in attributes). */
void web_int(struct web_html *h, int64_t v);

/* Escapes s for text or a quoted attribute value into b. */
void web_escape(struct sb *b, const char *s, size_t n);

/* True when url may be written into href/src/action: a same-site path ("/x", not "//x" or
 * "/\x"), a query ("?x") or fragment ("#x"), or an absolute URL with scheme http, https or
 * mailto; never a control byte, space or backslash before the path. Everything else
 * (javascript:, data:, vbscript:, protocol-relative) is refused. */
int web_url_ok(const char *url);
/* True when path is a same-site path safe to redirect to after login ("/..." but not "//..."). */
int web_local_path_ok(const char *path);

/* Appends s percent-encoded for a URL query value or path segment (unreserved bytes stay). */
void web_url_encode(struct sb *b, const char *s);
/* "base?key=value" (or "base&key=value" when base has a query) with value percent-encoded;
 * arena string. */
const char *web_url_with(struct arena *a, const char *base, const char *key, const char *value);

/* Where the builder is now, for web_capture. */
size_t web_html_mark(const struct web_html *h);
/* Takes what was written since mark out of the buffer as a safe fragment (arena copy). */
const struct safe_html *web_capture(struct web_html *h, size_t mark);
/* Writes a safe fragment (NULL writes nothing). */
void web_safe(struct web_html *h, const struct safe_html *s);
/* The fragment's bytes (for tests and response bodies). */
const char *web_safe_str(const struct safe_html *s);
size_t web_safe_len(const struct safe_html *s);

/* The sanitiser: a user's plain text as markup. Text is escaped; line breaks become <br>;
 * http(s) URLs become links (rel="noopener noreferrer nofollow"); @name mentions are set in a
 * <span class="mention">. Nothing in the input can open a tag. Arena result. */
const struct safe_html *web_sanitize_text(struct arena *a, const char *text);

#endif
