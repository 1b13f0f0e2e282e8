/* Entity descriptors: one table per record type naming its fields, their types, limits and enum
 * names. The store drivers bind and read columns through them, the JSON and CLI fronts print and
 * parse through them, and generic validation (lengths, enums, ranges, UTF-8) lives here, so a
 * field is described once. Pure data and pure functions: no I/O. */
#ifndef OKR_META_H
#define OKR_META_H

#include "core/arena.h"
#include "core/err.h"
#include "core/json.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
    FT_TENANT,  /* int64 tenant_id */
    FT_ID,      /* int64 id, assigned by the store */
    FT_REF,     /* int64 id of another record, 0 = none */
    FT_INT,     /* int64 */
    FT_REAL,    /* double; NaN = none when nullable */
    FT_TEXT,    /* const char * */
    FT_ENUM,    /* int index into enum_names */
    FT_BOOL,    /* int 0/1 */
    FT_DATE,    /* int64 days; DATE_NONE = none */
    FT_TIME,    /* int64 epoch seconds */
    FT_VERSION, /* int64 update counter */
};

enum field_flag {
    FF_REQUIRED = 1, /* text non-empty, ref non-zero, date set */
    FF_NULLABLE = 2, /* may be none (reals NaN, dates DATE_NONE, refs 0) */
    FF_SYSTEM = 4,   /* set by the program, never by a user's edit */
    FF_SECRET = 8,   /* never printed or exported */
    FF_LONG = 16,    /* multi-line text: newlines and tabs allowed */
};

struct entity;

struct field {
    const char *name;
    enum field_type type;
    unsigned flags;
    size_t offset;
    const char *const *enum_names; /* NULL-terminated, for FT_ENUM */
    const struct entity *ref;      /* target, for FT_REF */
    size_t max_len;                /* bytes, for FT_TEXT */
    double min, max;               /* inclusive range for FT_REAL / FT_INT when min < max */
};

struct entity {
    const char *name;   /* singular snake_case, also the table name */
    const char *plural; /* for messages and paths */
    size_t size;
    const struct field *fields;
    size_t nfields;
};

extern const struct entity entity_tenant, entity_user, entity_team, entity_membership,
    entity_theme, entity_cycle, entity_objective, entity_key_result, entity_initiative,
    entity_checkin, entity_kpi, entity_kpi_value, entity_request, entity_comment, entity_audit;
/* Accounts: sessions, API tokens, invitations, login attempts (see service/account.h). */
extern const struct entity entity_session, entity_api_token, entity_invitation,
    entity_login_attempt;
/* Dismissed coach findings (domain/coach.h, service/coach.h). */
extern const struct entity entity_finding_dismissal;

/* Every entity, NULL-terminated (for tests and generic tools). */
extern const struct entity *const entity_all[];

const struct field *meta_field(const struct entity *e, const char *name);
/* Field access by descriptor. */
int64_t *meta_i64(const struct field *f, void *obj);
double *meta_real(const struct field *f, void *obj);
const char **meta_text(const struct field *f, void *obj);
int *meta_int(const struct field *f, void *obj);
int64_t meta_get_i64(const struct field *f, const void *obj);
double meta_get_real(const struct field *f, const void *obj);
const char *meta_get_text(const struct field *f, const void *obj);
int meta_get_int(const struct field *f, const void *obj);

/* Fills obj with "none" values: refs 0, dates DATE_NONE, nullable reals NaN, text "". */
void meta_init(const struct entity *e, void *obj);
/* Parses an enum name; returns the index or -1. */
int meta_enum_parse(const char *const *names, const char *s);
const char *meta_enum_name(const struct field *f, int v);
/* Sets one user-settable field from text (CLI options, form fields): numbers with range checks,
 * dates as YYYY-MM-DD, enums by name, "" or "none" clears a nullable field. Text is copied into
 * the arena. Fails with ERR_INVALID naming the field. */
enum err_code meta_set(const struct entity *e, void *obj, const char *field, const char *text,
                       struct arena *a, struct err *err);
/* Checks every field against its descriptor (required, lengths, UTF-8, enums, ranges). */
enum err_code meta_check(const struct entity *e, const void *obj, struct err *err);
/* Writes obj as a JSON object: every non-secret field, dates and times as strings, none as null. */
void meta_write_json(const struct entity *e, const void *obj, struct json *j);
/* The members of meta_write_json without the braces; unset_null: a time that never happened
 * (0: a token never used), "created" aside, as null rather than 1970. */
void meta_write_members(const struct entity *e, const void *obj, struct json *j, bool unset_null);
/* Writes one field's value as JSON. */
void meta_write_field(const struct field *f, const void *obj, struct json *j);
/* True when s (n bytes) is valid UTF-8 without control characters (newline and tab allowed when
 * multiline). */
bool meta_text_ok(const char *s, size_t n, bool multiline);
/* Whether s (NUL-terminated) holds nothing but spaces: ASCII space, tab, line breaks and the
 * ideographic space (U+3000), which Chinese input methods type. An empty s is blank too. */
bool meta_text_blank(const char *s);

#endif
