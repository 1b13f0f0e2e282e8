/* The OKR coach (OKR教练) in the web UI: a list of findings (建议) as the objective page's
 * findings panel, with a form per finding to dismiss it with a reason (忽略), and as the inline
 * hints beside the objective and key-result forms while they are being written (the fragment
 * POST /objectives/hints answers to assets/app.js; objective_forms.c renders the form). The
 * rules and their words are the coach's own (domain/coach.h); this file only lays them out. */
#include "web/web_int.h"

#include "core/timefmt.h"
#include "service/coach.h"

#include <string.h>

static const char *W(const struct web_ctx *c, enum web_msg key)
{
    return web_msg(c->loc, key);
}

static const enum web_msg severity_words[COACH_SEVERITIES] = {MSG_COACH_ERROR, MSG_COACH_WARNING,
                                                               MSG_COACH_INFO};

enum coach_lang web_coach_lang(const struct web_ctx *c)
{
    return c->loc == WEB_ZH ? COACH_ZH : COACH_EN;
}

/* One finding: severity (a word, not colour alone), rule id, message, what it is about, and its
 * explanation behind a disclosure. */
static void finding_body(struct web_ctx *c, const struct coach_finding *f, bool name_subject)
{
    struct web_html *h = &c->h;
    enum coach_lang lang = web_coach_lang(c);
    WEB_LIT(h, "<span");
    WEB_ATTRF(h, "class", "sev sev-%s", coach_severity_name((enum coach_severity)f->severity));
    WEB_LIT(h, ">");
    web_text(h, W(c, severity_words[f->severity]));
    WEB_LIT(h, "</span> <code class=\"rule\">");
    web_text(h, coach_rule_info((enum coach_rule)f->rule)->id);
    WEB_LIT(h, "</code> ");
    if (name_subject && f->title && f->title[0] &&
        (f->subject == SUBJ_KEY_RESULT || f->subject == SUBJ_OBJECTIVE)) {
        WEB_LIT(h, "<span class=\"on\">");
        web_text(h, W(c, f->subject == SUBJ_KEY_RESULT ? MSG_KEY_RESULT : MSG_OBJECTIVE));
        web_text(h, c->loc == WEB_ZH ? "“" : " “");
        web_text(h, f->title);
        web_text(h, c->loc == WEB_ZH ? "”：" : "”: ");
        WEB_LIT(h, "</span>");
    }
    struct sb msg;
    sb_init(&msg);
    coach_message(f, lang, &msg);
    WEB_LIT(h, "<span class=\"msg\">");
    web_text(h, msg.p ? msg.p : "");
    sb_free(&msg);
    WEB_LIT(h, "</span><details class=\"why\"><summary>");
    web_text(h, W(c, MSG_COACH_WHY));
    WEB_LIT(h, "</summary><p>");
    web_text(h, coach_explanation(f, lang));
    WEB_LIT(h, "</p></details>");
}

/* The dismiss form of an active finding on the objective page. */
static void dismiss_form(struct web_ctx *c, const struct coach_finding *f, int64_t objective_id,
                         size_t i)
{
    struct web_html *h = &c->h;
    const char *rule = coach_rule_info((enum coach_rule)f->rule)->id;
    const char *subject = coach_subject_name((enum coach_subject)f->subject);
    const char *subject_id = web_fmt(c, "%lld", (long long)f->subject_id);
    /* Every finding's form posts to the same place: the one sent names its rule and subject. */
    c->filling = web_filling(c, "/findings/dismiss") &&
                 strcmp(web_value(c, "rule", ""), rule) == 0 &&
                 strcmp(web_value(c, "entity", ""), subject) == 0 &&
                 strcmp(web_value(c, "entity_id", ""), subject_id) == 0;
    WEB_LIT(h, "<details class=\"dismiss\"");
    if (c->filling) {
        WEB_LIT(h, " open");
    }
    WEB_LIT(h, "><summary>");
    web_text(h, W(c, MSG_COACH_DISMISS));
    WEB_LIT(h,
            "</summary><form method=\"post\" action=\"/findings/dismiss\" class=\"inline-form\">");
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"rule\"");
    WEB_ATTR(h, "value", rule);
    WEB_LIT(h, "><input type=\"hidden\" name=\"entity\"");
    WEB_ATTR(h, "value", subject);
    WEB_LIT(h, "><input type=\"hidden\" name=\"entity_id\"");
    WEB_ATTR(h, "value", subject_id);
    WEB_LIT(h, "><input type=\"hidden\" name=\"objective_id\"");
    WEB_ATTRF(h, "value", "%lld", (long long)objective_id);
    WEB_LIT(h, "><div class=\"field grow\"><label");
    WEB_ATTRF(h, "for", "dismiss-%zu", i);
    WEB_LIT(h, ">");
    web_text(h, W(c, MSG_COACH_REASON));
    WEB_LIT(h, "</label><input type=\"text\" name=\"reason\" required maxlength=\"2000\"");
    WEB_ATTRF(h, "id", "dismiss-%zu", i);
    WEB_ATTR(h, "value", web_value(c, "reason", NULL));
    WEB_LIT(h, "></div><div class=\"actions\"><button class=\"btn\">");
    web_text(h, W(c, MSG_COACH_DISMISS));
    WEB_LIT(h, "</button></div></form></details>");
}

/* Takes a dismissal back: the finding counts again (its author, or whoever may dismiss it). */
static void undismiss_form(struct web_ctx *c, const struct coach_finding *f, int64_t objective_id)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form method=\"post\" action=\"/findings/undismiss\" class=\"inline-form\">");
    web_csrf_field(c);
    WEB_LIT(h, "<input type=\"hidden\" name=\"rule\"");
    WEB_ATTR(h, "value", coach_rule_info((enum coach_rule)f->rule)->id);
    WEB_LIT(h, "><input type=\"hidden\" name=\"entity\"");
    WEB_ATTR(h, "value", coach_subject_name((enum coach_subject)f->subject));
    WEB_LIT(h, "><input type=\"hidden\" name=\"entity_id\"");
    WEB_ATTRF(h, "value", "%lld", (long long)f->subject_id);
    WEB_LIT(h, "><input type=\"hidden\" name=\"objective_id\"");
    WEB_ATTRF(h, "value", "%lld", (long long)objective_id);
    WEB_LIT(h, "><button class=\"btn small\">");
    web_text(h, W(c, MSG_COACH_UNDISMISS));
    WEB_LIT(h, "</button></form>");
}

void web_coach_panel(struct web_ctx *c, int64_t objective_id)
{
    struct coach_report r;
    enum coach_lang used;
    struct err err;
    err_clear(&err);
    if (svc_coach_objective(&c->svc, objective_id, web_coach_lang(c), &r, &used, &err) != ERR_OK) {
        return; /* the page itself said what it could; the panel is an extra */
    }
    struct web_html *h = &c->h;
    WEB_LIT(h, "<section class=\"card coach\" id=\"coach\" aria-labelledby=\"coach-h\">"
               "<h2 id=\"coach-h\">");
    web_text(h, W(c, MSG_COACH));
    WEB_LIT(h, "</h2>");
    if (!r.n) {
        WEB_LIT(h, "<p class=\"muted\">");
        web_text(h, W(c, MSG_COACH_NONE));
        WEB_LIT(h, "</p>");
    } else {
        WEB_LIT(h, "<ul class=\"findings\">");
        for (size_t i = 0; i < r.n; i++) {
            WEB_LIT(h, "<li class=\"finding\"");
            WEB_ATTR(h, "data-rule", coach_rule_info((enum coach_rule)r.findings[i].rule)->id);
            WEB_LIT(h, ">");
            finding_body(c, &r.findings[i], true);
            dismiss_form(c, &r.findings[i], objective_id, i);
            WEB_LIT(h, "</li>");
        }
        WEB_LIT(h, "</ul>");
    }
    if (r.ndismissed) {
        WEB_LIT(h, "<details class=\"dismissed\"><summary>");
        web_text(h, W(c, MSG_COACH_DISMISSED));
        web_textf(h, " (%zu)", r.ndismissed);
        WEB_LIT(h, "</summary><ul class=\"findings\">");
        for (size_t i = 0; i < r.ndismissed; i++) {
            const struct coach_finding *f = &r.dismissed[i];
            WEB_LIT(h, "<li class=\"finding dismissed\">");
            finding_body(c, f, true);
            if (f->dismissal) {
                char when[16];
                date_fmt(when, f->dismissal->at / 86400);
                WEB_LIT(h, "<p class=\"reason\">");
                web_text(h, W(c, MSG_COACH_DISMISSED));
                web_text(h, c->loc == WEB_ZH ? "：" : ": ");
                web_text(h, f->dismissal->reason);
                WEB_LIT(h, " <span class=\"muted\">");
                /* Who said so: the manager reading it should not have to guess. */
                struct user by;
                struct err ignored;
                if (f->dismissal->user_id && svc_get(&c->svc, &entity_user, f->dismissal->user_id,
                                                     &by, &ignored) == ERR_OK) {
                    web_text(h, by.name);
                    WEB_LIT(h, " · ");
                }
                web_text(h, when);
                WEB_LIT(h, "</span></p>");
                undismiss_form(c, f, objective_id);
            }
            WEB_LIT(h, "</li>");
        }
        WEB_LIT(h, "</ul></details>");
    }
    WEB_LIT(h, "</section>");
}

void web_coach_hints(struct web_ctx *c, const struct coach_report *r, bool checked)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"coach-hints\" id=\"coach-hints\" aria-live=\"polite\">");
    if (checked) {
        WEB_LIT(h, "<h2>");
        web_text(h, W(c, MSG_COACH_HINTS));
        WEB_LIT(h, "</h2>");
        if (!r || !r->n) {
            WEB_LIT(h, "<p class=\"muted\">");
            web_text(h, W(c, MSG_COACH_NONE_DRAFT));
            WEB_LIT(h, "</p>");
        } else {
            WEB_LIT(h, "<ul class=\"findings\">");
            for (size_t i = 0; i < r->n; i++) {
                const struct coach_finding *f = &r->findings[i];
                WEB_LIT(h, "<li class=\"finding\"");
                WEB_ATTR(h, "data-rule", coach_rule_info((enum coach_rule)f->rule)->id);
                WEB_ATTR(h, "data-field", f->subject == SUBJ_KEY_RESULT ? "key_result" : "title");
                WEB_LIT(h, ">");
                finding_body(c, f, f->subject == SUBJ_KEY_RESULT);
                WEB_LIT(h, "</li>");
            }
            WEB_LIT(h, "</ul>");
        }
    }
    WEB_LIT(h, "</div>");
}

/* A dismissal given (reason) or withdrawn, from the objective page's forms: rule, entity,
 * entity_id, objective_id (where to go back). */
static void dismissal_post(void *app, struct http_request *req, struct http_response *resp,
                           bool undo)
{
    struct web_ctx c;
    web_begin(&c, app, req, resp);
    int64_t back = web_field_id(&c, "objective_id");
    const char *path = back ? web_fmt(&c, "/objectives/%lld", (long long)back) : "/my";
    struct finding_dismissal d;
    meta_init(&entity_finding_dismissal, &d);
    const char *rule = web_field(&c, "rule"), *entity = web_field(&c, "entity");
    d.rule = rule ? rule : "";
    d.entity = entity ? entity : "";
    d.entity_id = web_field_id(&c, "entity_id");
    d.reason = undo ? NULL : web_field(&c, "reason");
    struct err err;
    err_clear(&err);
    if ((undo ? svc_coach_undismiss(&c.svc, &d, &err) : svc_coach_dismiss(&c.svc, &d, &err)) !=
        ERR_OK) {
        web_redirect_err(&c, path, &err);
        return;
    }
    web_redirect_done(&c, path, "saved");
}

/* POST /findings/dismiss (with a reason) */
void web_finding_dismiss_post(void *app, struct http_request *req, struct http_response *resp)
{
    dismissal_post(app, req, resp, false);
}

/* POST /findings/undismiss */
void web_finding_undismiss_post(void *app, struct http_request *req, struct http_response *resp)
{
    dismissal_post(app, req, resp, true);
}
