/* Languages of the web UI: the message tables (English and zh-CN, one row per message in
 * i18n_msgs.h so that no message can exist in one language only), the choice of a request's
 * language (the user's setting, else a language cookie, else Accept-Language, else the
 * company's default), and numbers and dates in each locale's way (GLOSSARY.md: 2026-11-29 in
 * tables, 11月29日 in Chinese prose). Terms follow GLOSSARY.md. */
#ifndef OKR_WEB_I18N_H
#define OKR_WEB_I18N_H

#include "web/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum web_locale { WEB_EN, WEB_ZH, WEB_LOCALE_COUNT };

enum web_msg {
#define M(key, en, zh) key,
#include "web/i18n_msgs.h"
#undef M
    WEB_MSG_COUNT
};

/* The message in locale loc: plain text (never markup), "{1}".."{9}" marking arguments. */
const char *web_msg(enum web_locale loc, enum web_msg key);
/* The message's stable name ("MSG_NAV_MY_OKRS"), for tests. */
const char *web_msg_name(enum web_msg key);

/* Writes message key as text with its {n} placeholders replaced by args[n-1] (escaped like all
 * text); args is NULL-terminated. WEB_MSGF(h, loc, key, "a", "b") builds the array. */
void web_msgf_(struct web_html *h, enum web_locale loc, enum web_msg key, const char *const *args);
#define WEB_MSGF(h, loc, key, ...)                                                                 \
    web_msgf_((h), (loc), (key), (const char *const[]){__VA_ARGS__, NULL})
/* Writes message key as text. */
void web_msg_put(struct web_html *h, enum web_locale loc, enum web_msg key);
/* The formatted message as an arena string (for attributes: WEB_ATTR escapes it). */
const char *web_msg_str_(struct arena *a, enum web_locale loc, enum web_msg key,
                         const char *const *args);
#define WEB_MSG_STR(a, loc, key, ...)                                                              \
    web_msg_str_((a), (loc), (key), (const char *const[]){__VA_ARGS__, NULL})

/* "en" or "zh-CN": the BCP 47 tag for lang="" and for the user's setting. */
const char *web_locale_tag(enum web_locale loc);
/* Parses a language tag: "en", "en-US"... -> WEB_EN; "zh", "zh-CN", "zh-Hans"... -> WEB_ZH.
 * Returns false for anything else (and for NULL or ""). */
bool web_locale_parse(const char *tag, enum web_locale *out);
/* The best supported language of an Accept-Language value by q-value (ties: earlier first).
 * Returns false when it names none of ours. */
bool web_locale_accept(const char *accept_language, enum web_locale *out);
/* The request's language: user setting, else cookie, else Accept-Language, else the company's
 * default, else Chinese (the product's default). Any argument may be NULL. */
enum web_locale web_locale_choose(const char *user_setting, const char *cookie,
                                  const char *accept_language, const char *tenant_default);

/* Numbers: the shortest round-trip form with thousands grouping ("12,345.5"; both locales
 * group by three with a comma). Arena string. */
const char *web_num(struct arena *a, double v);
/* A fraction 0..1 as a whole percent: "60%". */
const char *web_pct(struct arena *a, double fraction);
/* A confidence or a score (0..1) as given, to two decimals at most and one at least: "0.65",
 * "0.7", "1.0" (one decimal once rounded 0.65 up and 0.35 down, and a form saved again kept
 * the rounding). */
const char *web_fraction(struct arena *a, double v);
/* A date for tables: "2026-11-29" in both locales; "" for DATE_NONE. */
const char *web_date_table(struct arena *a, int64_t days);
/* A date in prose: "11月29日" / "Nov 29", with the year when it is not this_year's
 * ("2025年11月29日" / "Nov 29, 2025"); "" for DATE_NONE. */
const char *web_date_prose(struct arena *a, enum web_locale loc, int64_t days, int64_t today);

/* Checks one Chinese message against GLOSSARY.md's punctuation rule: no half-width , . : ; ? !
 * directly after a Chinese character (nor before one, for , ; ? !). Returns the byte offset of
 * the first offence, or -1 when clean. For the tests and for checks in debug builds. */
long web_zh_punct_offence(const char *s);

#endif
