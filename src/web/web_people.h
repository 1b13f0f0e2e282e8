/* Private to src/web: the people pages of issue 4 (7 teams and people, 11 the dossier, 13 the
 * admin's users, teams and data files), the HTML 404 page, and the multipart form bodies an
 * upload sends. */
#ifndef OKR_WEB_PEOPLE_H
#define OKR_WEB_PEOPLE_H

#include "service/web_views_people.h"
#include "web/web_int.h"

/* ---- people.c ---- */

void web_teams_get(void *app, struct http_request *req, struct http_response *resp);
void web_team_get(void *app, struct http_request *req, struct http_response *resp);
void web_person_get(void *app, struct http_request *req, struct http_response *resp);
/* The owner of an objective as a link: a person's page or a team's; the company as text. */
void web_owner_link(struct web_ctx *c, int64_t user_id, int64_t team_id, const char *name);
/* A link to a person's page or a team's page. */
void web_person_link(struct web_ctx *c, int64_t id, const char *name);
void web_team_link(struct web_ctx *c, int64_t id, const char *name);
/* Links to the n teams, separated by commas ("none" for no team). */
void web_team_links(struct web_ctx *c, const struct team *teams, size_t n);

/* ---- auth.c ---- */

/* For a page outside the route table (the 404 page): when req's session cookie names a live
 * session, records it (and sets the worker's tenant and actor) as web_authorize does, so that
 * web_begin sees the signed-in user; otherwise does nothing (no redirect, no refusal). */
void web_identify(void *app, struct http_request *req);

/* ---- dossier.c ---- */

void web_dossier_get(void *app, struct http_request *req, struct http_response *resp);

/* ---- admin_people.c ---- */

/* The admin page's section linking to users, teams and the import/export files. */
void web_admin_people_section(struct web_ctx *c);
void web_admin_users_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_user_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_user_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_teams_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_team_create_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_team_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_team_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_member_add_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_member_remove_post(void *app, struct http_request *req,
                                  struct http_response *resp);
void web_admin_export_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_import_post(void *app, struct http_request *req, struct http_response *resp);

/* ---- multipart.c ---- */

/* One part of a multipart/form-data body: its field name, file name (NULL for a plain field)
 * and content (pointing into the body; not NUL-terminated). */
struct web_part {
    const char *name, *filename;
    const char *data;
    size_t len;
};

enum { WEB_PARTS_MAX = 8 };

/* Splits a multipart/form-data body (content_type must say so and name the boundary) into at
 * most WEB_PARTS_MAX parts; names live in a. False when the type is another or the body is
 * malformed. */
bool web_multipart_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                         struct web_part *parts, size_t *n);
/* The part named name, or NULL. */
const struct web_part *web_part_get(const struct web_part *parts, size_t n, const char *name);

#endif
