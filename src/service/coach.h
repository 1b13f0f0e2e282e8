/* The OKR coach as use-cases (domain/coach.h holds the rules): the findings of a cycle, of one
 * objective, of a draft being written, and dismissing a finding with a reason. Each call is one
 * transaction. A cycle is loaded in a fixed number of store reads whatever its size (plus one per
 * child cycle, e.g. the quarters of a year, whose objectives may take on its key results).
 * Results live in the context's arena. */
#ifndef OKR_SERVICE_COACH_H
#define OKR_SERVICE_COACH_H

#include "domain/coach.h"
#include "service.h"

/* The language of the words: COACH_EN or COACH_ZH as asked; COACH_LANG_AUTO for the actor's
 * locale, else the tenant's; COACH_LANG_USER_ELSE_EN / _ZH for the actor's locale, else that
 * language (a browser's Accept-Language). */
enum { COACH_LANG_AUTO = -1, COACH_LANG_USER_ELSE_EN = -2, COACH_LANG_USER_ELSE_ZH = -3 };

/* A cycle's coach report and what a front needs to print it. */
struct coach_view {
    struct tenant tenant;
    struct cycle cycle;
    struct rows users, teams; /* in id order: owner names (coach_view_user / _team) */
    struct coach_input input; /* what the rules read; the report points into it */
    struct coach_report report;
    enum coach_lang lang;
};

/* Runs every rule over cycle_id. Findings about records the actor may not see are left out;
 * the health score counts the whole program. ERR_NOT_FOUND when the cycle does not exist. */
enum err_code svc_coach_cycle(struct svc *s, int64_t cycle_id, int lang, struct coach_view *out,
                              struct err *err);

/* The findings of one objective and its key results (not the program's: S3, S4, F1, C5, A1),
 * e.g. for its representation or the answer to an edit. *lang gets the language used.
 * ERR_NOT_FOUND when the objective does not exist or the actor may not see it. The previous
 * cycle's key results compared (C1, C2) are those of the objective's owner. */
enum err_code svc_coach_objective(struct svc *s, int64_t objective_id, int lang,
                                  struct coach_report *out, enum coach_lang *used, struct err *err);

/* An objective with its key results (as svc_objective_get) and its findings, in one read. */
enum err_code svc_objective_coached(struct svc *s, int64_t id, int lang, struct objective *o,
                                    struct rows *krs, struct coach_report *findings,
                                    enum coach_lang *used, struct err *err);

/* Inline hints while writing (for the web UI): checks a draft objective (its cycle_id and owner
 * set, id 0 for a new one) and its draft key results against the owner's history, KPIs and
 * team, without writing anything. Findings on key results carry kr_index. ERR_INVALID when the
 * draft's cycle does not exist. */
enum err_code svc_coach_draft(struct svc *s, const struct objective *draft,
                              const struct key_result *krs, size_t nkrs, int lang,
                              struct coach_report *out, enum coach_lang *used, struct err *err);

/* Dismisses a finding: d->rule ("C3"), d->entity ("key_result") and d->entity_id name it,
 * d->reason says why (required). Who may: whoever may change the record (an objective or key
 * result: its owner and their managers; a key result's own owner too), the person themselves or an admin for F1 and C5, the
 * sender or receiver of a take-on request, admins for themes and the company. Sets d's id,
 * user (the actor), time and canonical names. ERR_INVALID naming the field, ERR_NOT_FOUND when
 * the record does not exist, ERR_FORBIDDEN, ERR_CONFLICT when it is already dismissed. */
enum err_code svc_coach_dismiss(struct svc *s, struct finding_dismissal *d, struct err *err);
/* Withdraws a dismissal, named by d->id or, when that is 0, by the finding it answers (d->rule,
 * d->entity, d->entity_id): the finding counts again. Who may: who gave it, and whoever may
 * dismiss that finding. Sets *d to the dismissal withdrawn. ERR_NOT_FOUND (also for what the
 * actor may not see), ERR_FORBIDDEN, ERR_INVALID for an unknown rule or entity. */
enum err_code svc_coach_undismiss(struct svc *s, struct finding_dismissal *d, struct err *err);

/* The user or team with this id in a view's lists, or NULL. */
const struct user *coach_view_user(const struct coach_view *v, int64_t id);
const struct team *coach_view_team(const struct coach_view *v, int64_t id);

#endif
