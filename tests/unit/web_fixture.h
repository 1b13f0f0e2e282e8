/* The web UI's tests' fixtures (web_fixture.c): the server under test, the demo company, signing
 * in through the form. */
#ifndef OKR_TEST_WEB_FIXTURE_H
#define OKR_TEST_WEB_FIXTURE_H

#include "http_client.h"

#include "core/arena.h"
#include "service/service.h"

/* "Origin: http://127.0.0.1:PORT\r\n", as a browser sends it with a form. */
const char *origin(void);
/* The value of the first hidden csrf field of a page. */
void csrf_of(const struct reply *r, char *out, size_t n);
/* Logs in through the form; cookie gets "okr_session=...", csrf the session's token. */
void login(const char *email, char *cookie, size_t ncookie, char *csrf, size_t ncsrf);
/* GET and POST (a form) with a cookie and extra header lines (or NULL). */
struct reply *get_as(const char *cookie, const char *path, const char *extra);
struct reply *post_as(const char *cookie, const char *path, const char *body, const char *extra);

/* The server under test, as `okr serve` builds it. web_test_dir makes a fresh folder under /tmp
 * (dir) for its database (db); web_test_serve serves the web UI and the API over db on
 * 127.0.0.1 with one worker thread and the clock given, and points the client at it;
 * web_test_stop stops it, frees the replies and removes the folder and database. */
struct api_app;
struct http_server;
void web_test_dir(char dir[64], char db[128]);
struct http_server *web_test_serve(struct api_app *app, const char *db, int64_t (*clock)(void));
void web_test_stop(struct http_server *srv, const char *dir);
/* The size of /assets/NAME as served. */
size_t web_asset_size(const char *name);

/* The day the web tests live on (2026-11-29) and their clock: noon UTC that day. */
int64_t web_test_today(void);
int64_t web_test_clock(void);

/* The demo company (zh) written into the new database db as of web_test_clock(), with the
 * password "pass phrase 123" for each of users (ids). d->s acts as the operator in its tenant;
 * d->cycle is the active quarter. Close with web_demo_close before serving db. */
struct web_demo {
    struct store *st;
    struct arena a;
    struct svc s;
    int64_t cycle;
};
void web_demo_open(struct web_demo *d, const char *db, const int64_t *users, size_t nusers);
/* svc_create of obj as s, which must succeed. */
void web_put(struct svc *s, const struct entity *e, void *obj);
/* A new objective of cycle owned by user owner (0: the company), and a new key result of
 * objective going from 0 to target, with the defaults: set more fields, then web_put. */
struct objective web_objective(int64_t cycle, int64_t owner, const char *title);
struct key_result web_key_result(int64_t objective, const char *title, double target);
void web_demo_close(struct web_demo *d);

#endif
