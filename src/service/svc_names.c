/* Names of people and teams looked up once per page (svc_internal.h: svc_name_of). */
#include "svc_internal.h"

const char *svc_name_of(struct svc_names *nm, int64_t id, bool team)
{
    if (!id) {
        return "";
    }
    for (size_t i = 0; i < nm->n; i++) {
        if (nm->cache[i].id == id && nm->cache[i].team == team) {
            return nm->cache[i].name;
        }
    }
    struct err ignored;
    const char *name = "?";
    struct svc *s = nm->s;
    if (team) {
        struct team t;
        if (store_get(s->st, &entity_team, s->tenant_id, id, &t, s->a, &ignored) == ERR_OK) {
            name = t.name;
        }
    } else {
        struct user u;
        if (store_get(s->st, &entity_user, s->tenant_id, id, &u, s->a, &ignored) == ERR_OK) {
            name = u.name;
        }
    }
    if (nm->n < SVC_NAMES_MAX) {
        nm->cache[nm->n].id = id;
        nm->cache[nm->n].team = team;
        nm->cache[nm->n].name = name;
        nm->n++;
    }
    return name;
}
