/* Helpers shared by the service's files: transactions, record rules, audit. Not for the fronts. */
#ifndef OKR_SVC_INTERNAL_H
#define OKR_SVC_INTERNAL_H

#include "service.h"

/* Ends the transaction: commits when rc is ERR_OK (returning the commit's result), else rolls
 * back and returns rc. */
enum err_code svc_finish(struct svc *s, enum err_code rc, struct err *err);
/* Records who did what (append-only audit log). */
enum err_code svc_audit(struct svc *s, const char *action, const struct entity *e,
                        const void *obj, struct err *err);
/* svc_audit with the summary given (svc_audit takes the record's title or name). */
enum err_code svc_audit_note(struct svc *s, const char *action, const struct entity *e,
                             const void *obj, const char *summary, struct err *err);
/* The cycle an OKR record belongs to (objective, key result, initiative, check-in, comment). */
enum err_code svc_cycle_of(struct svc *s, const struct entity *e, const void *obj,
                           struct cycle *out, struct err *err);
/* The tenant's records of e whose field `by` is key (every record when by is NULL), at most
 * limit of them (0: all), inside an open transaction. No policy check: the caller keeps what the
 * actor may see. */
enum err_code svc_list_by(struct svc *s, const struct entity *e, const char *by, int64_t key,
                          int64_t limit, struct rows *out, struct err *err);
/* Keeps, in place, the key results of krs on an objective of objs the actor may read, and those
 * objectives too unless keep_objs (all of them kept). Loads the policy's relations first; no-op
 * for admins and the system. */
enum err_code svc_keep_readable(struct svc *s, struct rows *objs, bool keep_objs, struct rows *krs,
                                struct err *err);
/* Insert/update inside an open transaction, with every rule of svc_create/svc_update. */
enum err_code svc_insert_checked(struct svc *s, const struct entity *e, void *obj, struct err *err);
enum err_code svc_update_checked(struct svc *s, const struct entity *e, void *obj, const void *old,
                                 struct err *err);

/* Names of people and teams for a page, each looked up once (svc_names.c): "" for id 0, "?" for
 * one that is gone. Zero-initialise with .s set; the names live in s's arena. */
enum { SVC_NAMES_MAX = 128 };
struct svc_names {
    struct svc *s;
    struct {
        int64_t id;
        bool team;
        const char *name;
    } cache[SVC_NAMES_MAX];
    size_t n;
};
const char *svc_name_of(struct svc_names *nm, int64_t id, bool team);

#endif
