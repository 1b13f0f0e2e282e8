/* The SQLite schema as numbered migrations. Never edit a released migration: add the next one.
 * Every table is keyed by tenant (DESIGN.md section 3); tables are STRICT and, where keyed by
 * tenant, WITHOUT ROWID so that a tenant's rows sit together. */
#include "sqlite_sql.h"

static const char migration_1[] =
    "CREATE TABLE tenants (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    name TEXT NOT NULL,\n"
    "    mission TEXT NOT NULL,\n"
    "    vision TEXT NOT NULL,\n"
    "    timezone TEXT NOT NULL,\n"
    "    locale TEXT NOT NULL,\n"
    "    rollup_children INTEGER NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE users (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    name TEXT NOT NULL,\n"
    "    email TEXT NOT NULL,\n"
    "    password_hash TEXT NOT NULL,\n"
    "    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),\n"
    "    manager_id INTEGER,\n"
    "    locale TEXT NOT NULL,\n"
    "    active INTEGER NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    UNIQUE (tenant_id, email),\n"
    "    FOREIGN KEY (tenant_id, manager_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX users_manager ON users (tenant_id, manager_id);\n"
    "\n"
    "CREATE TABLE teams (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    name TEXT NOT NULL,\n"
    "    parent_id INTEGER,\n"
    "    lead_id INTEGER,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, parent_id) REFERENCES teams (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, lead_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX teams_parent ON teams (tenant_id, parent_id);\n"
    "\n"
    "CREATE TABLE memberships (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    team_id INTEGER,\n"
    "    user_id INTEGER,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    UNIQUE (tenant_id, team_id, user_id),\n"
    "    FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX memberships_user ON memberships (tenant_id, user_id);\n"
    "\n"
    "CREATE TABLE themes (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    title TEXT NOT NULL,\n"
    "    description TEXT NOT NULL,\n"
    "    source TEXT NOT NULL CHECK (source IN ('financial', 'market', 'business', 'capability', 'other')),\n"
    "    horizon TEXT NOT NULL CHECK (horizon IN ('short', 'long')),\n"
    "    owner_id INTEGER,\n"
    "    position INTEGER NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE TABLE cycles (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    name TEXT NOT NULL,\n"
    "    \"start\" INTEGER NOT NULL,\n"
    "    \"end\" INTEGER NOT NULL,\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('year', 'quarter', 'month', 'custom')),\n"
    "    parent_id INTEGER,\n"
    "    state TEXT NOT NULL CHECK (state IN ('planning', 'active', 'grading', 'closed')),\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, parent_id) REFERENCES cycles (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX cycles_parent ON cycles (tenant_id, parent_id);\n"
    "\n"
    "CREATE TABLE objectives (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    cycle_id INTEGER,\n"
    "    owner_user_id INTEGER,\n"
    "    owner_team_id INTEGER,\n"
    "    title TEXT NOT NULL,\n"
    "    description TEXT NOT NULL,\n"
    "    kind TEXT NOT NULL CHECK (kind IN ('committed', 'aspirational')),\n"
    "    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'team', 'private')),\n"
    "    theme_id INTEGER,\n"
    "    parent_objective_id INTEGER,\n"
    "    parent_kr_id INTEGER,\n"
    "    kpi_id INTEGER,\n"
    "    state TEXT NOT NULL CHECK (state IN ('draft', 'active', 'dropped')),\n"
    "    self_score REAL,\n"
    "    manager_score REAL,\n"
    "    final_score REAL,\n"
    "    reflection TEXT NOT NULL,\n"
    "    postmortem TEXT NOT NULL,\n"
    "    weight REAL NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    updated INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, cycle_id) REFERENCES cycles (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, theme_id) REFERENCES themes (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, parent_objective_id) REFERENCES objectives (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, parent_kr_id) REFERENCES key_results (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, kpi_id) REFERENCES kpis (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX objectives_cycle ON objectives (tenant_id, cycle_id);\n"
    "\n"
    "CREATE INDEX objectives_owner_user ON objectives (tenant_id, owner_user_id);\n"
    "\n"
    "CREATE INDEX objectives_owner_team ON objectives (tenant_id, owner_team_id);\n"
    "\n"
    "CREATE INDEX objectives_parent_objective ON objectives (tenant_id, parent_objective_id);\n"
    "\n"
    "CREATE INDEX objectives_parent_kr ON objectives (tenant_id, parent_kr_id);\n"
    "\n"
    "CREATE INDEX objectives_theme ON objectives (tenant_id, theme_id);\n"
    "\n"
    "CREATE INDEX objectives_kpi ON objectives (tenant_id, kpi_id);\n"
    "\n"
    "CREATE TABLE key_results (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    objective_id INTEGER,\n"
    "    owner_user_id INTEGER,\n"
    "    title TEXT NOT NULL,\n"
    "    type TEXT NOT NULL CHECK (type IN ('metric', 'milestone')),\n"
    "    direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease', 'at_least', 'at_most')),\n"
    "    \"start\" REAL NOT NULL,\n"
    "    target REAL NOT NULL,\n"
    "    \"current\" REAL NOT NULL,\n"
    "    unit TEXT NOT NULL,\n"
    "    weight REAL,\n"
    "    confidence REAL NOT NULL,\n"
    "    due INTEGER,\n"
    "    created INTEGER NOT NULL,\n"
    "    updated INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, objective_id) REFERENCES objectives (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX key_results_objective ON key_results (tenant_id, objective_id);\n"
    "\n"
    "CREATE INDEX key_results_owner_user ON key_results (tenant_id, owner_user_id);\n"
    "\n"
    "CREATE TABLE initiatives (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    kr_id INTEGER,\n"
    "    title TEXT NOT NULL,\n"
    "    owner_id INTEGER,\n"
    "    state TEXT NOT NULL CHECK (state IN ('todo', 'doing', 'done', 'dropped')),\n"
    "    due INTEGER,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, kr_id) REFERENCES key_results (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX initiatives_kr ON initiatives (tenant_id, kr_id);\n"
    "\n"
    "CREATE TABLE checkins (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    kr_id INTEGER,\n"
    "    author_id INTEGER,\n"
    "    at INTEGER NOT NULL,\n"
    "    value REAL NOT NULL,\n"
    "    confidence REAL NOT NULL,\n"
    "    status TEXT NOT NULL CHECK (status IN ('on_track', 'at_risk', 'off_track')),\n"
    "    note TEXT NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, kr_id) REFERENCES key_results (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX checkins_kr ON checkins (tenant_id, kr_id);\n"
    "\n"
    "CREATE TABLE kpis (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    owner_user_id INTEGER,\n"
    "    owner_team_id INTEGER,\n"
    "    name TEXT NOT NULL,\n"
    "    unit TEXT NOT NULL,\n"
    "    direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease', 'at_least', 'at_most')),\n"
    "    threshold REAL NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX kpis_owner_user ON kpis (tenant_id, owner_user_id);\n"
    "\n"
    "CREATE INDEX kpis_owner_team ON kpis (tenant_id, owner_team_id);\n"
    "\n"
    "CREATE TABLE kpi_values (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    kpi_id INTEGER,\n"
    "    \"on\" INTEGER NOT NULL,\n"
    "    value REAL NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, kpi_id) REFERENCES kpis (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX kpi_values_kpi ON kpi_values (tenant_id, kpi_id);\n"
    "\n"
    "CREATE TABLE requests (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    from_user_id INTEGER,\n"
    "    to_user_id INTEGER,\n"
    "    objective_id INTEGER,\n"
    "    kr_id INTEGER,\n"
    "    message TEXT NOT NULL,\n"
    "    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn')),\n"
    "    reason TEXT NOT NULL,\n"
    "    result_objective_id INTEGER,\n"
    "    created INTEGER NOT NULL,\n"
    "    updated INTEGER NOT NULL,\n"
    "    version INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, from_user_id) REFERENCES users (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, to_user_id) REFERENCES users (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, objective_id) REFERENCES objectives (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, kr_id) REFERENCES key_results (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, result_objective_id) REFERENCES objectives (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX requests_to_user ON requests (tenant_id, to_user_id);\n"
    "\n"
    "CREATE INDEX requests_from_user ON requests (tenant_id, from_user_id);\n"
    "\n"
    "CREATE INDEX requests_objective ON requests (tenant_id, objective_id);\n"
    "\n"
    "CREATE INDEX requests_kr ON requests (tenant_id, kr_id);\n"
    "\n"
    "CREATE TABLE comments (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    objective_id INTEGER,\n"
    "    kr_id INTEGER,\n"
    "    author_id INTEGER,\n"
    "    body TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, objective_id) REFERENCES objectives (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, kr_id) REFERENCES key_results (tenant_id, id) ON DELETE CASCADE,\n"
    "    FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX comments_objective ON comments (tenant_id, objective_id);\n"
    "\n"
    "CREATE INDEX comments_kr ON comments (tenant_id, kr_id);\n"
    "\n"
    "CREATE TABLE audit_events (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    actor_id INTEGER,\n"
    "    action TEXT NOT NULL,\n"
    "    entity TEXT NOT NULL,\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    summary TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX audit_events_entity ON audit_events (tenant_id, entity_id);\n"
    ;

/* Migration 2: accounts. Sessions, API tokens and invitations belong to a user and go with
 * them. login_attempts has no foreign key: rows keyed by client address belong to no tenant
 * (tenant_id 0); a trigger removes a deleted tenant's own rows. users_email serves the one
 * lookup across tenants: login by email without a tenant (case-insensitive, like the lookup). */
static const char migration_2[] =
    "CREATE TABLE sessions (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    user_id INTEGER NOT NULL,\n"
    "    secret_hash TEXT NOT NULL,\n"
    "    csrf TEXT NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    last_seen INTEGER NOT NULL,\n"
    "    expires INTEGER NOT NULL,\n"
    "    revoked INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX sessions_user ON sessions (tenant_id, user_id);\n"
    "\n"
    "CREATE TABLE api_tokens (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    user_id INTEGER NOT NULL,\n"
    "    name TEXT NOT NULL,\n"
    "    secret_hash TEXT NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    last_used INTEGER NOT NULL,\n"
    "    revoked INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX api_tokens_user ON api_tokens (tenant_id, user_id);\n"
    "\n"
    "CREATE TABLE invitations (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    user_id INTEGER NOT NULL,\n"
    "    secret_hash TEXT NOT NULL,\n"
    "    created INTEGER NOT NULL,\n"
    "    expires INTEGER NOT NULL,\n"
    "    accepted INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX invitations_user ON invitations (tenant_id, user_id);\n"
    "\n"
    "CREATE TABLE login_attempts (\n"
    "    tenant_id INTEGER NOT NULL,\n"
    "    id INTEGER NOT NULL,\n"
    "    \"key\" TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL,\n"
    "    ok INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX login_attempts_key ON login_attempts (tenant_id, \"key\", at);\n"
    "\n"
    "CREATE TRIGGER tenants_delete_login_attempts AFTER DELETE ON tenants BEGIN\n"
    "    DELETE FROM login_attempts WHERE tenant_id = old.id;\n"
    "END;\n"
    "\n"
    "CREATE INDEX users_email ON users (email COLLATE NOCASE, tenant_id);\n"
    ;

/* Migration 3: dismissed coach findings (domain/coach.h). A finding is dismissed at most once;
 * entity_id names a record of the kind in `entity`, so it is not a foreign key. Deleting a user
 * who dismissed findings is refused, as for the OKRs they own. */
static const char migration_3[] =
    "CREATE TABLE finding_dismissals (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    rule TEXT NOT NULL,\n"
    "    entity TEXT NOT NULL,\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    user_id INTEGER,\n"
    "    reason TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    UNIQUE (tenant_id, rule, entity, entity_id),\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE INDEX finding_dismissals_user ON finding_dismissals (tenant_id, user_id);\n"
    "\n"
    "CREATE INDEX finding_dismissals_entity ON finding_dismissals (tenant_id, entity_id);\n"
    ;

/* Migration 4: key_results.cycle_id, the cycle of the key result's objective, set by the
 * driver's insert and kept by triggers when a key result moves to another objective or an
 * objective to another cycle (not by the update: a column in its SET list would rewrite the
 * index entry at every check-in). It is storage only (not in the entity descriptor): the
 * alignment tree of a cycle reads the cycle's key results through its index instead of joining
 * every key result of the tenant to its objective (bench/HISTORY.md). */
static const char migration_4[] =
    "ALTER TABLE key_results ADD COLUMN cycle_id INTEGER;\n"
    "\n"
    "UPDATE key_results SET cycle_id = (SELECT o.cycle_id FROM objectives o WHERE o.tenant_id =\n"
    "    key_results.tenant_id AND o.id = key_results.objective_id);\n"
    "\n"
    "CREATE INDEX key_results_cycle ON key_results (tenant_id, cycle_id);\n"
    "\n"
    "CREATE TRIGGER objectives_cycle_key_results AFTER UPDATE OF cycle_id ON objectives\n"
    "WHEN new.cycle_id IS NOT old.cycle_id BEGIN\n"
    "    UPDATE key_results SET cycle_id = new.cycle_id\n"
    "    WHERE tenant_id = new.tenant_id AND objective_id = new.id;\n"
    "END;\n"
    "\n"
    "CREATE TRIGGER key_results_objective_cycle AFTER UPDATE OF objective_id ON key_results\n"
    "WHEN new.objective_id IS NOT old.objective_id BEGIN\n"
    "    UPDATE key_results SET cycle_id = (SELECT cycle_id FROM objectives\n"
    "        WHERE tenant_id = new.tenant_id AND id = new.objective_id)\n"
    "    WHERE tenant_id = new.tenant_id AND id = new.id;\n"
    "END;\n"
    ;

/* Migration 5: check-ins by key result and time, with what the coach reads of them (R1, R2:
 * store checkins_latest, replaced by migration 7's summaries), so that the latest few of every key
 * result of a cycle are an index walk of a few entries each, without reading the check-ins
 * themselves. It replaces the index by key result alone (its prefix), so a check-in still writes
 * one index. */
static const char migration_5[] =
    "DROP INDEX checkins_kr;\n"
    "CREATE INDEX checkins_kr_at ON checkins (tenant_id, kr_id, at, confidence, value);\n"
    ;

/* Migration 6: for the coach's findings of one objective, which read what surrounds it: the
 * company's own objectives by cycle, a partial index (a company objective is compared with the
 * company's objectives of the previous cycle: without it, every objective of that cycle was
 * read), and teams by lead (the teams of the people who carry its key results, instead of
 * every team of the company). */
static const char migration_6[] =
    "CREATE INDEX objectives_company ON objectives (tenant_id, cycle_id)\n"
    "WHERE owner_user_id IS NULL AND owner_team_id IS NULL;\n"
    "\n"
    "CREATE INDEX teams_lead ON teams (tenant_id, lead_id);\n"
    ;

/* Migration 7: what the check-ins of each key result say to the coach (R1, R2), kept by
 * triggers in the same transaction as every check-in write (the service's, an import, the
 * demo's batches, an edit, a delete, a cascade): the latest COACH_HISTORY (4) check-ins by time,
 * then id, latest first, slot 0 the latest; n of them known, empty slots NULL. The coach reads
 * one row per key result instead of walking 24 million check-ins (bench/HISTORY.md). An insert
 * moves the slots later than the new check-in one down (one row written, no read of the
 * check-ins: the demo writes millions); an edit or delete computes the row again from the
 * check-ins (checkins_kr_at), and removes it when none is left. */
/* clang-format off */
#define SUMMARY_SLOT(i)                                                                            \
    "max(CASE r WHEN " #i " THEN at END), max(CASE r WHEN " #i " THEN id END), max(CASE r WHEN " \
    #i " THEN confidence END), max(CASE r WHEN " #i " THEN value END)"
#define SUMMARY_OF(where)                                                                          \
    "INSERT INTO checkin_summaries SELECT tenant_id, kr_id, count(*), " SUMMARY_SLOT(0)           \
    ", " SUMMARY_SLOT(1) ", " SUMMARY_SLOT(2) ", " SUMMARY_SLOT(3) " FROM (SELECT tenant_id, "   \
    "kr_id, at, id, confidence, value, row_number() OVER (PARTITION BY tenant_id, kr_id ORDER "  \
    "BY at DESC, id DESC) - 1 AS r FROM checkins INDEXED BY checkins_kr_at WHERE " where         \
    ") WHERE r < 4 GROUP BY tenant_id, kr_id;\n"
#define SUMMARY_REDO(row)                                                                          \
    "    DELETE FROM checkin_summaries WHERE tenant_id = " row ".tenant_id AND kr_id = " row      \
    ".kr_id;\n    " SUMMARY_OF("tenant_id = " row ".tenant_id AND kr_id = " row ".kr_id")
/* The new check-in (excluded's slot 0) is later than slot i, or slot i is empty. */
#define SUMMARY_LATER(i)                                                                           \
    "(at" #i " IS NULL OR excluded.at0 > at" #i " OR (excluded.at0 = at" #i                       \
    " AND excluded.id0 > id" #i "))"
#define SUMMARY_SHIFT1(c, i, up)                                                                   \
    c #i " = CASE WHEN " SUMMARY_LATER(up) " THEN " c #up " WHEN " SUMMARY_LATER(i)               \
    " THEN excluded." c "0 ELSE " c #i " END"
#define SUMMARY_SHIFT(i, up)                                                                       \
    ",\n    " SUMMARY_SHIFT1("at", i, up) ",\n    " SUMMARY_SHIFT1("id", i, up) ",\n    "        \
        SUMMARY_SHIFT1("confidence", i, up) ",\n    " SUMMARY_SHIFT1("value", i, up)
#define SUMMARY_FIRST1(c) c "0 = CASE WHEN " SUMMARY_LATER(0) " THEN excluded." c "0 ELSE " c "0 END"

/* The insert trigger, also created again by the driver at the end of a trusted transaction,
 * which drops it while it writes (sqlite_summaries.c). */
#define SUMMARY_INSERT_TRIGGER                                                                     \
    "CREATE TRIGGER checkins_summary_insert AFTER INSERT ON checkins\n"                           \
    "WHEN new.kr_id IS NOT NULL BEGIN\n"                                                          \
    "    INSERT INTO checkin_summaries (tenant_id, kr_id, n, at0, id0, confidence0, value0)\n"    \
    "    VALUES (new.tenant_id, new.kr_id, 1, new.at, new.id, new.confidence, new.value)\n"       \
    "    ON CONFLICT (tenant_id, kr_id) DO UPDATE SET n = min(n + 1, 4),\n"                       \
    "    " SUMMARY_FIRST1("at") ",\n    " SUMMARY_FIRST1("id") ",\n    "                         \
    SUMMARY_FIRST1("confidence") ",\n    " SUMMARY_FIRST1("value") SUMMARY_SHIFT(1, 0)           \
    SUMMARY_SHIFT(2, 1) SUMMARY_SHIFT(3, 2) ";\n"                                                 \
    "END;\n"

static const char migration_7[] =
    "CREATE TABLE checkin_summaries (\n"
    "    tenant_id INTEGER NOT NULL,\n"
    "    kr_id INTEGER NOT NULL,\n"
    "    n INTEGER NOT NULL,\n"
    "    at0 INTEGER, id0 INTEGER, confidence0 REAL, value0 REAL,\n"
    "    at1 INTEGER, id1 INTEGER, confidence1 REAL, value1 REAL,\n"
    "    at2 INTEGER, id2 INTEGER, confidence2 REAL, value2 REAL,\n"
    "    at3 INTEGER, id3 INTEGER, confidence3 REAL, value3 REAL,\n"
    "    PRIMARY KEY (tenant_id, kr_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n" SUMMARY_OF("kr_id IS NOT NULL")
    "\n"
    SUMMARY_INSERT_TRIGGER
    "\n"
    "CREATE TRIGGER checkins_summary_update AFTER UPDATE OF kr_id, at, id, confidence, value\n"
    "ON checkins BEGIN\n" SUMMARY_REDO("old") SUMMARY_REDO("new")
    "END;\n"
    "\n"
    "CREATE TRIGGER checkins_summary_delete AFTER DELETE ON checkins\n"
    "WHEN old.kr_id IS NOT NULL BEGIN\n" SUMMARY_REDO("old")
    "END;\n"
    ;

/* Migration 8: a dismissal of a finding about a person, a team, a theme or the company holds for
 * one cycle (cycle_id): next quarter's six objectives are not answered by this quarter's
 * reason. One about an objective, a key result or a request leaves it NULL (its record has its
 * own cycle), as do those dismissed before, which keep holding for every cycle. SQLite cannot
 * change a table's UNIQUE constraint: the table is made again. */
static const char migration_8[] =
    "CREATE TABLE finding_dismissals_8 (\n"
    "    tenant_id INTEGER NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,\n"
    "    id INTEGER NOT NULL,\n"
    "    rule TEXT NOT NULL,\n"
    "    entity TEXT NOT NULL,\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    user_id INTEGER,\n"
    "    reason TEXT NOT NULL,\n"
    "    at INTEGER NOT NULL,\n"
    "    cycle_id INTEGER,\n"
    "    PRIMARY KEY (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),\n"
    "    FOREIGN KEY (tenant_id, cycle_id) REFERENCES cycles (tenant_id, id) ON DELETE CASCADE\n"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO finding_dismissals_8 (tenant_id, id, rule, entity, entity_id, user_id, reason, "
    "at) SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at FROM "
    "finding_dismissals;\n"
    "DROP TABLE finding_dismissals;\n"
    "ALTER TABLE finding_dismissals_8 RENAME TO finding_dismissals;\n"
    "CREATE INDEX finding_dismissals_user ON finding_dismissals (tenant_id, user_id);\n"
    "CREATE INDEX finding_dismissals_entity ON finding_dismissals (tenant_id, entity_id);\n"
    "CREATE INDEX finding_dismissals_cycle ON finding_dismissals (tenant_id, cycle_id);\n"
    /* One dismissal a finding: NULLs are distinct in a UNIQUE constraint, coalesce's 0 is not. */
    "CREATE UNIQUE INDEX finding_dismissals_once ON finding_dismissals (tenant_id, rule, entity, "
    "entity_id, coalesce(cycle_id, 0));\n";

/* Migration 9: a deleted record's id is never given again. SQLite numbered max(id) + 1, so the
 * highest id, deleted, came back, and a stale edit then changed someone else's record
 * (PostgreSQL's id_counters never go back). Deleting the row that holds a table's highest id
 * (in a cascade too) leaves that id as the table's floor for its tenant, and the next id is
 * above it (sqlite_sql.c NEXT_ID). Only the highest id could come back, so only its delete
 * writes. */
#define ID_FLOOR(table)                                                                            \
    "CREATE TRIGGER " table "_id_floor AFTER DELETE ON " table "\n"                               \
    "WHEN old.id > coalesce((SELECT max(id) FROM " table " WHERE tenant_id = old.tenant_id), 0)\n" \
    "BEGIN\n"                                                                                      \
    "    INSERT INTO id_floors (tenant_id, entity, floor) VALUES (old.tenant_id, '" table         \
    "', old.id)\n"                                                                                 \
    "    ON CONFLICT (tenant_id, entity) DO UPDATE SET floor = max(floor, excluded.floor);\n"     \
    "END;\n"

static const char migration_9[] =
    "CREATE TABLE id_floors (\n"
    "    tenant_id INTEGER NOT NULL,\n"
    "    entity TEXT NOT NULL,\n"
    "    floor INTEGER NOT NULL,\n"
    "    PRIMARY KEY (tenant_id, entity)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TRIGGER tenants_id_floor AFTER DELETE ON tenants\n"
    "WHEN old.id > coalesce((SELECT max(id) FROM tenants), 0) BEGIN\n"
    "    INSERT INTO id_floors (tenant_id, entity, floor) VALUES (0, 'tenants', old.id)\n"
    "    ON CONFLICT (tenant_id, entity) DO UPDATE SET floor = max(floor, excluded.floor);\n"
    "END;\n"
    ID_FLOOR("users")
    ID_FLOOR("teams")
    ID_FLOOR("memberships")
    ID_FLOOR("themes")
    ID_FLOOR("cycles")
    ID_FLOOR("objectives")
    ID_FLOOR("key_results")
    ID_FLOOR("initiatives")
    ID_FLOOR("checkins")
    ID_FLOOR("kpis")
    ID_FLOOR("kpi_values")
    ID_FLOOR("requests")
    ID_FLOOR("comments")
    ID_FLOOR("audit_events")
    ID_FLOOR("sessions")
    ID_FLOOR("api_tokens")
    ID_FLOOR("invitations")
    ID_FLOOR("login_attempts")
    ID_FLOOR("finding_dismissals");

const char sqlite_summary_insert_trigger[] = SUMMARY_INSERT_TRIGGER;
/* clang-format on */

const char *const sqlite_migrations[] = {migration_1, migration_2, migration_3,
                                         migration_4, migration_5, migration_6,
                                         migration_7, migration_8, migration_9};
const int sqlite_migration_count = sizeof sqlite_migrations / sizeof sqlite_migrations[0];
