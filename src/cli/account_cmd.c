/* Account commands for the operator: set a user's password, and API tokens for integrations
 * (shown once). Passwords are read from standard input, never from the command line, where
 * other users of the machine could see them. */
#include "cli.h"

#include "service/account.h"

#include <stdio.h>
#include <string.h>

int cmd_token(struct cli *c, int argc, char **argv);
int cmd_user_password(struct cli *c, int argc, char **argv);

int cmd_user_password(struct cli *c, int argc, char **argv)
{
    c->cmd = "user password";
    struct opts o;
    if (cli_parse(c, argc, argv, "", &o)) {
        return EXIT_USAGE;
    }
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, true)) != EXIT_OK) {
        return rc;
    }
    if (o.npos != 1) {
        return cli_usage(c, "give the user (id or email); the password comes on standard input");
    }
    int64_t user = cli_user(c, "user", o.pos[0]);
    if (!user) {
        return EXIT_USAGE;
    }
    char line[1100];
    if (!fgets(line, sizeof line, stdin)) {
        return cli_usage(c, "no password on standard input");
    }
    line[strcspn(line, "\r\n")] = '\0';
    struct err err = {0};
    enum err_code ec = svc_password_set(&c->svc, user, line, &err);
    memset(line, 0, sizeof line);
    return cli_done(c, ec, &err, "password set for user", user);
}

int cmd_token(struct cli *c, int argc, char **argv)
{
    if (argc < 1) {
        return cli_usage(c, "say what to do: create, list or revoke");
    }
    const char *verb = argv[0];
    c->cmd = arena_printf(&c->arena, "token %s", verb);
    struct opts o;
    if (cli_parse(c, argc - 1, argv + 1, "", &o)) {
        return EXIT_USAGE;
    }
    const char *name = opt_get(&o, "name");
    int rc = opt_check_unused(c, &o);
    if (rc != EXIT_OK || (rc = cli_open(c, true)) != EXIT_OK) {
        return rc;
    }
    struct err err = {0};
    if (!strcmp(verb, "list")) {
        struct query q = {0};
        struct rows r;
        if (svc_list(&c->svc, &entity_api_token, &q, &r, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        cli_print_rows(c, &entity_api_token, &r);
        return EXIT_OK;
    }
    if (o.npos != 1) {
        return cli_usage(c, strcmp(verb, "create") ? "give the token id" : "give the user");
    }
    if (!strcmp(verb, "create")) {
        /* The token acts as that user: the operator mints it on their behalf. */
        if (!(c->svc.actor.user_id = cli_user(c, "user", o.pos[0]))) {
            return EXIT_USAGE;
        }
        struct credential tok;
        int64_t id = 0;
        if (svc_token_create(&c->svc, name ? name : "cli", &tok, &id, &err) != ERR_OK) {
            return cli_fail(c, &err);
        }
        if (c->json) {
            printf("{\"id\":%lld,\"token\":\"%s\"}\n", (long long)id, tok.token);
        } else {
            printf("%s\n", tok.token);
            fprintf(stderr, "token %lld created; it is shown this once\n", (long long)id);
        }
        return EXIT_OK;
    }
    if (!strcmp(verb, "revoke")) {
        int64_t id = cli_id(c, "token", o.pos[0]);
        if (!id) {
            return EXIT_USAGE;
        }
        return cli_done(c, svc_token_revoke(&c->svc, id, &err), &err, "revoked token", id);
    }
    return cli_usage(c, "unknown action '%s'", verb);
}
