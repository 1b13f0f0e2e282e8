/* Form controls shared by the admin and objective pages: a POST form with its CSRF field, a
 * labelled input, a select's option and a submit button. */
#include "web/web_int.h"

void web_form_open(struct web_ctx *c, const char *action, const char *cls)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<form method=\"post\"");
    WEB_ATTR(h, "class", cls);
    WEB_URL(h, "action", action);
    WEB_LIT(h, ">");
    web_csrf_field(c);
    web_filling(c, action);
}

void web_input(struct web_ctx *c, const char *id, const char *name, const char *type,
               enum web_msg label, const char *value, bool required)
{
    struct web_html *h = &c->h;
    WEB_LIT(h, "<div class=\"field\"><label");
    WEB_ATTR(h, "for", id);
    WEB_LIT(h, ">");
    web_msg_put(h, c->loc, label);
    WEB_LIT(h, "</label><input");
    WEB_ATTR(h, "id", id);
    WEB_ATTR(h, "name", name);
    WEB_ATTR(h, "type", type);
    WEB_ATTR(h, "value", web_value(c, name, value));
    if (required) {
        WEB_LIT(h, " required");
    }
    WEB_LIT(h, "></div>");
}

void web_option(struct web_html *h, const char *value, const char *label, bool selected)
{
    WEB_LIT(h, "<option");
    WEB_ATTR(h, "value", value);
    if (selected) {
        WEB_LIT(h, " selected");
    }
    WEB_LIT(h, ">");
    web_text(h, label);
    WEB_LIT(h, "</option>");
}

void web_submit(struct web_ctx *c, enum web_msg label, bool primary)
{
    WEB_LIT(&c->h, "<div class=\"actions\"><button");
    WEB_ATTR(&c->h, "class", primary ? "btn primary" : "btn");
    WEB_LIT(&c->h, ">");
    web_msg_put(&c->h, c->loc, label);
    WEB_LIT(&c->h, "</button></div>");
}
