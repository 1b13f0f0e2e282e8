/* Composite reads (and the few writes) of the web UI's people pages (issue 4, pages 7, 11 and
 * 13): a team's page, a person's page, a person's dossier, and the admin's lists of users and
 * teams. Each read is one transaction with store reads bounded by what the page shows (members,
 * sub-teams and reports are capped; never a query per record of the whole company). Records the
 * actor may not see are left out, as policy.c decides; the dossier itself is policy_dossier's.
 * Results live in s->a. */
#ifndef OKR_WEB_VIEWS_PEOPLE_H
#define OKR_WEB_VIEWS_PEOPLE_H

#include "web_views.h"

#include <stdbool.h>

enum {
    VIEW_MEMBERS_MAX = 100, /* members of a team shown with their progress */
    VIEW_SUBTEAMS_MAX = 200,
    VIEW_REPORTS_MAX = 100,
    VIEW_LIST_PAGE = 50, /* users or teams per page of the admin's lists */
};

/* A member of a team with the progress of their objectives of the cycle that the actor may
 * see (nobjs 0: none visible; progress then 0). */
struct view_member {
    struct user u;
    double progress;
    size_t nobjs;
};

/* A team's page: the team, its parent, lead, sub-teams (by id, at most VIEW_SUBTEAMS_MAX of
 * nsub_total), members (the first VIEW_MEMBERS_MAX of nmembers_total), the team's own objectives
 * of the cycle with their key results, and the roll-up: the mean progress of the team's
 * objectives and of the members' visible objectives (NaN when there is none). */
struct view_team {
    struct team team;
    struct team parent; /* id 0: none */
    struct user lead;   /* id 0: none */
    struct team *subs;
    size_t nsubs, nsubs_total;
    struct view_member *members;
    size_t nmembers, nmembers_total;
    struct view_cycles cycles;
    struct view_obj *objs;
    size_t nobjs;
    double team_progress, members_progress;
};
enum err_code svc_view_team(struct svc *s, int64_t team_id, int64_t cycle_id,
                            struct view_team *out, struct err *err);

/* A person's page: the person, their manager, teams, direct reports (at most VIEW_REPORTS_MAX,
 * more_reports when there are others), and their objectives of the cycle that the actor may
 * see, with key results; can_dossier: the actor may open their dossier. */
struct view_person_page {
    struct user user;
    struct user manager; /* id 0: none */
    struct team *teams;
    size_t nteams;
    struct user *reports;
    size_t nreports;
    bool more_reports;
    struct view_cycles cycles;
    struct view_obj *objs;
    size_t nobjs;
    double progress; /* mean of objs; NaN when none */
    /* The key results the person owns on others' objectives of the cycle (that the viewer may
     * see): their part of a superior's or a colleague's objective. */
    struct view_carried {
        struct key_result kr;
        int64_t objective_id;
        const char *objective_title;
        double progress;
    } * carried;
    size_t ncarried;
    bool can_dossier;
};
enum err_code svc_view_person(struct svc *s, int64_t user_id, int64_t cycle_id,
                              struct view_person_page *out, struct err *err);

/* One cycle of a dossier: the person's objectives in it (drafts too; dropped ones marked, left
 * out of the means), each with its key results, and the cycle's check-in discipline
 * (domain/dossier.h) and mean scores (NaN: none given). */
struct dossier_cycle {
    struct cycle cycle;
    struct view_obj *objs;
    size_t nobjs;
    size_t weeks, weeks_checked;
    double mean_self, mean_manager, mean_final;
};

/* A take-on the person accepted: the superior's objective or key result they took on. */
struct dossier_takeon {
    struct request r;
    const char *from_name;
    const char *source_title;     /* the key result's (or objective's) title */
    bool on_kr;                   /* the source is a key result */
    int64_t source_objective_id;  /* the objective the source is or belongs to */
    const char *result_title;     /* the objective it became ("" when gone) */
};

/* A person's dossier (page 11): every cycle that has run (not planning) in which they own
 * objectives, newest first; the take-ons they accepted, newest first; the discipline summed over
 * those cycles; counts of committed and aspirational objectives. policy_dossier decides who may
 * read it (ERR_FORBIDDEN otherwise); ERR_NOT_FOUND when there is no such person. */
struct view_dossier {
    struct user user;
    struct user manager; /* id 0: none */
    struct team *teams;
    size_t nteams;
    struct dossier_cycle *cycles;
    size_t ncycles;
    struct dossier_takeon *takeons;
    size_t ntakeons;
    size_t weeks, weeks_checked;
    size_t committed, aspirational;
};
enum err_code svc_view_dossier(struct svc *s, int64_t user_id, struct view_dossier *out,
                               struct err *err);

/* ---- admin (admins only: ERR_FORBIDDEN otherwise) ---- */

/* A row of the admin's list of users: the user, their manager's name ("" for none) and the
 * names of their teams joined by ", ". */
struct view_user_row {
    struct user u;
    const char *manager_name;
    const char *team_names;
};

/* A page of users in id order after `after` (VIEW_LIST_PAGE of them); next: the id to continue
 * after, 0 at the end. */
struct view_users {
    struct view_user_row *rows;
    size_t n;
    int64_t next;
};
enum err_code svc_view_admin_users(struct svc *s, int64_t after, struct view_users *out,
                                   struct err *err);

/* One user for the admin's edit form: the user, their manager, their teams, and (when the
 * company has at most `max_teams` teams) every team for the "add to team" choice (all_teams NULL
 * otherwise: the form asks for a team id). */
struct view_admin_user {
    struct user user;
    struct user manager; /* id 0: none */
    struct team *teams;
    size_t nteams;
    struct team *all_teams;
    size_t nall_teams;
};
enum err_code svc_view_admin_user(struct svc *s, int64_t user_id, size_t max_teams,
                                  struct view_admin_user *out, struct err *err);

/* A row of the admin's list of teams: the team, its parent's and lead's names ("" for none). */
struct view_team_row {
    struct team t;
    const char *parent_name, *lead_name;
};
struct view_teams {
    struct view_team_row *rows;
    size_t n;
    int64_t next;
    struct team *all; /* every team when there are at most max_teams (for the parent choice) */
    size_t nall;
    struct team *mine; /* the actor's teams (memberships) */
    size_t nmine;
};
/* A page of teams in id order after `after`, every team when there are at most max_teams, and
 * the actor's own teams. Teams are public within the company: anyone signed in may list them. */
enum err_code svc_view_teams(struct svc *s, int64_t after, size_t max_teams,
                             struct view_teams *out, struct err *err);

/* Changes a user's role (role < 0: keep) and manager (manager_email NULL: keep; "": none; else
 * the user with that email in the company, ERR_INVALID on field "manager" when nobody has it).
 * version: the version the form was read at (0: any). One write transaction. */
enum err_code svc_people_user_update(struct svc *s, int64_t user_id, int64_t version, int role,
                                     const char *manager_email, struct err *err);

/* Creates (t->id 0) or updates a team: name, parent_id and, from lead_email (NULL: keep; "":
 * none; else that user, ERR_INVALID on field "lead" when nobody has it), its lead. t->version:
 * the version read (updates). t gets the stored team. One write transaction. */
enum err_code svc_people_team_save(struct svc *s, struct team *t, const char *lead_email,
                                   struct err *err);

/* Adds the user with email (or, when email is NULL, user_id) to team_id. ERR_INVALID on field
 * "email" when nobody has that email; ERR_CONFLICT when already a member. */
enum err_code svc_people_member_add(struct svc *s, int64_t team_id, const char *email,
                                    int64_t user_id, struct err *err);

#endif
