/* Accounts and access (account.h): sign-up, login with rate limits, sessions, API tokens and
 * invitations. Passwords are argon2id hashes (libsodium crypto_pwhash_str, interactive limits).
 * Every other secret is 32 random bytes shown to the client once as 64 hex digits inside a
 * credential "<tenant>.<id>.<secret>"; the store keeps only crypto_generichash of the secret,
 * compared in constant time. Credentials name their tenant, so resolving one reads one record
 * by primary key; only login by email alone looks across tenants (store users_by_email). */
#include "account.h"

#include "core/log.h"
#include "core/num.h"
#include "domain/rules.h"
#include "svc_internal.h"
#include "token_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum {
    SECRET_BYTES = 32,
    HEX_LEN = 2 * SECRET_BYTES, /* a secret, a secret's hash, a CSRF token: 64 hex digits */
    MAX_CANDIDATES = 8,         /* users with one email across tenants considered at login */
    EMAIL_MAX = 254,
    DEFAULT_IDLE_S = 8 * 3600,
};

static const char login_failed[] = "email or password is wrong";

/* ---- libsodium ---- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static bool sodium_ready;
/* The hash a login verifies against when the email has no usable password, so that such a login
 * takes as long as one with a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static void sodium_setup(void)
{
    if (sodium_init() < 0) {
        return;
    }
    unsigned char pw[SECRET_BYTES];
    randombytes_buf(pw, sizeof pw);
    int rc =
        crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof pw,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    sodium_memzero(pw, sizeof pw);
    sodium_ready = rc == 0;
}

static enum err_code crypto_ready(struct err *err)
{
    pthread_once(&sodium_once, sodium_setup);
    if (!sodium_ready) {
        log_msg(LOG_ERROR, "account: libsodium could not be initialised");
        return err_set(err, ERR_INTERNAL, NULL, "libsodium could not be initialised");
    }
    return ERR_OK;
}

/* ---- secrets and credentials ---- */

static void hash_hex(const char *secret, size_t n, char out[HEX_LEN + 1])
{
    unsigned char h[SECRET_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)secret, n, NULL, 0);
    sodium_bin2hex(out, HEX_LEN + 1, h, sizeof h);
}

static void random_hex(char out[HEX_LEN + 1])
{
    unsigned char raw[SECRET_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, HEX_LEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

struct secret {
    char hex[HEX_LEN + 1];  /* what the client gets */
    char hash[HEX_LEN + 1]; /* what the store keeps */
};

static void secret_new(struct secret *sec)
{
    random_hex(sec->hex);
    hash_hex(sec->hex, HEX_LEN, sec->hash);
}

/* Constant time in the secret: the stored hash is always HEX_LEN digits when written by us. */
static bool secret_matches(const char *stored_hash, const char *secret)
{
    char h[HEX_LEN + 1];
    hash_hex(secret, HEX_LEN, h);
    bool ok = stored_hash && strlen(stored_hash) == HEX_LEN &&
              sodium_memcmp(stored_hash, h, HEX_LEN) == 0;
    sodium_memzero(h, sizeof h);
    return ok;
}

static void credential_fill(struct credential *c, int64_t tenant_id, int64_t id, int64_t user_id,
                            const char *secret)
{
    c->tenant_id = tenant_id;
    c->id = id;
    c->user_id = user_id;
    snprintf(c->token, sizeof c->token, "%lld.%lld.%s", (long long)tenant_id, (long long)id,
             secret);
}

struct parsed {
    int64_t tenant_id, id;
    char secret[HEX_LEN + 1];
};

/* Parses one positive decimal number of [p, p + n): digits only. */
static bool parse_id(const char *p, size_t n, int64_t *out)
{
    char buf[24];
    if (n == 0 || n >= sizeof buf || p[0] == '0') {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
    }
    memcpy(buf, p, n);
    buf[n] = '\0';
    return num_parse_i64(buf, 1, INT64_MAX, out) == 0;
}

/* "<tenant>.<id>.<64 lower-case hex digits>" */
static bool token_parse(const char *token, struct parsed *out)
{
    if (!token) {
        return false;
    }
    size_t n = strnlen(token, ACCOUNT_SECRET_MAX);
    const char *d1 = memchr(token, '.', n);
    const char *d2 = d1 ? memchr(d1 + 1, '.', n - (size_t)(d1 + 1 - token)) : NULL;
    if (n == ACCOUNT_SECRET_MAX || !d2 || !parse_id(token, (size_t)(d1 - token), &out->tenant_id) ||
        !parse_id(d1 + 1, (size_t)(d2 - d1 - 1), &out->id)) {
        return false;
    }
    const char *sec = d2 + 1;
    if (strlen(sec) != HEX_LEN) {
        return false;
    }
    for (size_t i = 0; i < HEX_LEN; i++) {
        if (!((sec[i] >= '0' && sec[i] <= '9') || (sec[i] >= 'a' && sec[i] <= 'f'))) {
            return false;
        }
    }
    memcpy(out->secret, sec, HEX_LEN + 1);
    return true;
}

/* ---- passwords ---- */

static enum err_code password_rules(const char *password, struct err *err)
{
    size_t n = password ? strlen(password) : 0;
    if (n < ACCOUNT_PASSWORD_MIN) {
        return err_set(err, ERR_INVALID, "password", "the password needs at least %d characters",
                       ACCOUNT_PASSWORD_MIN);
    }
    if (n > ACCOUNT_PASSWORD_MAX) {
        return err_set(err, ERR_INVALID, "password", "the password is longer than %d bytes",
                       ACCOUNT_PASSWORD_MAX);
    }
    return ERR_OK;
}

/* Hashes password into an arena string. */
static enum err_code password_hash(struct svc *s, const char *password, const char **out,
                                   struct err *err)
{
    char *h = arena_alloc(s->a, crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(h, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        log_msg(LOG_ERROR, "account: password hashing failed (out of memory?)");
        return err_set(err, ERR_INTERNAL, NULL, "password hashing failed");
    }
    *out = h;
    return ERR_OK;
}

/* True when password matches hash. A hash that is not an argon2id string (an invited user has
 * none yet) is checked against the dummy instead, taking the same time and failing. */
static bool password_verify(const char *hash, const char *password)
{
    bool usable =
        hash && strncmp(hash, "$argon2id$", 10) == 0 && strlen(hash) < crypto_pwhash_STRBYTES;
    int rc = crypto_pwhash_str_verify(usable ? hash : dummy_hash, password, strlen(password));
    return usable && rc == 0;
}

/* ---- small helpers ---- */

/* An arena copy of email with ASCII letters in lower case: accounts made here store emails so,
 * and login compares without regard to ASCII case. */
static char *email_norm(struct svc *s, const char *email)
{
    char *e = arena_strdup(s->a, email ? email : "");
    for (char *p = e; *p; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            *p = (char)(*p - 'A' + 'a');
        }
    }
    return e;
}

static struct actor actor_of(const struct user *u)
{
    return (struct actor){.user_id = u->id, .admin = u->role == ROLE_ADMIN, .system = false};
}

static enum err_code unauthorized(struct err *err, const char *msg)
{
    return err_set(err, ERR_UNAUTHORIZED, NULL, "%s", msg);
}

/* Starts a session for user u in s->tenant_id (inside the caller's transaction). */
static enum err_code session_start(struct svc *s, const struct user *u, struct credential *out,
                                   struct err *err)
{
    struct secret sec;
    secret_new(&sec);
    char csrf[HEX_LEN + 1];
    random_hex(csrf);
    struct session ss;
    meta_init(&entity_session, &ss);
    ss.tenant_id = s->tenant_id;
    ss.user_id = u->id;
    ss.secret_hash = sec.hash;
    ss.csrf = csrf;
    ss.created = ss.last_seen = s->now;
    ss.expires = s->now + ACCOUNT_SESSION_TTL_S;
    enum err_code rc = store_insert(s->st, &entity_session, &ss, err);
    if (rc == ERR_OK) {
        rc = svc_audit(s, "login", &entity_session, &ss, err);
    }
    if (rc == ERR_OK) {
        credential_fill(out, s->tenant_id, ss.id, u->id, sec.hex);
        memcpy(out->csrf, csrf, sizeof out->csrf);
    }
    sodium_memzero(&sec, sizeof sec);
    return rc;
}

/* ---- sign-up ---- */

enum err_code svc_signup(struct svc *s, const char *tenant_name, const char *name,
                         const char *email, const char *password, struct credential *session,
                         struct err *err)
{
    memset(session, 0, sizeof *session);
    struct tenant t;
    meta_init(&entity_tenant, &t);
    svc_defaults(&entity_tenant, &t);
    t.name = tenant_name ? tenant_name : "";
    t.created = s->now;
    t.version = 1;
    struct user u;
    meta_init(&entity_user, &u);
    svc_defaults(&entity_user, &u);
    u.name = name ? name : "";
    u.email = email_norm(s, email);
    u.role = ROLE_ADMIN;
    u.active = 1;
    /* Cheap checks first: hashing costs real time and memory. */
    if (validate_record(&entity_tenant, &t, err) != ERR_OK ||
        settings_check(&entity_tenant, &t, NULL, err) != ERR_OK) {
        if (strcmp(err->field, "name") == 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            err_set(err, err->code, "tenant_name", "tenant_%s", msg); /* "name is required" */
        }
        return err->code;
    }
    if (validate_record(&entity_user, &u, err) != ERR_OK ||
        password_rules(password, err) != ERR_OK || crypto_ready(err) != ERR_OK ||
        password_hash(s, password, &u.password_hash, err) != ERR_OK) {
        return err->code;
    }
    int64_t old_tenant = s->tenant_id;
    struct actor old_actor = s->actor;
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_insert(s->st, &entity_tenant, &t, err);
    if (rc == ERR_OK) {
        /* The new tenant's first user is made as its operator would make it. */
        s->tenant_id = t.id;
        s->actor = (struct actor){.system = true};
        rc = svc_insert_checked(s, &entity_user, &u, err);
    }
    if (rc == ERR_OK) {
        s->actor = actor_of(&u);
        rc = svc_audit(s, "create", &entity_tenant, &t, err);
    }
    if (rc == ERR_OK) {
        rc = session_start(s, &u, session, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc != ERR_OK) {
        s->tenant_id = old_tenant;
        s->actor = old_actor;
        memset(session, 0, sizeof *session);
    }
    return rc;
}

/* ---- login ---- */

/* One rate-limit key of a login attempt and the row that reserved it. */
struct attempt_key {
    int64_t tenant_id;
    const char *key;
    int64_t row_id;
};

struct login_state {
    struct attempt_key keys[MAX_CANDIDATES + 1]; /* [0] is the client address */
    size_t nkeys;
    struct rows users;
};

static void add_key(struct login_state *ls, int64_t tenant_id, const char *key)
{
    for (size_t i = 0; i < ls->nkeys; i++) {
        if (ls->keys[i].tenant_id == tenant_id && strcmp(ls->keys[i].key, key) == 0) {
            return;
        }
    }
    ls->keys[ls->nkeys++] = (struct attempt_key){tenant_id, key, 0};
}

/* First transaction of a login: finds the candidate users, refuses when a limit is reached,
 * else records the attempt as failed under every key (a success takes that back), so parallel
 * guesses count before any of them is checked. */
static enum err_code login_reserve(struct svc *s, int64_t tenant_id, const char *email,
                                   const char *client, struct login_state *ls, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc =
        s->st->ops->users_by_email(s->st, tenant_id, email, MAX_CANDIDATES, s->a, &ls->users, err);
    if (rc != ERR_OK) {
        return svc_finish(s, rc, err);
    }
    add_key(ls, 0, arena_printf(s->a, "addr:%s", client && *client ? client : "?"));
    const struct user *u = ls->users.items;
    for (size_t i = 0; i < ls->users.n; i++) {
        add_key(ls, u[i].tenant_id,
                arena_printf(s->a, "acct:%lld:%s", (long long)u[i].tenant_id, email));
    }
    if (ls->users.n == 0) {
        add_key(ls, tenant_id, arena_printf(s->a, "acct:%lld:%s", (long long)tenant_id, email));
    }
    int64_t since = s->now - ACCOUNT_LOGIN_WINDOW_S + 1;
    for (size_t i = 0; i < ls->nkeys && rc == ERR_OK; i++) {
        int64_t failures = 0;
        rc = s->st->ops->attempts_count(s->st, ls->keys[i].tenant_id, ls->keys[i].key, since,
                                        &failures, err);
        int64_t limit = i == 0 ? ACCOUNT_FAILS_PER_ADDRESS : ACCOUNT_FAILS_PER_ACCOUNT;
        if (rc == ERR_OK && failures >= limit) {
            rc = err_set(err, ERR_TOO_MANY, NULL,
                         "too many failed logins; wait %d minutes and try again",
                         ACCOUNT_LOGIN_WINDOW_S / 60);
        }
    }
    for (size_t i = 0; i < ls->nkeys && rc == ERR_OK; i++) {
        struct login_attempt la = {
            .tenant_id = ls->keys[i].tenant_id, .key = ls->keys[i].key, .at = s->now, .ok = 0};
        rc = s->st->ops->attempts_forget(s->st, la.tenant_id, la.key, since, err);
        if (rc == ERR_OK) {
            rc = store_insert(s->st, &entity_login_attempt, &la, err);
        }
        ls->keys[i].row_id = la.id;
    }
    return svc_finish(s, rc, err);
}

/* Second transaction of a successful login: takes back this attempt's reservations, clears the
 * account's failures (keeping one row as its last login) and starts the session. */
static enum err_code login_succeed(struct svc *s, const struct user *match,
                                   const struct login_state *ls, struct credential *session,
                                   struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct user u;
    enum err_code rc = store_get(s->st, &entity_user, match->tenant_id, match->id, &u, s->a, err);
    if (rc == ERR_NOT_FOUND || (rc == ERR_OK && strcmp(u.password_hash, match->password_hash))) {
        rc = unauthorized(err, login_failed); /* deleted or changed meanwhile */
    } else if (rc == ERR_OK && !u.active) {
        rc = err_set(err, ERR_FORBIDDEN, NULL,
                     "this account is deactivated; ask an admin of your organisation");
    }
    for (size_t i = 0; i < ls->nkeys && rc == ERR_OK; i++) {
        rc = store_remove(s->st, &entity_login_attempt, ls->keys[i].tenant_id, ls->keys[i].row_id,
                          err);
        if (rc == ERR_NOT_FOUND) {
            rc = ERR_OK; /* pruned by a later attempt */
        }
    }
    const char *key = NULL; /* the account's key */
    for (size_t i = 1; i < ls->nkeys && rc == ERR_OK; i++) {
        if (ls->keys[i].tenant_id == u.tenant_id) {
            key = ls->keys[i].key;
        }
    }
    if (rc == ERR_OK && key) {
        rc = s->st->ops->attempts_forget(s->st, u.tenant_id, key, INT64_MAX, err);
        struct login_attempt ok = {.tenant_id = u.tenant_id, .key = key, .at = s->now, .ok = 1};
        if (rc == ERR_OK) {
            rc = store_insert(s->st, &entity_login_attempt, &ok, err);
        }
    }
    if (rc == ERR_OK) {
        s->tenant_id = u.tenant_id;
        s->actor = actor_of(&u);
        rc = session_start(s, &u, session, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_login(struct svc *s, int64_t tenant_id, const char *email, const char *password,
                        const char *client, struct credential *session, struct err *err)
{
    memset(session, 0, sizeof *session);
    if (!email || !*email) {
        return err_set(err, ERR_INVALID, "email", "email is required");
    }
    if (!password || !*password) {
        return err_set(err, ERR_INVALID, "password", "password is required");
    }
    if (strlen(email) > EMAIL_MAX || !meta_text_ok(email, strlen(email), false)) {
        return err_set(err, ERR_INVALID, "email", "email must look like name@example.com");
    }
    if (strlen(password) > ACCOUNT_PASSWORD_MAX) {
        return err_set(err, ERR_INVALID, "password", "the password is longer than %d bytes",
                       ACCOUNT_PASSWORD_MAX);
    }
    if (tenant_id < 0) {
        return err_set(err, ERR_INVALID, "tenant_id", "tenant_id must be an id");
    }
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    char *mail = email_norm(s, email);
    struct login_state ls;
    memset(&ls, 0, sizeof ls);
    if (login_reserve(s, tenant_id, mail, client, &ls, err) != ERR_OK) {
        return err->code;
    }
    /* No transaction is open while hashing. Every candidate costs one verification; an unknown
     * email costs one against the dummy, like a known one with a wrong password. */
    const struct user *users = ls.users.items;
    const struct user *match = NULL;
    size_t nmatch = 0;
    char tenants[128] = "";
    if (ls.users.n == 0) {
        password_verify(dummy_hash, password);
    }
    for (size_t i = 0; i < ls.users.n; i++) {
        if (password_verify(users[i].password_hash, password)) {
            size_t used = strlen(tenants);
            snprintf(tenants + used, sizeof tenants - used, "%s%lld", nmatch ? ", " : "",
                     (long long)users[i].tenant_id);
            match = match ? match : &users[i];
            nmatch++;
        }
    }
    if (!match) {
        return unauthorized(err, login_failed);
    }
    if (nmatch > 1 && tenant_id == 0) {
        return err_set(err, ERR_INVALID, "tenant_id",
                       "this email belongs to several organisations (%s): give tenant_id", tenants);
    }
    return login_succeed(s, match, &ls, session, err);
}

/* ---- sessions ---- */

enum err_code svc_session_check(struct svc *s, const char *token, const struct session_policy *p,
                                int64_t *session_id, const char **csrf, struct err *err)
{
    static const char ended[] = "the session has ended; log in again";
    struct parsed t;
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    if (!token_parse(token, &t)) {
        return unauthorized(err, ended);
    }
    int64_t idle = p && p->idle_s > 0 ? p->idle_s : DEFAULT_IDLE_S;
    int64_t max = p && p->max_s > 0 ? p->max_s : ACCOUNT_SESSION_TTL_S;
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct session ss;
    struct user u;
    enum err_code rc = store_get(s->st, &entity_session, t.tenant_id, t.id, &ss, s->a, err);
    if (rc == ERR_OK &&
        (!secret_matches(ss.secret_hash, t.secret) || ss.revoked || s->now >= ss.expires ||
         s->now - ss.created >= max || s->now - ss.last_seen >= idle)) {
        rc = ERR_NOT_FOUND;
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_user, t.tenant_id, ss.user_id, &u, s->a, err);
        if (rc == ERR_OK && !u.active) {
            rc = ERR_NOT_FOUND;
        }
    }
    if (rc == ERR_NOT_FOUND) {
        rc = unauthorized(err, ended);
    }
    if (rc != ERR_OK) {
        return svc_finish(s, rc, err);
    }
    s->tenant_id = t.tenant_id;
    s->actor = actor_of(&u);
    *session_id = ss.id;
    *csrf = ss.csrf;
    if (s->now - ss.last_seen >= ACCOUNT_TOUCH_S) {
        /* Best effort inside the read transaction: under concurrent writes SQLite may refuse to
         * upgrade it, and the next request within the idle time tries again. */
        struct err ignored;
        ss.last_seen = s->now;
        if (store_update(s->st, &entity_session, &ss, &ignored) != ERR_OK) {
            log_msg(LOG_DEBUG, "account: session last use not recorded: %s", ignored.msg);
        }
    }
    return svc_finish(s, ERR_OK, err);
}

enum err_code svc_logout(struct svc *s, int64_t session_id, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct session ss;
    enum err_code rc = store_get(s->st, &entity_session, s->tenant_id, session_id, &ss, s->a, err);
    if (rc == ERR_OK && ss.user_id != s->actor.user_id && !s->actor.admin && !s->actor.system) {
        rc = err_set(err, ERR_NOT_FOUND, NULL, "no session with id %lld", (long long)session_id);
    }
    if (rc == ERR_OK && !ss.revoked) {
        ss.revoked = 1;
        rc = store_update(s->st, &entity_session, &ss, err);
        if (rc == ERR_OK) {
            rc = svc_audit(s, "logout", &entity_session, &ss, err);
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_session_revoke(struct svc *s, const char *token, struct err *err)
{
    struct parsed t;
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    if (!token_parse(token, &t)) {
        return ERR_OK;
    }
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct session ss;
    enum err_code rc = store_get(s->st, &entity_session, t.tenant_id, t.id, &ss, s->a, err);
    if (rc == ERR_NOT_FOUND) {
        rc = ERR_OK;
    } else if (rc == ERR_OK && !ss.revoked && secret_matches(ss.secret_hash, t.secret)) {
        ss.revoked = 1;
        rc = store_update(s->st, &entity_session, &ss, err);
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_whoami(struct svc *s, int64_t session_id, struct user *out, const char **csrf,
                         struct err *err)
{
    *csrf = "";
    if (!s->actor.user_id) {
        return unauthorized(err, "the operator is not a user");
    }
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc =
        store_get(s->st, &entity_user, s->tenant_id, s->actor.user_id, out, s->a, err);
    if (rc == ERR_OK && session_id) {
        struct session ss;
        rc = store_get(s->st, &entity_session, s->tenant_id, session_id, &ss, s->a, err);
        if (rc == ERR_OK && ss.user_id == s->actor.user_id) {
            *csrf = ss.csrf;
        }
    }
    if (rc == ERR_NOT_FOUND) {
        rc = unauthorized(err, "the session has ended; log in again");
    }
    return svc_finish(s, rc, err);
}

/* ---- API tokens ---- */

enum err_code svc_token_create(struct svc *s, const char *name, struct credential *tok, int64_t *id,
                               struct err *err)
{
    memset(tok, 0, sizeof *tok);
    if (!s->actor.user_id) {
        return err_set(err, ERR_FORBIDDEN, NULL, "API tokens belong to a user; log in as one");
    }
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    struct api_token at;
    meta_init(&entity_api_token, &at);
    at.tenant_id = s->tenant_id;
    at.user_id = s->actor.user_id;
    at.name = name ? name : "";
    at.created = s->now;
    struct secret sec;
    secret_new(&sec);
    at.secret_hash = sec.hash;
    if (validate_record(&entity_api_token, &at, err) != ERR_OK ||
        store_begin(s->st, true, err) != ERR_OK) {
        sodium_memzero(&sec, sizeof sec);
        return err->code;
    }
    enum err_code rc = store_insert(s->st, &entity_api_token, &at, err);
    if (rc == ERR_OK) {
        rc = svc_audit(s, "create", &entity_api_token, &at, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc == ERR_OK) {
        credential_fill(tok, s->tenant_id, at.id, at.user_id, sec.hex);
        *id = at.id;
    }
    sodium_memzero(&sec, sizeof sec);
    return rc;
}

enum err_code svc_token_revoke(struct svc *s, int64_t id, struct err *err)
{
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct api_token at;
    enum err_code rc = store_get(s->st, &entity_api_token, s->tenant_id, id, &at, s->a, err);
    if (rc == ERR_NOT_FOUND ||
        (rc == ERR_OK && at.user_id != s->actor.user_id && !s->actor.admin && !s->actor.system)) {
        /* Someone else's token answers as a missing one, to the letter. */
        rc = err_set(err, ERR_NOT_FOUND, NULL, "no API token with id %lld", (long long)id);
    }
    if (rc == ERR_OK && !at.revoked) {
        at.revoked = 1;
        rc = store_update(s->st, &entity_api_token, &at, err);
        if (rc == ERR_OK) {
            rc = svc_audit(s, "revoke", &entity_api_token, &at, err);
        }
    }
    return svc_finish(s, rc, err);
}

enum err_code svc_token_check(struct svc *s, const char *token, struct err *err)
{
    static const char invalid[] = "the API token is not valid";
    struct parsed t;
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    if (!token_parse(token, &t)) {
        return unauthorized(err, invalid);
    }
    /* Checked a moment ago (token_cache.h says why that is safe): no transaction. A miss, a
     * different secret or a last use to record goes to the store. */
    struct token_seen seen;
    if (token_cache_get(t.tenant_id, t.id, s->now, &seen) &&
        s->now - seen.last_used < ACCOUNT_TOUCH_S && secret_matches(seen.hash, t.secret)) {
        s->tenant_id = t.tenant_id;
        s->actor = seen.actor;
        sodium_memzero(&seen, sizeof seen);
        return ERR_OK;
    }
    uint64_t gen = token_cache_generation();
    if (store_begin(s->st, false, err) != ERR_OK) {
        return err->code;
    }
    struct api_token at;
    struct user u;
    enum err_code rc = store_get(s->st, &entity_api_token, t.tenant_id, t.id, &at, s->a, err);
    if (rc == ERR_OK && (!secret_matches(at.secret_hash, t.secret) || at.revoked)) {
        rc = ERR_NOT_FOUND;
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_user, t.tenant_id, at.user_id, &u, s->a, err);
        if (rc == ERR_OK && !u.active) {
            rc = ERR_NOT_FOUND;
        }
    }
    if (rc == ERR_NOT_FOUND) {
        rc = unauthorized(err, invalid);
    }
    if (rc != ERR_OK) {
        return svc_finish(s, rc, err);
    }
    s->tenant_id = t.tenant_id;
    s->actor = actor_of(&u);
    if (s->now - at.last_used >= ACCOUNT_TOUCH_S) {
        struct err ignored; /* best effort, as for sessions */
        at.last_used = s->now;
        if (store_update(s->st, &entity_api_token, &at, &ignored) != ERR_OK) {
            log_msg(LOG_DEBUG, "account: token last use not recorded: %s", ignored.msg);
            at.last_used = s->now - ACCOUNT_TOUCH_S; /* try again on the next request */
        }
    }
    rc = svc_finish(s, ERR_OK, err);
    if (rc == ERR_OK) {
        seen = (struct token_seen){.tenant_id = t.tenant_id, .id = t.id, .actor = s->actor,
                                   .last_used = at.last_used};
        snprintf(seen.hash, sizeof seen.hash, "%s", at.secret_hash);
        token_cache_put(&seen, gen, s->now);
        sodium_memzero(&seen, sizeof seen);
    }
    return rc;
}

/* ---- invitations ---- */

enum err_code svc_invite(struct svc *s, struct user *u, struct credential *invitation,
                         struct err *err)
{
    memset(invitation, 0, sizeof *invitation);
    if (!s->actor.admin && !s->actor.system) {
        return err_set(err, ERR_FORBIDDEN, NULL, "only admins invite people");
    }
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    u->id = 0;
    u->email = email_norm(s, u->email);
    u->password_hash = "";
    u->active = 0;
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = svc_insert_checked(s, &entity_user, u, err); /* the email: check_user */
    struct secret sec;
    secret_new(&sec);
    struct invitation inv;
    meta_init(&entity_invitation, &inv);
    inv.tenant_id = s->tenant_id;
    inv.user_id = u->id;
    inv.secret_hash = sec.hash;
    inv.created = s->now;
    inv.expires = s->now + ACCOUNT_INVITE_TTL_S;
    if (rc == ERR_OK) {
        rc = store_insert(s->st, &entity_invitation, &inv, err);
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "invite", &entity_user, u, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc == ERR_OK) {
        credential_fill(invitation, s->tenant_id, inv.id, u->id, sec.hex);
    }
    sodium_memzero(&sec, sizeof sec);
    return rc;
}

enum err_code svc_invite_accept(struct svc *s, const char *invitation, const char *password,
                                struct credential *session, struct err *err)
{
    static const char invalid[] = "the invitation is not valid";
    memset(session, 0, sizeof *session);
    struct parsed t;
    if (crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    if (!token_parse(invitation, &t)) {
        return err_set(err, ERR_UNAUTHORIZED, "invitation", "%s", invalid);
    }
    if (password_rules(password, err) != ERR_OK) {
        return err->code;
    }
    /* One write transaction: the invitation is checked before the password is hashed (a bad one
     * costs nothing) and the hash is made once per invitation, holding the lock briefly. */
    if (store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct invitation inv;
    struct user u;
    enum err_code rc = store_get(s->st, &entity_invitation, t.tenant_id, t.id, &inv, s->a, err);
    if (rc == ERR_NOT_FOUND || (rc == ERR_OK && !secret_matches(inv.secret_hash, t.secret))) {
        rc = err_set(err, ERR_UNAUTHORIZED, "invitation", "%s", invalid);
    } else if (rc == ERR_OK && inv.accepted) {
        rc = err_set(err, ERR_CONFLICT, "invitation",
                     "this invitation has been used already; log in instead");
    } else if (rc == ERR_OK && s->now >= inv.expires) {
        rc = err_set(err, ERR_UNAUTHORIZED, "invitation",
                     "the invitation has expired; ask an admin for a new one");
    }
    if (rc == ERR_OK) {
        rc = store_get(s->st, &entity_user, t.tenant_id, inv.user_id, &u, s->a, err);
    }
    if (rc == ERR_OK) {
        rc = password_hash(s, password, &u.password_hash, err);
    }
    if (rc == ERR_OK) {
        /* Directly, not through svc_update_checked: the password hash is a system field. */
        u.active = 1;
        rc = store_update(s->st, &entity_user, &u, err);
    }
    if (rc == ERR_OK) {
        inv.accepted = 1;
        rc = store_update(s->st, &entity_invitation, &inv, err);
    }
    int64_t old_tenant = s->tenant_id;
    struct actor old_actor = s->actor;
    if (rc == ERR_OK) {
        s->tenant_id = t.tenant_id;
        s->actor = actor_of(&u);
        rc = svc_audit(s, "accept", &entity_user, &u, err);
    }
    if (rc == ERR_OK) {
        rc = session_start(s, &u, session, err);
    }
    rc = svc_finish(s, rc, err);
    if (rc != ERR_OK) {
        s->tenant_id = old_tenant;
        s->actor = old_actor;
        memset(session, 0, sizeof *session);
    }
    return rc;
}

/* ---- passwords set by an administrator ---- */

enum err_code svc_password_set(struct svc *s, int64_t user_id, const char *password,
                               struct err *err)
{
    if (!s->actor.system && !s->actor.admin) {
        return err_set(err, ERR_FORBIDDEN, NULL, "only an admin sets another person's password");
    }
    if (password_rules(password, err) != ERR_OK || crypto_ready(err) != ERR_OK) {
        return err->code;
    }
    const char *hash;
    /* Hash before the transaction: argon2 takes a while and holds no lock. */
    if (password_hash(s, password, &hash, err) != ERR_OK || store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    struct user u;
    enum err_code rc = store_get(s->st, &entity_user, s->tenant_id, user_id, &u, s->a, err);
    if (rc == ERR_OK) {
        u.password_hash = hash;
        u.active = 1;
        rc = store_update(s->st, &entity_user, &u, err);
    }
    /* A new password ends every session of the old one: the reset of a stolen account must
     * also throw out whoever stole it. */
    struct rows sessions = {0};
    if (rc == ERR_OK) {
        rc = svc_list_by(s, &entity_session, "user_id", user_id, 0, &sessions, err);
    }
    struct session *ss = sessions.items;
    for (size_t i = 0; rc == ERR_OK && i < sessions.n; i++) {
        if (!ss[i].revoked) {
            ss[i].revoked = 1;
            rc = store_update(s->st, &entity_session, &ss[i], err);
        }
    }
    if (rc == ERR_OK) {
        rc = svc_audit(s, "password", &entity_user, &u, err);
    }
    return svc_finish(s, rc, err);
}
