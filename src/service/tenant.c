/* Tenants and record defaults. */
#include "svc_internal.h"

#include "domain/rules.h"

void svc_defaults(const struct entity *e, void *obj)
{
    if (e == &entity_objective) {
        struct objective *o = obj;
        o->kind = KIND_COMMITTED;
        o->visibility = VIS_PUBLIC;
        o->state = OBJ_ACTIVE;
        o->weight = 1;
    } else if (e == &entity_key_result) {
        ((struct key_result *)obj)->confidence = 0.5;
    } else if (e == &entity_user) {
        ((struct user *)obj)->role = ROLE_MEMBER;
        ((struct user *)obj)->active = 1;
    } else if (e == &entity_cycle) {
        ((struct cycle *)obj)->kind = CYCLE_QUARTER;
    } else if (e == &entity_tenant) {
        ((struct tenant *)obj)->timezone = "Asia/Shanghai";
        ((struct tenant *)obj)->locale = "zh-CN";
    } else if (e == &entity_checkin) {
        ((struct checkin *)obj)->confidence = 0.5;
    } else if (e == &entity_kpi) {
        ((struct kpi *)obj)->direction = DIR_AT_LEAST;
    }
}

enum err_code svc_tenant_create(struct svc *s, struct tenant *t, struct user *admin,
                                struct err *err)
{
    if (!s->actor.system) {
        return err_set(err, ERR_FORBIDDEN, NULL, "only the operator creates tenants");
    }
    t->created = s->now;
    t->version = 1;
    if (validate_record(&entity_tenant, t, err) != ERR_OK ||
        settings_check(&entity_tenant, t, NULL, err) != ERR_OK ||
        store_begin(s->st, true, err) != ERR_OK) {
        return err->code;
    }
    enum err_code rc = store_insert(s->st, &entity_tenant, t, err);
    if (rc == ERR_OK && admin) {
        s->tenant_id = t->id;
        admin->role = ROLE_ADMIN;
        rc = svc_insert_checked(s, &entity_user, admin, err);
    }
    return svc_finish(s, rc, err);
}
