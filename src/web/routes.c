/* The web UI's route table. Permission "web" marks a page for signed-in people (web_authorize
 * redirects others to /login), "web-admin" one for admins; public routes (ROUTE_PUBLIC) guard
 * their forms with the pre-login token themselves. Every POST carries ROUTE_CSRF. */
#include "web/review_int.h" /* pages 9, 10, 12 */
#include "web/web_int.h"
#include "web/web_people.h"

#define P ROUTE_PUBLIC
#define W ROUTE_CSRF

const struct route web_routes[] = {
    /* Accounts and language (public). */
    {"GET", "/login", web_login_get, P, "web"},
    {"POST", "/login", web_login_post, P | W, "web"},
    {"GET", "/signup", web_signup_get, P, "web"},
    {"POST", "/signup", web_signup_post, P | W, "web"},
    {"GET", "/invitations/accept", web_invite_get, P, "web"},
    {"POST", "/invitations/accept", web_invite_post, P | W, "web"},
    {"POST", "/language", web_language_post, P | W, "web"},
    {"GET", "/assets/{name}", web_asset_get, P, "web"},
    /* Signed in. */
    {"GET", "/", web_home_get, 0, "web"},
    {"POST", "/logout", web_logout_post, W, "web"},
    {"GET", "/my", web_my_get, 0, "web"},
    {"POST", "/key-results/{id}/checkins", web_checkin_post, W, "web"},
    {"GET", "/strategy", web_strategy_get, 0, "web"},
    {"GET", "/objectives/new", web_objective_new_get, 0, "web"},
    {"POST", "/objectives", web_objective_create_post, W, "web"},
    {"POST", "/objectives/hints", web_objective_hints_post, W, "web"},
    {"POST", "/findings/dismiss", web_finding_dismiss_post, W, "web"},
    {"POST", "/findings/undismiss", web_finding_undismiss_post, W, "web"},
    {"GET", "/objectives/{id}", web_objective_get, 0, "web"},
    {"POST", "/objectives/{id}", web_objective_post, W, "web"},
    {"POST", "/objectives/{id}/key-results", web_kr_add_post, W, "web"},
    {"POST", "/objectives/{id}/comments", web_comment_post, W, "web"},
    {"POST", "/objectives/{id}/requests", web_mention_post, W, "web"},
    {"GET", "/map", web_map_get, 0, "web"},
    {"GET", "/map/nodes/{id}", web_map_node_get, 0, "web"},
    /* Weekly review (page 9), dashboard (page 10), KPI board (page 12). */
    {"GET", "/review", web_review_get, 0, "web"},
    {"GET", "/dashboard", web_dashboard_get, 0, "web"},
    {"GET", "/kpis", web_kpis_get, 0, "web"},
    {"POST", "/kpis/{id}/values", web_kpi_value_post, W, "web"},
    {"GET", "/inbox", web_inbox_get, 0, "web"},
    {"POST", "/requests/{id}/accept", web_request_accept_post, W, "web"},
    {"POST", "/requests/{id}/decline", web_request_decline_post, W, "web"},
    {"POST", "/requests/{id}/withdraw", web_request_withdraw_post, W, "web"},
    {"GET", "/cycles/{id}/grading", web_grading_get, 0, "web"},
    {"POST", "/objectives/{id}/score", web_score_post, W, "web"},
    /* Teams and people (page 7), the dossier (page 11). */
    {"GET", "/teams", web_teams_get, 0, "web"},
    {"GET", "/teams/{id}", web_team_get, 0, "web"},
    {"GET", "/people/{id}", web_person_get, 0, "web"},
    {"GET", "/people/{id}/dossier", web_dossier_get, 0, "web"},
    /* Admins. */
    {"GET", "/admin", web_admin_get, 0, "web-admin"},
    {"POST", "/admin/company", web_admin_company_post, W, "web-admin"},
    {"POST", "/admin/themes", web_admin_theme_post, W, "web-admin"},
    {"POST", "/admin/cycles", web_admin_cycle_post, W, "web-admin"},
    {"POST", "/admin/cycles/{id}/state", web_admin_cycle_state_post, W, "web-admin"},
    {"POST", "/admin/invitations", web_admin_invite_post, W, "web-admin"},
    {"GET", "/admin/users", web_admin_users_get, 0, "web-admin"},
    {"GET", "/admin/users/{id}", web_admin_user_get, 0, "web-admin"},
    {"POST", "/admin/users/{id}", web_admin_user_post, W, "web-admin"},
    {"GET", "/admin/teams", web_admin_teams_get, 0, "web-admin"},
    {"POST", "/admin/teams", web_admin_team_create_post, W, "web-admin"},
    {"GET", "/admin/teams/{id}", web_admin_team_get, 0, "web-admin"},
    {"POST", "/admin/teams/{id}", web_admin_team_post, W, "web-admin"},
    {"POST", "/admin/teams/{id}/members", web_admin_member_add_post, W, "web-admin"},
    {"POST", "/admin/teams/{id}/members/remove", web_admin_member_remove_post, W, "web-admin"},
    {"GET", "/admin/export", web_admin_export_get, 0, "web-admin"},
    {"POST", "/admin/import", web_admin_import_post, W, "web-admin"},
};

const size_t web_route_count = sizeof web_routes / sizeof web_routes[0];
