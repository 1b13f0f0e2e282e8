/* Composite reads for the web UI's pages (and the two small writes only the web needs): each is
 * one use-case in one transaction with a number of store reads bounded by what the page shows
 * (never by the size of the company), permissions checked per record as everywhere else.
 * Results live in s->a. */
#ifndef OKR_WEB_VIEWS_H
#define OKR_WEB_VIEWS_H

#include "service.h"

#include <stdbool.h>

/* A key result as pages show it. */
struct view_kr {
    struct key_result kr;
    double progress;     /* kr_progress */
    struct checkin last; /* the latest check-in; last.id 0 when there is none */
};

/* An objective with its owner's name and (when loaded) its key results. */
struct view_obj {
    struct objective o;
    double progress;        /* from its own key results (rolled up when the company says so) */
    const char *owner_name; /* the user's or team's name; "" for the company */
    bool can_write;         /* the actor may change it (and check in on its key results) */
    struct view_kr *krs;
    size_t nkrs;
};

struct view_request {
    struct request r;
    const char *from_name, *to_name;
    const char *source_title;    /* the objective's or key result's title */
    int64_t source_objective_id; /* the objective the source is or belongs to */
};

/* The tenant's cycles (by start) and the one a page shows. */
struct view_cycles {
    struct cycle *items;
    size_t n;
    const struct cycle *current; /* NULL when the tenant has no cycle */
};

/* The tenant's cycles by start and the one asked for (want; else the current one: the active
 * cycle containing today, the shortest first, else the latest active, grading, planning or
 * closed one). For the views' use-cases, inside their transaction. ERR_NOT_FOUND for an unknown
 * want. */
enum err_code view_load_cycles(struct svc *s, int64_t want, struct view_cycles *out,
                               struct err *err);

/* The signed-in user and their company, for every page's header. */
enum err_code svc_view_whoami(struct svc *s, struct user *me, struct tenant *t, struct err *err);

/* Sets the acting user's own language: "en", "zh-CN", or "" (follow the browser). */
enum err_code svc_view_set_locale(struct svc *s, const char *locale, struct err *err);

/* My OKRs: the actor's objectives of the cycle (cycle_id, or the current one when 0) with their
 * key results and latest check-ins; others' objectives on which the actor owns key results
 * (only those key results); the take-on requests waiting for the actor. */
struct view_my {
    struct view_cycles cycles;
    struct view_obj *objs;
    size_t nobjs;
    struct view_obj *others;
    size_t nothers;
    struct view_request *pending;
    size_t npending;
};
enum err_code svc_view_my(struct svc *s, int64_t cycle_id, struct view_my *out, struct err *err);

/* One key result with its progress and latest check-in, the cycle it is in, and (when
 * objective is not NULL) its objective with the progress of all its key results (krs not kept):
 * what My OKRs redraws after a check-in. */
enum err_code svc_view_kr(struct svc *s, int64_t kr_id, struct view_kr *out, struct cycle *cycle,
                          struct view_obj *objective, struct err *err);

/* The strategy map: mission, vision, the themes (by position) and under each the company
 * objectives of the cycle with their key results. */
struct view_theme {
    struct theme th;
    struct view_obj *objs;
    size_t nobjs;
};
struct view_strategy {
    struct tenant tenant;
    struct view_cycles cycles;
    struct view_theme *themes;
    size_t nthemes;
};
enum err_code svc_view_strategy(struct svc *s, int64_t cycle_id, struct view_strategy *out,
                                struct err *err);

struct view_comment {
    struct comment c;
    const char *author_name;
};

struct view_checkin {
    struct checkin c;
    const char *author_name;
};

/* A person one may @-mention: suggestions for the mention field. */
struct view_person {
    int64_t id;
    const char *name, *email;
};

/* The objective page: the objective and its key results, each key result's check-ins (oldest
 * first), its theme, parent, cycle, comments, the objectives aligned to it or to its key results,
 * what the actor may do, and, for those who may edit it, people to suggest for a mention (the
 * actor's reports and teams, at most 60) and the themes. */
struct view_objective {
    struct view_obj obj;
    struct cycle cycle;
    struct theme theme;             /* id 0: none */
    struct objective parent;        /* id 0: none (or the parent key result's objective) */
    struct key_result parent_kr;    /* id 0: none */
    struct view_checkin **checkins; /* [obj.nkrs] */
    size_t *ncheckins;              /* [obj.nkrs] */
    struct view_comment *comments;
    size_t ncomments;
    struct view_obj *children; /* aligned to the objective or one of its key results: the */
    size_t nchildren;          /* first 20 of nchildren_total */
    size_t nchildren_total;
    bool can_edit;
    struct view_person *people;
    size_t npeople;
    struct theme *themes; /* every theme, for the edit form */
    size_t nthemes;
};
enum err_code svc_view_objective(struct svc *s, int64_t id, struct view_objective *out,
                                 struct err *err);

/* What the new-objective form offers: the cycles (current: the default), the themes (by
 * position), the teams the actor leads or leads a team above (owners besides themself and, for
 * admins, the company),
 * and the objective or key result the new one aligns to, when asked (parent_objective_id, or
 * parent_kr_id of that objective; missing or hidden: ERR_NOT_FOUND). */
struct view_objective_form {
    struct view_cycles cycles;
    struct theme *themes;
    size_t nthemes;
    struct team *teams;
    size_t nteams;
    struct objective parent;     /* id 0: none */
    struct key_result parent_kr; /* id 0: the objective itself */
};
enum err_code svc_view_objective_form(struct svc *s, int64_t parent_objective_id,
                                      int64_t parent_kr_id, struct view_objective_form *out,
                                      struct err *err);

/* Take-on requests to and from the actor, newest first. */
struct view_inbox {
    struct view_request *to_me;
    size_t nto;
    struct view_request *from_me;
    size_t nfrom;
};
enum err_code svc_view_inbox(struct svc *s, struct view_inbox *out, struct err *err);

/* An @-mention: sends a take-on request from the actor to the user with email `to` (in the
 * actor's company) on objective_id or, when kr_id is not 0, on that key result. ERR_INVALID on
 * field "to" when nobody has that email; otherwise as svc_request_send. */
enum err_code svc_view_mention(struct svc *s, const char *to, int64_t objective_id, int64_t kr_id,
                               const char *message, struct request *out, struct err *err);

/* ==== web_views_map.c ==== */

enum {
    VIEW_COUNT_MAX = 20,          /* children are counted up to this; more shows as "20+" */
    VIEW_NODE_CHILDREN_MAX = 120, /* children drawn in one open node; the filters find the rest */
};

/* An objective as a node of the alignment map (its children are read when it is expanded). */
struct view_node {
    struct objective o;
    double progress;        /* own key results; rolled up when the company rolls up */
    const char *owner_name; /* user or team; "" for the company */
    size_t nkrs;
    size_t nchildren; /* objectives aligned to it or its key results that the actor may see,
                       * up to VIEW_COUNT_MAX + 1; SIZE_MAX: not counted (inside an open node) */
};

/* A key result inside an expanded node, with what aligns to it. */
struct view_node_kr {
    struct key_result kr;
    double progress;
    bool superior;   /* of a company or team objective: someone should take it on */
    size_t npending; /* pending take-on requests on it */
    struct view_node *children;
    size_t nchildren;
    size_t nmore; /* readable children left out (VIEW_NODE_CHILDREN_MAX per open node) */
};

/* An expanded node: its key results (each with its children) and the objectives aligned to the
 * objective itself. */
struct view_map_node {
    struct view_node node;
    struct cycle cycle;
    struct view_node_kr *krs;
    size_t nkrs;
    struct view_node *children;
    size_t nchildren;
    size_t nmore; /* as in view_node_kr */
};

struct view_map_filter {
    int64_t cycle_id;   /* 0: the current cycle */
    int64_t team_id;    /* 0: no team filter */
    const char *person; /* an email, or NULL */
    int64_t root_id;    /* 0: none; else that objective expanded */
};

/* The alignment map of a cycle: the themes with their company objectives as collapsed nodes;
 * or, filtered, a team's objectives (its own and its members') or a person's; or one objective
 * expanded. Teams (at most 500) for the filter. */
struct view_map {
    struct view_cycles cycles;
    struct theme *themes;
    size_t nthemes;
    struct view_node **theme_nodes; /* [nthemes] */
    size_t *ntheme_nodes;           /* [nthemes] */
    bool filtered;
    struct view_node *roots; /* the filter's objectives */
    size_t nroots;
    struct user person; /* the person filtered by (id 0: none) */
    struct team *teams;
    size_t nteams;
    struct view_map_node expanded; /* expanded.node.o.id 0: none */
};
enum err_code svc_view_map(struct svc *s, const struct view_map_filter *f, struct view_map *out,
                           struct err *err);
/* One node expanded (the fragment app.js loads when a node opens). */
enum err_code svc_view_map_node(struct svc *s, int64_t objective_id, struct view_map_node *out,
                                struct err *err);

/* ==== web_views_admin.c ==== */

/* The admin page: the company, its themes (by position), cycles (by start) and people (the
 * first `max_people` by id; *more_people when there are others). Admins only. */
struct view_admin {
    struct tenant tenant;
    struct theme *themes;
    size_t nthemes;
    struct view_cycles cycles;
    struct user *people;
    size_t npeople;
    bool more_people;
};
enum err_code svc_view_admin(struct svc *s, size_t max_people, struct view_admin *out,
                             struct err *err);

/* Grading a cycle: the objectives the actor scores: their own (self score and reflection), their
 * direct reports' (manager score), and, for admins, the company's objectives (final score). */
struct view_grading {
    struct cycle cycle;
    struct view_obj *mine;
    size_t nmine;
    struct view_obj *reports;
    size_t nreports;
    struct view_obj *teams; /* of the teams the actor leads (or a team above them); for admins
                               also of the teams nobody leads */
    size_t nteams;
    struct view_obj *company;
    size_t ncompany;
};
enum err_code svc_view_grading(struct svc *s, int64_t cycle_id, struct view_grading *out,
                               struct err *err);

/* svc_score as the grading page asks it: a manager or final score that leaves a committed
 * objective under 1.0 needs its post-mortem note (text, or one already written): ERR_INVALID on
 * field "postmortem" otherwise (score_needs_postmortem). */
enum err_code svc_view_score(struct svc *s, int64_t objective_id, const char *which, double score,
                             const char *text, struct err *err);

#endif
