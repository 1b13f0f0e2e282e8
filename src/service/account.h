/* Accounts and access: sign-up of a new tenant, invitations, login with email and password
 * (argon2id), sessions, API tokens and login rate limits. Secrets are random (libsodium), stored
 * only as hashes, compared in constant time, and shown to their owner once. */
#ifndef OKR_ACCOUNT_H
#define OKR_ACCOUNT_H

#include "service.h"

enum {
    ACCOUNT_SECRET_MAX = 128,
    ACCOUNT_CSRF_LEN = 64,     /* hex digits of a session's CSRF token */
    ACCOUNT_PASSWORD_MIN = 10, /* bytes */
    ACCOUNT_PASSWORD_MAX = 1024,
    ACCOUNT_LOGIN_WINDOW_S = 15 * 60, /* rate limits count failures this far back */
    ACCOUNT_FAILS_PER_ACCOUNT = 5,    /* within the window; more: ERR_LIMIT */
    ACCOUNT_FAILS_PER_ADDRESS = 20,
    ACCOUNT_INVITE_TTL_S = 7 * 24 * 3600,
    ACCOUNT_SESSION_TTL_S = 30 * 24 * 3600, /* no session lives longer, whatever the policy */
    ACCOUNT_TOUCH_S = 60,                   /* last use is written at most this often */
};

/* A session, API token or invitation as the client holds it: token is "<tenant>.<id>.<secret>"
 * (opaque to clients). user_id is whose it is; csrf is a session's CSRF token ("" otherwise). */
struct credential {
    int64_t tenant_id, id;
    char token[ACCOUNT_SECRET_MAX];
    int64_t user_id;
    char csrf[ACCOUNT_CSRF_LEN + 1];
};

struct session_policy {
    int64_t idle_s, max_s; /* expiry: idle and absolute; 0 takes the default (8 hours, 30 days) */
};

/* Creates a tenant named tenant_name with its first user (admin) and logs them in: *session is
 * the new session's credential. Password rules: 10 to 1024 bytes. ERR_INVALID names the field.
 * On success s->tenant_id and s->actor are the new tenant and user. */
enum err_code svc_signup(struct svc *s, const char *tenant_name, const char *name,
                         const char *email, const char *password, struct credential *session,
                         struct err *err);

/* Checks email and password (tenant_id 0: the one tenant where that email exists with this
 * password; ERR_INVALID field "tenant_id" when several), with rate limits per account and per
 * client address (too many failures: ERR_LIMIT). Success starts a new session. Failures never
 * say which part was wrong. An inactive user whose password is right gets ERR_FORBIDDEN. On
 * success s->tenant_id and s->actor are the user's. The attempt is recorded before the (slow)
 * password check and the session written after it, so no database lock is held while hashing:
 * two short transactions. */
enum err_code svc_login(struct svc *s, int64_t tenant_id, const char *email, const char *password,
                        const char *client, struct credential *session, struct err *err);

/* Resolves a session token to its tenant and user (filling s->tenant_id and s->actor) and
 * refreshes its last use (at most once a minute, best effort); expired, revoked, malformed or a
 * deactivated user: ERR_UNAUTHORIZED. *csrf gets the session's CSRF token (arena string). p may be
 * NULL (defaults). */
enum err_code svc_session_check(struct svc *s, const char *token, const struct session_policy *p,
                                int64_t *session_id, const char **csrf, struct err *err);
/* Ends the session session_id of s->tenant_id: its user's own, or any for admins. */
enum err_code svc_logout(struct svc *s, int64_t session_id, struct err *err);
/* Ends the session that token names, if it is one (holding the token is the right to end it):
 * used when a login replaces an earlier session. A token that names no live session is ERR_OK. */
enum err_code svc_session_revoke(struct svc *s, const char *token, struct err *err);
/* The acting user (s->actor) as stored, and, when session_id is not 0, that session's CSRF token
 * in *csrf (arena string; "" otherwise). ERR_UNAUTHORIZED for the operator (no user). */
enum err_code svc_whoami(struct svc *s, int64_t session_id, struct user *out, const char **csrf,
                         struct err *err);

/* API tokens for integrations: create (the secret is in *tok, shown once), list (no secrets),
 * revoke; check resolves like svc_session_check. Tokens belong to the acting user; revoke by
 * their owner or an admin (others: ERR_NOT_FOUND). Listing: svc_list(&entity_api_token) with
 * by "user_id". */
enum err_code svc_token_create(struct svc *s, const char *name, struct credential *tok, int64_t *id,
                               struct err *err);
enum err_code svc_token_revoke(struct svc *s, int64_t id, struct err *err);
enum err_code svc_token_check(struct svc *s, const char *token, struct err *err);

/* Invitations (admins; others ERR_FORBIDDEN): creates the user (inactive, no password; name,
 * email and role from *u, which gets the stored record) and an invitation credential valid for
 * 7 days; accepting (once) sets the password, activates the user and starts a session, setting
 * s->tenant_id and s->actor like a login. */
enum err_code svc_invite(struct svc *s, struct user *u, struct credential *invitation,
                         struct err *err);
enum err_code svc_invite_accept(struct svc *s, const char *invitation, const char *password,
                                struct credential *session, struct err *err);

/* Sets a user's password (admins and the operator; e.g. a reset) and activates the user. */
enum err_code svc_password_set(struct svc *s, int64_t user_id, const char *password,
                               struct err *err);

#endif
