/* Accounts (service/account.c, api/auth.c, api/account_routes.c). Service tests run on a real
 * SQLite file from mkstemp in /tmp (removed afterwards) and drive time through svc.now, never the
 * wall clock: sign-up, login and its rate limits, sessions and their expiry, API tokens and
 * invitations. HTTP tests start the server on a loopback port with the account routes, the
 * authorize hook and a few test routes, and speak raw HTTP/1.1: cookie attributes, CSRF (token
 * and origin), bearer tokens, 401 problems, admin routes and logout. Suite: account. */
#include "api/account.h"
#include "api/api.h"
#include "core/arena.h"
#include "core/err.h"
#include "domain/meta.h"
#include "domain/model.h"
#include "http/server.h"
#include "service/account.h"
#include "service/service.h"
#include "service/token_cache.h"
#include "store/store.h"

#include <criterion/criterion.h>

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { T0 = 1767225600 }; /* 2026-01-01T00:00:00Z */

static const char PW[] = "correct horse battery";

/* ---- fixture: a fresh database and a service context ---- */

static struct {
    char path[256];
    struct store *st;
    struct arena a;
    struct svc s;
} F;

static void remove_db(const char *path)
{
    char p[300];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* The suite's init and an HTTP test's own init both run: the second call finds it done. */
static void setup(void)
{
    if (F.st) {
        return;
    }
    memset(&F, 0, sizeof F);
    snprintf(F.path, sizeof F.path, "/tmp/okr-account-XXXXXX");
    int fd = mkstemp(F.path);
    cr_assert_geq(fd, 0, "mkstemp failed");
    close(fd);
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_open(F.path, &F.st, &err), ERR_OK, "store_open: %s", err.msg);
    arena_init(&F.a, 0);
    F.s = (struct svc){.st = F.st, .a = &F.a, .now = T0};
}

static void teardown(void)
{
    if (!F.st) {
        return;
    }
    store_close(F.st);
    F.st = NULL;
    arena_free(&F.a);
    remove_db(F.path);
}

TestSuite(account, .init = setup, .fini = teardown);

/* A service context acting for nobody at time now (a fresh request). */
static struct svc anon(int64_t now)
{
    return (struct svc){.st = F.st, .a = &F.a, .now = now};
}

/* A service context acting as user (looked up) in tenant. */
static struct svc as_user(int64_t tenant, int64_t user_id, int64_t now)
{
    struct svc s = anon(now);
    s.tenant_id = tenant;
    struct user u;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_get(F.st, &entity_user, tenant, user_id, &u, &F.a, &err), ERR_OK);
    s.actor = (struct actor){.user_id = user_id, .admin = u.role == ROLE_ADMIN};
    return s;
}

static struct credential signup(const char *tenant, const char *email, const char *password)
{
    struct svc s = anon(T0);
    struct credential c;
    struct err err;
    err_clear(&err);
    enum err_code rc = svc_signup(&s, tenant, "Ada Admin", email, password, &c, &err);
    cr_assert_eq(rc, ERR_OK, "signup: %s (%s)", err.msg, err.field);
    return c;
}

static enum err_code login(int64_t tenant, const char *email, const char *password,
                           const char *client, int64_t now, struct credential *c, struct err *err)
{
    struct svc s = anon(now);
    err_clear(err);
    return svc_login(&s, tenant, email, password, client, c, err);
}

static enum err_code check(const char *token, int64_t now, const struct session_policy *p,
                           struct svc *out)
{
    struct svc s = anon(now);
    int64_t sid = 0;
    const char *csrf = NULL;
    struct err err;
    err_clear(&err);
    enum err_code rc = svc_session_check(&s, token, p, &sid, &csrf, &err);
    if (out) {
        *out = s;
    }
    return rc;
}

/* Invites a member into the signed-up tenant c (as its admin); returns the invitation. */
static struct credential invite(const struct credential *admin, const char *email,
                                struct user *u_out)
{
    struct svc s = as_user(admin->tenant_id, admin->user_id, T0);
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = "Mei Member";
    u.email = email;
    struct credential inv;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite(&s, &u, &inv, &err), ERR_OK, "invite: %s", err.msg);
    if (u_out) {
        *u_out = u;
    }
    return inv;
}

/* A member of admin's tenant who accepted an invitation; returns their session. */
static struct credential member(const struct credential *admin, const char *email)
{
    struct credential inv = invite(admin, email, NULL);
    struct svc s = anon(T0);
    struct credential c;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite_accept(&s, inv.token, PW, &c, &err), ERR_OK, "accept: %s", err.msg);
    return c;
}

static struct user get_user(int64_t tenant, int64_t id)
{
    struct user u;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_get(F.st, &entity_user, tenant, id, &u, &F.a, &err), ERR_OK);
    return u;
}

/* ---- sign-up ---- */

Test(account, signup_creates_tenant_admin_and_session)
{
    struct svc s = anon(T0);
    struct credential c;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_signup(&s, "Acme 公司", "Ada Admin", "Ada@Example.com", PW, &c, &err), ERR_OK,
                 "%s", err.msg);
    cr_assert_gt(c.tenant_id, 0);
    cr_assert_gt(c.user_id, 0);
    cr_assert_eq(s.tenant_id, c.tenant_id);
    cr_assert_eq(s.actor.user_id, c.user_id);
    cr_assert(s.actor.admin);
    cr_assert_eq(strlen(c.csrf), 64);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%lld.%lld.", (long long)c.tenant_id, (long long)c.id);
    cr_assert_eq(strncmp(c.token, prefix, strlen(prefix)), 0, "token %s", c.token);

    struct tenant t;
    cr_assert_eq(store_get(F.st, &entity_tenant, 0, c.tenant_id, &t, &F.a, &err), ERR_OK);
    cr_assert_str_eq(t.name, "Acme 公司");
    struct user u = get_user(c.tenant_id, c.user_id);
    cr_assert_eq(u.role, ROLE_ADMIN);
    cr_assert_eq(u.active, 1);
    cr_assert_str_eq(u.email, "ada@example.com");
    cr_assert_eq(strncmp(u.password_hash, "$argon2id$", 10), 0, "%s", u.password_hash);
    cr_assert_null(strstr(u.password_hash, PW));

    struct svc who;
    cr_assert_eq(check(c.token, T0 + 1, NULL, &who), ERR_OK);
    cr_assert_eq(who.tenant_id, c.tenant_id);
    cr_assert_eq(who.actor.user_id, c.user_id);
    cr_assert(who.actor.admin);
}

Test(account, signup_validates_and_writes_nothing)
{
    static const struct {
        const char *tenant, *email, *password, *field;
    } cases[] = {
        {"Acme", "ada@example.com", "short", "password"},
        {"", "ada@example.com", PW, "tenant_name"},
        {"Acme", "not an email", PW, "email"},
        {"Acme", "ada@example.com", NULL, "password"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct svc s = anon(T0);
        struct credential c;
        struct err err;
        err_clear(&err);
        enum err_code rc =
            svc_signup(&s, cases[i].tenant, "Ada", cases[i].email, cases[i].password, &c, &err);
        cr_assert_eq(rc, ERR_INVALID, "case %zu: %s", i, err_code_name(rc));
        cr_assert_str_eq(err.field, cases[i].field, "case %zu", i);
        cr_assert_eq(s.tenant_id, 0);
    }
    struct query q = {0};
    struct rows r;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_list(F.st, &entity_tenant, &q, &F.a, &r, &err), ERR_OK);
    cr_assert_eq(r.n, 0);
}

/* ---- login ---- */

Test(account, login_ok_starts_a_new_session_each_time)
{
    struct credential first = signup("Acme", "ada@example.com", PW);
    struct credential a, b;
    struct err err;
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &a, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(login(first.tenant_id, "ADA@example.COM", PW, "10.0.0.1", T0, &b, &err), ERR_OK,
                 "%s", err.msg);
    cr_assert_eq(a.tenant_id, first.tenant_id);
    cr_assert_eq(a.user_id, first.user_id);
    cr_assert_neq(a.id, first.id);
    cr_assert_neq(b.id, a.id);
    cr_assert_str_neq(a.token, b.token);
    cr_assert_str_neq(a.csrf, b.csrf);
    cr_assert_eq(check(a.token, T0, NULL, NULL), ERR_OK);
    cr_assert_eq(check(b.token, T0, NULL, NULL), ERR_OK);
    /* A replaced session can be ended by its token (what login does with an old cookie). */
    struct svc s = anon(T0);
    err_clear(&err);
    cr_assert_eq(svc_session_revoke(&s, a.token, &err), ERR_OK);
    cr_assert_eq(check(a.token, T0, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(b.token, T0, NULL, NULL), ERR_OK);
}

Test(account, login_failures_say_the_same_whatever_was_wrong)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct credential out;
    struct err wrong_pw, unknown, wrong_tenant;
    cr_assert_eq(login(0, "ada@example.com", "wrong password!", "10.0.0.1", T0, &out, &wrong_pw),
                 ERR_UNAUTHORIZED);
    cr_assert_eq(out.id, 0);
    cr_assert_eq(login(0, "nobody@example.com", PW, "10.0.0.1", T0, &out, &unknown),
                 ERR_UNAUTHORIZED);
    cr_assert_eq(login(c.tenant_id + 1, "ada@example.com", PW, "10.0.0.1", T0, &out, &wrong_tenant),
                 ERR_UNAUTHORIZED);
    cr_assert_str_eq(wrong_pw.msg, "email or password is wrong");
    cr_assert_str_eq(unknown.msg, wrong_pw.msg);
    cr_assert_str_eq(wrong_tenant.msg, wrong_pw.msg);
    cr_assert_str_eq(unknown.field, wrong_pw.field);
}

Test(account, login_rate_limit_per_account)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    signup("Beta", "bo@example.com", PW);
    struct credential out;
    struct err err;
    char addr[32];
    /* Five failures from five addresses: the account's limit, not an address's. */
    for (int i = 0; i < 5; i++) {
        snprintf(addr, sizeof addr, "10.0.1.%d", i);
        cr_assert_eq(login(0, "ada@example.com", "wrong password!", addr, T0 + i, &out, &err),
                     ERR_UNAUTHORIZED, "failure %d", i + 1);
    }
    enum err_code rc = login(0, "ada@example.com", PW, "10.0.2.1", T0 + 10, &out, &err);
    cr_assert_eq(rc, ERR_TOO_MANY, "6th attempt: %s", err_code_name(rc));
    cr_assert_not_null(strstr(err.msg, "wait"), "%s", err.msg);
    rc = login(c.tenant_id, "ada@example.com", "wrong password!", "10.0.2.1", T0 + 10, &out, &err);
    cr_assert_eq(rc, ERR_TOO_MANY);
    /* Another account from the same addresses is not affected. */
    cr_assert_eq(login(0, "bo@example.com", PW, "10.0.1.0", T0 + 10, &out, &err), ERR_OK, "%s",
                 err.msg);
    /* The limit holds for fifteen minutes after the first failure, then it ages out. */
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.2.1", T0 + 899, &out, &err), ERR_TOO_MANY);
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.2.1", T0 + 900, &out, &err), ERR_OK, "%s",
                 err.msg);
}

Test(account, login_success_clears_the_accounts_failures)
{
    signup("Acme", "ada@example.com", PW);
    struct credential out;
    struct err err;
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(login(0, "ada@example.com", "wrong password!", "10.0.0.1", T0, &out, &err),
                     ERR_UNAUTHORIZED);
    }
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &out, &err), ERR_OK, "%s",
                 err.msg);
    for (int i = 0; i < 5; i++) {
        enum err_code rc =
            login(0, "ada@example.com", "wrong password!", "10.0.0.1", T0, &out, &err);
        cr_assert_eq(rc, ERR_UNAUTHORIZED, "failure %d after a success: %s", i + 1,
                     err_code_name(rc));
    }
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &out, &err), ERR_TOO_MANY);
}

Test(account, login_rate_limit_per_address)
{
    signup("Acme", "ada@example.com", PW);
    struct credential out;
    struct err err;
    char email[64];
    /* 20 failures from one address, spread over unknown emails (4 each, under their limit). */
    for (int i = 0; i < 20; i++) {
        snprintf(email, sizeof email, "guess%d@example.com", i / 4);
        cr_assert_eq(login(0, email, "wrong password!", "192.0.2.7", T0 + i, &out, &err),
                     ERR_UNAUTHORIZED, "failure %d: %s", i + 1, err.msg);
    }
    enum err_code rc = login(0, "ada@example.com", PW, "192.0.2.7", T0 + 30, &out, &err);
    cr_assert_eq(rc, ERR_TOO_MANY, "21st attempt from the address: %s", err_code_name(rc));
    cr_assert_eq(login(0, "ada@example.com", PW, "192.0.2.8", T0 + 30, &out, &err), ERR_OK, "%s",
                 err.msg);
}

Test(account, unknown_email_is_limited_like_a_known_one)
{
    struct credential out;
    struct err err;
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(login(0, "nobody@example.com", "wrong password!", "10.0.0.1", T0, &out, &err),
                     ERR_UNAUTHORIZED);
    }
    cr_assert_eq(login(0, "nobody@example.com", "wrong password!", "10.0.0.1", T0, &out, &err),
                 ERR_TOO_MANY);
}

Test(account, inactive_user_cannot_log_in_and_loses_sessions)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential m = member(&admin, "mei@example.com");
    cr_assert_eq(check(m.token, T0, NULL, NULL), ERR_OK);
    struct svc s = as_user(admin.tenant_id, admin.user_id, T0);
    struct user u = get_user(admin.tenant_id, m.user_id);
    u.active = 0;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_update(&s, &entity_user, &u, &err), ERR_OK, "%s", err.msg);
    struct credential out;
    cr_assert_eq(login(0, "mei@example.com", PW, "10.0.0.1", T0, &out, &err), ERR_FORBIDDEN, "%s",
                 err.msg);
    cr_assert_eq(out.id, 0);
    cr_assert_eq(check(m.token, T0, NULL, NULL), ERR_UNAUTHORIZED);
    /* An invited user who has not accepted has no password at all. */
    invite(&admin, "new@example.com", NULL);
    cr_assert_eq(login(0, "new@example.com", "", "10.0.0.1", T0, &out, &err), ERR_INVALID);
    cr_assert_eq(login(0, "new@example.com", "anything at all", "10.0.0.1", T0, &out, &err),
                 ERR_UNAUTHORIZED);
}

/* A password set by an admin (a reset) ends every session of the person, and only theirs. */
Test(account, a_new_password_ends_the_persons_sessions)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential m = member(&admin, "mei@example.com");
    struct credential second;
    struct err err;
    err_clear(&err);
    cr_assert_eq(login(0, "mei@example.com", PW, "10.0.0.1", T0, &second, &err), ERR_OK);
    cr_assert_eq(check(m.token, T0, NULL, NULL), ERR_OK);
    struct svc s = as_user(admin.tenant_id, admin.user_id, T0);
    cr_assert_eq(svc_password_set(&s, m.user_id, "another pass phrase", &err), ERR_OK, "%s",
                 err.msg);
    cr_assert_eq(check(m.token, T0 + 1, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(second.token, T0 + 1, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(admin.token, T0 + 1, NULL, NULL), ERR_OK, "the admin's own stays");
    struct credential fresh;
    cr_assert_eq(login(0, "mei@example.com", "another pass phrase", "10.0.0.1", T0, &fresh, &err),
                 ERR_OK, "%s", err.msg);
    cr_assert_eq(check(fresh.token, T0 + 1, NULL, NULL), ERR_OK);
}

Test(account, one_email_in_two_tenants)
{
    struct credential a = signup("Acme", "ada@example.com", PW);
    struct credential b = signup("Beta", "ada@example.com", PW);
    struct credential out;
    struct err err;
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &out, &err), ERR_INVALID);
    cr_assert_str_eq(err.field, "tenant_id");
    cr_assert_eq(login(b.tenant_id, "ada@example.com", PW, "10.0.0.1", T0, &out, &err), ERR_OK,
                 "%s", err.msg);
    cr_assert_eq(out.tenant_id, b.tenant_id);
    /* With different passwords, the password tells them apart. */
    signup("Gamma", "bo@example.com", PW);
    struct credential d = signup("Delta", "bo@example.com", "another long password");
    cr_assert_eq(login(0, "bo@example.com", "another long password", "10.0.0.1", T0, &out, &err),
                 ERR_OK, "%s", err.msg);
    cr_assert_eq(out.tenant_id, d.tenant_id);
    cr_assert_neq(a.tenant_id, b.tenant_id);
}

Test(account, tenant_delete_forgets_its_login_attempts)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct credential out;
    struct err err;
    cr_assert_eq(login(0, "ada@example.com", "wrong password!", "10.0.0.9", T0, &out, &err),
                 ERR_UNAUTHORIZED);
    int64_t n = 0;
    char key[64];
    snprintf(key, sizeof key, "acct:%lld:ada@example.com", (long long)c.tenant_id);
    cr_assert_eq(F.st->ops->attempts_count(F.st, c.tenant_id, key, 0, &n, &err), ERR_OK);
    cr_assert_eq(n, 1);
    cr_assert_eq(store_remove(F.st, &entity_tenant, 0, c.tenant_id, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(F.st->ops->attempts_count(F.st, c.tenant_id, key, 0, &n, &err), ERR_OK);
    cr_assert_eq(n, 0);
    /* The address's row belongs to no tenant and stays until it ages out. */
    cr_assert_eq(F.st->ops->attempts_count(F.st, 0, "addr:10.0.0.9", 0, &n, &err), ERR_OK);
    cr_assert_eq(n, 1);
}

/* ---- sessions ---- */

Test(account, session_check_resolves_tenant_user_and_csrf)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct svc s = anon(T0 + 5);
    int64_t sid = 0;
    const char *csrf = NULL;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_session_check(&s, c.token, NULL, &sid, &csrf, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(sid, c.id);
    cr_assert_str_eq(csrf, c.csrf);
    cr_assert_eq(s.tenant_id, c.tenant_id);
    cr_assert_eq(s.actor.user_id, c.user_id);
    cr_assert(!s.actor.system);
}

Test(account, session_idle_expiry)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct session_policy p = {.idle_s = 3600, .max_s = 30 * 86400};
    cr_assert_eq(check(c.token, T0 + 1800, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 1800 + 3599, &p, NULL), ERR_OK, "use keeps it alive");
    cr_assert_eq(check(c.token, T0 + 1800 + 3599 + 3599, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 1800 + 3599 + 3599 + 3600, &p, NULL), ERR_UNAUTHORIZED,
                 "idle for an hour");
    /* Another session left alone for the idle time ends. */
    struct credential d;
    struct err err;
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &d, &err), ERR_OK);
    cr_assert_eq(check(d.token, T0 + 3600, &p, NULL), ERR_UNAUTHORIZED);
}

Test(account, session_absolute_expiry)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct session_policy p = {.idle_s = 3600, .max_s = 7200};
    cr_assert_eq(check(c.token, T0 + 1800, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 3600, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 5400, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 7199, &p, NULL), ERR_OK);
    cr_assert_eq(check(c.token, T0 + 7200, &p, NULL), ERR_UNAUTHORIZED, "in use but too old");
    /* Whatever the policy, no session outlives ACCOUNT_SESSION_TTL_S. */
    struct credential d;
    struct err err;
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &d, &err), ERR_OK);
    struct session_policy lax = {.idle_s = 365 * 86400, .max_s = 365 * 86400};
    cr_assert_eq(check(d.token, T0 + ACCOUNT_SESSION_TTL_S - 1, &lax, NULL), ERR_OK);
    cr_assert_eq(check(d.token, T0 + ACCOUNT_SESSION_TTL_S, &lax, NULL), ERR_UNAUTHORIZED);
}

Test(account, last_use_is_written_at_most_once_a_minute)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct session ss;
    struct err err;
    err_clear(&err);
    cr_assert_eq(check(c.token, T0 + 59, NULL, NULL), ERR_OK);
    cr_assert_eq(store_get(F.st, &entity_session, c.tenant_id, c.id, &ss, &F.a, &err), ERR_OK);
    cr_assert_eq(ss.last_seen, T0);
    cr_assert_eq(check(c.token, T0 + 60, NULL, NULL), ERR_OK);
    cr_assert_eq(store_get(F.st, &entity_session, c.tenant_id, c.id, &ss, &F.a, &err), ERR_OK);
    cr_assert_eq(ss.last_seen, T0 + 60);
    cr_assert_eq(ss.created, T0);
}

Test(account, logout_revokes_the_session)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct svc s = as_user(c.tenant_id, c.user_id, T0);
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_logout(&s, c.id, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(check(c.token, T0 + 1, NULL, NULL), ERR_UNAUTHORIZED);
    /* Another user's session is not theirs to end. */
    struct credential m = member(&c, "mei@example.com");
    struct credential again;
    cr_assert_eq(login(0, "ada@example.com", PW, "10.0.0.1", T0, &again, &err), ERR_OK);
    struct svc ms = as_user(m.tenant_id, m.user_id, T0);
    cr_assert_eq(svc_logout(&ms, again.id, &err), ERR_NOT_FOUND);
    cr_assert_eq(check(again.token, T0 + 1, NULL, NULL), ERR_OK);
}

Test(account, token_of_another_tenant_is_refused)
{
    struct credential a = signup("Acme", "ada@example.com", PW);
    struct credential b = signup("Beta", "bo@example.com", PW);
    cr_assert_eq(a.id, b.id, "both tenants' first sessions have one id");
    /* a's secret under b's tenant names b's session with the wrong secret. */
    char forged[ACCOUNT_SECRET_MAX];
    snprintf(forged, sizeof forged, "%lld%s", (long long)b.tenant_id, strchr(a.token, '.'));
    cr_assert_eq(check(forged, T0, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(a.token, T0, NULL, NULL), ERR_OK);
}

Test(account, tampered_or_malformed_tokens_are_refused)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    char t[ACCOUNT_SECRET_MAX];
    snprintf(t, sizeof t, "%s", c.token);
    size_t n = strlen(t);
    t[n - 1] = t[n - 1] == 'a' ? 'b' : 'a';
    cr_assert_eq(check(t, T0, NULL, NULL), ERR_UNAUTHORIZED, "last digit changed");
    const char *secret = strrchr(c.token, '.') + 1;
    char bad[6][ACCOUNT_SECRET_MAX + 16];
    snprintf(bad[0], sizeof bad[0], "%lld.%lld", (long long)c.tenant_id, (long long)c.id);
    snprintf(bad[1], sizeof bad[1], "%s0", c.token);
    snprintf(bad[2], sizeof bad[2], "0%s", c.token);
    snprintf(bad[3], sizeof bad[3], "%lld.%lld.%.63s", (long long)c.tenant_id, (long long)c.id,
             secret);
    snprintf(bad[4], sizeof bad[4], "%s", c.token);
    for (char *p = strrchr(bad[4], '.') + 1; *p; p++) {
        if (*p >= 'a' && *p <= 'f') {
            *p = (char)(*p - 'a' + 'A');
        }
    }
    snprintf(bad[5], sizeof bad[5], "-%s", c.token);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_eq(check(bad[i], T0, NULL, NULL), ERR_UNAUTHORIZED, "token %s", bad[i]);
    }
    cr_assert_eq(check("", T0, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(NULL, T0, NULL, NULL), ERR_UNAUTHORIZED);
    cr_assert_eq(check(c.token, T0, NULL, NULL), ERR_OK);
}

/* ---- API tokens ---- */

Test(account, api_token_create_check_list_revoke)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    struct svc s = as_user(c.tenant_id, c.user_id, T0);
    struct credential tok;
    int64_t id = 0;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_token_create(&s, "CI 构建", &tok, &id, &err), ERR_OK, "%s", err.msg);
    cr_assert_gt(id, 0);
    cr_assert_eq(tok.id, id);

    struct svc t = anon(T0 + 120);
    err_clear(&err);
    cr_assert_eq(svc_token_check(&t, tok.token, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(t.tenant_id, c.tenant_id);
    cr_assert_eq(t.actor.user_id, c.user_id);
    cr_assert(t.actor.admin);
    /* A session token is not an API token (different records, different secret). */
    t = anon(T0);
    cr_assert_eq(svc_token_check(&t, c.token, &err), ERR_UNAUTHORIZED);

    /* Listed without the secret: the store keeps a hash, the JSON leaves even that out. */
    struct query q = {.by = "user_id", .key = c.user_id};
    struct rows r;
    cr_assert_eq(svc_list(&s, &entity_api_token, &q, &r, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(r.n, 1);
    const struct api_token *row = r.items;
    const char *secret = strrchr(tok.token, '.') + 1;
    cr_assert_str_eq(row->name, "CI 构建");
    cr_assert_eq(row->last_used, T0 + 120);
    cr_assert_eq(strlen(row->secret_hash), 64);
    cr_assert_str_neq(row->secret_hash, secret);
    struct sb out;
    sb_init(&out);
    struct json j;
    json_init(&j, &out, 0);
    meta_write_json(&entity_api_token, row, &j);
    cr_assert_not_null(strstr(sb_cstr(&out), "CI 构建"));
    cr_assert_null(strstr(sb_cstr(&out), secret));
    cr_assert_null(strstr(sb_cstr(&out), row->secret_hash));
    cr_assert_null(strstr(sb_cstr(&out), "secret"));
    sb_free(&out);

    err_clear(&err);
    cr_assert_eq(svc_token_revoke(&s, id, &err), ERR_OK, "%s", err.msg);
    t = anon(T0 + 200);
    cr_assert_eq(svc_token_check(&t, tok.token, &err), ERR_UNAUTHORIZED);
    cr_assert_eq(svc_token_revoke(&s, id + 100, &err), ERR_NOT_FOUND);
}

Test(account, api_token_revoke_by_owner_or_admin_only)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential m1 = member(&admin, "mei@example.com");
    struct credential m2 = member(&admin, "max@example.com");
    struct svc s1 = as_user(m1.tenant_id, m1.user_id, T0);
    struct credential tok;
    int64_t id;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_token_create(&s1, "script", &tok, &id, &err), ERR_OK, "%s", err.msg);
    struct svc s2 = as_user(m2.tenant_id, m2.user_id, T0);
    cr_assert_eq(svc_token_revoke(&s2, id, &err), ERR_NOT_FOUND);
    struct svc t = anon(T0);
    cr_assert_eq(svc_token_check(&t, tok.token, &err), ERR_OK, "still valid");
    struct svc sa = as_user(admin.tenant_id, admin.user_id, T0);
    cr_assert_eq(svc_token_revoke(&sa, id, &err), ERR_OK, "%s", err.msg);
    t = anon(T0);
    cr_assert_eq(svc_token_check(&t, tok.token, &err), ERR_UNAUTHORIZED);
    /* The operator is no user: it gets no token. */
    struct svc op = anon(T0);
    op.tenant_id = admin.tenant_id;
    op.actor.system = true;
    cr_assert_eq(svc_token_create(&op, "x", &tok, &id, &err), ERR_FORBIDDEN);
}

/* ---- the token cache (service/token_cache.h) ---- */

static struct credential token_of(const struct credential *c, int64_t *id)
{
    struct svc s = as_user(c->tenant_id, c->user_id, T0);
    struct credential tok;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_token_create(&s, "cache", &tok, id, &err), ERR_OK, "%s", err.msg);
    return tok;
}

/* Checks token at now; *queries gets the statements the check ran. */
static enum err_code token_check_at(const char *token, int64_t now, struct svc *out,
                                    unsigned long *queries)
{
    struct svc t = anon(now);
    struct err err;
    err_clear(&err);
    unsigned long q0 = F.st->queries;
    enum err_code rc = svc_token_check(&t, token, &err);
    if (queries) {
        *queries = F.st->queries - q0;
    }
    if (out) {
        *out = t;
    }
    return rc;
}

Test(account, api_token_check_is_cached_for_a_bounded_time)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    int64_t id;
    struct credential tok = token_of(&c, &id);
    unsigned long q;
    struct svc t;
    cr_assert_eq(token_check_at(tok.token, T0 + 10, &t, &q), ERR_OK);
    cr_assert_gt(q, 0, "the first check reads the store");
    cr_assert_eq(token_check_at(tok.token, T0 + 10, &t, &q), ERR_OK);
    cr_assert_eq(q, 0, "checked a moment ago: %lu statements", q);
    cr_assert_eq(t.tenant_id, c.tenant_id);
    cr_assert_eq(t.actor.user_id, c.user_id);
    cr_assert(t.actor.admin);
    cr_assert_eq(token_check_at(tok.token, T0 + 10 + TOKEN_CACHE_TTL_S, NULL, &q), ERR_OK);
    cr_assert_gt(q, 0, "after the TTL the store is read again");
    /* A clock that went back does not trust what it remembers either. */
    cr_assert_eq(token_check_at(tok.token, T0 + 5, NULL, &q), ERR_OK);
    cr_assert_gt(q, 0);
    /* The cached hash is compared with the presented secret: a wrong one is refused. */
    char bad[sizeof tok.token];
    snprintf(bad, sizeof bad, "%s", tok.token);
    char *last = bad + strlen(bad) - 1;
    *last = *last == '0' ? '1' : '0';
    cr_assert_eq(token_check_at(tok.token, T0 + 5, NULL, &q), ERR_OK);
    cr_assert_eq(token_check_at(bad, T0 + 5, NULL, NULL), ERR_UNAUTHORIZED);
}

Test(account, api_token_revoked_here_is_refused_at_once)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    int64_t id;
    struct credential tok = token_of(&c, &id);
    cr_assert_eq(token_check_at(tok.token, T0 + 10, NULL, NULL), ERR_OK);
    struct svc s = as_user(c.tenant_id, c.user_id, T0 + 10);
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_token_revoke(&s, id, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(token_check_at(tok.token, T0 + 10, NULL, NULL), ERR_UNAUTHORIZED);
}

Test(account, api_token_of_a_user_changed_here_is_checked_again)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential m = member(&admin, "mei@example.com");
    int64_t id, mid;
    struct credential tok = token_of(&admin, &id);
    struct credential mtok = token_of(&m, &mid);
    struct svc t;
    cr_assert_eq(token_check_at(tok.token, T0 + 10, &t, NULL), ERR_OK);
    cr_assert(t.actor.admin);
    cr_assert_eq(token_check_at(mtok.token, T0 + 10, NULL, NULL), ERR_OK);
    /* The admin makes the member an admin and gives up the role: the next check says so. */
    struct svc sa = as_user(admin.tenant_id, admin.user_id, T0 + 10);
    struct err err;
    err_clear(&err);
    struct user u;
    cr_assert_eq(svc_get(&sa, &entity_user, m.user_id, &u, &err), ERR_OK, "%s", err.msg);
    u.role = ROLE_ADMIN;
    cr_assert_eq(svc_update(&sa, &entity_user, &u, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(svc_get(&sa, &entity_user, admin.user_id, &u, &err), ERR_OK, "%s", err.msg);
    u.role = ROLE_MEMBER;
    cr_assert_eq(svc_update(&sa, &entity_user, &u, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(token_check_at(tok.token, T0 + 10, &t, NULL), ERR_OK);
    cr_assert_not(t.actor.admin, "the role change is seen at once");
    /* Deactivated: refused at once. */
    struct svc sm = as_user(m.tenant_id, m.user_id, T0 + 10);
    cr_assert_eq(svc_get(&sm, &entity_user, admin.user_id, &u, &err), ERR_OK, "%s", err.msg);
    u.active = 0;
    cr_assert_eq(svc_update(&sm, &entity_user, &u, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(token_check_at(tok.token, T0 + 10, NULL, NULL), ERR_UNAUTHORIZED);
}

Test(account, api_token_revoked_by_another_process_is_refused_within_the_ttl)
{
    struct credential c = signup("Acme", "ada@example.com", PW);
    int64_t id;
    struct credential tok = token_of(&c, &id);
    cr_assert_eq(token_check_at(tok.token, T0 + 10, NULL, NULL), ERR_OK);
    /* Straight through the store, as the CLI or another server would: this process is not
     * told, so the bound is the TTL. */
    struct api_token at;
    struct err err;
    err_clear(&err);
    cr_assert_eq(store_get(F.st, &entity_api_token, c.tenant_id, id, &at, &F.a, &err), ERR_OK);
    at.revoked = 1;
    cr_assert_eq(store_update(F.st, &entity_api_token, &at, &err), ERR_OK, "%s", err.msg);
    cr_assert_eq(token_check_at(tok.token, T0 + 10 + TOKEN_CACHE_TTL_S - 1, NULL, NULL), ERR_OK,
                 "within the TTL: still the remembered answer");
    cr_assert_eq(token_check_at(tok.token, T0 + 10 + TOKEN_CACHE_TTL_S, NULL, NULL),
                 ERR_UNAUTHORIZED);
}

/* ---- invitations ---- */

Test(account, invitation_accept_sets_password_and_activates)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct user u;
    struct credential inv = invite(&admin, "Mei@Example.com", &u);
    struct user stored = get_user(admin.tenant_id, u.id);
    cr_assert_eq(stored.active, 0);
    cr_assert_str_eq(stored.password_hash, "");
    cr_assert_str_eq(stored.email, "mei@example.com");
    cr_assert_eq(stored.role, ROLE_MEMBER);
    cr_assert_eq(inv.user_id, u.id);

    struct svc s = anon(T0 + 3600);
    struct credential c;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite_accept(&s, inv.token, "my own long password", &c, &err), ERR_OK, "%s",
                 err.msg);
    cr_assert_eq(c.user_id, u.id);
    cr_assert_eq(s.tenant_id, admin.tenant_id);
    cr_assert_eq(s.actor.user_id, u.id);
    cr_assert(!s.actor.admin);
    stored = get_user(admin.tenant_id, u.id);
    cr_assert_eq(stored.active, 1);
    cr_assert_eq(strncmp(stored.password_hash, "$argon2id$", 10), 0);
    cr_assert_eq(check(c.token, T0 + 3600, NULL, NULL), ERR_OK);
    struct credential out;
    cr_assert_eq(login(0, "mei@example.com", "my own long password", "10.0.0.1", T0, &out, &err),
                 ERR_OK, "%s", err.msg);
}

Test(account, invitation_is_single_use)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential inv = invite(&admin, "mei@example.com", NULL);
    struct svc s = anon(T0);
    struct credential c;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite_accept(&s, inv.token, PW, &c, &err), ERR_OK, "%s", err.msg);
    s = anon(T0 + 1);
    enum err_code rc = svc_invite_accept(&s, inv.token, "a different password", &c, &err);
    cr_assert_eq(rc, ERR_CONFLICT, "second use: %s", err_code_name(rc));
    cr_assert_eq(c.id, 0);
    struct credential out;
    cr_assert_eq(login(0, "mei@example.com", "a different password", "10.0.0.1", T0, &out, &err),
                 ERR_UNAUTHORIZED, "the second use changed the password");
}

Test(account, invitation_expires_after_seven_days)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential late = invite(&admin, "late@example.com", NULL);
    struct credential edge = invite(&admin, "edge@example.com", NULL);
    struct svc s = anon(T0 + ACCOUNT_INVITE_TTL_S);
    struct credential c;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite_accept(&s, late.token, PW, &c, &err), ERR_UNAUTHORIZED);
    cr_assert_not_null(strstr(err.msg, "expired"), "%s", err.msg);
    cr_assert_eq(get_user(admin.tenant_id, late.user_id).active, 0);
    s = anon(T0 + ACCOUNT_INVITE_TTL_S - 1);
    cr_assert_eq(svc_invite_accept(&s, edge.token, PW, &c, &err), ERR_OK, "%s", err.msg);
    /* A tampered invitation is no invitation. */
    char t[ACCOUNT_SECRET_MAX];
    snprintf(t, sizeof t, "%s", late.token);
    t[strlen(t) - 1] = t[strlen(t) - 1] == '0' ? '1' : '0';
    s = anon(T0);
    cr_assert_eq(svc_invite_accept(&s, t, PW, &c, &err), ERR_UNAUTHORIZED);
    cr_assert_str_eq(err.field, "invitation");
}

Test(account, only_admins_invite)
{
    struct credential admin = signup("Acme", "ada@example.com", PW);
    struct credential m = member(&admin, "mei@example.com");
    struct svc s = as_user(m.tenant_id, m.user_id, T0);
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = "Eve";
    u.email = "eve@example.com";
    struct credential inv;
    struct err err;
    err_clear(&err);
    cr_assert_eq(svc_invite(&s, &u, &inv, &err), ERR_FORBIDDEN);
    struct rows r;
    cr_assert_eq(
        F.st->ops->users_by_email(F.st, admin.tenant_id, "eve@example.com", 4, &F.a, &r, &err),
        ERR_OK);
    cr_assert_eq(r.n, 0, "a refused invitation made a user");
    /* Admins cannot invite an email that is already a user here. */
    struct svc sa = as_user(admin.tenant_id, admin.user_id, T0);
    u.email = "MEI@example.com";
    cr_assert_eq(svc_invite(&sa, &u, &inv, &err), ERR_CONFLICT);
    cr_assert_str_eq(err.field, "email");
}

/* ---------------------------------------------------------------------------------------------
 * HTTP: the server on a loopback port */

static _Atomic int64_t http_now = T0;
static int64_t test_clock(void)
{
    return atomic_load(&http_now);
}

static struct api_app app;
static struct http_server *srv;
static uint16_t port;
static struct route *all_routes;

static void h_whoami(void *a, struct http_request *req, struct http_response *resp)
{
    struct svc s = api_svc(a, req);
    struct json *j = http_respond_json(resp, 200);
    json_obj_open(j);
    json_key(j, "tenant_id");
    json_int(j, s.tenant_id);
    json_key(j, "user_id");
    json_int(j, s.actor.user_id);
    json_obj_close(j);
}

static const struct route test_routes[] = {
    {"GET", "/test/read", h_whoami, 0, NULL},
    {"POST", "/test/write", h_whoami, ROUTE_CSRF, NULL},
    {"GET", "/test/admin", h_whoami, 0, "admin"},
    {"GET", "/test/public", h_whoami, ROUTE_PUBLIC, NULL},
};

static void http_setup(void)
{
    setup();
    atomic_store(&http_now, T0);
    app = (struct api_app){
        .db_url = F.path, .session_idle_s = 3600, .session_max_s = 86400, .clock = test_clock};
    size_t na = api_account_route_count, nt = sizeof test_routes / sizeof test_routes[0];
    all_routes = malloc((na + nt) * sizeof *all_routes);
    memcpy(all_routes, api_account_routes, na * sizeof *all_routes);
    memcpy(all_routes + na, test_routes, sizeof test_routes);
    struct http_config cfg = {.listen = "127.0.0.1:0",
                              .threads = 1,
                              .worker_init = api_worker_init,
                              .hold = api_hold,
                              .worker_free = api_worker_free,
                              .authorize = api_authorize};
    struct err err;
    err_clear(&err);
    cr_assert_eq(http_server_start(&cfg, all_routes, na + nt, &app, &srv, &err), ERR_OK, "%s",
                 err.msg);
    port = http_server_port(srv);
}

static void http_teardown(void)
{
    http_server_stop(srv);
    free(all_routes);
    teardown();
}

struct reply {
    int status;
    char head[8192];
    char body[16384];
};

/* One request on a fresh connection (Connection: close); extra holds whole header lines. */
static void call(const char *method, const char *path, const char *extra, const char *body,
                 struct reply *r)
{
    char req[16384];
    body = body ? body : "";
    int n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                     method, path, (unsigned)port, extra ? extra : "", strlen(body), body);
    cr_assert(n > 0 && (size_t)n < sizeof req);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(fd, 0);
    struct timeval tv = {.tv_sec = 20};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0, "connect: %s", strerror(errno));
    for (size_t off = 0; off < (size_t)n;) {
        ssize_t k = send(fd, req + off, (size_t)n - off, MSG_NOSIGNAL);
        cr_assert_gt(k, 0);
        off += (size_t)k;
    }
    static char buf[1 << 16];
    size_t len = 0;
    for (;;) {
        ssize_t k = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (k <= 0) {
            break;
        }
        len += (size_t)k;
    }
    close(fd);
    buf[len] = '\0';
    memset(r, 0, sizeof *r);
    char *end = strstr(buf, "\r\n\r\n");
    cr_assert_not_null(end, "no complete response to %s %s", method, path);
    size_t hl = (size_t)(end - buf) + 2;
    cr_assert_lt(hl, sizeof r->head);
    memcpy(r->head, buf, hl);
    snprintf(r->body, sizeof r->body, "%s", end + 4);
    cr_assert_eq(sscanf(r->head, "HTTP/1.1 %d", &r->status), 1);
}

/* The value of header name (case as sent by the server), copied into out; NULL when absent. */
static const char *header(const struct reply *r, const char *name, char *out, size_t n)
{
    char key[80];
    snprintf(key, sizeof key, "\r\n%s: ", name);
    const char *p = strstr(r->head, key);
    if (!p) {
        return NULL;
    }
    p += strlen(key);
    size_t len = strcspn(p, "\r");
    snprintf(out, n, "%.*s", (int)len, p);
    return out;
}

/* A string or integer member of the reply's JSON body, as text in out. */
static const char *body_field(const struct reply *r, const char *key, char *out, size_t n)
{
    json_error_t je;
    json_t *o = json_loads(r->body, 0, &je);
    cr_assert_not_null(o, "body is not JSON: %s", r->body);
    json_t *v = json_object_get(o, key);
    const char *res = NULL;
    if (json_is_string(v)) {
        snprintf(out, n, "%s", json_string_value(v));
        res = out;
    } else if (json_is_integer(v)) {
        snprintf(out, n, "%lld", (long long)json_integer_value(v));
        res = out;
    }
    json_decref(o);
    return res;
}

struct web_session {
    char cookie[160]; /* "okr_session=..." */
    char csrf[80];
    char tenant[24], user[24];
};

/* Signs up over HTTP and keeps the session as a browser would. */
static void http_signup(const char *email, struct web_session *ws)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"tenant_name\":\"Acme\",\"name\":\"Ada\",\"email\":\"%s\",\"password\":\"%s\"}",
             email, PW);
    struct reply r;
    call("POST", "/api/v1/signup", NULL, body, &r);
    cr_assert_eq(r.status, 201, "signup: %d %s", r.status, r.body);
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc));
    snprintf(ws->cookie, sizeof ws->cookie, "%.*s", (int)strcspn(sc, ";"), sc);
    cr_assert_not_null(body_field(&r, "csrf_token", ws->csrf, sizeof ws->csrf));
    cr_assert_not_null(body_field(&r, "tenant_id", ws->tenant, sizeof ws->tenant));
    cr_assert_not_null(body_field(&r, "user_id", ws->user, sizeof ws->user));
}

/* Header lines of a same-origin browser request with the session cookie, and the CSRF token
 * unless csrf is false. */
static const char *browser(const struct web_session *ws, bool csrf, const char *origin)
{
    static char h[512];
    char o[128];
    snprintf(o, sizeof o, "http://127.0.0.1:%u", (unsigned)port);
    snprintf(h, sizeof h, "Cookie: %s\r\nOrigin: %s\r\n%s%s%s", ws->cookie, origin ? origin : o,
             csrf ? "X-CSRF-Token: " : "", csrf ? ws->csrf : "", csrf ? "\r\n" : "");
    return h;
}

Test(account, http_login_sets_a_safe_cookie, .init = http_setup, .fini = http_teardown)
{
    struct web_session ws;
    http_signup("ada@example.com", &ws);
    cr_assert_eq(strlen(ws.csrf), 64);
    struct reply r;
    call("POST", "/api/v1/sessions", NULL,
         "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}", &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc), "%s", r.head);
    cr_assert_eq(strncmp(sc, "okr_session=", 12), 0, "%s", sc);
    cr_assert_not_null(strstr(sc, "; HttpOnly"), "%s", sc);
    cr_assert_not_null(strstr(sc, "; SameSite=Lax"), "%s", sc);
    cr_assert_not_null(strstr(sc, "; Path=/"), "%s", sc);
    cr_assert_null(strstr(sc, "Secure"), "no TLS here: %s", sc);
    cr_assert_null(strstr(r.body, "correct horse"));
    char token[160];
    snprintf(token, sizeof token, "%.*s", (int)strcspn(sc, ";"), sc);
    cr_assert_str_neq(token, ws.cookie, "login must start a new session");
    /* Wrong password: 401 problem, no cookie. */
    call("POST", "/api/v1/sessions", NULL, "{\"email\":\"ada@example.com\",\"password\":\"nope\"}",
         &r);
    cr_assert_eq(r.status, 401);
    cr_assert_null(header(&r, "Set-Cookie", sc, sizeof sc));
    /* A login form posted from another site is refused (login CSRF). */
    call("POST", "/api/v1/sessions", "Origin: https://evil.example\r\n",
         "{\"email\":\"ada@example.com\",\"password\":\"correct horse battery\"}", &r);
    cr_assert_eq(r.status, 403, "%d %s", r.status, r.body);
}

Test(account, http_secure_cookie_behind_tls, .init = http_setup, .fini = http_teardown)
{
    app.secure_cookies = true;
    struct reply r;
    call("POST", "/api/v1/signup", NULL,
         "{\"tenant_name\":\"Acme\",\"name\":\"Ada\",\"email\":\"ada@example.com\","
         "\"password\":\"correct horse battery\"}",
         &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc));
    cr_assert_not_null(strstr(sc, "; Secure"), "%s", sc);
}

Test(account, http_cookie_write_needs_csrf_token_and_origin, .init = http_setup,
     .fini = http_teardown)
{
    struct web_session ws;
    http_signup("ada@example.com", &ws);
    struct reply r;
    char ct[128];
    /* Reads need no token. */
    call("GET", "/test/read", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    /* A write without the token. */
    call("POST", "/test/write", browser(&ws, false, NULL), "{}", &r);
    cr_assert_eq(r.status, 403, "no token: %d", r.status);
    cr_assert_not_null(header(&r, "Content-Type", ct, sizeof ct));
    cr_assert_str_eq(ct, "application/problem+json");
    cr_assert_not_null(strstr(r.body, "/problems/csrf"), "%s", r.body);
    /* The token, from another site. */
    call("POST", "/test/write", browser(&ws, true, "https://evil.example"), "{}", &r);
    cr_assert_eq(r.status, 403, "foreign origin: %d", r.status);
    /* A wrong token. */
    struct web_session wrong = ws;
    wrong.csrf[0] = wrong.csrf[0] == 'a' ? 'b' : 'a';
    call("POST", "/test/write", browser(&wrong, true, NULL), "{}", &r);
    cr_assert_eq(r.status, 403, "wrong token: %d", r.status);
    /* Both. */
    call("POST", "/test/write", browser(&ws, true, NULL), "{}", &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    char v[24];
    cr_assert_str_eq(body_field(&r, "tenant_id", v, sizeof v), ws.tenant);
    cr_assert_str_eq(body_field(&r, "user_id", v, sizeof v), ws.user);
}

Test(account, http_bearer_token_needs_no_csrf, .init = http_setup, .fini = http_teardown)
{
    struct web_session ws;
    http_signup("ada@example.com", &ws);
    struct reply r;
    call("POST", "/api/v1/tokens", browser(&ws, true, NULL), "{\"name\":\"CI\"}", &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    char token[160], auth[200], v[96];
    cr_assert_not_null(body_field(&r, "token", token, sizeof token));
    cr_assert_str_eq(body_field(&r, "name", v, sizeof v), "CI");
    snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
    call("POST", "/test/write", auth, "{}", &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_str_eq(body_field(&r, "user_id", v, sizeof v), ws.user);
    /* The list never shows the secret. */
    call("GET", "/api/v1/tokens", auth, NULL, &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_not_null(strstr(r.body, "\"name\":\"CI\""), "%s", r.body);
    cr_assert_null(strstr(r.body, strrchr(token, '.') + 1), "%s", r.body);
    cr_assert_null(strstr(r.body, "secret"), "%s", r.body);
    /* Paged with after= as every list is (a second token makes a second page); an unknown
     * parameter is refused rather than ignored into the first page again. */
    call("POST", "/api/v1/tokens", browser(&ws, true, NULL), "{\"name\":\"Backup\"}", &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    call("GET", "/api/v1/tokens?limit=1", auth, NULL, &r);
    char next[32];
    cr_assert_not_null(body_field(&r, "next_cursor", next, sizeof next), "%s", r.body);
    char page2[96];
    snprintf(page2, sizeof page2, "/api/v1/tokens?limit=1&after=%s", next);
    call("GET", page2, auth, NULL, &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_not_null(strstr(r.body, "\"name\":\"Backup\""), "page 2: %s", r.body);
    cr_assert_not_null(strstr(r.body, "\"next_cursor\":null"), "%s", r.body);
    call("GET", "/api/v1/tokens?page=2", auth, NULL, &r);
    cr_assert_eq(r.status, 422, "%d %s", r.status, r.body);
    /* /me by token: the user, no CSRF token, no password hash. */
    call("GET", "/api/v1/me", auth, NULL, &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_not_null(strstr(r.body, "\"email\":\"ada@example.com\""), "%s", r.body);
    cr_assert_null(strstr(r.body, "csrf_token"), "%s", r.body);
    cr_assert_null(strstr(r.body, "argon2"), "%s", r.body);
    call("GET", "/api/v1/me", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200, "%d %s", r.status, r.body);
    cr_assert_str_eq(body_field(&r, "csrf_token", v, sizeof v), ws.csrf);
    /* Revoked, it stops working. */
    char path[64];
    snprintf(path, sizeof path, "/api/v1/tokens/%.*s", (int)strcspn(strchr(token, '.') + 1, "."),
             strchr(token, '.') + 1);
    call("DELETE", path, auth, NULL, &r);
    cr_assert_eq(r.status, 204, "%d %s", r.status, r.body);
    call("GET", "/test/read", auth, NULL, &r);
    cr_assert_eq(r.status, 401);
}

Test(account, http_no_credential_is_401_problem, .init = http_setup, .fini = http_teardown)
{
    struct reply r;
    char ct[128], wa[128];
    call("GET", "/test/read", NULL, NULL, &r);
    cr_assert_eq(r.status, 401);
    cr_assert_str_eq(header(&r, "Content-Type", ct, sizeof ct), "application/problem+json");
    cr_assert_not_null(header(&r, "WWW-Authenticate", wa, sizeof wa));
    cr_assert_not_null(strstr(r.body, "\"status\":401"), "%s", r.body);
    call("GET", "/test/read", "Authorization: Basic YTpi\r\n", NULL, &r);
    cr_assert_eq(r.status, 401);
    call("GET", "/test/read", "Authorization: Bearer 1.1.nothex\r\n", NULL, &r);
    cr_assert_eq(r.status, 401);
    /* A dead session cookie is 401 and cleared. */
    call("GET", "/test/read", "Cookie: okr_session=1.1.deadbeef\r\n", NULL, &r);
    cr_assert_eq(r.status, 401);
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc));
    cr_assert_not_null(strstr(sc, "Max-Age=0"), "%s", sc);
}

Test(account, http_admin_routes_and_public_routes, .init = http_setup, .fini = http_teardown)
{
    struct web_session ws;
    http_signup("ada@example.com", &ws);
    struct reply r;
    call("GET", "/test/admin", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200, "admin: %d %s", r.status, r.body);
    /* Invite a member over HTTP; they accept and log in with their cookie. */
    call("POST", "/api/v1/invitations", browser(&ws, true, NULL),
         "{\"name\":\"Mei\",\"email\":\"mei@example.com\",\"role\":\"member\"}", &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    char inv[160], body[320], v[24];
    cr_assert_not_null(body_field(&r, "invitation", inv, sizeof inv));
    cr_assert_not_null(body_field(&r, "user_id", v, sizeof v));
    snprintf(body, sizeof body, "{\"invitation\":\"%s\",\"password\":\"%s\"}", inv, PW);
    call("POST", "/api/v1/invitations/accept", NULL, body, &r);
    cr_assert_eq(r.status, 201, "%d %s", r.status, r.body);
    struct web_session mw;
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc));
    snprintf(mw.cookie, sizeof mw.cookie, "%.*s", (int)strcspn(sc, ";"), sc);
    cr_assert_not_null(body_field(&r, "csrf_token", mw.csrf, sizeof mw.csrf));
    call("GET", "/test/admin", browser(&mw, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 403, "member on an admin route: %d", r.status);
    call("POST", "/api/v1/invitations", browser(&mw, true, NULL),
         "{\"name\":\"Eve\",\"email\":\"eve@example.com\"}", &r);
    cr_assert_eq(r.status, 403);
    /* One worker thread serves every request: a public route after an authenticated one must
     * not act for the earlier caller. */
    call("GET", "/test/read", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200);
    call("GET", "/test/public", NULL, NULL, &r);
    cr_assert_eq(r.status, 200);
    cr_assert_str_eq(body_field(&r, "tenant_id", v, sizeof v), "0");
    cr_assert_str_eq(body_field(&r, "user_id", v, sizeof v), "0");
}

Test(account, http_logout_and_session_expiry, .init = http_setup, .fini = http_teardown)
{
    struct web_session ws;
    http_signup("ada@example.com", &ws);
    struct reply r;
    /* Logout is a write: it needs the CSRF token too. */
    call("DELETE", "/api/v1/sessions/current", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 403);
    call("GET", "/api/v1/me", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200);
    call("DELETE", "/api/v1/sessions/current", browser(&ws, true, NULL), NULL, &r);
    cr_assert_eq(r.status, 204, "%d %s", r.status, r.body);
    char sc[256];
    cr_assert_not_null(header(&r, "Set-Cookie", sc, sizeof sc));
    cr_assert_not_null(strstr(sc, "okr_session=;"), "%s", sc);
    cr_assert_not_null(strstr(sc, "Max-Age=0"), "%s", sc);
    call("GET", "/api/v1/me", browser(&ws, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 401);
    /* The server's clock drives expiry: idle for the app's hour. */
    struct web_session w2;
    http_signup("bo@example.com", &w2);
    atomic_store(&http_now, T0 + 3599);
    call("GET", "/api/v1/me", browser(&w2, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 200);
    atomic_store(&http_now, T0 + 3599 + 3600);
    call("GET", "/api/v1/me", browser(&w2, false, NULL), NULL, &r);
    cr_assert_eq(r.status, 401);
}

Test(account, http_bad_bodies, .init = http_setup, .fini = http_teardown)
{
    struct reply r;
    call("POST", "/api/v1/sessions", NULL, "not json", &r);
    cr_assert_eq(r.status, 400);
    call("POST", "/api/v1/sessions", NULL, "[1]", &r);
    cr_assert_eq(r.status, 400);
    call("POST", "/api/v1/sessions", NULL, "{\"email\":1,\"password\":\"x\"}", &r);
    cr_assert_eq(r.status, 422);
    cr_assert_not_null(strstr(r.body, "\"field\":\"email\""), "%s", r.body);
    call(
        "POST", "/api/v1/signup", NULL,
        "{\"tenant_name\":\"A\",\"name\":\"B\",\"email\":\"c@example.com\",\"password\":\"short\"}",
        &r);
    cr_assert_eq(r.status, 422);
    cr_assert_not_null(strstr(r.body, "\"field\":\"password\""), "%s", r.body);
}

Test(account, every_write_route_is_csrf_protected)
{
    for (size_t i = 0; i < api_account_route_count; i++) {
        const struct route *rt = &api_account_routes[i];
        if (strcmp(rt->method, "GET") != 0) {
            cr_assert(rt->flags & ROUTE_CSRF, "%s %s lacks ROUTE_CSRF", rt->method, rt->pattern);
        }
    }
    struct err err;
    err_clear(&err);
    cr_assert_eq(http_routes_check(api_account_routes, api_account_route_count, &err), ERR_OK, "%s",
                 err.msg);
}
