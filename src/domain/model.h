/* The data model (DESIGN.md section 3) as plain C structs. Every tenant-scoped record starts with
 * tenant_id and id. Conventions that the whole program relies on:
 *   - references to other records are int64 ids, 0 meaning none;
 *   - dates are days since 1970-01-01 (DATE_NONE meaning none), times are epoch seconds (UTC);
 *   - optional reals (scores) are NaN when unset;
 *   - text is NUL-terminated and owned by whoever filled the struct (usually an arena);
 *   - `version` counts updates, for optimistic concurrency (the ETag). */
#ifndef OKR_MODEL_H
#define OKR_MODEL_H

#include <stdint.h>

enum theme_source { SOURCE_FINANCIAL, SOURCE_MARKET, SOURCE_BUSINESS, SOURCE_CAPABILITY, SOURCE_OTHER };
enum horizon { HORIZON_SHORT, HORIZON_LONG };
enum cycle_kind { CYCLE_YEAR, CYCLE_QUARTER, CYCLE_MONTH, CYCLE_CUSTOM };
enum cycle_state { CYCLE_PLANNING, CYCLE_ACTIVE, CYCLE_GRADING, CYCLE_CLOSED };
enum role { ROLE_ADMIN, ROLE_MEMBER };
enum objective_kind { KIND_COMMITTED, KIND_ASPIRATIONAL };
enum visibility { VIS_PUBLIC, VIS_TEAM, VIS_PRIVATE };
enum objective_state { OBJ_DRAFT, OBJ_ACTIVE, OBJ_DROPPED };
enum kr_type { KR_METRIC, KR_MILESTONE };
enum direction { DIR_INCREASE, DIR_DECREASE, DIR_AT_LEAST, DIR_AT_MOST };
enum initiative_state { INIT_TODO, INIT_DOING, INIT_DONE, INIT_DROPPED };
enum checkin_status { STATUS_ON_TRACK, STATUS_AT_RISK, STATUS_OFF_TRACK };
enum request_state { REQ_PENDING, REQ_ACCEPTED, REQ_DECLINED, REQ_WITHDRAWN };

struct tenant {
    int64_t id;
    const char *name, *mission, *vision, *timezone, *locale;
    int rollup_children; /* objective progress includes aligned children */
    int64_t created, version;
};

struct user {
    int64_t tenant_id, id;
    const char *name, *email, *password_hash;
    int role;
    int64_t manager_id;
    const char *locale;
    int active;
    int64_t created, version;
};

struct team {
    int64_t tenant_id, id;
    const char *name;
    int64_t parent_id, lead_id;
    int64_t created, version;
};

struct membership {
    int64_t tenant_id, id;
    int64_t team_id, user_id;
};

struct theme {
    int64_t tenant_id, id;
    const char *title, *description;
    int source, horizon;
    int64_t owner_id, position;
    int64_t created, version;
};

struct cycle {
    int64_t tenant_id, id;
    const char *name;
    int64_t start, end; /* dates, inclusive */
    int kind;
    int64_t parent_id;
    int state;
    int64_t created, version;
};

struct objective {
    int64_t tenant_id, id;
    int64_t cycle_id;
    int64_t owner_user_id, owner_team_id; /* both 0: the company */
    const char *title, *description;
    int kind, visibility;
    int64_t theme_id;
    int64_t parent_objective_id, parent_kr_id; /* at most one is set */
    int64_t kpi_id;                            /* the KPI this objective sets out to improve */
    int state;
    double self_score, manager_score, final_score; /* NaN: not scored */
    const char *reflection, *postmortem;
    double weight;
    int64_t created, updated, version;
};

struct key_result {
    int64_t tenant_id, id;
    int64_t objective_id, owner_user_id;
    const char *title;
    int type, direction;
    double start, target, current;
    const char *unit;
    double weight, confidence;
    int64_t due; /* date or DATE_NONE */
    int64_t created, updated, version;
};

struct initiative {
    int64_t tenant_id, id;
    int64_t kr_id;
    const char *title;
    int64_t owner_id;
    int state;
    int64_t due;
    int64_t created, version;
};

struct checkin {
    int64_t tenant_id, id;
    int64_t kr_id, author_id;
    int64_t at;
    double value, confidence;
    int status;
    const char *note;
};

struct kpi {
    int64_t tenant_id, id;
    int64_t owner_user_id, owner_team_id;
    const char *name, *unit;
    int direction; /* DIR_AT_LEAST or DIR_AT_MOST */
    double threshold;
    int64_t created, version;
};

struct kpi_value {
    int64_t tenant_id, id;
    int64_t kpi_id;
    int64_t on; /* date */
    double value;
};

struct request {
    int64_t tenant_id, id;
    int64_t from_user_id, to_user_id;
    int64_t objective_id, kr_id; /* the source: exactly one is set */
    const char *message;
    int state;
    const char *reason; /* why declined (or withdrawn) */
    int64_t result_objective_id;
    int64_t created, updated, version;
};

struct comment {
    int64_t tenant_id, id;
    int64_t objective_id, kr_id; /* exactly one is set */
    int64_t author_id;
    const char *body;
    int64_t at;
};

struct audit_event {
    int64_t tenant_id, id;
    int64_t actor_id;
    const char *action, *entity;
    int64_t entity_id;
    const char *summary;
    int64_t at;
};

/* Accounts (service/account.c). Secrets are never stored: only a hash of each (FF_SECRET). */
struct session {
    int64_t tenant_id, id;
    int64_t user_id;
    const char *secret_hash, *csrf; /* hex of the secret's hash; the CSRF token */
    int64_t created, last_seen, expires; /* times; expires: the absolute end */
    int revoked;
};

struct api_token {
    int64_t tenant_id, id;
    int64_t user_id;
    const char *name, *secret_hash;
    int64_t created, last_used; /* last_used 0: never */
    int revoked;
};

struct invitation {
    int64_t tenant_id, id;
    int64_t user_id; /* the invited user, inactive until accepted */
    const char *secret_hash;
    int64_t created, expires;
    int accepted;
};

/* A login attempt for rate limiting, under a key ("acct:<tenant>:<email>", "addr:<address>").
 * Address-keyed rows belong to no tenant: tenant_id 0. */
struct login_attempt {
    int64_t tenant_id, id;
    const char *key;
    int64_t at;
    int ok;
};

/* A coach finding (domain/coach.h) that a person dismissed, saying why: the rule ("C3"), the kind
 * of record the finding is about ("key_result") and its id. Kept, so that the person's manager
 * sees the reason; a finding is dismissed at most once. user_id 0: the operator (CLI). */
struct finding_dismissal {
    int64_t tenant_id, id;
    const char *rule, *entity;
    int64_t entity_id;
    int64_t user_id;
    const char *reason;
    int64_t at;
    int64_t cycle_id; /* the cycle a finding about a person, team, theme or the company is
                         dismissed for (0: one about an objective, key result or request, which
                         has its own cycle; or dismissed before schema 8, for every cycle) */
};

#endif
