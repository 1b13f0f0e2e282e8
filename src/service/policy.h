/* Who may see and change what (DESIGN.md; REST API issue): the one place permissions are decided.
 * The operator (CLI) and admins may do everything within their tenant. For members:
 *   read: public OKRs by everyone; team OKRs by the owning team's members and the leads of it and
 *         its ancestor teams; private OKRs by the owner and the owner's manager chain.
 *   write an OKR (objective, its key results, initiatives, check-ins, scores): the owner, the
 *         owner's manager chain, the leads of a team-owned objective's team and its ancestors;
 *         company objectives only admins. A key result's own owner checks in on it too. The
 *         self score is the objective's owner's, the manager and final scores the chain's. Comments: whoever may read the OKR writes one; only
 *         its author changes or deletes it.
 *   tenant settings, users, teams, themes, cycles: admins only; KPIs: their owner or team lead.
 *   a person's dossier (every cycle's OKRs, scores, reflections): the person, their manager
 *         chain and admins only, never a colleague or a peer, whatever the OKRs' visibility.
 * Every service call asks here before it reads or writes. */
#ifndef OKR_POLICY_H
#define OKR_POLICY_H

#include "service.h"

enum policy_action { POLICY_READ, POLICY_WRITE };

/* Loads, in three queries whatever the tenant's size, everything the policy needs to know about
 * the actor's relations (whom they manage, their teams, the teams they lead), so that checking
 * many records costs no further queries. Call inside the use-case's transaction, before a loop
 * of policy_check; the result lives in s->a until the use-case ends. No-op for admins. */
enum err_code policy_load_relations(struct svc *s, struct err *err);

/* For each of teams (the tenant's, in id order), whether the actor leads it or a team above it:
 * the leads who write a team's objectives and grade them (an arena array of n flags). */
bool *policy_teams_led(struct svc *s, const struct team *teams, size_t n);

/* ERR_OK when the actor may do action on obj (a record of entity e, as stored); otherwise
 * ERR_NOT_FOUND for reads (what you may not see does not exist for you: the message is the one
 * the store gives for a missing record) and ERR_FORBIDDEN for writes to what you can see. */
enum err_code policy_check(struct svc *s, enum policy_action action, const struct entity *e,
                           const void *obj, struct err *err);

/* Whether the actor may read obj: policy_check(POLICY_READ) as a yes or no. */
bool policy_can_read(struct svc *s, const struct entity *e, const void *obj);

/* Whether the actor may write check-in c on key result kr of objective o: whoever may write the
 * objective, and the key result's own owner (who reports its progress, on another's objective
 * too), as long as they may see the objective. */
enum err_code policy_check_checkin(struct svc *s, const struct checkin *c,
                                   const struct key_result *kr, const struct objective *o,
                                   struct err *err);

/* policy_check for obj (a key result, initiative, check-in or comment) hanging from objective o,
 * which the caller read in the same transaction: the same decision, without reading o again
 * (a check-in reads its key result's objective anyway, for the cycle). */
enum err_code policy_check_under(struct svc *s, enum policy_action action, const struct entity *e,
                                 const void *obj, const struct objective *o, struct err *err);

/* ERR_OK when the actor may open the dossier of user_id: the person themself, someone in their
 * manager chain, an admin or the operator. Anyone else gets ERR_FORBIDDEN (the person's page is
 * public in the company, so the refusal hides nothing). */
enum err_code policy_dossier(struct svc *s, int64_t user_id, struct err *err);

#endif
