/* Request bodies of the REST API: a JSON object read into a record (through its entity
 * descriptor) or into an action's arguments. Parsing is jansson's; nothing of jansson escapes
 * input.c. Failures name the field: ERR_USAGE (400) when the body is not a JSON object,
 * ERR_INVALID (422) for an unknown field, a field the program sets, a value of the wrong JSON
 * type or out of an enum. Range, length and cross-field rules are the domain's (the service runs
 * them). Text is copied into the request's arena. */
#ifndef OKR_API_INPUT_H
#define OKR_API_INPUT_H

#include "core/err.h"
#include "domain/meta.h"
#include "http/request.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { API_MAX_REALS = 256 };

/* Sets the user-settable fields of obj (a record of e) that the body names; bit i of *given is
 * set for field i. deny (NULL-terminated, may be NULL) names settable fields the body may not
 * set here (they come from the path). An empty body is an empty object. */
enum err_code api_input_record(const struct http_request *req, const struct entity *e, void *obj,
                               const char *const *deny, uint64_t *given, struct err *err);

enum api_arg_type {
    API_ARG_TEXT,  /* out: const char ** (NULL when null) */
    API_ARG_REAL,  /* out: double * (NaN when null) */
    API_ARG_ID,    /* out: int64_t * (a positive integer; 0 when null) */
    API_ARG_REALS, /* out: struct api_reals * (an array of numbers) */
};

struct api_reals {
    double v[API_MAX_REALS];
    size_t n;
};

/* One named member of an action's body. */
struct api_arg {
    const char *name;
    enum api_arg_type type;
    bool required;
    bool nullable;
    void *out;
    bool given; /* set by api_input_args */
};

/* Reads the body's members into args[0..n); members not listed are refused. */
enum err_code api_input_args(const struct http_request *req, struct api_arg *args, size_t n,
                             struct err *err);

/* The If-Match header as a version: 0 when absent or "*"; -1 when it names no version of ours
 * (a precondition that cannot hold). Accepts "N" and W/"N" and the first of a list. */
int64_t api_if_match(const struct http_request *req);

#endif
