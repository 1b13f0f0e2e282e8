/* okr serve: the HTTP server (web UI and REST API) over the same service layer as the command
 * line.
 * Settings come from options or a config file of "key = value" lines with the same names. */
#include "cli.h"

#include "api/api.h"
#include "core/log.h"
#include "core/num.h"
#include "http/server.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int cmd_serve(struct cli *c, int argc, char **argv);

struct serve_settings {
    const char *listen, *trusted_proxy;
    int64_t threads, max_body_kib, session_idle_min, session_max_days;
    bool secure_cookies;
};

static int64_t fixed_now = -1;

/* The database as the log may show it: a SQLite path as given; of a PostgreSQL URL only the
 * scheme, user, host, port and database (a password sits in the user part or the query). */
static void db_for_log(const char *url, char *out, size_t n)
{
    const char *scheme_end = strstr(url, "://");
    if (!scheme_end) {
        snprintf(out, n, "%s", url);
        return;
    }
    const char *auth = scheme_end + 3;
    size_t auth_len = strcspn(auth, "/?#");
    const char *at = NULL; /* the last '@': an unencoded one may sit in a password */
    for (size_t i = 0; i < auth_len; i++) {
        at = auth[i] == '@' ? auth + i : at;
    }
    const char *host = at ? at + 1 : auth;
    size_t user_len = at ? strcspn(auth, ":@") : 0;
    size_t rest_len = strcspn(host, "?#");
    snprintf(out, n, "%.*s%.*s%s%.*s", (int)(auth - url), url, (int)user_len, auth,
             at ? "@" : "", (int)rest_len, host);
}

/* The wall clock, or $OKR_NOW when set (tests of the real server fix "now" as for the CLI). */
static int64_t server_clock(void)
{
    return fixed_now >= 0 ? fixed_now : (int64_t)time(NULL);
}

/* Applies one setting; the same names serve options and config file keys. */
static int apply(struct cli *c, struct serve_settings *s, const char *key, const char *value)
{
    struct {
        const char *name;
        int64_t *out, min, max;
    } nums[] = {{"threads", &s->threads, 1, 1024},
                {"max-body-kib", &s->max_body_kib, 1, 1024 * 1024},
                {"session-idle-minutes", &s->session_idle_min, 1, 60 * 24 * 30},
                {"session-max-days", &s->session_max_days, 1, 365}};
    if (strcmp(key, "listen") == 0) {
        s->listen = arena_strdup(&c->arena, value);
        return EXIT_OK;
    }
    if (strcmp(key, "trusted-proxy") == 0) {
        unsigned char bin[sizeof(struct in6_addr)];
        char canonical[INET6_ADDRSTRLEN];
        int family = strchr(value, ':') ? AF_INET6 : AF_INET;
        if (inet_pton(family, value, bin) != 1) {
            return cli_usage(c, "trusted-proxy must be an IP address, e.g. 127.0.0.1");
        }
        inet_ntop(family, bin, canonical, sizeof canonical);
        s->trusted_proxy = arena_strdup(&c->arena, canonical);
        return EXIT_OK;
    }
    if (strcmp(key, "db") == 0) {
        c->db_url = arena_strdup(&c->arena, value);
        return EXIT_OK;
    }
    if (strcmp(key, "secure-cookies") == 0) {
        s->secure_cookies = strcmp(value, "true") == 0 || strcmp(value, "yes") == 0;
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (strcmp(key, nums[i].name) == 0) {
            if (num_parse_i64(value, nums[i].min, nums[i].max, nums[i].out)) {
                return cli_usage(c, "%s must be a number from %lld to %lld", key,
                                 (long long)nums[i].min, (long long)nums[i].max);
            }
            return EXIT_OK;
        }
    }
    return cli_usage(c, "unknown setting '%s'", key);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
    return s;
}

static int read_config(struct cli *c, struct serve_settings *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "okr: serve: cannot read %s: %s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    char line[1024];
    int lineno = 0, rc = EXIT_OK;
    while (rc == EXIT_OK && fgets(line, sizeof line, f)) {
        lineno++;
        char *l = trim(line);
        if (*l == '\0' || *l == '#') {
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq) {
            fprintf(stderr, "okr: serve: %s:%d: expected key = value\n", path, lineno);
            rc = EXIT_USAGE;
            break;
        }
        *eq = '\0';
        rc = apply(c, s, trim(l), trim(eq + 1));
    }
    fclose(f);
    return rc;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
    struct opts o;
    if (cli_parse(c, argc, argv, "secure-cookies", &o)) {
        return EXIT_USAGE;
    }
    struct serve_settings s = {.listen = "127.0.0.1:8080", .session_idle_min = 8 * 60,
                               .session_max_days = 30, .max_body_kib = 1024};
    const char *config = opt_get(&o, "config");
    int rc = config ? read_config(c, &s, config) : EXIT_OK;
    static const char *const keys[] = {"db", "listen", "threads", "max-body-kib", "session-idle-minutes",
                                       "session-max-days", "secure-cookies", "trusted-proxy"};
    for (size_t i = 0; rc == EXIT_OK && i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = opt_get(&o, keys[i]);
        if (v) {
            rc = apply(c, &s, keys[i], v);
        }
    }
    if (rc != EXIT_OK || (rc = opt_check_unused(c, &o)) != EXIT_OK) {
        return rc;
    }
    /* Open once here so a bad database fails before the port is taken, and migrations run once. */
    if ((rc = cli_open(c, false)) != EXIT_OK) {
        return rc;
    }
    store_close(c->st);
    c->st = NULL;

    struct api_app app = {.db_url = c->db_url,
                          .session_idle_s = s.session_idle_min * 60,
                          .session_max_s = s.session_max_days * 86400,
                          .secure_cookies = s.secure_cookies,
                          .clock = server_clock};
    if (getenv("OKR_NOW") && *getenv("OKR_NOW")) {
        fixed_now = c->svc.now;
    }
    /* One table: the web UI's pages, then the API. web_authorize answers for the web's routes
     * and hands the API's to api_authorize. */
    size_t nroutes = web_route_count + api_route_count;
    struct route *routes = arena_alloc(&c->arena, nroutes * sizeof *routes);
    memcpy(routes, web_routes, web_route_count * sizeof *routes);
    memcpy(routes + web_route_count, api_routes, api_route_count * sizeof *routes);
    struct http_config cfg = {.listen = s.listen,
                              .threads = (unsigned)s.threads,
                              .max_body_bytes = (size_t)s.max_body_kib * 1024,
                              .trusted_proxy = s.trusted_proxy};
    web_server_hooks(&cfg);
    struct http_server *srv;
    struct err err = {0};
    if (http_server_start(&cfg, routes, nroutes, &app, &srv, &err) != ERR_OK) {
        return cli_fail(c, &err);
    }
    char db[512];
    db_for_log(c->db_url, db, sizeof db);
    log_msg(LOG_INFO, "okr serving %s on http://%s (port %u)", db, s.listen,
            (unsigned)http_server_port(srv));
    int sig = http_server_run_until_signal(srv);
    log_msg(LOG_INFO, "okr stopped (signal %d)", sig);
    return EXIT_OK;
}
