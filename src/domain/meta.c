/* Entity descriptors and the generic field operations on them. */
#include "meta.h"

#include "core/num.h"
#include "core/timefmt.h"
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const source_names[] = {"financial", "market", "business", "capability",
                                           "other", NULL};
static const char *const horizon_names[] = {"short", "long", NULL};
static const char *const cycle_kind_names[] = {"year", "quarter", "month", "custom", NULL};
static const char *const cycle_state_names[] = {"planning", "active", "grading", "closed", NULL};
static const char *const role_names[] = {"admin", "member", NULL};
static const char *const kind_names[] = {"committed", "aspirational", NULL};
static const char *const visibility_names[] = {"public", "team", "private", NULL};
static const char *const objective_state_names[] = {"draft", "active", "dropped", NULL};
static const char *const kr_type_names[] = {"metric", "milestone", NULL};
static const char *const direction_names[] = {"increase", "decrease", "at_least", "at_most", NULL};
static const char *const initiative_state_names[] = {"todo", "doing", "done", "dropped", NULL};
static const char *const status_names[] = {"on_track", "at_risk", "off_track", NULL};
static const char *const request_state_names[] = {"pending", "accepted", "declined", "withdrawn",
                                                  NULL};

enum { NAME_MAX_LEN = 200, TITLE_MAX_LEN = 500, TEXT_MAX_LEN = 10000 };

#define F(S, N, T, FL) {.name = #N, .type = (T), .flags = (FL), .offset = offsetof(struct S, N)}
#define TENANT(S) F(S, tenant_id, FT_TENANT, FF_SYSTEM)
#define ID(S) F(S, id, FT_ID, FF_SYSTEM)
#define REF(S, N, TO, FL)                                                                          \
    {.name = #N, .type = FT_REF, .flags = (FL), .offset = offsetof(struct S, N), .ref = &(TO)}
#define TEXT(S, N, MAX, FL)                                                                        \
    {.name = #N, .type = FT_TEXT, .flags = (FL), .offset = offsetof(struct S, N), .max_len = (MAX)}
#define ENUM(S, N, NAMES)                                                                          \
    {.name = #N, .type = FT_ENUM, .offset = offsetof(struct S, N), .enum_names = (NAMES)}
#define REAL(S, N, FL, LO, HI)                                                                     \
    {.name = #N, .type = FT_REAL, .flags = (FL), .offset = offsetof(struct S, N), .min = (LO),     \
     .max = (HI)}
#define NUM(S, N, FL) F(S, N, FT_REAL, FL) /* any finite value */
#define CREATED(S) F(S, created, FT_TIME, FF_SYSTEM)
#define UPDATED(S) F(S, updated, FT_TIME, FF_SYSTEM)
#define VERSION(S) F(S, version, FT_VERSION, FF_SYSTEM)
#define ENTITY(VAR, NAME, PLURAL, S, FIELDS)                                                       \
    const struct entity VAR = {NAME, PLURAL, sizeof(struct S), FIELDS,                             \
                               sizeof FIELDS / sizeof FIELDS[0]}

static const struct field tenant_fields[] = {
    ID(tenant),
    TEXT(tenant, name, NAME_MAX_LEN, FF_REQUIRED),
    TEXT(tenant, mission, TEXT_MAX_LEN, FF_LONG),
    TEXT(tenant, vision, TEXT_MAX_LEN, FF_LONG),
    TEXT(tenant, timezone, 64, 0),
    TEXT(tenant, locale, 16, 0),
    F(tenant, rollup_children, FT_BOOL, 0),
    CREATED(tenant),
    VERSION(tenant),
};
ENTITY(entity_tenant, "tenant", "tenants", tenant, tenant_fields);

static const struct field user_fields[] = {
    TENANT(user),
    ID(user),
    TEXT(user, name, NAME_MAX_LEN, FF_REQUIRED),
    TEXT(user, email, 254, FF_REQUIRED),
    TEXT(user, password_hash, 256, FF_SYSTEM | FF_SECRET),
    ENUM(user, role, role_names),
    REF(user, manager_id, entity_user, 0),
    TEXT(user, locale, 16, 0),
    F(user, active, FT_BOOL, 0),
    CREATED(user),
    VERSION(user),
};
ENTITY(entity_user, "user", "users", user, user_fields);

static const struct field team_fields[] = {
    TENANT(team),
    ID(team),
    TEXT(team, name, NAME_MAX_LEN, FF_REQUIRED),
    REF(team, parent_id, entity_team, 0),
    REF(team, lead_id, entity_user, 0),
    CREATED(team),
    VERSION(team),
};
ENTITY(entity_team, "team", "teams", team, team_fields);

static const struct field membership_fields[] = {
    TENANT(membership),
    ID(membership),
    REF(membership, team_id, entity_team, FF_REQUIRED),
    REF(membership, user_id, entity_user, FF_REQUIRED),
};
ENTITY(entity_membership, "membership", "memberships", membership, membership_fields);

static const struct field theme_fields[] = {
    TENANT(theme),
    ID(theme),
    TEXT(theme, title, TITLE_MAX_LEN, FF_REQUIRED),
    TEXT(theme, description, TEXT_MAX_LEN, FF_LONG),
    ENUM(theme, source, source_names),
    ENUM(theme, horizon, horizon_names),
    REF(theme, owner_id, entity_user, 0),
    {.name = "position", .type = FT_INT, .offset = offsetof(struct theme, position), .min = 0,
     .max = 1e6},
    CREATED(theme),
    VERSION(theme),
};
ENTITY(entity_theme, "theme", "themes", theme, theme_fields);

static const struct field cycle_fields[] = {
    TENANT(cycle),
    ID(cycle),
    TEXT(cycle, name, NAME_MAX_LEN, FF_REQUIRED),
    F(cycle, start, FT_DATE, FF_REQUIRED),
    F(cycle, end, FT_DATE, FF_REQUIRED),
    ENUM(cycle, kind, cycle_kind_names),
    REF(cycle, parent_id, entity_cycle, 0),
    {.name = "state", .type = FT_ENUM, .flags = FF_SYSTEM, .offset = offsetof(struct cycle, state),
     .enum_names = cycle_state_names},
    CREATED(cycle),
    VERSION(cycle),
};
ENTITY(entity_cycle, "cycle", "cycles", cycle, cycle_fields);

static const struct field objective_fields[] = {
    TENANT(objective),
    ID(objective),
    REF(objective, cycle_id, entity_cycle, FF_REQUIRED),
    REF(objective, owner_user_id, entity_user, 0),
    REF(objective, owner_team_id, entity_team, 0),
    TEXT(objective, title, TITLE_MAX_LEN, FF_REQUIRED),
    TEXT(objective, description, TEXT_MAX_LEN, FF_LONG),
    ENUM(objective, kind, kind_names),
    ENUM(objective, visibility, visibility_names),
    REF(objective, theme_id, entity_theme, 0),
    REF(objective, parent_objective_id, entity_objective, 0),
    REF(objective, parent_kr_id, entity_key_result, 0),
    REF(objective, kpi_id, entity_kpi, 0),
    ENUM(objective, state, objective_state_names),
    REAL(objective, self_score, FF_NULLABLE | FF_SYSTEM, 0, 1),
    REAL(objective, manager_score, FF_NULLABLE | FF_SYSTEM, 0, 1),
    REAL(objective, final_score, FF_NULLABLE | FF_SYSTEM, 0, 1),
    TEXT(objective, reflection, TEXT_MAX_LEN, FF_LONG | FF_SYSTEM),
    TEXT(objective, postmortem, TEXT_MAX_LEN, FF_LONG | FF_SYSTEM),
    REAL(objective, weight, 0, 0, 1000),
    CREATED(objective),
    UPDATED(objective),
    VERSION(objective),
};
ENTITY(entity_objective, "objective", "objectives", objective, objective_fields);

static const struct field key_result_fields[] = {
    TENANT(key_result),
    ID(key_result),
    REF(key_result, objective_id, entity_objective, FF_REQUIRED),
    REF(key_result, owner_user_id, entity_user, 0),
    TEXT(key_result, title, TITLE_MAX_LEN, FF_REQUIRED),
    ENUM(key_result, type, kr_type_names),
    ENUM(key_result, direction, direction_names),
    NUM(key_result, start, 0),
    NUM(key_result, target, 0),
    NUM(key_result, current, 0),
    TEXT(key_result, unit, 32, 0),
    REAL(key_result, weight, FF_NULLABLE, 0, 1),
    REAL(key_result, confidence, 0, 0, 1),
    F(key_result, due, FT_DATE, FF_NULLABLE),
    CREATED(key_result),
    UPDATED(key_result),
    VERSION(key_result),
};
ENTITY(entity_key_result, "key_result", "key results", key_result, key_result_fields);

static const struct field initiative_fields[] = {
    TENANT(initiative),
    ID(initiative),
    REF(initiative, kr_id, entity_key_result, FF_REQUIRED),
    TEXT(initiative, title, TITLE_MAX_LEN, FF_REQUIRED),
    REF(initiative, owner_id, entity_user, 0),
    ENUM(initiative, state, initiative_state_names),
    F(initiative, due, FT_DATE, FF_NULLABLE),
    CREATED(initiative),
    VERSION(initiative),
};
ENTITY(entity_initiative, "initiative", "initiatives", initiative, initiative_fields);

static const struct field checkin_fields[] = {
    TENANT(checkin),
    ID(checkin),
    REF(checkin, kr_id, entity_key_result, FF_REQUIRED),
    REF(checkin, author_id, entity_user, 0),
    F(checkin, at, FT_TIME, FF_SYSTEM),
    NUM(checkin, value, 0),
    REAL(checkin, confidence, 0, 0, 1),
    ENUM(checkin, status, status_names),
    TEXT(checkin, note, TEXT_MAX_LEN, FF_LONG),
};
ENTITY(entity_checkin, "checkin", "check-ins", checkin, checkin_fields);

static const struct field kpi_fields[] = {
    TENANT(kpi),
    ID(kpi),
    REF(kpi, owner_user_id, entity_user, 0),
    REF(kpi, owner_team_id, entity_team, 0),
    TEXT(kpi, name, TITLE_MAX_LEN, FF_REQUIRED),
    TEXT(kpi, unit, 32, 0),
    ENUM(kpi, direction, direction_names),
    NUM(kpi, threshold, 0),
    CREATED(kpi),
    VERSION(kpi),
};
ENTITY(entity_kpi, "kpi", "KPIs", kpi, kpi_fields);

static const struct field kpi_value_fields[] = {
    TENANT(kpi_value),
    ID(kpi_value),
    REF(kpi_value, kpi_id, entity_kpi, FF_REQUIRED),
    F(kpi_value, on, FT_DATE, FF_REQUIRED),
    NUM(kpi_value, value, 0),
};
ENTITY(entity_kpi_value, "kpi_value", "KPI values", kpi_value, kpi_value_fields);

static const struct field request_fields[] = {
    TENANT(request),
    ID(request),
    REF(request, from_user_id, entity_user, FF_REQUIRED),
    REF(request, to_user_id, entity_user, FF_REQUIRED),
    REF(request, objective_id, entity_objective, 0),
    REF(request, kr_id, entity_key_result, 0),
    TEXT(request, message, TEXT_MAX_LEN, FF_LONG),
    {.name = "state", .type = FT_ENUM, .flags = FF_SYSTEM,
     .offset = offsetof(struct request, state), .enum_names = request_state_names},
    TEXT(request, reason, TEXT_MAX_LEN, FF_LONG | FF_SYSTEM),
    REF(request, result_objective_id, entity_objective, FF_SYSTEM),
    CREATED(request),
    UPDATED(request),
    VERSION(request),
};
ENTITY(entity_request, "request", "take-on requests", request, request_fields);

static const struct field comment_fields[] = {
    TENANT(comment),
    ID(comment),
    REF(comment, objective_id, entity_objective, 0),
    REF(comment, kr_id, entity_key_result, 0),
    REF(comment, author_id, entity_user, 0),
    TEXT(comment, body, TEXT_MAX_LEN, FF_REQUIRED | FF_LONG),
    F(comment, at, FT_TIME, FF_SYSTEM),
};
ENTITY(entity_comment, "comment", "comments", comment, comment_fields);

static const struct field audit_fields[] = {
    TENANT(audit_event),
    ID(audit_event),
    REF(audit_event, actor_id, entity_user, 0),
    TEXT(audit_event, action, 32, FF_REQUIRED),
    TEXT(audit_event, entity, 32, FF_REQUIRED),
    F(audit_event, entity_id, FT_INT, 0),
    TEXT(audit_event, summary, TEXT_MAX_LEN, FF_LONG),
    F(audit_event, at, FT_TIME, FF_SYSTEM),
};
ENTITY(entity_audit, "audit_event", "audit events", audit_event, audit_fields);

/* Accounts: every field is set by service/account.c, never by a user's edit; secrets are hashes
 * (64 hex digits) and never printed or exported. */
enum { HASH_MAX_LEN = 128 };

static const struct field session_fields[] = {
    TENANT(session),
    ID(session),
    REF(session, user_id, entity_user, FF_REQUIRED | FF_SYSTEM),
    TEXT(session, secret_hash, HASH_MAX_LEN, FF_REQUIRED | FF_SECRET | FF_SYSTEM),
    TEXT(session, csrf, HASH_MAX_LEN, FF_REQUIRED | FF_SECRET | FF_SYSTEM),
    CREATED(session),
    F(session, last_seen, FT_TIME, FF_SYSTEM),
    F(session, expires, FT_TIME, FF_SYSTEM),
    F(session, revoked, FT_BOOL, FF_SYSTEM),
};
ENTITY(entity_session, "session", "sessions", session, session_fields);

static const struct field api_token_fields[] = {
    TENANT(api_token),
    ID(api_token),
    REF(api_token, user_id, entity_user, FF_REQUIRED | FF_SYSTEM),
    TEXT(api_token, name, NAME_MAX_LEN, FF_REQUIRED),
    TEXT(api_token, secret_hash, HASH_MAX_LEN, FF_REQUIRED | FF_SECRET | FF_SYSTEM),
    CREATED(api_token),
    F(api_token, last_used, FT_TIME, FF_SYSTEM),
    F(api_token, revoked, FT_BOOL, FF_SYSTEM),
};
ENTITY(entity_api_token, "api_token", "API tokens", api_token, api_token_fields);

static const struct field invitation_fields[] = {
    TENANT(invitation),
    ID(invitation),
    REF(invitation, user_id, entity_user, FF_REQUIRED | FF_SYSTEM),
    TEXT(invitation, secret_hash, HASH_MAX_LEN, FF_REQUIRED | FF_SECRET | FF_SYSTEM),
    CREATED(invitation),
    F(invitation, expires, FT_TIME, FF_SYSTEM),
    F(invitation, accepted, FT_BOOL, FF_SYSTEM),
};
ENTITY(entity_invitation, "invitation", "invitations", invitation, invitation_fields);

/* tenant_id is 0 for address-keyed rows: this table alone has no reference to tenants. */
static const struct field login_attempt_fields[] = {
    TENANT(login_attempt),
    ID(login_attempt),
    TEXT(login_attempt, key, 320, FF_REQUIRED | FF_SYSTEM),
    F(login_attempt, at, FT_TIME, FF_SYSTEM),
    F(login_attempt, ok, FT_BOOL, FF_SYSTEM),
};
ENTITY(entity_login_attempt, "login_attempt", "login attempts", login_attempt,
       login_attempt_fields);

/* A dismissed coach finding: set by service/coach.c from the actor and the clock. entity_id is
 * not a checked reference: it names a record of the kind `entity` says. */
static const struct field finding_dismissal_fields[] = {
    TENANT(finding_dismissal),
    ID(finding_dismissal),
    TEXT(finding_dismissal, rule, 8, FF_REQUIRED),
    TEXT(finding_dismissal, entity, 32, FF_REQUIRED),
    F(finding_dismissal, entity_id, FT_INT, 0),
    REF(finding_dismissal, user_id, entity_user, FF_SYSTEM),
    TEXT(finding_dismissal, reason, TEXT_MAX_LEN, FF_REQUIRED | FF_LONG),
    F(finding_dismissal, at, FT_TIME, FF_SYSTEM),
    REF(finding_dismissal, cycle_id, entity_cycle, 0),
};
ENTITY(entity_finding_dismissal, "finding_dismissal", "finding dismissals", finding_dismissal,
       finding_dismissal_fields);

const struct entity *const entity_all[] = {
    &entity_tenant,    &entity_user,     &entity_team,       &entity_membership,
    &entity_theme,     &entity_cycle,    &entity_objective,  &entity_key_result,
    &entity_initiative, &entity_checkin, &entity_kpi,        &entity_kpi_value,
    &entity_request,   &entity_comment,  &entity_audit,      &entity_session,
    &entity_api_token, &entity_invitation, &entity_login_attempt, &entity_finding_dismissal,
    NULL,
};

const struct field *meta_field(const struct entity *e, const char *name)
{
    for (size_t i = 0; i < e->nfields; i++) {
        if (strcmp(e->fields[i].name, name) == 0) {
            return &e->fields[i];
        }
    }
    return NULL;
}

int64_t *meta_i64(const struct field *f, void *obj)
{
    return (int64_t *)((char *)obj + f->offset);
}

double *meta_real(const struct field *f, void *obj)
{
    return (double *)((char *)obj + f->offset);
}

const char **meta_text(const struct field *f, void *obj)
{
    return (const char **)((char *)obj + f->offset);
}

int *meta_int(const struct field *f, void *obj)
{
    return (int *)((char *)obj + f->offset);
}

int64_t meta_get_i64(const struct field *f, const void *obj)
{
    return *(const int64_t *)((const char *)obj + f->offset);
}

double meta_get_real(const struct field *f, const void *obj)
{
    return *(const double *)((const char *)obj + f->offset);
}

const char *meta_get_text(const struct field *f, const void *obj)
{
    return *(const char *const *)((const char *)obj + f->offset);
}

int meta_get_int(const struct field *f, const void *obj)
{
    return *(const int *)((const char *)obj + f->offset);
}

void meta_init(const struct entity *e, void *obj)
{
    memset(obj, 0, e->size);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->type == FT_TEXT) {
            *meta_text(f, obj) = "";
        } else if (f->type == FT_DATE) {
            *meta_i64(f, obj) = DATE_NONE;
        } else if (f->type == FT_REAL && (f->flags & FF_NULLABLE)) {
            *meta_real(f, obj) = NAN;
        }
    }
}

int meta_enum_parse(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

const char *meta_enum_name(const struct field *f, int v)
{
    for (int i = 0; f->enum_names[i]; i++) {
        if (i == v) {
            return f->enum_names[i];
        }
    }
    return "?";
}

static enum err_code enum_error(const struct field *f, struct err *err)
{
    char list[256] = "";
    size_t used = 0;
    for (int i = 0; f->enum_names[i] && used < sizeof list; i++) {
        int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", f->enum_names[i]);
        if (n < 0) {
            break;
        }
        used += (size_t)n;
    }
    return err_set(err, ERR_INVALID, f->name, "%s must be one of: %s", f->name, list);
}

enum err_code meta_set(const struct entity *e, void *obj, const char *field, const char *text,
                       struct arena *a, struct err *err)
{
    const struct field *f = meta_field(e, field);
    if (!f || (f->flags & FF_SYSTEM)) {
        return err_set(err, ERR_INVALID, field, "%s has no settable field %s", e->name, field);
    }
    bool none = text[0] == '\0' || strcmp(text, "none") == 0;
    switch (f->type) {
    case FT_TEXT:
        *meta_text(f, obj) = arena_strdup(a, text);
        return ERR_OK;
    case FT_REF: {
        int64_t v = 0;
        if (!none && num_parse_i64(text, 1, INT64_MAX, &v)) {
            return err_set(err, ERR_INVALID, f->name, "%s must be an id (a positive number)",
                           f->name);
        }
        *meta_i64(f, obj) = v;
        return ERR_OK;
    }
    case FT_INT: {
        int64_t v;
        if (num_parse_i64(text, INT64_MIN, INT64_MAX, &v)) {
            return err_set(err, ERR_INVALID, f->name, "%s must be a whole number", f->name);
        }
        if (f->min < f->max && ((double)v < f->min || (double)v > f->max)) {
            char lo[32], hi[32];
            return err_set(err, ERR_INVALID, f->name, "%s must be between %s and %s", f->name,
                           num_fmt_double(lo, f->min), num_fmt_double(hi, f->max));
        }
        *meta_i64(f, obj) = v;
        return ERR_OK;
    }
    case FT_REAL: {
        double v;
        if (none && (f->flags & FF_NULLABLE)) {
            *meta_real(f, obj) = NAN;
            return ERR_OK;
        }
        if (num_parse_double(text, &v)) {
            return err_set(err, ERR_INVALID, f->name, "%s must be a number", f->name);
        }
        *meta_real(f, obj) = v;
        return ERR_OK; /* the range is meta_check's */
    }
    case FT_ENUM: {
        int v = meta_enum_parse(f->enum_names, text);
        if (v < 0) {
            return enum_error(f, err);
        }
        *meta_int(f, obj) = v;
        return ERR_OK;
    }
    case FT_BOOL:
        if (!strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "1")) {
            *meta_int(f, obj) = 1;
        } else if (!strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "0")) {
            *meta_int(f, obj) = 0;
        } else {
            return err_set(err, ERR_INVALID, f->name, "%s must be true or false", f->name);
        }
        return ERR_OK;
    case FT_DATE: {
        int64_t d = DATE_NONE;
        if (!(none && !(f->flags & FF_REQUIRED)) && date_parse(text, &d)) {
            return err_set(err, ERR_INVALID, f->name, "%s must be a date (YYYY-MM-DD)", f->name);
        }
        *meta_i64(f, obj) = d;
        return ERR_OK;
    }
    default:
        return err_set(err, ERR_INVALID, field, "%s cannot be set", field);
    }
}

bool meta_text_blank(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
            p += 3;
        } else {
            return false;
        }
    }
    return true;
}

bool meta_text_ok(const char *s, size_t n, bool multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) || c == 0x7f) {
                return false;
            }
            i++;
            continue;
        }
        size_t len;
        unsigned cp;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i < len) {
            return false;
        }
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        /* Overlong forms, surrogates and values past U+10FFFF are not UTF-8; U+0080-U+009F are
         * the C1 control characters (8-bit CSI drives terminals just as ESC does). */
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f)) {
            return false;
        }
        i += len;
    }
    return true;
}

enum err_code meta_check(const struct entity *e, const void *obj, struct err *err)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        switch (f->type) {
        case FT_TEXT: {
            const char *s = meta_get_text(f, obj);
            size_t n = s ? strlen(s) : 0;
            if ((f->flags & FF_REQUIRED) && n == 0) {
                return err_set(err, ERR_INVALID, f->name, "%s is required", f->name);
            }
            if (n > f->max_len) {
                return err_set(err, ERR_INVALID, f->name, "%s is longer than %zu bytes", f->name,
                               f->max_len);
            }
            if (!meta_text_ok(s ? s : "", n, f->flags & FF_LONG)) {
                return err_set(err, ERR_INVALID, f->name,
                               "%s must be UTF-8 text without control characters", f->name);
            }
            break;
        }
        case FT_REF:
            if ((f->flags & FF_REQUIRED) && meta_get_i64(f, obj) <= 0) {
                return err_set(err, ERR_INVALID, f->name, "%s is required", f->name);
            }
            if (meta_get_i64(f, obj) < 0) {
                return err_set(err, ERR_INVALID, f->name, "%s must be an id", f->name);
            }
            break;
        case FT_REAL: {
            double v = meta_get_real(f, obj);
            if (isnan(v) && (f->flags & FF_NULLABLE)) {
                break;
            }
            if (!isfinite(v)) {
                return err_set(err, ERR_INVALID, f->name, "%s must be a number", f->name);
            }
            if (f->min < f->max && (v < f->min || v > f->max)) {
                char lo[32], hi[32];
                return err_set(err, ERR_INVALID, f->name, "%s must be between %s and %s", f->name,
                               num_fmt_double(lo, f->min), num_fmt_double(hi, f->max));
            }
            break;
        }
        case FT_INT: {
            int64_t v = meta_get_i64(f, obj);
            if (f->min < f->max && ((double)v < f->min || (double)v > f->max)) {
                return err_set(err, ERR_INVALID, f->name, "%s is out of range", f->name);
            }
            break;
        }
        case FT_ENUM: {
            int v = meta_get_int(f, obj);
            int count = 0;
            while (f->enum_names[count]) {
                count++;
            }
            if (v < 0 || v >= count) {
                return enum_error(f, err);
            }
            break;
        }
        case FT_BOOL:
            if (meta_get_int(f, obj) != 0 && meta_get_int(f, obj) != 1) {
                return err_set(err, ERR_INVALID, f->name, "%s must be true or false", f->name);
            }
            break;
        case FT_DATE: {
            int64_t d = meta_get_i64(f, obj);
            if (d == DATE_NONE) {
                if (f->flags & FF_REQUIRED) {
                    return err_set(err, ERR_INVALID, f->name, "%s is required", f->name);
                }
            } else if (d < date_from_ymd(1900, 1, 1) || d > date_from_ymd(9999, 12, 31)) {
                return err_set(err, ERR_INVALID, f->name, "%s is out of range", f->name);
            }
            break;
        }
        default:
            break;
        }
    }
    return ERR_OK;
}

void meta_write_field(const struct field *f, const void *obj, struct json *j)
{
    char buf[32];
    switch (f->type) {
    case FT_TENANT:
    case FT_ID:
    case FT_INT:
    case FT_VERSION:
        json_int(j, meta_get_i64(f, obj));
        break;
    case FT_REF:
        if (meta_get_i64(f, obj)) {
            json_int(j, meta_get_i64(f, obj));
        } else {
            json_none(j);
        }
        break;
    case FT_REAL:
        json_double(j, meta_get_real(f, obj));
        break;
    case FT_TEXT:
        json_str(j, meta_get_text(f, obj) ? meta_get_text(f, obj) : "");
        break;
    case FT_ENUM:
        json_str(j, meta_enum_name(f, meta_get_int(f, obj)));
        break;
    case FT_BOOL:
        json_bool(j, meta_get_int(f, obj) != 0);
        break;
    case FT_DATE:
        if (meta_get_i64(f, obj) == DATE_NONE) {
            json_none(j);
        } else {
            json_str(j, date_fmt(buf, meta_get_i64(f, obj)));
        }
        break;
    case FT_TIME:
        json_str(j, ts_fmt(buf, meta_get_i64(f, obj)));
        break;
    }
}

void meta_write_members(const struct entity *e, const void *obj, struct json *j, bool unset_null)
{
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        if (f->flags & FF_SECRET) {
            continue;
        }
        json_name(j, f->name);
        if (unset_null && f->type == FT_TIME && meta_get_i64(f, obj) == 0 &&
            strcmp(f->name, "created") != 0) {
            json_none(j);
        } else {
            meta_write_field(f, obj, j);
        }
    }
}

void meta_write_json(const struct entity *e, const void *obj, struct json *j)
{
    json_obj_open(j);
    meta_write_members(e, obj, j, false);
    json_obj_close(j);
}
