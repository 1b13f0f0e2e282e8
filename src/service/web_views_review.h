/* Composite reads for three pages of the web UI (web issue, pages 9, 10 and 12): the weekly
 * review of a team, the company dashboard and the KPI board. Like web_views.h: one read
 * transaction per use-case, store reads bounded by what the page shows, records the actor may
 * not see left out (policy.c decides). Results live in s->a.
 *
 * Check-in discipline (on time / late / missed) is domain/rhythm.h's one definition. */
#ifndef OKR_WEB_VIEWS_REVIEW_H
#define OKR_WEB_VIEWS_REVIEW_H

#include "domain/coach.h"
#include "domain/rhythm.h"
#include "web_views.h"

#include <stdbool.h>

enum {
    REVIEW_TEAMS_MAX = 21,      /* the team and its first 20 direct sub-teams */
    REVIEW_PEOPLE_MAX = 80,     /* direct members and sub-team leads */
    REVIEW_OBJECTIVES_MAX = 30, /* objectives shown (the teams' first); more are counted */
    REVIEW_PICKER_MAX = 200,    /* teams offered by the team picker */
};

/* ==== weekly review (web_views_review.c) ==== */

/* A key result in the weekly review: what changed in the last 7 days. */
struct review_kr {
    struct key_result kr;
    const struct objective *obj; /* its objective (in the view) */
    const char *owner_name;      /* the KR's owner, else its objective's owner */
    double progress, expected;
    int status;               /* progress_status(progress, expected, confidence): today's verdict */
    double value_before;      /* the value at the start of the week (latest check-in before
                                 it, else the start value) */
    double confidence_before; /* NaN when there was no check-in before the week */
    struct view_checkin *week; /* this week's check-ins, oldest first */
    size_t nweek;
    int64_t last_at; /* the latest check-in's time; 0: none */
};

struct review_initiative {
    struct initiative in;
    const char *kr_title;
    const char *owner_name;
    bool overdue;
};

/* A person of the review: a direct member of the team or the lead of a sub-team. */
struct review_person {
    int64_t user_id;
    const char *name;
    size_t nkrs;     /* their key results in the review (owned, or on their objectives) */
    size_t nchecked; /* of which checked in this week */
    int64_t last_at; /* their latest check-in on any of them; 0: none */
    enum discipline discipline; /* the worst of their key results' */
};

struct view_review {
    struct view_cycles cycles;
    struct team team;   /* id 0: no team (the company has none) */
    struct team *scope; /* the team and its direct sub-teams */
    size_t nscope;
    bool scope_more;     /* sub-teams beyond REVIEW_TEAMS_MAX left out */
    struct team *picker; /* teams to choose from (the actor's, the parent, the sub-teams) */
    size_t npicker;
    struct review_kr *krs; /* by objective, then key result */
    size_t nkrs;
    size_t objectives;                     /* objectives shown */
    size_t objectives_more;                /* readable objectives beyond REVIEW_OBJECTIVES_MAX */
    struct review_initiative *initiatives; /* overdue or due within 14 days, by due date */
    size_t ninitiatives;
    struct review_person *people; /* not on time first */
    size_t npeople;
    int64_t week_start; /* rhythm_week_start(now): the week is from it to now */
};

/* The weekly review of team_id (0: the actor's first team, the one they lead first; else the
 * company's first team) in cycle_id (0: the current cycle): the objectives of the team and of its
 * direct sub-teams, then those of the team's members (each sub-team reviews its own members).
 * A key result whose `updated` time is before this week had no check-in this week (every
 * check-in updates its key result): its check-ins are not read, its value stands unchanged.
 * ERR_NOT_FOUND for an unknown team or cycle. */
enum err_code svc_view_review(struct svc *s, int64_t team_id, int64_t cycle_id,
                              struct view_review *out, struct err *err);

/* ==== dashboard (web_views_dashboard.c) ==== */

enum {
    DASH_BINS = 10,        /* score histogram: 0-0.1, ..., 0.9-1.0 */
    DASH_RISK_SHOWN = 15,  /* at-risk key results shown */
    DASH_RISK_KEPT = 200,  /* candidates kept for the visibility filter */
    DASH_TEAMS_SHOWN = 40, /* discipline rows */
    DASH_RULES_SHOWN = 5,  /* coach rules that cost the most */
};

struct dash_theme {
    struct theme th;
    size_t nobjs;    /* company objectives of the cycle under it */
    double progress; /* their mean progress; 0 with none */
};

struct dash_source {
    size_t themes, nobjs;
    double progress; /* mean of its company objectives' progress */
};

/* A key result at risk (any owner's), with what the visibility check needs. */
struct dash_risk {
    int64_t kr_id, objective_id;
    const char *kr_title, *objective_title, *owner_name;
    int64_t owner_user_id, owner_team_id;
    int visibility;
    double progress, confidence;
    int status;
};

struct dash_team {
    int64_t team_id;
    const char *name;
    size_t count[DISC_COUNT]; /* people (members with key results this cycle) per discipline */
};

struct view_dashboard {
    struct view_cycles cycles;
    double expected;
    struct dash_theme *themes;
    size_t nthemes;
    struct dash_source sources[5]; /* enum theme_source */
    double company_progress;       /* mean of the company objectives */
    size_t company_objectives;
    /* Company-wide figures (a snapshot: see computed_at). */
    int64_t computed_at;     /* epoch seconds the snapshot was taken */
    bool cached;             /* from the snapshot cache (large companies) */
    size_t objectives, krs;  /* the cycle's active objectives and their key results */
    struct dash_risk *risks; /* visible to the actor, worst first, at most DASH_RISK_SHOWN */
    size_t nrisks;
    size_t risks_total;            /* at risk or off track, company-wide */
    size_t discipline[DISC_COUNT]; /* people per discipline, company-wide */
    struct dash_team *teams;       /* lowest share on time first, at most DASH_TEAMS_SHOWN */
    size_t nteams;
    size_t teams_total;
    struct cycle closed;        /* the last closed cycle (id 0: none) */
    size_t bins[DASH_BINS + 1]; /* its objectives' final scores; [DASH_BINS]: unscored */
    double health;              /* the coach's health score, 0-100; NaN: no cycle */
    struct coach_cost top[DASH_RULES_SHOWN];
    size_t ntop;
};

/* The dashboard of cycle_id (0: the current cycle). Company progress is read live; the
 * company-wide figures (at-risk candidates, discipline, score distribution, the coach's health
 * score) read the whole cycle, so a cycle of more than DASH_CACHE_MIN_OBJECTIVES objectives is
 * computed at most every DASH_CACHE_TTL_S seconds per process and served from that snapshot
 * in between (the at-risk list is still filtered per actor); once it expires, one request
 * computes the next while the others are served the expired one. */
enum { DASH_CACHE_MIN_OBJECTIVES = 5000, DASH_CACHE_TTL_S = 600 };
enum err_code svc_view_dashboard(struct svc *s, int64_t cycle_id, struct view_dashboard *out,
                                 struct err *err);

/* ==== KPI board (web_views_kpis.c) ==== */

enum { KPI_HISTORY = 12, KPI_PAGE = 30 };

struct view_kpi {
    struct kpi k;
    const char *owner_name;
    struct kpi_value *values; /* the latest KPI_HISTORY, oldest first */
    size_t nvalues;
    size_t nvalues_total;
    bool healthy; /* the latest value meets the threshold (false without values) */
    bool can_write;
};

struct view_kpis {
    struct view_kpi *items; /* in the order they were created */
    size_t n;
    int64_t next_after; /* more KPIs after this id (the next page's cursor); 0: none */
    size_t healthy;
};

/* The company's KPIs (everyone may read KPIs) after id `after`, KPI_PAGE at a time, with their
 * recent values; or only kpi_id when it is not 0 (ERR_NOT_FOUND when missing). */
enum err_code svc_view_kpis(struct svc *s, int64_t kpi_id, int64_t after, struct view_kpis *out,
                            struct err *err);

#endif
