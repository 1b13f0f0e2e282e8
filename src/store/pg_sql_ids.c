/* The PostgreSQL driver's inserts with the id given ($2), for the inserts of one entity in one
 * write transaction past the first few (pg.c: BUMPS). Those first ones bump the entity's counter
 * in id_counters (pg_sql.c) and so hold the counter's row lock to the end of the transaction;
 * the driver then numbers the following inserts itself and writes the counter once, before
 * COMMIT or before it turns to another tenant (pg_sql_ids_set). Bumping the counter row once per
 * insert made a transaction of n inserts cost O(n^2): every update of the row adds a version
 * that nothing can prune before the transaction ends, and each bump walks them all (`okr copy`
 * of a 2,000-person company, 540,000 rows, had not finished after 11 minutes).
 *
 * Each statement names the same columns in the same order as the entity's insert in pg_sql.c;
 * a unit test (tests/unit/test_pg_sql.c) compares the two lists, so a column added to one and
 * not the other fails the tests. */
#include "pg_sql.h"

const struct pg_sql_insert_id pg_sql_insert_ids[] = {
    {&entity_user, "user",
     "INSERT INTO users (tenant_id, id, name, email, password_hash, role, manager_id, "
     "locale, active, created, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
     "$11) RETURNING id"},
    {&entity_team, "team",
     "INSERT INTO teams (tenant_id, id, name, parent_id, lead_id, created, version) VALUES "
     "($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
    {&entity_membership, "membership",
     "INSERT INTO memberships (tenant_id, id, team_id, user_id) VALUES ($1, $2, $3, $4) "
     "RETURNING id"},
    {&entity_theme, "theme",
     "INSERT INTO themes (tenant_id, id, title, description, source, horizon, owner_id, "
     "position, created, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "
     "id"},
    {&entity_cycle, "cycle",
     "INSERT INTO cycles (tenant_id, id, name, \"start\", \"end\", kind, parent_id, state, "
     "created, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    {&entity_objective, "objective",
     "INSERT INTO objectives (tenant_id, id, cycle_id, owner_user_id, owner_team_id, title, "
     "description, kind, visibility, theme_id, parent_objective_id, parent_kr_id, kpi_id, "
     "state, self_score, manager_score, final_score, reflection, postmortem, weight, "
     "created, updated, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
     "$13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) RETURNING id"},
    {&entity_key_result, "key_result",
     "INSERT INTO key_results (tenant_id, id, objective_id, owner_user_id, title, type, "
     "direction, \"start\", target, \"current\", unit, weight, confidence, due, created, "
     "updated, version, cycle_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
     "$13, $14, $15, $16, $17, (SELECT cycle_id FROM objectives WHERE tenant_id = $1 AND id = "
     "$3)) RETURNING id"},
    {&entity_initiative, "initiative",
     "INSERT INTO initiatives (tenant_id, id, kr_id, title, owner_id, state, due, created, "
     "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    {&entity_checkin, "checkin",
     "INSERT INTO checkins (tenant_id, id, kr_id, author_id, at, value, confidence, status, "
     "note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    {&entity_kpi, "kpi",
     "INSERT INTO kpis (tenant_id, id, owner_user_id, owner_team_id, name, unit, direction, "
     "threshold, created, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
     "RETURNING id"},
    {&entity_kpi_value, "kpi_value",
     "INSERT INTO kpi_values (tenant_id, id, kpi_id, \"on\", value) VALUES ($1, $2, $3, $4, "
     "$5) RETURNING id"},
    {&entity_request, "request",
     "INSERT INTO requests (tenant_id, id, from_user_id, to_user_id, objective_id, kr_id, "
     "message, state, reason, result_objective_id, created, updated, version) VALUES ($1, "
     "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"},
    {&entity_comment, "comment",
     "INSERT INTO comments (tenant_id, id, objective_id, kr_id, author_id, body, at) VALUES "
     "($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
    {&entity_audit, "audit_event",
     "INSERT INTO audit_events (tenant_id, id, actor_id, action, entity, entity_id, summary, "
     "at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
    {&entity_session, "session",
     "INSERT INTO sessions (tenant_id, id, user_id, secret_hash, csrf, created, last_seen, "
     "expires, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    {&entity_api_token, "api_token",
     "INSERT INTO api_tokens (tenant_id, id, user_id, name, secret_hash, created, last_used, "
     "revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
    {&entity_invitation, "invitation",
     "INSERT INTO invitations (tenant_id, id, user_id, secret_hash, created, expires, "
     "accepted) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
    {&entity_login_attempt, "login_attempt",
     "INSERT INTO login_attempts (tenant_id, id, \"key\", at, ok) VALUES ($1, $2, $3, $4, "
     "$5) RETURNING id"},
    {&entity_finding_dismissal, "finding_dismissal",
     "INSERT INTO finding_dismissals (tenant_id, id, rule, entity, entity_id, user_id, "
     "reason, at, cycle_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"},
    {NULL, NULL, NULL},
};

/* $1 tenant, $2 counter name, $3 the last id handed out. */
const char pg_sql_ids_set[] =
    "UPDATE id_counters SET next = $3 WHERE tenant_id = $1 AND entity = $2";
