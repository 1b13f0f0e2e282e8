/* The PostgreSQL driver's SQL: one literal statement per operation and entity, columns in the
 * order of the entity's descriptor (domain/meta.c), parameters numbered by field position ($1 is
 * the first field; pg.c gives every parameter its type at prepare time, so a statement need not
 * use them all).
 *
 * Ids: SQLite's max(id) + 1 would race between okr instances sharing one database (two
 * transactions read the same max; one fails on the primary key, or, worse, a deleted last id is
 * handed out again). Instead every insert bumps a counter row (tenant_id, entity) in id_counters
 * in the same statement: the upsert is atomic, its row lock is held to the end of the inserting
 * transaction, so concurrent inserts of one entity in one tenant queue on that row and each gets
 * the next number. A deleted record's id is never handed out again (a rolled-back insert gives
 * its number back with the counter's change: nobody saw it), and the counter lives on the
 * tenant's shard with Citus. Tenants themselves are numbered by the sequence tenant_ids (no
 * tenant row to hang a counter on; a sequence does leave gaps). */
#include "pg_sql.h"

static const struct pg_sql_entity sql_tenant = {
    .e = &entity_tenant,
    .insert =
        "INSERT INTO tenants (id, name, mission, vision, timezone, locale, rollup_children, "
        "created, version) VALUES (nextval('tenant_ids'), $2, $3, $4, $5, $6, $7, $8, $9) "
        "RETURNING id",
    .update =
        "UPDATE tenants SET name = $2, mission = $3, vision = $4, timezone = $5, locale = $6, "
        "rollup_children = $7, version = version + 1 WHERE id = $1 AND version = $9",
    .get =
        "SELECT id, name, mission, vision, timezone, locale, rollup_children, created, version "
        "FROM tenants WHERE id = $1",
    .remove =
        "WITH a AS (DELETE FROM login_attempts WHERE tenant_id = $1), c AS (DELETE FROM "
        "id_counters WHERE tenant_id = $1) DELETE FROM tenants WHERE id = $1",
    .lists = {
        {NULL,
         "SELECT id, name, mission, vision, timezone, locale, rollup_children, created, version "
         "FROM tenants WHERE id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_user = {
    .e = &entity_user,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'user', 1) ON "
        "CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING next) "
        "INSERT INTO users (tenant_id, id, name, email, password_hash, role, manager_id, locale, "
        "active, created, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM "
        "n RETURNING id",
    .update =
        "UPDATE users SET name = $3, email = $4, password_hash = $5, role = $6, manager_id = $7, "
        "locale = $8, active = $9, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND "
        "version = $11",
    .get =
        "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
        "created, version FROM users WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM users WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
         "created, version FROM users WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"manager_id",
         "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
         "created, version FROM users WHERE tenant_id = $1 AND manager_id = $2 AND id > $3 ORDER "
         "BY id LIMIT $4"},
        {"id[]",
         "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
         "created, version FROM users WHERE tenant_id = $1 AND id = ANY($2::bigint[]) AND id > $3 "
         "ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_team = {
    .e = &entity_team,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'team', 1) ON "
        "CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING next) "
        "INSERT INTO teams (tenant_id, id, name, parent_id, lead_id, created, version) SELECT "
        "$1, n.next, $3, $4, $5, $6, $7 FROM n RETURNING id",
    .update =
        "UPDATE teams SET name = $3, parent_id = $4, lead_id = $5, version = version + 1 WHERE "
        "tenant_id = $1 AND id = $2 AND version = $7",
    .get =
        "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
        "tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM teams WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
         "tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"parent_id",
         "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
         "tenant_id = $1 AND parent_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"parent_id[]",
         "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
         "tenant_id = $1 AND parent_id = ANY($2::bigint[]) AND id > $3 ORDER BY id LIMIT $4"},
        {"lead_id[]",
         "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
         "tenant_id = $1 AND lead_id = ANY($2::bigint[]) AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_membership = {
    .e = &entity_membership,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'membership', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO memberships (tenant_id, id, team_id, user_id) SELECT $1, n.next, $3, "
        "$4 FROM n RETURNING id",
    .update =
        "UPDATE memberships SET team_id = $3, user_id = $4 WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM memberships WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = $1 AND id > "
         "$3 ORDER BY id LIMIT $4"},
        {"team_id",
         "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = $1 AND "
         "team_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"user_id",
         "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = $1 AND "
         "user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"team_id[]",
         "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = $1 AND team_id "
         "= ANY($2::bigint[]) AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_theme = {
    .e = &entity_theme,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'theme', 1) ON "
        "CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING next) "
        "INSERT INTO themes (tenant_id, id, title, description, source, horizon, owner_id, "
        "position, created, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10 FROM n "
        "RETURNING id",
    .update =
        "UPDATE themes SET title = $3, description = $4, source = $5, horizon = $6, owner_id = "
        "$7, position = $8, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = "
        "$10",
    .get =
        "SELECT tenant_id, id, title, description, source, horizon, owner_id, position, created, "
        "version FROM themes WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM themes WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, title, description, source, horizon, owner_id, position, "
         "created, version FROM themes WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_cycle = {
    .e = &entity_cycle,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'cycle', 1) ON "
        "CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING next) "
        "INSERT INTO cycles (tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, "
        "created, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10 FROM n RETURNING id",
    .update =
        "UPDATE cycles SET name = $3, \"start\" = $4, \"end\" = $5, kind = $6, parent_id = $7, "
        "state = $8, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = $10",
    .get =
        "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, created, "
        "version FROM cycles WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM cycles WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, created, "
         "version FROM cycles WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"parent_id",
         "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, created, "
         "version FROM cycles WHERE tenant_id = $1 AND parent_id = $2 AND id > $3 ORDER BY id "
         "LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_objective = {
    .e = &entity_objective,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'objective', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO objectives (tenant_id, id, cycle_id, owner_user_id, owner_team_id, "
        "title, description, kind, visibility, theme_id, parent_objective_id, parent_kr_id, "
        "kpi_id, state, self_score, manager_score, final_score, reflection, postmortem, weight, "
        "created, updated, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23 FROM n RETURNING id",
    .update =
        "UPDATE objectives SET cycle_id = $3, owner_user_id = $4, owner_team_id = $5, title = "
        "$6, description = $7, kind = $8, visibility = $9, theme_id = $10, parent_objective_id = "
        "$11, parent_kr_id = $12, kpi_id = $13, state = $14, self_score = $15, manager_score = "
        "$16, final_score = $17, reflection = $18, postmortem = $19, weight = $20, updated = "
        "$22, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = $23",
    .get =
        "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, kind, "
        "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
        "manager_score, final_score, reflection, postmortem, weight, created, updated, version "
        "FROM objectives WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM objectives WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"cycle_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND cycle_id = $2 AND id > $3 "
         "ORDER BY id LIMIT $4"},
        {"owner_user_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND owner_user_id = $2 AND id > "
         "$3 ORDER BY id LIMIT $4"},
        {"owner_team_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND owner_team_id = $2 AND id > "
         "$3 ORDER BY id LIMIT $4"},
        {"parent_objective_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND parent_objective_id = $2 AND "
         "id > $3 ORDER BY id LIMIT $4"},
        {"parent_kr_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND parent_kr_id = $2 AND id > "
         "$3 ORDER BY id LIMIT $4"},
        {"theme_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND theme_id = $2 AND id > $3 "
         "ORDER BY id LIMIT $4"},
        {"kpi_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND kpi_id = $2 AND id > $3 "
         "ORDER BY id LIMIT $4"},
        {"company_cycle_id",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
         "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
         "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
         "updated, version FROM objectives WHERE tenant_id = $1 AND cycle_id = $2 AND "
         "owner_user_id IS NULL AND owner_team_id IS NULL AND id > $3 ORDER BY id LIMIT $4"},
        {"owner_user_id[]",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, kind, "
         "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
         "manager_score, final_score, reflection, postmortem, weight, created, updated, version "
         "FROM objectives WHERE tenant_id = $1 AND owner_user_id = ANY($2::bigint[]) AND id > $3 "
         "ORDER BY id LIMIT $4"},
        {"owner_team_id[]",
         "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, kind, "
         "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
         "manager_score, final_score, reflection, postmortem, weight, created, updated, version "
         "FROM objectives WHERE tenant_id = $1 AND owner_team_id = ANY($2::bigint[]) AND id > $3 "
         "ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_key_result = {
    .e = &entity_key_result,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'key_result', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO key_results (tenant_id, id, objective_id, owner_user_id, title, type, "
        "direction, \"start\", target, \"current\", unit, weight, confidence, due, created, "
        "updated, version, cycle_id) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
        "$12, $13, $14, $15, $16, $17, (SELECT cycle_id FROM objectives WHERE tenant_id = $1 "
        "AND id = $3) FROM n RETURNING id",
    .update =
        "UPDATE key_results SET objective_id = $3, owner_user_id = $4, title = $5, type = $6, "
        "direction = $7, \"start\" = $8, target = $9, \"current\" = $10, unit = $11, weight = "
        "$12, confidence = $13, due = $14, updated = $16, version = version + 1 WHERE tenant_id "
        "= $1 AND id = $2 AND version = $17",
    .get =
        "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
        "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
        "key_results WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM key_results WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
         "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
         "key_results WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"objective_id",
         "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
         "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
         "key_results WHERE tenant_id = $1 AND objective_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"owner_user_id",
         "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
         "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
         "key_results WHERE tenant_id = $1 AND owner_user_id = $2 AND id > $3 ORDER BY id LIMIT "
         "$4"},
        {"cycle_id",
         "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
         "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
         "key_results WHERE tenant_id = $1 AND cycle_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"objective_id[]",
         "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
         "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
         "key_results WHERE tenant_id = $1 AND objective_id = ANY($2::bigint[]) AND id > $3 ORDER "
         "BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_initiative = {
    .e = &entity_initiative,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'initiative', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO initiatives (tenant_id, id, kr_id, title, owner_id, state, due, "
        "created, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9 FROM n RETURNING id",
    .update =
        "UPDATE initiatives SET kr_id = $3, title = $4, owner_id = $5, state = $6, due = $7, "
        "version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = $9",
    .get =
        "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
        "initiatives WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM initiatives WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
         "initiatives WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"kr_id",
         "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
         "initiatives WHERE tenant_id = $1 AND kr_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"cycle_id",
         "SELECT i.tenant_id, i.id, i.kr_id, i.title, i.owner_id, i.state, i.due, i.created, "
         "i.version FROM initiatives i JOIN key_results k ON k.tenant_id = i.tenant_id AND k.id "
         "= i.kr_id JOIN objectives o ON o.tenant_id = k.tenant_id AND o.id = k.objective_id "
         "WHERE i.tenant_id = $1 AND o.cycle_id = $2 AND i.id > $3 ORDER BY i.id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_checkin = {
    .e = &entity_checkin,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'checkin', 1) "
        "ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO checkins (tenant_id, id, kr_id, author_id, at, value, confidence, "
        "status, note) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9 FROM n RETURNING id",
    .update =
        "UPDATE checkins SET kr_id = $3, author_id = $4, at = $5, value = $6, confidence = $7, "
        "status = $8, note = $9 WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
        "checkins WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM checkins WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
         "checkins WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"kr_id",
         "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
         "checkins WHERE tenant_id = $1 AND kr_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"cycle_id",
         "SELECT c.tenant_id, c.id, c.kr_id, c.author_id, c.at, c.value, c.confidence, c.status, "
         "c.note FROM checkins c JOIN key_results k ON k.tenant_id = c.tenant_id AND k.id = "
         "c.kr_id JOIN objectives o ON o.tenant_id = k.tenant_id AND o.id = k.objective_id WHERE "
         "c.tenant_id = $1 AND o.cycle_id = $2 AND c.id > $3 ORDER BY c.id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_kpi = {
    .e = &entity_kpi,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'kpi', 1) ON "
        "CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING next) "
        "INSERT INTO kpis (tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
        "threshold, created, version) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9, $10 FROM n "
        "RETURNING id",
    .update =
        "UPDATE kpis SET owner_user_id = $3, owner_team_id = $4, name = $5, unit = $6, direction "
        "= $7, threshold = $8, version = version + 1 WHERE tenant_id = $1 AND id = $2 AND "
        "version = $10",
    .get =
        "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, threshold, "
        "created, version FROM kpis WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM kpis WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, threshold, "
         "created, version FROM kpis WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"owner_user_id",
         "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, threshold, "
         "created, version FROM kpis WHERE tenant_id = $1 AND owner_user_id = $2 AND id > $3 "
         "ORDER BY id LIMIT $4"},
        {"owner_team_id",
         "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, threshold, "
         "created, version FROM kpis WHERE tenant_id = $1 AND owner_team_id = $2 AND id > $3 "
         "ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_kpi_value = {
    .e = &entity_kpi_value,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'kpi_value', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO kpi_values (tenant_id, id, kpi_id, \"on\", value) SELECT $1, n.next, "
        "$3, $4, $5 FROM n RETURNING id",
    .update =
        "UPDATE kpi_values SET kpi_id = $3, \"on\" = $4, value = $5 WHERE tenant_id = $1 AND id "
        "= $2",
    .get =
        "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values WHERE tenant_id = $1 AND id "
        "= $2",
    .remove =
        "DELETE FROM kpi_values WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values WHERE tenant_id = $1 AND "
         "id > $3 ORDER BY id LIMIT $4"},
        {"kpi_id",
         "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values WHERE tenant_id = $1 AND "
         "kpi_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_request = {
    .e = &entity_request,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'request', 1) "
        "ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO requests (tenant_id, id, from_user_id, to_user_id, objective_id, "
        "kr_id, message, state, reason, result_objective_id, created, updated, version) SELECT "
        "$1, n.next, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM n RETURNING id",
    .update =
        "UPDATE requests SET from_user_id = $3, to_user_id = $4, objective_id = $5, kr_id = $6, "
        "message = $7, state = $8, reason = $9, result_objective_id = $10, updated = $12, "
        "version = version + 1 WHERE tenant_id = $1 AND id = $2 AND version = $13",
    .get =
        "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
        "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
        "$1 AND id = $2",
    .remove =
        "DELETE FROM requests WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
         "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
         "$1 AND id > $3 ORDER BY id LIMIT $4"},
        {"to_user_id",
         "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
         "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
         "$1 AND to_user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"from_user_id",
         "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
         "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
         "$1 AND from_user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"objective_id",
         "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
         "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
         "$1 AND objective_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"kr_id",
         "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
         "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id = "
         "$1 AND kr_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_comment = {
    .e = &entity_comment,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'comment', 1) "
        "ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO comments (tenant_id, id, objective_id, kr_id, author_id, body, at) "
        "SELECT $1, n.next, $3, $4, $5, $6, $7 FROM n RETURNING id",
    .update =
        "UPDATE comments SET objective_id = $3, kr_id = $4, author_id = $5, body = $6, at = $7 "
        "WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
        "tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM comments WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
         "tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"objective_id",
         "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
         "tenant_id = $1 AND objective_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
        {"kr_id",
         "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
         "tenant_id = $1 AND kr_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_audit_event = {
    .e = &entity_audit,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'audit_event', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO audit_events (tenant_id, id, actor_id, action, entity, entity_id, "
        "summary, at) SELECT $1, n.next, $3, $4, $5, $6, $7, $8 FROM n RETURNING id",
    .update =
        "UPDATE audit_events SET actor_id = $3, action = $4, entity = $5, entity_id = $6, "
        "summary = $7, at = $8 WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
        "audit_events WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM audit_events WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
         "audit_events WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"entity_id",
         "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
         "audit_events WHERE tenant_id = $1 AND entity_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_session = {
    .e = &entity_session,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'session', 1) "
        "ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO sessions (tenant_id, id, user_id, secret_hash, csrf, created, "
        "last_seen, expires, revoked) SELECT $1, n.next, $3, $4, $5, $6, $7, $8, $9 FROM n "
        "RETURNING id",
    .update =
        "UPDATE sessions SET user_id = $3, secret_hash = $4, csrf = $5, last_seen = $7, expires "
        "= $8, revoked = $9 WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, revoked "
        "FROM sessions WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM sessions WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, revoked "
         "FROM sessions WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"user_id",
         "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, revoked "
         "FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_api_token = {
    .e = &entity_api_token,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'api_token', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO api_tokens (tenant_id, id, user_id, name, secret_hash, created, "
        "last_used, revoked) SELECT $1, n.next, $3, $4, $5, $6, $7, $8 FROM n RETURNING id",
    .update =
        "UPDATE api_tokens SET user_id = $3, name = $4, secret_hash = $5, last_used = $7, "
        "revoked = $8 WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
        "api_tokens WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM api_tokens WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
         "api_tokens WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"user_id",
         "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
         "api_tokens WHERE tenant_id = $1 AND user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_invitation = {
    .e = &entity_invitation,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, 'invitation', "
        "1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = id_counters.next + 1 RETURNING "
        "next) INSERT INTO invitations (tenant_id, id, user_id, secret_hash, created, expires, "
        "accepted) SELECT $1, n.next, $3, $4, $5, $6, $7 FROM n RETURNING id",
    .update =
        "UPDATE invitations SET user_id = $3, secret_hash = $4, expires = $6, accepted = $7 "
        "WHERE tenant_id = $1 AND id = $2",
    .get =
        "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM invitations "
        "WHERE tenant_id = $1 AND id = $2",
    .remove =
        "DELETE FROM invitations WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM "
         "invitations WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
        {"user_id",
         "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM "
         "invitations WHERE tenant_id = $1 AND user_id = $2 AND id > $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_login_attempt = {
    .e = &entity_login_attempt,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, "
        "'login_attempt', 1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = "
        "id_counters.next + 1 RETURNING next) INSERT INTO login_attempts (tenant_id, id, "
        "\"key\", at, ok) SELECT $1, n.next, $3, $4, $5 FROM n RETURNING id",
    .update =
        "UPDATE login_attempts SET \"key\" = $3, at = $4, ok = $5 WHERE tenant_id = $1 AND id = "
        "$2",
    .get =
        "SELECT tenant_id, id, \"key\", at, ok FROM login_attempts WHERE tenant_id = $1 AND id = "
        "$2",
    .remove =
        "DELETE FROM login_attempts WHERE tenant_id = $1 AND id = $2",
    .lists = {
        {NULL,
         "SELECT tenant_id, id, \"key\", at, ok FROM login_attempts WHERE tenant_id = $1 AND id "
         "> $3 ORDER BY id LIMIT $4"},
    },
};

static const struct pg_sql_entity sql_finding_dismissal = {
    .e = &entity_finding_dismissal,
    .insert =
        "WITH n AS (INSERT INTO id_counters (tenant_id, entity, next) VALUES ($1, "
        "'finding_dismissal', 1) ON CONFLICT (tenant_id, entity) DO UPDATE SET next = "
        "id_counters.next + 1 RETURNING next) INSERT INTO finding_dismissals (tenant_id, id, rule, "
        "entity, entity_id, user_id, reason, at, cycle_id) SELECT $1, n.next, $3, $4, $5, $6, $7, "
        "$8, $9 FROM n RETURNING id",
    .update = "UPDATE finding_dismissals SET rule = $3, entity = $4, entity_id = $5, user_id = $6, "
              "reason = $7, at = $8, cycle_id = $9 WHERE tenant_id = $1 AND id = $2",
    .get = "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
           "finding_dismissals WHERE tenant_id = $1 AND id = $2",
    .remove = "DELETE FROM finding_dismissals WHERE tenant_id = $1 AND id = $2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals WHERE tenant_id = $1 AND id > $3 ORDER BY id LIMIT $4"},
            {"user_id",
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals WHERE tenant_id = $1 AND user_id = $2 AND id > $3 ORDER BY id "
             "LIMIT $4"},
            {"entity_id",
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals WHERE tenant_id = $1 AND entity_id = $2 AND id > $3 ORDER BY id "
             "LIMIT $4"},
        },
};

const struct pg_sql_entity *const pg_sql[] = {
    &sql_tenant,     &sql_user,        &sql_team,           &sql_membership, &sql_theme,
    &sql_cycle,      &sql_objective,   &sql_key_result,     &sql_initiative, &sql_checkin,
    &sql_kpi,        &sql_kpi_value,   &sql_request,        &sql_comment,    &sql_audit_event,
    &sql_session,    &sql_api_token,   &sql_invitation,     &sql_login_attempt,
    &sql_finding_dismissal, NULL,
};

const char pg_sql_user_by_email[] =
    "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
    "created, version FROM users WHERE tenant_id = $1 AND email = $2";

/* Users by email ignoring ASCII case only (like SQLite's NOCASE), in tenant $1 or, when $1 is
 * 0, in every tenant (index users_email). At most $3 rows. */
const char pg_sql_users_by_email[] =
    "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
    "created, version FROM users WHERE translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz') = translate($2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz') AND ($1 = 0 OR tenant_id = $1) ORDER BY tenant_id, id "
    "LIMIT $3";

/* A check-in's columns of a key result: none indexed, no foreign key (store.h: kr_progress). */
const char pg_sql_kr_progress[] =
    "UPDATE key_results SET \"current\" = $3, confidence = $4, updated = $5, version = version + "
    "1 WHERE tenant_id = $1 AND id = $2 AND version = $6";

/* The alignment tree (store.h: tree_read): only the columns the tree uses; the others are typed
 * constants so that the rows read as the entity's (pg.c checks every column's type). */
const char pg_sql_tree_objectives[] =
    "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, ''::text, kind, "
    "visibility, theme_id, parent_objective_id, parent_kr_id, NULL::bigint, state, "
    "NULL::float8, NULL::float8, NULL::float8, ''::text, ''::text, NULL::float8, 0::bigint, "
    "0::bigint, 0::bigint FROM objectives WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY id";
const char pg_sql_tree_key_results[] =
    "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
    "target, \"current\", unit, weight, confidence, NULL::bigint, 0::bigint, 0::bigint, "
    "0::bigint FROM key_results WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY id";

/* The coach's rows of a cycle (store.h: coach_read): the tree's columns and the coach's. */
const char pg_sql_coach_objectives[] =
    "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, ''::text, kind, "
    "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
    "manager_score, final_score, ''::text, postmortem, NULL::float8, 0::bigint, 0::bigint, "
    "0::bigint FROM objectives WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY id";
const char pg_sql_coach_key_results[] =
    "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
    "target, \"current\", unit, weight, confidence, due, created, 0::bigint, 0::bigint FROM "
    "key_results WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY id";

/* The check-in summaries of a cycle's key results (store.h: checkin_summaries; migration 7),
 * in key result id order. */
const char pg_sql_checkin_summaries[] =
    "SELECT s.kr_id, s.n, s.at0, s.confidence0, s.value0, s.at1, s.confidence1, s.value1, s.at2, "
    "s.confidence2, s.value2, s.at3, s.confidence3, s.value3 FROM key_results k JOIN "
    "checkin_summaries s ON s.tenant_id = k.tenant_id AND s.kr_id = k.id WHERE k.tenant_id = $1 "
    "AND k.cycle_id = $2 ORDER BY k.id";

/* Failed login attempts under a key since a time (index login_attempts_key). */
const char pg_sql_attempts_count[] =
    "SELECT count(*) FROM login_attempts WHERE tenant_id = $1 AND \"key\" = $2 AND at >= $3 AND "
    "NOT ok";

/* Forgets a key's attempts made before a time. */
const char pg_sql_attempts_forget[] =
    "DELETE FROM login_attempts WHERE tenant_id = $1 AND \"key\" = $2 AND at < $3";

/* A transaction-scoped advisory lock in okr's own class (the two-key form does not collide with
 * single-key advisory locks of other programs); tenant ids past 2^31 share keys, which only
 * serialises more. */
const char pg_sql_tenant_lock[] =
    "SELECT pg_advisory_xact_lock(1869312626, ($1 & 2147483647)::integer)";

const char pg_sql_migrate_lock[] = "SELECT pg_advisory_xact_lock(1869312627, 0)";
const char pg_sql_schema_table[] =
    "CREATE TABLE IF NOT EXISTS okr_schema (version bigint NOT NULL)";
const char pg_sql_schema_row[] =
    "INSERT INTO okr_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM okr_schema)";
const char pg_sql_schema_get[] = "SELECT version FROM okr_schema";
const char pg_sql_schema_set[] = "UPDATE okr_schema SET version = $1";
