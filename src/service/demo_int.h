/* Private to the demo generator (src/service/demo*.c): the build context, the fixed-seed PRNG,
 * the writers shared by the hand-written company (demo_small.c) and the scaled one
 * (demo_scale.c), and the shapes of the zh/en text tables (demo_text.c). Nothing outside the
 * demo includes this. */
#ifndef OKR_DEMO_INT_H
#define OKR_DEMO_INT_H

#include "demo.h"

#include <stddef.h>
#include <stdint.h>

enum { DEMO_ZH, DEMO_EN };

/* One text in both languages. */
struct tx {
    const char *zh, *en;
};

/* A quarter the demo fills: 0 is the closed one, 1 the active one (holding today). */
struct demo_quarter {
    int64_t id, start, end; /* cycle id and its inclusive dates */
};

struct demo_ctx {
    struct store *st;
    struct arena *a; /* the caller's arena: long-lived text of the small company */
    struct err *err;
    const struct demo_opts *o;
    int lang;
    int64_t now, today;
    int64_t tenant_id;
    int64_t rows; /* records written */
    uint64_t rng; /* splitmix64 state: a fixed seed, so the same options give the same data */
    struct demo_quarter q[2];
    int64_t year_id;
    /* Check-ins not written yet: they go to the store in groups (store_insert_many). */
    struct checkin pending[64];
    size_t npending;
};

/* The plan of one key result's quarter: what it measures and how it moves week by week. */
struct kr_plan {
    double start, target;
    int type, direction, decimals;
    int quarter;  /* 0 closed, 1 active */
    double p;     /* closed: progress at the end of the quarter; active: pace (progress/expected) */
    double curve; /* progress follows expected^curve: 1 linear, above 1 a late start */
    int checkins; /* 0: none (a draft objective) */
    int notes;    /* 1: every check-in has a note; else about one in three */
    int64_t stop; /* DATE_NONE, or the last day with check-ins (a dropped objective) */
    double final; /* closed quarter: the final value (set by demo_kr_plan_final) */
};

/* Writers (demo.c). Each inserts one record, counts it and fails like store_insert. */
enum err_code demo_put(struct demo_ctx *c, const struct entity *e, void *obj);
/* Check-ins are queued and written in groups; demo_flush writes the queue (svc_demo calls it
 * before the commit). */
enum err_code demo_put_checkin(struct demo_ctx *c, const struct checkin *ci);
enum err_code demo_flush(struct demo_ctx *c);
/* Picks this language's text. */
const char *demo_tx(const struct demo_ctx *c, struct tx t);

/* PRNG (demo.c): splitmix64. */
uint64_t demo_rand(struct demo_ctx *c);
/* A uniform integer in [lo, hi]. */
int64_t demo_range(struct demo_ctx *c, int64_t lo, int64_t hi);
/* A uniform real in [0, 1). */
double demo_unit(struct demo_ctx *c);

/* The time of day a demo event on `day` happened (09:00 UTC, 17:00 in Shanghai, plus `minutes`),
 * never after now. */
int64_t demo_at(const struct demo_ctx *c, int64_t day, int64_t minutes);
double demo_round(double v, int decimals);

/* Key results (demo.c). demo_kr_plan_final fixes a closed quarter's final value and returns the
 * KR's progress at the end; demo_kr_write inserts kr (current and confidence from its last
 * check-in) and its weekly check-ins by author. */
double demo_kr_plan_final(struct kr_plan *p);
double demo_progress(const struct kr_plan *p, double value);
enum err_code demo_kr_write(struct demo_ctx *c, struct key_result *kr, struct kr_plan *p,
                            int64_t author);
/* Rounds a mean progress to a score on the 0.0-1.0 scale (nearest 0.1). */
double demo_score(double progress);
/* Fills a kpi's monthly history: `months` values ending with the last month before today. */
enum err_code demo_kpi_values(struct demo_ctx *c, int64_t kpi_id, const double *values, int months);

/* The two company sizes. */
enum err_code demo_small(struct demo_ctx *c);
enum err_code demo_scale(struct demo_ctx *c, int64_t people);

/* --- The hand-written company (tables in demo_text.c) --- */

struct d_person {
    const char *key;
    struct tx name;
    const char *email; /* local part; @demo.okr.example is added */
    const char *manager, *team, *team2;
};

struct d_team {
    const char *key;
    struct tx name;
    const char *parent, *lead;
};

struct d_theme {
    const char *key;
    struct tx title, desc;
    int source, horizon;
};

struct d_kpi {
    const char *key;
    struct tx name, unit;
    const char *owner_team, *owner_user;
    int direction;
    double threshold;
    double values[12]; /* monthly, oldest first */
};

enum { D_ACTIVE = 0, D_DRAFT = 1, D_DROPPED = 2 };

struct d_obj {
    const char *key;
    int quarter;
    const char *owner_user, *owner_team; /* both NULL: the company */
    struct tx title, desc;               /* title unused when made by a request */
    int kind, visibility, state;         /* state: D_ACTIVE, D_DRAFT or D_DROPPED */
    const char *theme, *parent_obj, *parent_kr, *kpi;
    const char *request; /* the accepted take-on request that created it */
    double self_delta;   /* closed quarter: self score minus final score */
    double mgr_delta;    /* closed quarter: manager score minus final score */
    struct tx reflection, postmortem;
};

struct d_kr {
    const char *key, *obj, *owner;
    struct tx title, unit;
    int type, direction;
    double start, target;
    int decimals;
    double p, curve; /* see struct kr_plan */
};

struct d_request {
    const char *key, *from, *to, *src_obj, *src_kr;
    struct tx message, reason;
    int state;
};

struct d_initiative {
    const char *kr, *owner;
    struct tx title;
    int state;
    int due_week; /* weeks after the quarter starts */
};

struct d_comment {
    const char *obj, *kr, *author;
    struct tx body;
    int days_ago;
};

struct d_company {
    struct tx name, mission, vision;
    const struct d_person *people;
    size_t n_people;
    const struct d_team *teams;
    size_t n_teams;
    const struct d_theme *themes;
    size_t n_themes;
    const struct d_kpi *kpis;
    size_t n_kpis;
    const struct d_obj *objs;
    size_t n_objs;
    const struct d_kr *krs;
    size_t n_krs;
    const struct d_request *requests;
    size_t n_requests;
    const struct d_initiative *initiatives;
    size_t n_initiatives;
    const struct d_comment *comments;
    size_t n_comments;
};

extern const struct d_company demo_company;

/* Check-in notes by status (on_track, at_risk, off_track), and the closing one. */
extern const struct tx demo_notes[3][8];
extern const struct tx demo_note_final;

/* --- The scaled company's pools (demo_text.c) --- */

enum { DEMO_FUNCS = 8, DEMO_POOL = 8 };

struct s_kr_tmpl {
    struct tx title; /* "{a}" is the start, "{b}" the target */
    struct tx unit;
    int type, direction, decimals;
    double lo, hi;   /* start range */
    double dlo, dhi; /* change: a factor of start (mult) or an amount added (add) */
    int add;
    double cap; /* the target never passes it (e.g. 100 for %); 0: none */
};

struct s_func {
    struct tx dept;          /* department name, e.g. 销售部 */
    struct tx dept_stem;     /* the name without 部, for numbered repeats */
    struct tx team_types[4]; /* team kinds without the trailing 组 */
    struct tx objectives[DEMO_POOL];
    struct s_kr_tmpl krs[DEMO_POOL];
    struct tx kpi_name, kpi_unit;
    int kpi_direction;
    double kpi_threshold, kpi_lo, kpi_hi; /* values are drawn in [lo, hi] */
};

extern const struct s_func demo_funcs[DEMO_FUNCS];
extern const struct tx demo_regions[7];

struct s_name {
    const char *zh, *py; /* characters and pinyin (lower case) */
};
extern const struct s_name demo_surnames[];
extern const size_t demo_n_surnames;
extern const struct s_name demo_given[];
extern const size_t demo_n_given;

extern const struct tx demo_reflections[8];
extern const struct tx demo_postmortems[6];
extern const struct tx demo_request_msgs[4];
extern const struct tx demo_decline_reasons[4];
extern const struct tx demo_desc_person[4];
extern const struct tx demo_initiative_pool[6];
extern const struct tx demo_comment_pool[4];

#endif
