/* Unit tests of src/domain/meta: the entity descriptors are consistent with the model structs,
 * meta_set parses each field type (and names the field when it fails), meta_check enforces
 * required, lengths, UTF-8, enums and ranges, and meta_write_json prints a record. Suite: meta. */
#include "core/arena.h"
#include "core/json.h"
#include "core/sb.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "domain/model.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bytes a field occupies in its struct. */
static size_t field_width(const struct field *f)
{
    switch (f->type) {
    case FT_TEXT:
        return sizeof(const char *);
    case FT_ENUM:
    case FT_BOOL:
        return sizeof(int);
    case FT_REAL:
        return sizeof(double);
    default:
        return sizeof(int64_t);
    }
}

static bool snake_case(const char *s)
{
    if (!s || !*s) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) {
            return false;
        }
    }
    return true;
}

static bool in_entity_all(const struct entity *e)
{
    for (size_t i = 0; entity_all[i]; i++) {
        if (entity_all[i] == e) {
            return true;
        }
    }
    return false;
}

Test(meta, entity_all_lists_each_entity_once)
{
    const struct entity *const want[] = {
        &entity_tenant,     &entity_user,       &entity_team,          &entity_membership,
        &entity_theme,      &entity_cycle,      &entity_objective,     &entity_key_result,
        &entity_initiative, &entity_checkin,    &entity_kpi,           &entity_kpi_value,
        &entity_request,    &entity_comment,    &entity_audit,         &entity_session,
        &entity_api_token,  &entity_invitation, &entity_login_attempt, &entity_finding_dismissal,
    };
    size_t n = 0;
    while (entity_all[n]) {
        n++;
    }
    cr_assert_eq(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        cr_assert(in_entity_all(want[i]), "%s is missing from entity_all", want[i]->name);
        for (size_t k = i + 1; k < n; k++) {
            cr_assert_neq(entity_all[i], entity_all[k], "entity_all lists an entity twice");
            cr_assert_str_neq(entity_all[i]->name, entity_all[k]->name);
        }
    }
}

Test(meta, descriptors_are_consistent)
{
    for (size_t ei = 0; entity_all[ei]; ei++) {
        const struct entity *e = entity_all[ei];
        cr_assert(snake_case(e->name), "entity name %s", e->name);
        cr_assert_not_null(e->plural);
        cr_assert_gt(e->size, 0);
        cr_assert_geq(e->nfields, 2, "%s", e->name);
        size_t ids = 0, versions = 0;
        for (size_t i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            cr_assert(snake_case(f->name), "%s.%s", e->name, f->name);
            cr_assert_leq(f->offset + field_width(f), e->size, "%s.%s lies outside the struct",
                          e->name, f->name);
            cr_assert_eq(f->offset % field_width(f), 0, "%s.%s is misaligned", e->name, f->name);
            cr_assert_eq(meta_field(e, f->name), f, "%s.%s is not unique", e->name, f->name);
            ids += f->type == FT_ID;
            versions += f->type == FT_VERSION;
            if (f->type == FT_VERSION) {
                cr_assert_str_eq(f->name, "version");
            }
            if (f->type == FT_ENUM) {
                cr_assert_not_null(f->enum_names, "%s.%s has no enum names", e->name, f->name);
                int count = 0;
                for (; f->enum_names[count]; count++) {
                    cr_assert(snake_case(f->enum_names[count]), "%s.%s", e->name, f->name);
                    cr_assert_eq(meta_enum_parse(f->enum_names, f->enum_names[count]), count,
                                 "%s.%s repeats %s", e->name, f->name, f->enum_names[count]);
                }
                cr_assert_geq(count, 2, "%s.%s", e->name, f->name);
            } else {
                cr_assert_null(f->enum_names, "%s.%s", e->name, f->name);
            }
            if (f->type == FT_REF) {
                cr_assert_not_null(f->ref, "%s.%s has no target", e->name, f->name);
                cr_assert(in_entity_all(f->ref), "%s.%s targets an unknown entity", e->name,
                          f->name);
                cr_assert(strlen(f->name) > 3 && strcmp(f->name + strlen(f->name) - 3, "_id") == 0,
                          "reference %s.%s should end in _id", e->name, f->name);
            } else {
                cr_assert_null(f->ref, "%s.%s", e->name, f->name);
            }
            if (f->type == FT_TEXT) {
                cr_assert_gt(f->max_len, 0, "%s.%s has no length limit", e->name, f->name);
            }
            if (f->type == FT_REAL || f->type == FT_INT) {
                cr_assert_leq(f->min, f->max, "%s.%s", e->name, f->name);
            }
            if (f->flags & FF_LONG) {
                cr_assert_eq(f->type, FT_TEXT, "%s.%s", e->name, f->name);
            }
            if (f->flags & FF_SECRET) {
                cr_assert(f->flags & FF_SYSTEM, "secret %s.%s must not be user-settable", e->name,
                          f->name);
            }
        }
        cr_assert_eq(ids, 1, "%s needs exactly one id", e->name);
        cr_assert_leq(versions, 1, "%s", e->name);
        if (e == &entity_tenant) {
            cr_assert_str_eq(e->fields[0].name, "id");
            cr_assert_eq(e->fields[0].type, FT_ID);
        } else {
            cr_assert_str_eq(e->fields[0].name, "tenant_id", "%s", e->name);
            cr_assert_eq(e->fields[0].type, FT_TENANT, "%s", e->name);
            cr_assert_eq(e->fields[0].offset, 0, "%s", e->name);
            cr_assert_str_eq(e->fields[1].name, "id", "%s", e->name);
            cr_assert_eq(e->fields[1].type, FT_ID, "%s", e->name);
        }
    }
}

/* Every member of every model struct is described: between consecutive fields (by offset) and
 * after the last there is at most padding, so a member added to model.h without a descriptor, or
 * a descriptor of the wrong width, shows up as a gap or an overlap. */
Test(meta, descriptors_cover_structs_exactly)
{
    for (size_t ei = 0; entity_all[ei]; ei++) {
        const struct entity *e = entity_all[ei];
        unsigned char covered[512] = {0};
        cr_assert_leq(e->size, sizeof covered);
        for (size_t i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            for (size_t b = f->offset; b < f->offset + field_width(f); b++) {
                cr_assert_eq(covered[b], 0, "%s.%s overlaps another field", e->name, f->name);
                covered[b] = 1;
            }
        }
        size_t gap = 0;
        for (size_t b = 0; b < e->size; b++) {
            gap = covered[b] ? 0 : gap + 1;
            cr_assert_lt(gap, 8, "%s: bytes at %zu are not described by any field", e->name, b);
        }
    }
}

Test(meta, descriptor_offsets_match_model)
{
    cr_assert_eq(meta_field(&entity_objective, "weight")->offset,
                 offsetof(struct objective, weight));
    cr_assert_eq(meta_field(&entity_key_result, "due")->offset, offsetof(struct key_result, due));
    cr_assert_eq(meta_field(&entity_checkin, "note")->offset, offsetof(struct checkin, note));
    cr_assert_eq(meta_field(&entity_request, "result_objective_id")->offset,
                 offsetof(struct request, result_objective_id));
    cr_assert_eq(meta_field(&entity_user, "manager_id")->ref, &entity_user);
    cr_assert_eq(meta_field(&entity_key_result, "objective_id")->ref, &entity_objective);
    cr_assert_eq(meta_field(&entity_objective, "parent_kr_id")->ref, &entity_key_result);
    cr_assert_eq(entity_user.size, sizeof(struct user));
    cr_assert_eq(entity_audit.size, sizeof(struct audit_event));
    cr_assert_null(meta_field(&entity_user, "no_such_field"));
}

/* The C enums of model.h and the names in the descriptors agree position by position. */
Test(meta, enum_names_match_model_enums)
{
    static const struct {
        const struct entity *e;
        const char *field;
        int value;
        const char *name;
    } cases[] = {
        {&entity_user, "role", ROLE_ADMIN, "admin"},
        {&entity_user, "role", ROLE_MEMBER, "member"},
        {&entity_theme, "source", SOURCE_FINANCIAL, "financial"},
        {&entity_theme, "source", SOURCE_CAPABILITY, "capability"},
        {&entity_theme, "source", SOURCE_OTHER, "other"},
        {&entity_theme, "horizon", HORIZON_LONG, "long"},
        {&entity_cycle, "kind", CYCLE_QUARTER, "quarter"},
        {&entity_cycle, "kind", CYCLE_CUSTOM, "custom"},
        {&entity_cycle, "state", CYCLE_GRADING, "grading"},
        {&entity_cycle, "state", CYCLE_CLOSED, "closed"},
        {&entity_objective, "kind", KIND_ASPIRATIONAL, "aspirational"},
        {&entity_objective, "visibility", VIS_PRIVATE, "private"},
        {&entity_objective, "state", OBJ_DROPPED, "dropped"},
        {&entity_key_result, "type", KR_MILESTONE, "milestone"},
        {&entity_key_result, "direction", DIR_DECREASE, "decrease"},
        {&entity_key_result, "direction", DIR_AT_MOST, "at_most"},
        {&entity_initiative, "state", INIT_DOING, "doing"},
        {&entity_initiative, "state", INIT_DROPPED, "dropped"},
        {&entity_checkin, "status", STATUS_AT_RISK, "at_risk"},
        {&entity_checkin, "status", STATUS_OFF_TRACK, "off_track"},
        {&entity_kpi, "direction", DIR_AT_LEAST, "at_least"},
        {&entity_request, "state", REQ_DECLINED, "declined"},
        {&entity_request, "state", REQ_WITHDRAWN, "withdrawn"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct field *f = meta_field(cases[i].e, cases[i].field);
        cr_assert_not_null(f);
        cr_assert_str_eq(meta_enum_name(f, cases[i].value), cases[i].name, "%s.%s",
                         cases[i].e->name, cases[i].field);
        cr_assert_eq(meta_enum_parse(f->enum_names, cases[i].name), cases[i].value);
    }
    const struct field *f = meta_field(&entity_user, "role");
    cr_assert_str_eq(meta_enum_name(f, 2), "?");
    cr_assert_str_eq(meta_enum_name(f, -1), "?");
    cr_assert_eq(meta_enum_parse(f->enum_names, "Admin"), -1);
    cr_assert_eq(meta_enum_parse(f->enum_names, ""), -1);
}

Test(meta, init_sets_none_values)
{
    struct objective o;
    memset(&o, 0x5a, sizeof o);
    meta_init(&entity_objective, &o);
    cr_assert_str_eq(o.title, "");
    cr_assert_str_eq(o.reflection, "");
    cr_assert_eq(o.cycle_id, 0);
    cr_assert(isnan(o.self_score) && isnan(o.manager_score) && isnan(o.final_score));
    cr_assert(o.weight == 0, "a non-nullable real starts at 0");
    cr_assert_eq(o.version, 0);
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    cr_assert_eq(kr.due, DATE_NONE);
    cr_assert(isnan(kr.weight));
    cr_assert(kr.confidence == 0);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    cr_assert_eq(c.start, DATE_NONE);
    cr_assert_eq(c.end, DATE_NONE);
}

/* ---------------------------------------------------------------------------------------------
 * meta_set */

/* Sets field from text and expects success. */
static void set_ok(const struct entity *e, void *obj, const char *field, const char *text,
                   struct arena *a)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = meta_set(e, obj, field, text, a, &err);
    cr_assert_eq(rc, ERR_OK, "%s.%s = \"%s\": %s", e->name, field, text, err.msg);
}

/* Sets field from text and expects ERR_INVALID naming the field. */
static void set_bad(const struct entity *e, void *obj, const char *field, const char *text,
                    struct arena *a)
{
    struct err err;
    err_clear(&err);
    enum err_code rc = meta_set(e, obj, field, text, a, &err);
    cr_assert_eq(rc, ERR_INVALID, "%s.%s accepted \"%s\"", e->name, field, text);
    cr_assert_eq(err.code, ERR_INVALID);
    cr_assert_str_eq(err.field, field, "the error names %s, not %s", err.field, field);
    cr_assert_neq(strstr(err.msg, field), NULL, "message \"%s\" does not name %s", err.msg, field);
}

Test(meta, set_text_copies_into_arena)
{
    struct arena a;
    arena_init(&a, 0);
    struct objective o;
    meta_init(&entity_objective, &o);
    char title[] = "提升 NPS";
    set_ok(&entity_objective, &o, "title", title, &a);
    title[0] = 'X';
    cr_assert_str_eq(o.title, "提升 NPS", "text must be copied, not borrowed");
    set_ok(&entity_objective, &o, "description", "", &a);
    cr_assert_str_eq(o.description, "");
    arena_free(&a);
}

Test(meta, set_ref)
{
    struct arena a;
    arena_init(&a, 0);
    struct objective o;
    meta_init(&entity_objective, &o);
    set_ok(&entity_objective, &o, "owner_team_id", "42", &a);
    cr_assert_eq(o.owner_team_id, 42);
    set_ok(&entity_objective, &o, "owner_team_id", "9223372036854775807", &a);
    cr_assert_eq(o.owner_team_id, INT64_MAX);
    set_ok(&entity_objective, &o, "owner_team_id", "none", &a);
    cr_assert_eq(o.owner_team_id, 0);
    o.owner_team_id = 5;
    set_ok(&entity_objective, &o, "owner_team_id", "", &a);
    cr_assert_eq(o.owner_team_id, 0);
    set_bad(&entity_objective, &o, "owner_team_id", "0", &a);
    set_bad(&entity_objective, &o, "owner_team_id", "-3", &a);
    set_bad(&entity_objective, &o, "owner_team_id", "abc", &a);
    set_bad(&entity_objective, &o, "owner_team_id", "4x", &a);
    set_bad(&entity_objective, &o, "owner_team_id", " 4", &a);
    set_bad(&entity_objective, &o, "owner_team_id", "9223372036854775808", &a);
    arena_free(&a);
}

Test(meta, set_int_with_range)
{
    struct arena a;
    arena_init(&a, 0);
    struct theme t;
    meta_init(&entity_theme, &t);
    set_ok(&entity_theme, &t, "position", "0", &a);
    cr_assert_eq(t.position, 0);
    set_ok(&entity_theme, &t, "position", "1000000", &a);
    cr_assert_eq(t.position, 1000000);
    set_bad(&entity_theme, &t, "position", "1000001", &a);
    set_bad(&entity_theme, &t, "position", "-1", &a);
    set_bad(&entity_theme, &t, "position", "1.5", &a);
    set_bad(&entity_theme, &t, "position", "", &a);
    cr_assert_eq(t.position, 1000000, "a failed set leaves the field alone");
    arena_free(&a);
}

Test(meta, set_real)
{
    struct arena a;
    arena_init(&a, 0);
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    set_ok(&entity_key_result, &kr, "target", "-12.5e3", &a);
    cr_assert(kr.target == -12500);
    set_ok(&entity_key_result, &kr, "confidence", "0.7", &a);
    cr_assert(kr.confidence == 0.7);
    set_ok(&entity_key_result, &kr, "weight", "0.25", &a);
    cr_assert(kr.weight == 0.25);
    set_ok(&entity_key_result, &kr, "weight", "none", &a); /* nullable: cleared */
    cr_assert(isnan(kr.weight));
    set_ok(&entity_key_result, &kr, "weight", "", &a);
    cr_assert(isnan(kr.weight));
    set_bad(&entity_key_result, &kr, "target", "none", &a); /* not nullable */
    set_bad(&entity_key_result, &kr, "target", "", &a);
    set_bad(&entity_key_result, &kr, "target", "nan", &a);
    set_bad(&entity_key_result, &kr, "target", "inf", &a);
    set_bad(&entity_key_result, &kr, "target", "1e999", &a);
    set_bad(&entity_key_result, &kr, "target", "12 kg", &a);
    set_bad(&entity_key_result, &kr, "current", "0x10", &a);
    cr_assert(kr.target == -12500);
    arena_free(&a);
}

Test(meta, set_enum_lists_names_on_error)
{
    struct arena a;
    arena_init(&a, 0);
    struct objective o;
    meta_init(&entity_objective, &o);
    set_ok(&entity_objective, &o, "kind", "aspirational", &a);
    cr_assert_eq(o.kind, KIND_ASPIRATIONAL);
    set_ok(&entity_objective, &o, "visibility", "private", &a);
    cr_assert_eq(o.visibility, VIS_PRIVATE);
    set_bad(&entity_objective, &o, "kind", "stretch", &a);
    set_bad(&entity_objective, &o, "kind", "", &a);
    set_bad(&entity_objective, &o, "kind", "Committed", &a);
    struct err err;
    meta_set(&entity_objective, &o, "kind", "x", &a, &err);
    cr_assert_neq(strstr(err.msg, "committed, aspirational"), NULL, "%s", err.msg);
    cr_assert_eq(o.kind, KIND_ASPIRATIONAL);
    arena_free(&a);
}

Test(meta, set_bool)
{
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    meta_init(&entity_user, &u);
    static const char *const yes[] = {"true", "yes", "1"};
    static const char *const no[] = {"false", "no", "0"};
    for (int i = 0; i < 3; i++) {
        set_ok(&entity_user, &u, "active", yes[i], &a);
        cr_assert_eq(u.active, 1);
        set_ok(&entity_user, &u, "active", no[i], &a);
        cr_assert_eq(u.active, 0);
    }
    set_bad(&entity_user, &u, "active", "maybe", &a);
    set_bad(&entity_user, &u, "active", "", &a);
    set_bad(&entity_user, &u, "active", "2", &a);
    arena_free(&a);
}

Test(meta, set_date)
{
    struct arena a;
    arena_init(&a, 0);
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    set_ok(&entity_key_result, &kr, "due", "2024-02-29", &a);
    cr_assert_eq(kr.due, date_from_ymd(2024, 2, 29));
    set_ok(&entity_key_result, &kr, "due", "none", &a);
    cr_assert_eq(kr.due, DATE_NONE);
    set_ok(&entity_key_result, &kr, "due", "2000-01-01", &a);
    set_ok(&entity_key_result, &kr, "due", "", &a);
    cr_assert_eq(kr.due, DATE_NONE);
    set_bad(&entity_key_result, &kr, "due", "2023-02-29", &a);
    set_bad(&entity_key_result, &kr, "due", "29/02/2024", &a);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    set_ok(&entity_cycle, &c, "start", "2024-01-01", &a);
    set_bad(&entity_cycle, &c, "start", "none", &a); /* required */
    set_bad(&entity_cycle, &c, "start", "", &a);
    cr_assert_eq(c.start, date_from_ymd(2024, 1, 1));
    arena_free(&a);
}

Test(meta, set_refuses_system_and_unknown_fields)
{
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    meta_init(&entity_user, &u);
    set_bad(&entity_user, &u, "id", "5", &a);
    set_bad(&entity_user, &u, "tenant_id", "5", &a);
    set_bad(&entity_user, &u, "version", "5", &a);
    set_bad(&entity_user, &u, "created", "2024-01-01", &a);
    set_bad(&entity_user, &u, "password_hash", "x", &a);
    set_bad(&entity_user, &u, "nickname", "x", &a);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    set_bad(&entity_cycle, &c, "state", "closed", &a);
    struct objective o;
    meta_init(&entity_objective, &o);
    set_bad(&entity_objective, &o, "final_score", "1", &a);
    cr_assert(isnan(o.final_score));
    cr_assert_eq(u.id, 0);
    cr_assert_str_eq(u.password_hash, "");
    arena_free(&a);
}

/* ---------------------------------------------------------------------------------------------
 * meta_check */

/* Fills obj (of entity e) with values meta_check accepts: required text and refs set, enums at
 * their last name, reals inside their range, dates set. Text lives in static storage. */
static void fill_valid(const struct entity *e, void *obj)
{
    meta_init(e, obj);
    for (size_t i = 0; i < e->nfields; i++) {
        const struct field *f = &e->fields[i];
        switch (f->type) {
        case FT_TENANT:
        case FT_ID:
        case FT_REF:
            *meta_i64(f, obj) = (int64_t)i + 1;
            break;
        case FT_TEXT:
            *meta_text(f, obj) = f->max_len >= 16 ? "目标 OKR" : "ok";
            break;
        case FT_ENUM: {
            int count = 0;
            while (f->enum_names[count]) {
                count++;
            }
            *meta_int(f, obj) = count - 1;
            break;
        }
        case FT_BOOL:
            *meta_int(f, obj) = 1;
            break;
        case FT_REAL:
            *meta_real(f, obj) = f->min < f->max ? (f->min + f->max) / 2 : -3.25;
            break;
        case FT_INT:
            *meta_i64(f, obj) = f->min < f->max ? (int64_t)f->max : 77;
            break;
        case FT_DATE:
            *meta_i64(f, obj) = date_from_ymd(2024, 2, 29);
            break;
        case FT_TIME:
            *meta_i64(f, obj) = 1709210096;
            break;
        case FT_VERSION:
            *meta_i64(f, obj) = 1;
            break;
        }
    }
}

/* A record of any entity, big enough for the largest struct. */
union any_record {
    struct tenant tenant;
    struct user user;
    struct objective objective;
    struct key_result key_result;
    struct checkin checkin;
    struct request request;
    struct audit_event audit;
    unsigned char bytes[512];
};

static void check_bad(const struct entity *e, const void *obj, const char *field)
{
    struct err err;
    err_clear(&err);
    cr_assert_eq(meta_check(e, obj, &err), ERR_INVALID, "%s.%s: invalid value accepted", e->name,
                 field);
    cr_assert_str_eq(err.field, field, "%s: the error names %s, not %s", e->name, err.field, field);
}

static void check_ok(const struct entity *e, const void *obj)
{
    struct err err;
    err_clear(&err);
    cr_assert_eq(meta_check(e, obj, &err), ERR_OK, "%s: %s (%s)", e->name, err.msg, err.field);
}

Test(meta, check_accepts_valid_records_of_every_entity)
{
    for (size_t ei = 0; entity_all[ei]; ei++) {
        union any_record r;
        cr_assert_leq(entity_all[ei]->size, sizeof r);
        fill_valid(entity_all[ei], &r);
        check_ok(entity_all[ei], &r);
    }
}

/* Each kind of violation, on every field of every entity it applies to. */
Test(meta, check_rejects_each_violation_on_every_field)
{
    for (size_t ei = 0; entity_all[ei]; ei++) {
        const struct entity *e = entity_all[ei];
        for (size_t i = 0; i < e->nfields; i++) {
            const struct field *f = &e->fields[i];
            union any_record r;
            fill_valid(e, &r);
            switch (f->type) {
            case FT_TEXT: {
                if (f->flags & FF_REQUIRED) {
                    *meta_text(f, &r) = "";
                    check_bad(e, &r, f->name);
                } else {
                    *meta_text(f, &r) = "";
                    check_ok(e, &r);
                }
                char *s = malloc(f->max_len + 2);
                memset(s, 'a', f->max_len + 1);
                s[f->max_len + 1] = '\0';
                *meta_text(f, &r) = s;
                check_bad(e, &r, f->name);
                s[f->max_len] = '\0'; /* exactly the limit */
                check_ok(e, &r);
                if (f->max_len >= 3) {
                    memcpy(s + f->max_len - 3, "目", 3); /* the limit is in bytes */
                    check_ok(e, &r);
                    memcpy(s + f->max_len - 2, "目", 3);
                    s[f->max_len + 1] = '\0';
                    check_bad(e, &r, f->name);
                }
                free(s);
                *meta_text(f, &r) = "a\nb";
                if (f->flags & FF_LONG) {
                    check_ok(e, &r);
                } else {
                    check_bad(e, &r, f->name);
                }
                *meta_text(f, &r) = "a\x01";
                check_bad(e, &r, f->name);
                *meta_text(f, &r) = "a\xc0\xaf";
                check_bad(e, &r, f->name);
                break;
            }
            case FT_REF:
                *meta_i64(f, &r) = -1;
                check_bad(e, &r, f->name);
                *meta_i64(f, &r) = 0;
                if (f->flags & FF_REQUIRED) {
                    check_bad(e, &r, f->name);
                } else {
                    check_ok(e, &r);
                }
                break;
            case FT_ENUM: {
                int count = 0;
                while (f->enum_names[count]) {
                    count++;
                }
                *meta_int(f, &r) = count;
                check_bad(e, &r, f->name);
                *meta_int(f, &r) = -1;
                check_bad(e, &r, f->name);
                *meta_int(f, &r) = 0;
                check_ok(e, &r);
                break;
            }
            case FT_BOOL:
                *meta_int(f, &r) = 2;
                check_bad(e, &r, f->name);
                *meta_int(f, &r) = 0;
                check_ok(e, &r);
                break;
            case FT_REAL:
                *meta_real(f, &r) = INFINITY;
                check_bad(e, &r, f->name);
                *meta_real(f, &r) = NAN;
                if (f->flags & FF_NULLABLE) {
                    check_ok(e, &r);
                } else {
                    check_bad(e, &r, f->name);
                }
                if (f->min < f->max) {
                    *meta_real(f, &r) = f->max;
                    check_ok(e, &r);
                    *meta_real(f, &r) = f->min;
                    check_ok(e, &r);
                    *meta_real(f, &r) = nextafter(f->max, INFINITY);
                    check_bad(e, &r, f->name);
                    *meta_real(f, &r) = nextafter(f->min, -INFINITY);
                    check_bad(e, &r, f->name);
                }
                break;
            case FT_INT:
                if (f->min < f->max) {
                    *meta_i64(f, &r) = (int64_t)f->max + 1;
                    check_bad(e, &r, f->name);
                    *meta_i64(f, &r) = (int64_t)f->min - 1;
                    check_bad(e, &r, f->name);
                }
                break;
            case FT_DATE:
                *meta_i64(f, &r) = date_from_ymd(1899, 12, 31);
                check_bad(e, &r, f->name);
                *meta_i64(f, &r) = date_from_ymd(10000, 1, 1);
                check_bad(e, &r, f->name);
                *meta_i64(f, &r) = date_from_ymd(1900, 1, 1);
                check_ok(e, &r);
                *meta_i64(f, &r) = date_from_ymd(9999, 12, 31);
                check_ok(e, &r);
                *meta_i64(f, &r) = DATE_NONE;
                if (f->flags & FF_REQUIRED) {
                    check_bad(e, &r, f->name);
                } else {
                    check_ok(e, &r);
                }
                break;
            default:
                break;
            }
        }
    }
}

Test(meta, check_real_range_message)
{
    union any_record r;
    fill_valid(&entity_objective, &r);
    r.objective.weight = 2000;
    struct err err;
    cr_assert_eq(meta_check(&entity_objective, &r, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "weight");
    cr_assert_str_eq(err.msg, "weight must be between 0 and 1000");
    fill_valid(&entity_checkin, &r);
    r.checkin.confidence = 1.5;
    cr_assert_eq(meta_check(&entity_checkin, &r, &err), ERR_INVALID);
    cr_assert_str_eq(err.msg, "confidence must be between 0 and 1");
}

Test(meta, check_multiline_only_in_long_fields)
{
    union any_record r;
    fill_valid(&entity_objective, &r);
    r.objective.description = "第一行\n第二行\r\n\tindented";
    check_ok(&entity_objective, &r);
    r.objective.title = "title\nwith newline";
    check_bad(&entity_objective, &r, "title");
    r.objective.title = "title\twith tab";
    check_bad(&entity_objective, &r, "title");
    r.objective.title = "title\rwith CR";
    check_bad(&entity_objective, &r, "title");
    r.objective.title = "fine";
    r.objective.description = "bell\a";
    check_bad(&entity_objective, &r, "description");
}

/* ---------------------------------------------------------------------------------------------
 * meta_text_ok */

static bool text_ok(const char *s, bool multiline)
{
    return meta_text_ok(s, strlen(s), multiline);
}

Test(meta, text_ok_accepts_utf8)
{
    cr_assert(text_ok("", false));
    cr_assert(text_ok("plain ASCII ~!@#$%^&*()", false));
    cr_assert(text_ok("中文目标与关键成果", false));
    cr_assert(text_ok("ü é ß ¡ \xc2\xa0 nbsp", false));     /* U+00A0, just past C1 */
    cr_assert(text_ok("\xe0\xa0\x80", false));              /* U+0800, smallest 3-byte */
    cr_assert(text_ok("\xed\x9f\xbf \xee\x80\x80", false)); /* U+D7FF and U+E000 */
    cr_assert(text_ok("\xef\xbf\xbd", false));              /* U+FFFD */
    cr_assert(text_ok("\xf0\x90\x80\x80", false));          /* U+10000 */
    cr_assert(text_ok("\xf4\x8f\xbf\xbf", false));          /* U+10FFFF */
    cr_assert(text_ok("🚀 emoji", false));
    cr_assert(text_ok("line\nline\ttab\r\n", true));
}

Test(meta, text_ok_rejects_bad_utf8)
{
    static const char *const bad[] = {
        "\xc0\xaf",                 /* overlong '/' */
        "\xc1\xbf",                 /* overlong */
        "\xe0\x80\xaf",             /* overlong 3-byte */
        "\xe0\x9f\xbf",             /* overlong U+07FF */
        "\xf0\x80\x80\xaf",         /* overlong 4-byte */
        "\xf0\x8f\xbf\xbf",         /* overlong U+FFFF */
        "\xed\xa0\x80",             /* surrogate U+D800 */
        "\xed\xbf\xbf",             /* surrogate U+DFFF */
        "\xed\xa0\xbd\xed\xb8\x80", /* CESU-8 pair */
        "\xf4\x90\x80\x80",         /* U+110000 */
        "\xf5\x80\x80\x80",         /* lead byte past F4 */
        "\xf8\x88\x80\x80\x80",     /* 5-byte form */
        "\xff",
        "\xfe",
        "\x80", /* lone continuation */
        "a\xbf",
        "\xe4\xb8",     /* truncated 3-byte at the end */
        "\xe4\xb8x",    /* truncated in the middle */
        "\xf0\x9f\x9a", /* truncated 4-byte */
        "\xc3",
        "\xc3(",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_not(text_ok(bad[i], false), "accepted bad UTF-8 #%zu", i);
        cr_assert_not(text_ok(bad[i], true), "accepted bad UTF-8 #%zu (multiline)", i);
    }
    /* A truncated sequence must not be read past n even if valid bytes follow in memory. */
    cr_assert_not(meta_text_ok("\xe4\xb8\xad", 2, false));
    cr_assert(meta_text_ok("\xe4\xb8\xad", 3, false));
}

Test(meta, text_ok_rejects_control_characters)
{
    for (int c = 1; c < 0x20; c++) {
        char s[4] = {'a', (char)c, 'b', '\0'};
        bool allowed_multi = c == '\n' || c == '\t' || c == '\r';
        cr_assert_not(text_ok(s, false), "control 0x%02x accepted in a single line", c);
        cr_assert_eq(text_ok(s, true), allowed_multi, "control 0x%02x in multiline text", c);
    }
    cr_assert_not(text_ok("a\x7f", false));
    cr_assert_not(text_ok("a\x7f", true));
    cr_assert_not(meta_text_ok("a\0b", 3, true), "NUL is a control character");
    /* C1 controls U+0080..U+009F (e.g. U+009B, the 8-bit CSI) */
    cr_assert_not(text_ok("\xc2\x80", false));
    cr_assert_not(text_ok("\xc2\x85", true));
    cr_assert_not(text_ok("\xc2\x9b[2J", false));
    cr_assert_not(text_ok("\xc2\x9f", false));
}

/* ---------------------------------------------------------------------------------------------
 * meta_write_json */

static char *to_json(const struct entity *e, const void *obj)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    meta_write_json(e, obj, &j);
    return sb_take(&b);
}

Test(meta, write_json_full_objective)
{
    struct objective o;
    meta_init(&entity_objective, &o);
    o.tenant_id = 1;
    o.id = 2;
    o.cycle_id = 3;
    o.owner_user_id = 4;
    o.title = "提升客户满意度 \"NPS\"";
    o.description = "line1\nline2\\";
    o.kind = KIND_ASPIRATIONAL;
    o.visibility = VIS_TEAM;
    o.theme_id = 5;
    o.parent_kr_id = 6;
    o.state = OBJ_ACTIVE;
    o.self_score = 0.7;
    o.final_score = 1;
    o.postmortem = "ok";
    o.weight = 100;
    o.created = 1709210096;
    o.updated = 0;
    o.version = 3;
    char *s = to_json(&entity_objective, &o);
    cr_assert_str_eq(s, "{\"tenant_id\":1,\"id\":2,\"cycle_id\":3,\"owner_user_id\":4,"
                        "\"owner_team_id\":null,\"title\":\"提升客户满意度 \\\"NPS\\\"\","
                        "\"description\":\"line1\\nline2\\\\\",\"kind\":\"aspirational\","
                        "\"visibility\":\"team\",\"theme_id\":5,\"parent_objective_id\":null,"
                        "\"parent_kr_id\":6,\"kpi_id\":null,\"state\":\"active\","
                        "\"self_score\":0.7,\"manager_score\":null,\"final_score\":1,"
                        "\"reflection\":\"\",\"postmortem\":\"ok\",\"weight\":100,"
                        "\"created\":\"2024-02-29T12:34:56Z\","
                        "\"updated\":\"1970-01-01T00:00:00Z\",\"version\":3}");
    free(s);
}

Test(meta, write_json_dates_and_secrets)
{
    struct key_result kr;
    meta_init(&entity_key_result, &kr);
    kr.due = date_from_ymd(2024, 3, 31);
    kr.title = "KR";
    char *s = to_json(&entity_key_result, &kr);
    cr_assert_neq(strstr(s, "\"due\":\"2024-03-31\""), NULL, "%s", s);
    cr_assert_neq(strstr(s, "\"weight\":null"), NULL, "%s", s);
    free(s);
    kr.due = DATE_NONE;
    s = to_json(&entity_key_result, &kr);
    cr_assert_neq(strstr(s, "\"due\":null"), NULL, "%s", s);
    free(s);

    struct user u;
    meta_init(&entity_user, &u);
    u.name = "王小明";
    u.email = "wang@example.cn";
    u.password_hash = "$argon2id$v=19$secret";
    u.active = 1;
    s = to_json(&entity_user, &u);
    cr_assert_null(strstr(s, "password"), "a secret field was printed: %s", s);
    cr_assert_null(strstr(s, "argon2"), "a secret value was printed: %s", s);
    cr_assert_neq(strstr(s, "\"active\":true"), NULL, "%s", s);
    cr_assert_neq(strstr(s, "\"role\":\"admin\""), NULL, "%s", s);
    free(s);
}

Test(meta, write_field_single_values)
{
    struct sb b;
    sb_init(&b);
    struct json j;
    json_init(&j, &b, 0);
    struct cycle c;
    meta_init(&entity_cycle, &c);
    c.start = date_from_ymd(2024, 1, 1);
    json_arr_open(&j);
    meta_write_field(meta_field(&entity_cycle, "start"), &c, &j);
    meta_write_field(meta_field(&entity_cycle, "end"), &c, &j);
    meta_write_field(meta_field(&entity_cycle, "parent_id"), &c, &j);
    meta_write_field(meta_field(&entity_cycle, "kind"), &c, &j);
    json_arr_close(&j);
    cr_assert_str_eq(sb_cstr(&b), "[\"2024-01-01\",null,null,\"year\"]");
    sb_free(&b);
}

Test(meta, blank_text_is_only_spaces)
{
    const char *blank[] = {"", "   ", "\t \r\n", "\xe3\x80\x80\xe3\x80\x80", " \xe3\x80\x80 "};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) {
        cr_assert(meta_text_blank(blank[i]), "'%s' is blank", blank[i]);
    }
    cr_assert(meta_text_blank(NULL));
    const char *words[] = {"x",
                           " a ",
                           "\xe3\x80\x81",
                           "\xe3\x80",
                           "营收",
                           "\xe3\x80\x80"
                           "增长"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        cr_assert_not(meta_text_blank(words[i]), "'%s' is not blank", words[i]);
    }
}
