/* Request bodies: jansson parses, the entity descriptors say what each member may be. */
#include "api/input.h"

#include "core/num.h"
#include "core/timefmt.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
            return false;
        }
    }
    return true;
}

/* The body as a JSON object (owned by the caller: json_decref), or NULL with err set. */
static json_t *parse_object(const struct http_request *req, struct err *err)
{
    if (blank(req->body, req->body_len)) {
        return json_object();
    }
    json_error_t je;
    json_t *root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        err_set(err, ERR_USAGE, "body", "the body is not valid JSON: %s (line %d, column %d)",
                je.text, je.line, je.column);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        err_set(err, ERR_USAGE, "body", "the body must be a JSON object");
        return NULL;
    }
    return root;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static enum err_code wrong_type(const char *name, const char *want, const json_t *v,
                                struct err *err)
{
    return err_set(err, ERR_INVALID, name, "%s must be %s, not %s", name, want, type_name(v));
}

/* Sets field f of obj from JSON value v. */
static enum err_code set_field(const struct entity *e, const struct field *f, void *obj,
                               const json_t *v, struct arena *a, struct err *err)
{
    bool null = json_is_null(v);
    switch (f->type) {
    case FT_TEXT:
        if (!json_is_string(v)) {
            return wrong_type(f->name, "a string", v, err);
        }
        *meta_text(f, obj) = arena_strndup(a, json_string_value(v), json_string_length(v));
        return ERR_OK;
    case FT_REF:
        if (null) {
            *meta_i64(f, obj) = 0;
            return ERR_OK;
        }
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            return err_set(err, ERR_INVALID, f->name, "%s must be an id or null", f->name);
        }
        *meta_i64(f, obj) = (int64_t)json_integer_value(v);
        return ERR_OK;
    case FT_INT:
        if (!json_is_integer(v)) {
            return wrong_type(f->name, "an integer", v, err);
        }
        *meta_i64(f, obj) = (int64_t)json_integer_value(v);
        return ERR_OK;
    case FT_REAL:
        if (null && (f->flags & FF_NULLABLE)) {
            *meta_real(f, obj) = NAN;
            return ERR_OK;
        }
        if (!json_is_number(v)) {
            return wrong_type(f->name, "a number", v, err);
        }
        *meta_real(f, obj) = json_number_value(v);
        return ERR_OK;
    case FT_ENUM:
        if (!json_is_string(v)) {
            return wrong_type(f->name, "a string", v, err);
        }
        return meta_set(e, obj, f->name, json_string_value(v), a, err);
    case FT_BOOL:
        if (!json_is_boolean(v)) {
            return wrong_type(f->name, "true or false", v, err);
        }
        *meta_int(f, obj) = json_is_true(v) ? 1 : 0;
        return ERR_OK;
    case FT_DATE: {
        int64_t d;
        if (null && !(f->flags & FF_REQUIRED)) {
            *meta_i64(f, obj) = DATE_NONE;
            return ERR_OK;
        }
        if (!json_is_string(v) || date_parse(json_string_value(v), &d) != 0) {
            return err_set(err, ERR_INVALID, f->name, "%s must be a date (\"YYYY-MM-DD\")%s",
                           f->name, f->flags & FF_REQUIRED ? "" : " or null");
        }
        *meta_i64(f, obj) = d;
        return ERR_OK;
    }
    default:
        return err_set(err, ERR_INVALID, f->name, "%s is set by the server", f->name);
    }
}

static bool denied(const char *const *deny, const char *name)
{
    for (size_t i = 0; deny && deny[i]; i++) {
        if (strcmp(deny[i], name) == 0) {
            return true;
        }
    }
    return false;
}

enum err_code api_input_record(const struct http_request *req, const struct entity *e, void *obj,
                               const char *const *deny, uint64_t *given, struct err *err)
{
    *given = 0;
    json_t *root = parse_object(req, err);
    if (!root) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        const struct field *f = meta_field(e, key);
        if (!f || (f->flags & FF_SECRET)) {
            rc = err_set(err, ERR_INVALID, key, "%s have no field %s", e->plural, key);
        } else if (f->flags & FF_SYSTEM) {
            rc = err_set(err, ERR_INVALID, key, "%s is set by the server", key);
        } else if (denied(deny, key)) {
            rc = err_set(err, ERR_INVALID, key, "%s is given by the path, not the body", key);
        } else {
            rc = set_field(e, f, obj, v, req->arena, err);
            *given |= (uint64_t)1 << (size_t)(f - e->fields);
        }
        if (rc != ERR_OK) {
            break;
        }
    }
    json_decref(root);
    return rc;
}

static enum err_code set_arg(struct api_arg *arg, const json_t *v, struct arena *a, struct err *err)
{
    bool null = json_is_null(v);
    if (null && !arg->nullable) {
        return err_set(err, ERR_INVALID, arg->name, "%s must not be null", arg->name);
    }
    switch (arg->type) {
    case API_ARG_TEXT:
        if (!null && !json_is_string(v)) {
            return wrong_type(arg->name, "a string", v, err);
        }
        *(const char **)arg->out =
            null ? NULL : arena_strndup(a, json_string_value(v), json_string_length(v));
        return ERR_OK;
    case API_ARG_REAL:
        if (!null && !json_is_number(v)) {
            return wrong_type(arg->name, "a number", v, err);
        }
        *(double *)arg->out = null ? NAN : json_number_value(v);
        return ERR_OK;
    case API_ARG_ID:
        if (!null && (!json_is_integer(v) || json_integer_value(v) < 1)) {
            return err_set(err, ERR_INVALID, arg->name, "%s must be an id (a positive integer)",
                           arg->name);
        }
        *(int64_t *)arg->out = null ? 0 : (int64_t)json_integer_value(v);
        return ERR_OK;
    case API_ARG_REALS: {
        struct api_reals *r = arg->out;
        r->n = 0;
        if (null) {
            return ERR_OK;
        }
        if (!json_is_array(v)) {
            return wrong_type(arg->name, "an array of numbers", v, err);
        }
        if (json_array_size(v) > API_MAX_REALS) {
            return err_set(err, ERR_INVALID, arg->name, "%s has more than %d items", arg->name,
                           API_MAX_REALS);
        }
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (!json_is_number(item)) {
                return err_set(err, ERR_INVALID, arg->name, "%s[%zu] must be a number, not %s",
                               arg->name, i, type_name(item));
            }
            r->v[r->n++] = json_number_value(item);
        }
        return ERR_OK;
    }
    }
    return err_set(err, ERR_INTERNAL, arg->name, "unknown argument type");
}

enum err_code api_input_args(const struct http_request *req, struct api_arg *args, size_t n,
                             struct err *err)
{
    json_t *root = parse_object(req, err);
    if (!root) {
        return err->code;
    }
    enum err_code rc = ERR_OK;
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        struct api_arg *arg = NULL;
        for (size_t i = 0; i < n && !arg; i++) {
            arg = strcmp(args[i].name, key) == 0 ? &args[i] : NULL;
        }
        rc = arg ? set_arg(arg, v, req->arena, err)
                 : err_set(err, ERR_INVALID, key, "unknown member %s", key);
        if (rc != ERR_OK) {
            break;
        }
        arg->given = true;
    }
    json_decref(root);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (args[i].required && !args[i].given) {
            rc = err_set(err, ERR_INVALID, args[i].name, "%s is required", args[i].name);
        }
    }
    return rc;
}

int64_t api_if_match(const struct http_request *req)
{
    const char *h = http_header(req, "If-Match");
    if (!h) {
        return 0;
    }
    while (*h == ' ' || *h == '\t') {
        h++;
    }
    if (h[0] == '*' && (h[1] == '\0' || h[1] == ' ' || h[1] == ',')) {
        return 0;
    }
    /* If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches, nor does a
     * malformed one. */
    if (*h != '"') {
        return -1;
    }
    const char *end = strchr(h + 1, '"');
    char digits[24];
    size_t n = end ? (size_t)(end - h - 1) : 0;
    int64_t v;
    if (!end || n == 0 || n >= sizeof digits) {
        return -1;
    }
    memcpy(digits, h + 1, n);
    digits[n] = '\0';
    if (digits[0] == '+' || digits[0] == '-' || num_parse_i64(digits, 1, INT64_MAX, &v) != 0) {
        return -1;
    }
    return v;
}
