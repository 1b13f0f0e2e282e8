/* Private to src/web: the context every page handler works in, the page layout, forms, and the
 * small widgets pages share (progress bars, status labels, numbers of a key result). */
#ifndef OKR_WEB_INT_H
#define OKR_WEB_INT_H

#include "api/api.h"
#include "service/web_views.h"
#include "web/html.h"
#include "web/i18n.h"
#include "web/web.h"

#include <stdbool.h>
#include <stdint.h>

#define WEB_CSRF_FIELD "csrf"
#define WEB_LANG_COOKIE "okr_lang"
#define WEB_PRE_COOKIE "okr_pre" /* CSRF token of forms shown before login (double submit) */
#define WEB_HTML_TYPE "text/html; charset=utf-8"

enum {
    WEB_FORM_MAX = 64, /* form fields; more is a bad request */
    WEB_PRE_LEN = 32,  /* hex digits of the pre-login CSRF token */
};

struct web_form {
    struct http_kv f[WEB_FORM_MAX];
    size_t n;
    bool bad; /* malformed, too many fields, or not valid UTF-8 */
};

enum web_nav {
    NAV_NONE,
    NAV_STRATEGY,
    NAV_MY,
    NAV_MAP,
    NAV_INBOX,
    NAV_TEAMS,
    NAV_ADMIN,
    NAV_REVIEW,
    NAV_DASHBOARD,
    NAV_KPIS,
};

/* What the authorize hook learnt about the signed-in caller of the request being handled. */
struct web_session {
    const struct http_request *req;       /* whose request this is (stale otherwise)... */
    char req_id[HTTP_REQUEST_ID_LEN + 1]; /* ...and its id: contexts are reused */
    int64_t session_id;
    const char *csrf;
    struct user me;
    struct tenant tenant;
};

struct web_ctx {
    const struct api_app *app;
    struct http_request *req;
    struct http_response *resp;
    struct svc svc; /* tenant and actor when signed in */
    enum web_locale loc;
    bool signed_in;
    int64_t session_id;
    const char *csrf; /* the session's CSRF token, or the pre-login one */
    struct user me;
    struct tenant tenant;
    int64_t today; /* days since 1970 */
    bool fetch;    /* sent by app.js: answer with a fragment, not a redirect */
    struct web_form form;
    struct web_html h; /* writes the response body once a page or fragment has begun */
    bool pre_cookie_set;
    /* A page drawn again after a refused form post (refill.c): what was posted, to the form
     * whose action is refill_action; filling while that form is being written. */
    struct web_form refill;
    const char *refill_action;
    struct err refused; /* why, as the service said it (the notice shows its reason) */
    bool filling;
};

/* ---- auth.c ---- */

/* The signed-in session of req as the hook recorded it, copied into *out (and forgotten by
 * the hook's thread-local record), or NULL (public routes, or taken already). */
const struct web_session *web_session_take(const struct http_request *req, struct web_session *out);
/* The pre-login CSRF token of this browser, minted (and its cookie set) when it has none. */
const char *web_pre_token(struct web_ctx *c);
/* True when a public form post carries the pre-login token and comes from this origin. */
bool web_pre_check(struct web_ctx *c);
/* Constant-time comparison of two secrets; false when either is NULL or empty. */
bool web_same_secret(const char *a, const char *b);

/* ---- form_controls.c ---- */

/* Parses an application/x-www-form-urlencoded body (content_type must say so) into out: keys and
 * values percent-decoded ('+' is a space) into a, each valid UTF-8. False (out->bad) when the
 * type is another, the body is malformed, or it has more than WEB_FORM_MAX fields. */
bool web_form_parse(struct arena *a, const char *content_type, const char *body, size_t len,
                    struct web_form *out);

/* ---- context.c ---- */

/* Sets c up for a handler: language, the signed-in user (from the hook), the form of a POST. */
void web_begin(struct web_ctx *c, void *app, struct http_request *req, struct http_response *resp);
/* The value of form field name, or NULL. */
const char *web_field(const struct web_ctx *c, const char *name);
/* meta_set of one posted value, a number read as people type it (num_parse_typed: 1,500, full
 * width digits) as the check-in and KPI forms read theirs. */
enum err_code web_meta_set(struct web_ctx *c, const struct entity *e, void *obj, const char *name,
                           const char *value, struct err *err);
/* Copies the posted fields named in names[] (NULL-terminated) into obj with web_meta_set,
 * setting each one's bit (its index in e->fields) in *bits. Absent fields are left alone. */
enum err_code web_set_fields(struct web_ctx *c, const struct entity *e, void *obj,
                             const char *const *names, uint64_t *bits, struct err *err);
/* The form field or query parameter name as an id (> 0), or 0 when absent or malformed. */
int64_t web_field_id(const struct web_ctx *c, const char *name);
int64_t web_query_id(const struct web_ctx *c, const char *name);
/* The route's {id} parameter, or 0. */
int64_t web_param_id(const struct web_ctx *c);
/* The route's {id}, or 0 after answering the 404 page that says there is no such `what`. */
int64_t web_param_id_or_404(struct web_ctx *c, const char *what);
/* An arena string from a printf format. */
#define web_fmt(c, ...) arena_printf((c)->req->arena, __VA_ARGS__)

/* ---- layout.c ---- */

/* Starts an HTML page: status, <head>, the header with navigation and language switch, then
 * opens <main>; title is plain text. The notices named by ?done= and ?err= follow. */
void web_page_begin(struct web_ctx *c, int status, const char *title, enum web_nav nav);
/* Closes <main> and the page. */
void web_page_end(struct web_ctx *c);
/* Starts a bare HTML fragment (answers to app.js). */
void web_fragment_begin(struct web_ctx *c, int status);
/* 303 See Other to location (a same-site path). */
void web_redirect(struct web_ctx *c, const char *location);
/* Redirects back to path with the notice ?done=key (a key of layout.c's notice table). */
void web_redirect_done(struct web_ctx *c, const char *path, const char *key);
/* Answers a failed form post: the page at path drawn again with what was typed
 * (web_show_again), or back to it; either way with ?err=CODE&field=FIELD shown as a notice. */
void web_redirect_err(struct web_ctx *c, const char *path, const struct err *e);
/* ---- refill.c ---- */

/* Takes the posted form that this request's page must be drawn again with (web_begin). */
void web_refill_take(struct web_ctx *c);
/* Draws the page at `to` (a path with ?err=) with the posted values in its form, answered 422,
 * after a form post refused for its input (invalid, too long, a conflict). False when it did
 * not (a fetch from app.js, another error, a page that is not the web's): redirect instead. */
bool web_show_again(struct web_ctx *c, const char *to, const struct err *e);
/* Called where a form posting to action opens: true (and c->filling) when this page is drawn
 * again for that form, so that its controls show what was posted. */
bool web_filling(struct web_ctx *c, const char *action);
/* The posted value of field name while filling, else stored. */
const char *web_value(const struct web_ctx *c, const char *name, const char *stored);
/* Whether the option value of select name is chosen: as posted while filling, else stored. */
bool web_chosen(const struct web_ctx *c, const char *name, const char *value, bool stored);

/* A whole error page for e (404, 403, 409, 422, 500...). */
void web_error_page(struct web_ctx *c, const struct err *e);
/* The localized sentence for e (for notices and fragments). */
const char *web_err_text(struct web_ctx *c, const struct err *e);
/* A hidden field with the CSRF token. */
void web_csrf_field(struct web_ctx *c);
/* The localized label of a form field name ("title", "value"...), or the name itself. */
const char *web_field_label(struct web_ctx *c, const char *field);

/* ---- form_controls.c ---- */
/* <form method="post" action=action class=cls> with the CSRF field; the caller closes it. */
void web_form_open(struct web_ctx *c, const char *action, const char *cls);
/* A labelled <input> (required when asked) inside a field div. */
void web_input(struct web_ctx *c, const char *id, const char *name, const char *type,
               enum web_msg label, const char *value, bool required);
/* An <option> of a select. */
void web_option(struct web_html *h, const char *value, const char *label, bool selected);
/* A submit button, primary or not. */
void web_submit(struct web_ctx *c, enum web_msg label, bool primary);

/* ---- widgets.c ---- */
/* A card section titled by title (its heading's id is id, which labels the section); and, for
 * a card with nothing to show, its empty message and the section's end. */
void web_card_begin(struct web_ctx *c, const char *id, enum web_msg title);
void web_card_empty(struct web_ctx *c, enum web_msg empty);
/* A scrolling grid table: its head of column titles (numeric columns right-aligned), then
 * <tbody> opened; the caller writes the rows and closes "</tbody></table></div>". */
struct web_col {
    enum web_msg title;
    bool num;
};
void web_grid_begin(struct web_ctx *c, const struct web_col *cols, size_t n);
#define WEB_GRID(c, ...)                                                                           \
    web_grid_begin((c), (const struct web_col[]){__VA_ARGS__},                                     \
                   sizeof((const struct web_col[]){__VA_ARGS__}) / sizeof(struct web_col))
/* The required "value" field of a check-in or a KPI value form: its label (with the unit as a
 * hint), the input with id `id` holding value, marked invalid when the form came back refused. */
void web_value_field(struct web_ctx *c, const char *id, const char *unit, const char *value,
                     bool invalid);
/* A small button-styled link to href (a same-site path). */
void web_small_link(struct web_ctx *c, const char *href, enum web_msg label);
/* The link to a list's next page, path?after=next, when next is not 0. */
void web_next_page(struct web_ctx *c, const char *path, int64_t next);
/* A refusal the screen reader announces: text in a <p role="alert">. */
void web_alert(struct web_ctx *c, const char *text);
/* The key results of an objective in a list, each title with its progress bar. */
void web_kr_bars(struct web_ctx *c, const struct view_obj *o, double expected);

/* A progress bar (inline SVG) with its percent as text and, when expected >= 0, the expected
 * progress marker; status picks the colour (-1: by progress against expected). */
void web_progress(struct web_ctx *c, double progress, double expected, int status);
/* A status label: a coloured dot and the word (never colour alone). */
void web_status(struct web_ctx *c, int status);
/* "2788 / 3000 万元" (milestones: done / not done). */
void web_kr_numbers(struct web_ctx *c, const struct key_result *kr);
/* The expected progress of cycle today (0..1). */
double web_expected(const struct web_ctx *c, const struct cycle *cy);
/* Who wrote a check-in: their name, or that the operator recorded it (okr checkin without
 * --author). */
void web_author(struct web_ctx *c, const char *name);
/* The status a KR shows: kr_status_now with its latest check-in's as the owner's word. */
int web_kr_status(const struct web_ctx *c, const struct view_kr *k, double expected);
/* Localized enum words. */
enum web_msg web_msg_status(int status);
enum web_msg web_msg_kind(int kind);
enum web_msg web_msg_source(int source);
enum web_msg web_msg_horizon(int horizon);
enum web_msg web_msg_cycle_state(int state);
enum web_msg web_msg_request_state(int state);
enum web_msg web_msg_visibility(int vis);
enum web_msg web_msg_obj_state(int state);
/* A cycle picker form (GET) for the page at path. */
void web_cycle_picker(struct web_ctx *c, const char *path, const struct view_cycles *cy);
/* The cycle line: "2026年第4季度 · 2026-10-01至2026-12-31 · 今天的预期进度 65%". */
void web_cycle_line(struct web_ctx *c, const struct cycle *cy);
/* A link to an objective: its title. */
void web_objective_link(struct web_ctx *c, int64_t id, const char *title);

/* ---- pages (one file per page family) ---- */

void web_login_get(void *app, struct http_request *req, struct http_response *resp);
void web_login_post(void *app, struct http_request *req, struct http_response *resp);
void web_signup_get(void *app, struct http_request *req, struct http_response *resp);
void web_signup_post(void *app, struct http_request *req, struct http_response *resp);
void web_logout_post(void *app, struct http_request *req, struct http_response *resp);
void web_invite_get(void *app, struct http_request *req, struct http_response *resp);
void web_invite_post(void *app, struct http_request *req, struct http_response *resp);
void web_language_post(void *app, struct http_request *req, struct http_response *resp);
void web_home_get(void *app, struct http_request *req, struct http_response *resp);

void web_my_get(void *app, struct http_request *req, struct http_response *resp);
void web_checkin_post(void *app, struct http_request *req, struct http_response *resp);

void web_strategy_get(void *app, struct http_request *req, struct http_response *resp);

void web_objective_get(void *app, struct http_request *req, struct http_response *resp);
void web_objective_post(void *app, struct http_request *req, struct http_response *resp);
void web_comment_post(void *app, struct http_request *req, struct http_response *resp);
void web_mention_post(void *app, struct http_request *req, struct http_response *resp);
void web_kr_add_post(void *app, struct http_request *req, struct http_response *resp);
void web_objective_new_get(void *app, struct http_request *req, struct http_response *resp);
void web_objective_create_post(void *app, struct http_request *req, struct http_response *resp);

void web_map_get(void *app, struct http_request *req, struct http_response *resp);
void web_map_node_get(void *app, struct http_request *req, struct http_response *resp);

void web_inbox_get(void *app, struct http_request *req, struct http_response *resp);
void web_request_accept_post(void *app, struct http_request *req, struct http_response *resp);
void web_request_decline_post(void *app, struct http_request *req, struct http_response *resp);
void web_request_withdraw_post(void *app, struct http_request *req, struct http_response *resp);

void web_admin_get(void *app, struct http_request *req, struct http_response *resp);
void web_admin_company_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_theme_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_cycle_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_cycle_state_post(void *app, struct http_request *req, struct http_response *resp);
void web_admin_invite_post(void *app, struct http_request *req, struct http_response *resp);

void web_grading_get(void *app, struct http_request *req, struct http_response *resp);
void web_score_post(void *app, struct http_request *req, struct http_response *resp);

void web_objective_hints_post(void *app, struct http_request *req, struct http_response *resp);
void web_finding_dismiss_post(void *app, struct http_request *req, struct http_response *resp);
void web_finding_undismiss_post(void *app, struct http_request *req, struct http_response *resp);

/* ---- coach_pages.c: the OKR coach ---- */

struct coach_report;
/* The coach's language for the page's locale. */
enum coach_lang web_coach_lang(const struct web_ctx *c);
/* The objective page's findings panel (id="coach"): active findings with a dismiss form each,
 * dismissed ones apart with their reasons. Nothing when the coach cannot read the objective. */
void web_coach_panel(struct web_ctx *c, int64_t objective_id);
/* The inline hints box (id="coach-hints", which assets/app.js replaces): r's findings when
 * checked, else an empty box. */
void web_coach_hints(struct web_ctx *c, const struct coach_report *r, bool checked);

void web_asset_get(void *app, struct http_request *req, struct http_response *resp);
/* The URL of an embedded asset with its content hash ("/assets/app.css?v=1a2b3c4d"). */
const char *web_asset_url(const char *name);

/* The SVG chart of a key result's check-ins against the expected line (chart.c). */
void web_kr_chart(struct web_ctx *c, const struct key_result *kr, const struct cycle *cy,
                  const struct view_checkin *checkins, size_t n);

/* The row of a key result on My OKRs, with its check-in form (my_okrs.c; also the fragment
 * app.js swaps in after a check-in). */
/* An objective's progress bar with id="op-ID", which a check-in's answer replaces. */
void web_objective_progress(struct web_ctx *c, const struct view_obj *v, double expected);

struct web_row_state {
    const char *notice;                    /* said to screen readers after a save (data-notice) */
    const char *error;                     /* shown in the open form */
    const char *value, *confidence, *note; /* what was posted, kept after an error */
    const char *back;                      /* where a check-in without JavaScript returns to */
};
void web_kr_row(struct web_ctx *c, const struct view_kr *k, double expected, bool can_checkin,
                const struct web_row_state *st);

#endif
