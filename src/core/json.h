/* Streaming JSON writer into a string builder: the only way okr produces JSON. It inserts commas,
 * escapes strings (valid UTF-8 passes through; control characters are \u-escaped) and prints
 * doubles in their shortest round-trip form (NaN and infinities as null). Names avoid jansson's
 * (json_real, json_null, ...): the API layer includes both headers in one file. */
#ifndef OKR_JSON_H
#define OKR_JSON_H

#include "sb.h"

#include <stdbool.h>
#include <stdint.h>

/* Containers nested at most: an alignment tree of 64 levels takes four a level (api/render.c). */
enum { JSON_MAX_DEPTH = 272 };

struct json {
    struct sb *out;
    int depth;
    int indent; /* spaces per level; 0: compact */
    bool first[JSON_MAX_DEPTH];
    bool after_key;
};

void json_init(struct json *j, struct sb *out, int indent);
void json_obj_open(struct json *j);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j);
void json_arr_close(struct json *j);
void json_key(struct json *j, const char *key);
/* A key that needs no escaping, copied as it is: an entity field's name (snake_case ASCII:
 * tests/unit/test_meta.c checks every one). A read of one objective writes some 90. */
void json_name(struct json *j, const char *name);
void json_str(struct json *j, const char *s); /* NULL writes null */
void json_strn(struct json *j, const char *s, size_t n);
void json_int(struct json *j, int64_t v);
/* NaN and infinities are written as null. */
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_none(struct json *j);
/* Writes s as a JSON string literal (with quotes) into b. */
void json_escape(struct sb *b, const char *s, size_t n);

#endif
