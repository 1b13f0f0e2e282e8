/* The SQLite driver's SQL: one literal statement per operation and entity, columns in the order
 * of the entity's descriptor (domain/meta.c), parameters numbered by field position (?1 is the
 * first field). Ids are assigned within the tenant: next_id reads max + 1, and the insert binds it
 * like any other field (a RETURNING clause would cost SQLite an ephemeral table per row). */
#include "sqlite_sql.h"

/* The next id of a tenant's table: above every id it holds and every id it ever gave (the floor
 * its rows leave when the highest is deleted: schema 9), so that a deleted record's id is never
 * another's: a stale edit of it finds nothing rather than someone else's record. */
#define NEXT_ID(table)                                                                             \
    "SELECT max(coalesce((SELECT max(id) FROM " table                                              \
    " WHERE tenant_id = ?1), 0), coalesce((SELECT "                                                \
    "floor FROM id_floors WHERE tenant_id = ?1 AND entity = '" table "'), 0)) + 1"

static const struct sql_entity sql_tenant = {
    .e = &entity_tenant,
    .next_id = "SELECT max(coalesce((SELECT max(id) FROM tenants), 0), coalesce((SELECT "
               "floor FROM id_floors WHERE tenant_id = 0 AND entity = 'tenants'), 0)) + 1",
    .insert = "INSERT INTO tenants (id, name, mission, vision, timezone, locale, rollup_children, "
              "created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    .update =
        "UPDATE tenants SET name = ?2, mission = ?3, vision = ?4, timezone = ?5, locale = ?6, "
        "rollup_children = ?7, version = version + 1 WHERE id = ?1 AND version = ?9",
    .get = "SELECT id, name, mission, vision, timezone, locale, rollup_children, created, "
           "version FROM tenants WHERE id = ?1",
    .remove = "DELETE FROM tenants WHERE id = ?1",
    .lists =
        {
            {NULL, "SELECT id, name, mission, vision, timezone, locale, rollup_children, created, "
                   "version FROM tenants WHERE id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_user = {
    .e = &entity_user,
    .next_id = NEXT_ID("users"),
    .insert = "INSERT INTO users (tenant_id, id, name, email, password_hash, role, manager_id, "
              "locale, active, created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
              "?11)",
    .update =
        "UPDATE users SET name = ?3, email = ?4, password_hash = ?5, role = ?6, manager_id = "
        "?7, locale = ?8, active = ?9, version = version + 1 WHERE tenant_id = ?1 AND id = ?2 "
        "AND version = ?11",
    .get = "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
           "created, version FROM users WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM users WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
             "created, version FROM users WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"manager_id",
             "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
             "created, version FROM users INDEXED BY users_manager WHERE tenant_id = ?1 AND "
             "manager_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"id[]",
             "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
             "created, version FROM users WHERE tenant_id = ?1 AND id IN (SELECT value FROM "
             "json_each(?2)) AND +id > ?3 ORDER BY id LIMIT ?4"}, /* +id: probe, not walk, the key
                                                                   */
        },
};

static const struct sql_entity sql_team = {
    .e = &entity_team,
    .next_id = NEXT_ID("teams"),
    .insert = "INSERT INTO teams (tenant_id, id, name, parent_id, lead_id, created, version) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    .update = "UPDATE teams SET name = ?3, parent_id = ?4, lead_id = ?5, version = version + 1 "
              "WHERE tenant_id = ?1 AND id = ?2 AND version = ?7",
    .get = "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
           "tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM teams WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams WHERE "
             "tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"parent_id",
             "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams INDEXED "
             "BY teams_parent WHERE tenant_id = ?1 AND parent_id = ?2 AND id > ?3 ORDER BY id "
             "LIMIT ?4"},
            {"parent_id[]",
             "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams INDEXED "
             "BY teams_parent WHERE tenant_id = ?1 AND parent_id IN (SELECT value FROM "
             "json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4"},
            {"lead_id[]",
             "SELECT tenant_id, id, name, parent_id, lead_id, created, version FROM teams INDEXED "
             "BY teams_lead WHERE tenant_id = ?1 AND lead_id IN (SELECT value FROM json_each(?2)) "
             "AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_membership = {
    .e = &entity_membership,
    .next_id = NEXT_ID("memberships"),
    .insert = "INSERT INTO memberships (tenant_id, id, team_id, user_id) VALUES (?1, ?2, ?3, ?4)",
    .update = "UPDATE memberships SET team_id = ?3, user_id = ?4 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = ?1 AND id "
           "= ?2",
    .remove = "DELETE FROM memberships WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, team_id, user_id FROM memberships WHERE tenant_id = ?1 AND id "
             "> ?3 ORDER BY id LIMIT ?4"},
            /* The UNIQUE (tenant_id, team_id, user_id) index, named: left to itself the planner
             * walks the primary key in id order (ORDER BY id) over every membership of the tenant.
             */
            {"team_id", "SELECT tenant_id, id, team_id, user_id FROM memberships INDEXED BY "
                        "sqlite_autoindex_memberships_2 WHERE tenant_id = ?1 AND team_id = ?2 AND "
                        "id > ?3 ORDER "
                        "BY id LIMIT ?4"},
            {"user_id",
             "SELECT tenant_id, id, team_id, user_id FROM memberships INDEXED BY memberships_user "
             "WHERE tenant_id = ?1 AND user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"team_id[]", "SELECT tenant_id, id, team_id, user_id FROM memberships INDEXED BY "
                          "sqlite_autoindex_memberships_2 WHERE tenant_id = ?1 AND team_id IN "
                          "(SELECT value FROM "
                          "json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_theme = {
    .e = &entity_theme,
    .next_id = NEXT_ID("themes"),
    .insert = "INSERT INTO themes (tenant_id, id, title, description, source, horizon, owner_id, "
              "position, created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    .update = "UPDATE themes SET title = ?3, description = ?4, source = ?5, horizon = ?6, owner_id "
              "= ?7, position = ?8, version = version + 1 WHERE tenant_id = ?1 AND id = ?2 AND "
              "version = ?10",
    .get = "SELECT tenant_id, id, title, description, source, horizon, owner_id, position, "
           "created, version FROM themes WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM themes WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, title, description, source, horizon, owner_id, position, "
             "created, version FROM themes WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_cycle = {
    .e = &entity_cycle,
    .next_id = NEXT_ID("cycles"),
    .insert = "INSERT INTO cycles (tenant_id, id, name, \"start\", \"end\", kind, parent_id, "
              "state, created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    .update =
        "UPDATE cycles SET name = ?3, \"start\" = ?4, \"end\" = ?5, kind = ?6, parent_id = ?7, "
        "state = ?8, version = version + 1 WHERE tenant_id = ?1 AND id = ?2 AND version = ?10",
    .get =
        "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, created, version "
        "FROM cycles WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM cycles WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL, "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, "
                   "created, version "
                   "FROM cycles WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"parent_id",
             "SELECT tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, created, "
             "version "
             "FROM cycles INDEXED BY cycles_parent WHERE tenant_id = ?1 AND parent_id = ?2 AND id "
             "> ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_objective = {
    .e = &entity_objective,
    .next_id = NEXT_ID("objectives"),
    .insert = "INSERT INTO objectives (tenant_id, id, cycle_id, owner_user_id, owner_team_id, "
              "title, description, kind, visibility, theme_id, parent_objective_id, parent_kr_id, "
              "kpi_id, state, self_score, manager_score, final_score, reflection, postmortem, "
              "weight, created, updated, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
              "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    .update =
        "UPDATE objectives SET cycle_id = ?3, owner_user_id = ?4, owner_team_id = ?5, title = "
        "?6, description = ?7, kind = ?8, visibility = ?9, theme_id = ?10, "
        "parent_objective_id = ?11, parent_kr_id = ?12, kpi_id = ?13, state = ?14, self_score "
        "= ?15, manager_score = ?16, final_score = ?17, reflection = ?18, postmortem = ?19, "
        "weight = ?20, updated = ?22, version = version + 1 WHERE tenant_id = ?1 AND id = ?2 "
        "AND version = ?23",
    .get = "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
           "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
           "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
           "updated, version FROM objectives WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM objectives WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT "
             "?4"},
            {"cycle_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_cycle WHERE tenant_id = ?1 "
             "AND cycle_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"owner_user_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_owner_user WHERE tenant_id = "
             "?1 AND owner_user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"owner_team_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_owner_team WHERE tenant_id = "
             "?1 AND owner_team_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"parent_objective_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_parent_objective WHERE "
             "tenant_id = ?1 AND parent_objective_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"parent_kr_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_parent_kr WHERE tenant_id = "
             "?1 AND parent_kr_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"theme_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_theme WHERE tenant_id = ?1 "
             "AND theme_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"kpi_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_kpi WHERE tenant_id = ?1 AND "
             "kpi_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            /* The company's own objectives of a cycle (key: the cycle), by a partial index. */
            {"company_cycle_id",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, "
             "self_score, manager_score, final_score, reflection, postmortem, weight, created, "
             "updated, version FROM objectives INDEXED BY objectives_company WHERE tenant_id = ?1 "
             "AND cycle_id = ?2 AND owner_user_id IS NULL AND owner_team_id IS NULL AND id > ?3 "
             "ORDER BY id LIMIT ?4"},
            {"owner_user_id[]",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, "
             "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
             "manager_score, final_score, reflection, postmortem, weight, created, updated, "
             "version "
             "FROM objectives INDEXED BY objectives_owner_user WHERE tenant_id = ?1 AND "
             "owner_user_id "
             "IN (SELECT value FROM json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4"},
            {"owner_team_id[]",
             "SELECT tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, description, "
             "kind, "
             "visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, state, self_score, "
             "manager_score, final_score, reflection, postmortem, weight, created, updated, "
             "version "
             "FROM objectives INDEXED BY objectives_owner_team WHERE tenant_id = ?1 AND "
             "owner_team_id "
             "IN (SELECT value FROM json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_key_result = {
    .e = &entity_key_result,
    .next_id = NEXT_ID("key_results"),
    .insert = "INSERT INTO key_results (tenant_id, id, objective_id, owner_user_id, title, type, "
              "direction, \"start\", target, \"current\", unit, weight, confidence, due, created, "
              "updated, version, cycle_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
              "?12, ?13, ?14, ?15, ?16, ?17, (SELECT cycle_id FROM objectives WHERE tenant_id = ?1 "
              "AND id = ?3))",
    .update =
        "UPDATE key_results SET objective_id = ?3, owner_user_id = ?4, title = ?5, type = ?6, "
        "direction = ?7, \"start\" = ?8, target = ?9, \"current\" = ?10, unit = ?11, weight = "
        "?12, confidence = ?13, due = ?14, updated = ?16, version = version + 1 WHERE "
        "tenant_id = ?1 AND id = ?2 AND version = ?17",
    .get = "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, \"start\", "
           "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
           "key_results WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM key_results WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, "
             "\"start\", "
             "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
             "key_results WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"objective_id",
             "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, "
             "\"start\", "
             "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
             "key_results INDEXED BY key_results_objective WHERE tenant_id = ?1 AND objective_id = "
             "?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"owner_user_id",
             "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, "
             "\"start\", "
             "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
             "key_results INDEXED BY key_results_owner_user WHERE tenant_id = ?1 AND owner_user_id "
             "= ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"cycle_id",
             "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, "
             "\"start\", "
             "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
             "key_results INDEXED BY key_results_cycle WHERE tenant_id = ?1 AND cycle_id = ?2 AND "
             "id > ?3 ORDER BY id LIMIT ?4"},
            {"objective_id[]",
             "SELECT tenant_id, id, objective_id, owner_user_id, title, type, direction, "
             "\"start\", "
             "target, \"current\", unit, weight, confidence, due, created, updated, version FROM "
             "key_results INDEXED BY key_results_objective WHERE tenant_id = ?1 AND objective_id "
             "IN "
             "(SELECT value FROM json_each(?2)) AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_initiative = {
    .e = &entity_initiative,
    .next_id = NEXT_ID("initiatives"),
    .insert = "INSERT INTO initiatives (tenant_id, id, kr_id, title, owner_id, state, due, "
              "created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    .update = "UPDATE initiatives SET kr_id = ?3, title = ?4, owner_id = ?5, state = ?6, due = ?7, "
              "version = version + 1 WHERE tenant_id = ?1 AND id = ?2 AND version = ?9",
    .get = "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
           "initiatives WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM initiatives WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
             "initiatives WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"kr_id",
             "SELECT tenant_id, id, kr_id, title, owner_id, state, due, created, version FROM "
             "initiatives INDEXED BY initiatives_kr WHERE tenant_id = ?1 AND kr_id = ?2 AND id > "
             "?3 ORDER BY id LIMIT ?4"},
            {"cycle_id",
             "SELECT i.tenant_id, i.id, i.kr_id, i.title, i.owner_id, i.state, i.due, i.created, "
             "i.version FROM initiatives i JOIN key_results k ON k.tenant_id = i.tenant_id AND "
             "k.id = i.kr_id JOIN objectives o ON o.tenant_id = k.tenant_id AND o.id = "
             "k.objective_id WHERE i.tenant_id = ?1 AND o.cycle_id = ?2 AND i.id > ?3 ORDER BY "
             "i.id LIMIT ?4"},
        },
};

static const struct sql_entity sql_checkin = {
    .e = &entity_checkin,
    .next_id = NEXT_ID("checkins"),
    .insert = "INSERT INTO checkins (tenant_id, id, kr_id, author_id, at, value, confidence, "
              "status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    .update = "UPDATE checkins SET kr_id = ?3, author_id = ?4, at = ?5, value = ?6, confidence = "
              "?7, status = ?8, note = ?9 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
           "checkins WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM checkins WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
             "checkins WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"kr_id",
             "SELECT tenant_id, id, kr_id, author_id, at, value, confidence, status, note FROM "
             "checkins INDEXED BY checkins_kr_at WHERE tenant_id = ?1 AND kr_id = ?2 AND id > ?3 "
             "ORDER BY id LIMIT ?4"},
            {"cycle_id",
             "SELECT c.tenant_id, c.id, c.kr_id, c.author_id, c.at, c.value, c.confidence, "
             "c.status, c.note FROM checkins c JOIN key_results k ON k.tenant_id = c.tenant_id AND "
             "k.id = c.kr_id JOIN objectives o ON o.tenant_id = k.tenant_id AND o.id = "
             "k.objective_id WHERE c.tenant_id = ?1 AND o.cycle_id = ?2 AND c.id > ?3 ORDER BY "
             "c.id LIMIT ?4"},
        },
};

static const struct sql_entity sql_kpi = {
    .e = &entity_kpi,
    .next_id = NEXT_ID("kpis"),
    .insert = "INSERT INTO kpis (tenant_id, id, owner_user_id, owner_team_id, name, unit, "
              "direction, threshold, created, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
              "?10)",
    .update = "UPDATE kpis SET owner_user_id = ?3, owner_team_id = ?4, name = ?5, unit = ?6, "
              "direction = ?7, threshold = ?8, version = version + 1 WHERE tenant_id = ?1 AND id = "
              "?2 AND version = ?10",
    .get = "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
           "threshold, created, version FROM kpis WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM kpis WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
             "threshold, created, version FROM kpis WHERE tenant_id = ?1 AND id > ?3 ORDER BY id "
             "LIMIT ?4"},
            {"owner_user_id",
             "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
             "threshold, created, version FROM kpis INDEXED BY kpis_owner_user WHERE tenant_id = "
             "?1 AND owner_user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"owner_team_id",
             "SELECT tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
             "threshold, created, version FROM kpis INDEXED BY kpis_owner_team WHERE tenant_id = "
             "?1 AND owner_team_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_kpi_value = {
    .e = &entity_kpi_value,
    .next_id = NEXT_ID("kpi_values"),
    .insert = "INSERT INTO kpi_values (tenant_id, id, kpi_id, \"on\", value) VALUES (?1, ?2, ?3, "
              "?4, ?5)",
    .update =
        "UPDATE kpi_values SET kpi_id = ?3, \"on\" = ?4, value = ?5 WHERE tenant_id = ?1 AND id "
        "= ?2",
    .get = "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values WHERE tenant_id = ?1 AND "
           "id = ?2",
    .remove = "DELETE FROM kpi_values WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values WHERE tenant_id = ?1 AND "
             "id > ?3 ORDER BY id LIMIT ?4"},
            {"kpi_id", "SELECT tenant_id, id, kpi_id, \"on\", value FROM kpi_values INDEXED BY "
                       "kpi_values_kpi "
                       "WHERE tenant_id = ?1 AND kpi_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_request = {
    .e = &entity_request,
    .next_id = NEXT_ID("requests"),
    .insert = "INSERT INTO requests (tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, "
              "message, state, reason, result_objective_id, created, updated, version) VALUES (?1, "
              "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    .update =
        "UPDATE requests SET from_user_id = ?3, to_user_id = ?4, objective_id = ?5, kr_id = "
        "?6, message = ?7, state = ?8, reason = ?9, result_objective_id = ?10, updated = ?12, "
        "version = version + 1 WHERE tenant_id = ?1 AND id = ?2 AND version = ?13",
    .get = "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
           "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id "
           "= ?1 AND id = ?2",
    .remove = "DELETE FROM requests WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
             "reason, result_objective_id, created, updated, version FROM requests WHERE tenant_id "
             "= ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"to_user_id",
             "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
             "reason, result_objective_id, created, updated, version FROM requests INDEXED BY "
             "requests_to_user WHERE tenant_id = ?1 AND to_user_id = ?2 AND id > ?3 ORDER BY id "
             "LIMIT ?4"},
            {"from_user_id",
             "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
             "reason, result_objective_id, created, updated, version FROM requests INDEXED BY "
             "requests_from_user WHERE tenant_id = ?1 AND from_user_id = ?2 AND id > ?3 ORDER BY "
             "id LIMIT ?4"},
            {"objective_id",
             "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
             "reason, result_objective_id, created, updated, version FROM requests INDEXED BY "
             "requests_objective WHERE tenant_id = ?1 AND objective_id = ?2 AND id > ?3 ORDER BY "
             "id LIMIT ?4"},
            {"kr_id",
             "SELECT tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, message, state, "
             "reason, result_objective_id, created, updated, version FROM requests INDEXED BY "
             "requests_kr WHERE tenant_id = ?1 AND kr_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_comment = {
    .e = &entity_comment,
    .next_id = NEXT_ID("comments"),
    .insert = "INSERT INTO comments (tenant_id, id, objective_id, kr_id, author_id, body, at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    .update = "UPDATE comments SET objective_id = ?3, kr_id = ?4, author_id = ?5, body = ?6, at = "
              "?7 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
           "tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM comments WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments WHERE "
             "tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"objective_id",
             "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments INDEXED "
             "BY comments_objective WHERE tenant_id = ?1 AND objective_id = ?2 AND id > ?3 ORDER "
             "BY id LIMIT ?4"},
            {"kr_id",
             "SELECT tenant_id, id, objective_id, kr_id, author_id, body, at FROM comments INDEXED "
             "BY comments_kr WHERE tenant_id = ?1 AND kr_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_audit_event = {
    .e = &entity_audit,
    .next_id = NEXT_ID("audit_events"),
    .insert = "INSERT INTO audit_events (tenant_id, id, actor_id, action, entity, entity_id, "
              "summary, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    .update = "UPDATE audit_events SET actor_id = ?3, action = ?4, entity = ?5, entity_id = ?6, "
              "summary = ?7, at = ?8 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
           "audit_events WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM audit_events WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL, "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
                   "audit_events WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"entity_id",
             "SELECT tenant_id, id, actor_id, action, entity, entity_id, summary, at FROM "
             "audit_events INDEXED BY audit_events_entity WHERE tenant_id = ?1 AND entity_id = ?2 "
             "AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_session = {
    .e = &entity_session,
    .next_id = NEXT_ID("sessions"),
    .insert = "INSERT INTO sessions (tenant_id, id, user_id, secret_hash, csrf, created, "
              "last_seen, expires, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    .update = "UPDATE sessions SET user_id = ?3, secret_hash = ?4, csrf = ?5, last_seen = ?7, "
              "expires = ?8, revoked = ?9 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, revoked "
           "FROM sessions WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM sessions WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL, "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, "
                   "revoked FROM sessions WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"user_id",
             "SELECT tenant_id, id, user_id, secret_hash, csrf, created, last_seen, expires, "
             "revoked FROM sessions INDEXED BY sessions_user WHERE tenant_id = ?1 AND user_id = ?2 "
             "AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_api_token = {
    .e = &entity_api_token,
    .next_id = NEXT_ID("api_tokens"),
    .insert = "INSERT INTO api_tokens (tenant_id, id, user_id, name, secret_hash, created, "
              "last_used, revoked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    .update = "UPDATE api_tokens SET user_id = ?3, name = ?4, secret_hash = ?5, last_used = ?7, "
              "revoked = ?8 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
           "api_tokens WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM api_tokens WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
             "api_tokens WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"user_id",
             "SELECT tenant_id, id, user_id, name, secret_hash, created, last_used, revoked FROM "
             "api_tokens INDEXED BY api_tokens_user WHERE tenant_id = ?1 AND user_id = ?2 AND id > "
             "?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_invitation = {
    .e = &entity_invitation,
    .next_id = NEXT_ID("invitations"),
    .insert = "INSERT INTO invitations (tenant_id, id, user_id, secret_hash, created, expires, "
              "accepted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    .update = "UPDATE invitations SET user_id = ?3, secret_hash = ?4, expires = ?6, accepted = ?7 "
              "WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM "
           "invitations WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM invitations WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL, "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM "
                   "invitations WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"user_id",
             "SELECT tenant_id, id, user_id, secret_hash, created, expires, accepted FROM "
             "invitations INDEXED BY invitations_user WHERE tenant_id = ?1 AND user_id = ?2 AND id "
             "> ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_login_attempt = {
    .e = &entity_login_attempt,
    .next_id = NEXT_ID("login_attempts"),
    .insert = "INSERT INTO login_attempts (tenant_id, id, \"key\", at, ok) VALUES (?1, ?2, ?3, ?4, "
              "?5)",
    .update = "UPDATE login_attempts SET \"key\" = ?3, at = ?4, ok = ?5 WHERE tenant_id = ?1 AND "
              "id = ?2",
    .get = "SELECT tenant_id, id, \"key\", at, ok FROM login_attempts WHERE tenant_id = ?1 AND id "
           "= ?2",
    .remove = "DELETE FROM login_attempts WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL, "SELECT tenant_id, id, \"key\", at, ok FROM login_attempts WHERE tenant_id = ?1 "
                   "AND id "
                   "> ?3 ORDER BY id LIMIT ?4"},
        },
};

static const struct sql_entity sql_finding_dismissal = {
    .e = &entity_finding_dismissal,
    .next_id = NEXT_ID("finding_dismissals"),
    .insert = "INSERT INTO finding_dismissals (tenant_id, id, rule, entity, entity_id, user_id, "
              "reason, at, cycle_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    .update = "UPDATE finding_dismissals SET rule = ?3, entity = ?4, entity_id = ?5, user_id = ?6, "
              "reason = ?7, at = ?8, cycle_id = ?9 WHERE tenant_id = ?1 AND id = ?2",
    .get = "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
           "finding_dismissals WHERE tenant_id = ?1 AND id = ?2",
    .remove = "DELETE FROM finding_dismissals WHERE tenant_id = ?1 AND id = ?2",
    .lists =
        {
            {NULL,
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals WHERE tenant_id = ?1 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"user_id",
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals INDEXED BY finding_dismissals_user WHERE tenant_id = ?1 AND "
             "user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
            {"entity_id",
             "SELECT tenant_id, id, rule, entity, entity_id, user_id, reason, at, cycle_id FROM "
             "finding_dismissals INDEXED BY finding_dismissals_entity WHERE tenant_id = ?1 AND "
             "entity_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"},
        },
};

const struct sql_entity *const sqlite_sql[] = {
    &sql_tenant,     &sql_user,    &sql_team,       &sql_membership, &sql_theme,
    &sql_cycle,      &sql_objective, &sql_key_result, &sql_initiative, &sql_checkin,
    &sql_kpi,        &sql_kpi_value, &sql_request,  &sql_comment,    &sql_audit_event,
    &sql_session,    &sql_api_token, &sql_invitation, &sql_login_attempt,
    &sql_finding_dismissal, NULL,
};

const char sqlite_user_by_email[] =
    "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
    "created, version FROM users WHERE tenant_id = ?1 AND email = ?2";

/* Users by email ignoring ASCII case, in tenant ?1 or, when ?1 is 0, in every tenant (the one
 * lookup across tenants: login without a tenant; index users_email). At most ?3 rows. */
const char sqlite_users_by_email[] =
    "SELECT tenant_id, id, name, email, password_hash, role, manager_id, locale, active, "
    "created, version FROM users WHERE email = ?2 COLLATE NOCASE AND (?1 = 0 OR tenant_id = ?1) "
    "ORDER BY tenant_id, id LIMIT ?3";

/* The check-in summaries of a cycle's key results with ids ?3..?4 (store.h: checkin_summaries;
 * migration 7; sqlite_tree.c), when the cycle's ids are sparse there: the cycle's key results
 * by their cycle_id, in id order, and a seek into checkin_summaries each. CROSS JOIN keeps key
 * results outside. bounds: the least and greatest id of the cycle's key results (two seeks).
 * Rows are not returned but gathered into ?6 by okr_summary (sqlite_tree.c). */
#define SUMMARY_COLUMNS(s)                                                                         \
    s "kr_id, " s "n, " s "at0, " s "confidence0, " s "value0, " s "at1, " s "confidence1, " s     \
      "value1, " s "at2, " s "confidence2, " s "value2, " s "at3, " s "confidence3, " s "value3"
const char sqlite_checkin_summaries[] =
    "SELECT 0 FROM key_results k INDEXED BY key_results_cycle CROSS JOIN checkin_summaries s "
    "WHERE k.tenant_id = ?1 AND k.cycle_id = ?2 AND k.id BETWEEN ?3 AND ?4 AND s.tenant_id = "
    "k.tenant_id AND s.kr_id = k.id AND okr_summary(?6, " SUMMARY_COLUMNS("s.") ")";
/* The same rows by primary key range, the cycle's kept by okr_kept (sqlite_tree.c): with ?5 the
 * cycle's ids between ?3 and ?4. */
const char sqlite_checkin_summaries_by_range[] =
    "SELECT 0 FROM checkin_summaries WHERE tenant_id = ?1 AND kr_id BETWEEN ?3 AND ?4 AND "
    "okr_kept(kr_id, ?5) AND okr_summary(?6, " SUMMARY_COLUMNS("") ")";
/* The ids of the cycle's key results between ?3 and ?4. */
const char sqlite_cycle_kr_ids[] =
    "SELECT id FROM key_results INDEXED BY key_results_cycle WHERE tenant_id = ?1 AND cycle_id = "
    "?2 AND id BETWEEN ?3 AND ?4 ORDER BY id";
const char sqlite_checkin_summaries_bounds[] =
    "SELECT (SELECT id FROM key_results INDEXED BY key_results_cycle WHERE tenant_id = ?1 AND "
    "cycle_id = ?2 ORDER BY id LIMIT 1), (SELECT id FROM key_results INDEXED BY "
    "key_results_cycle WHERE tenant_id = ?1 AND cycle_id = ?2 ORDER BY id DESC LIMIT 1)";

/* A check-in's columns of a key result: none indexed, no foreign key (store.h: kr_progress). */
const char sqlite_kr_progress[] =
    "UPDATE key_results SET \"current\" = ?3, confidence = ?4, updated = ?5, version = version + "
    "1 WHERE tenant_id = ?1 AND id = ?2 AND version = ?6";

/* The alignment tree (sqlite_tree.c). bounds: the least and greatest id of the cycle's rows
 * (two seeks in the cycle index), and how many of the 4,096 ids in 16 windows spread evenly
 * over that span are the cycle's (a few thousand index entries): the share of the tenant's rows
 * between the bounds that a primary key range scan would keep. by_range and by_index gather the
 * same columns of the cycle's rows ?3 <= id <= ?4; their plans (the primary key, the cycle index
 * by id: tests/unit/test_sqlite_plans.c) visit them in id order. */
#define TREE_BOUNDS(table, index)                                                                  \
    "WITH b(lo, hi) AS (SELECT (SELECT id FROM " table " INDEXED BY " index " WHERE tenant_id = " \
    "?1 AND cycle_id = ?2 ORDER BY id LIMIT 1), (SELECT id FROM " table " INDEXED BY " index      \
    " WHERE tenant_id = ?1 AND cycle_id = ?2 ORDER BY id DESC LIMIT 1)), w(k) AS (SELECT 0 "      \
    "UNION ALL SELECT k + 1 FROM w WHERE k < 15) SELECT lo, hi, (SELECT count(*) FROM w, " table \
    " t INDEXED BY " index " WHERE t.tenant_id = ?1 AND t.cycle_id = ?2 AND t.id BETWEEN lo + "   \
    "(hi - lo) / 16 * k AND lo + (hi - lo) / 16 * k + 255) FROM b"
/* The coach's columns (store.h: coach_read) are the tree's with a few more after them. Rows are
 * not returned but gathered by okr_objective or okr_key_result (sqlite_tree.c) in the WHERE
 * clause, after the cycle's own test: ?5 is the part of the read whose lists they fill. */
#define TREE_OBJECTIVE_COLUMNS                                                                     \
    "id, owner_user_id, owner_team_id, title, kind, visibility, theme_id, parent_objective_id, "   \
    "parent_kr_id, state"
#define COACH_OBJECTIVE_COLUMNS                                                                    \
    TREE_OBJECTIVE_COLUMNS ", kpi_id, self_score, manager_score, final_score, postmortem"
#define TREE_KEY_RESULT_COLUMNS                                                                    \
    "id, objective_id, owner_user_id, title, type, direction, \"start\", target, \"current\", "    \
    "unit, weight, confidence"
#define COACH_KEY_RESULT_COLUMNS TREE_KEY_RESULT_COLUMNS ", due, created"
#define CYCLE_ROWS(gather, columns, table, index)                                                  \
    {                                                                                              \
        .bounds = TREE_BOUNDS(table, index),                                                       \
        .by_range = "SELECT 0 FROM " table " NOT INDEXED WHERE tenant_id = ?1 AND id BETWEEN ?3 "  \
                    "AND ?4 AND cycle_id = ?2 AND " gather "(?5, " columns ")",                    \
        .by_index = "SELECT 0 FROM " table " INDEXED BY " index " WHERE tenant_id = ?1 AND "       \
                    "cycle_id = ?2 AND id BETWEEN ?3 AND ?4 AND " gather "(?5, " columns ")",      \
    }

const struct sqlite_tree_sql sqlite_tree_objectives =
    CYCLE_ROWS("okr_objective", TREE_OBJECTIVE_COLUMNS, "objectives", "objectives_cycle");
const struct sqlite_tree_sql sqlite_tree_key_results =
    CYCLE_ROWS("okr_key_result", TREE_KEY_RESULT_COLUMNS, "key_results", "key_results_cycle");
const struct sqlite_tree_sql sqlite_coach_objectives =
    CYCLE_ROWS("okr_objective", COACH_OBJECTIVE_COLUMNS, "objectives", "objectives_cycle");
const struct sqlite_tree_sql sqlite_coach_key_results =
    CYCLE_ROWS("okr_key_result", COACH_KEY_RESULT_COLUMNS, "key_results", "key_results_cycle");

/* Failed login attempts under a key since a time (index login_attempts_key). */
const char sqlite_attempts_count[] =
    "SELECT count(*) FROM login_attempts WHERE tenant_id = ?1 AND \"key\" = ?2 AND at >= ?3 AND "
    "ok = 0";

/* Forgets a key's attempts made before a time. */
const char sqlite_attempts_forget[] =
    "DELETE FROM login_attempts WHERE tenant_id = ?1 AND \"key\" = ?2 AND at < ?3";
