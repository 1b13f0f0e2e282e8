/* The OKR coach (OKR教练): the method's rules (DESIGN.md section 1) checked over a cycle's OKRs,
 * each finding (建议) naming the record, the rule (规则), a severity and an explanation in
 * zh-CN or English; findings roll up into a health score (健康度) per tenant and cycle. Pure:
 * the caller loads every array (service/coach.c) and passes `now` and `today`; nothing here
 * reads a clock or does I/O. Messages are rendered on demand (coach_message), so a report of a
 * million findings holds no text of its own.
 *
 * Files: coach.c (the rules, the report, the score), coach_text.c (the zh/en message tables),
 * coach_match.c (text normalisation, edit distance, the wording lists). */
#ifndef OKR_COACH_H
#define OKR_COACH_H

#include "core/arena.h"
#include "core/sb.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Rule ids, in the order of the issue: strategy, focus, challenge, measurability, alignment and
 * rhythm. coach_rule_info(r)->id is the stable text id ("S1"). */
enum coach_rule {
    COACH_S1,
    COACH_S2,
    COACH_S3,
    COACH_S4,
    COACH_F1,
    COACH_F2,
    COACH_F3,
    COACH_C1,
    COACH_C2,
    COACH_C3,
    COACH_C4,
    COACH_C5,
    COACH_C6,
    COACH_M1,
    COACH_M2,
    COACH_M3,
    COACH_A1,
    COACH_A2,
    COACH_R1,
    COACH_R2,
    COACH_RULES
};

enum coach_severity { COACH_ERROR, COACH_WARNING, COACH_INFO, COACH_SEVERITIES };

/* Rule families, for reports and precision/recall: S, F, C, M, and A+R together. */
enum coach_family {
    FAMILY_STRATEGY,
    FAMILY_FOCUS,
    FAMILY_CHALLENGE,
    FAMILY_MEASURABILITY,
    FAMILY_ALIGNMENT_RHYTHM,
    COACH_FAMILIES
};

enum coach_lang { COACH_EN, COACH_ZH };

/* What a finding is about; the names are the entity names ("key_result"), the company is the
 * "tenant". */
enum coach_subject {
    SUBJ_TENANT,
    SUBJ_THEME,
    SUBJ_OBJECTIVE,
    SUBJ_KEY_RESULT,
    SUBJ_USER,
    SUBJ_TEAM,
    SUBJ_REQUEST,
    COACH_SUBJECTS
};

struct coach_rule_info {
    const char *id;               /* "S1" */
    enum coach_severity severity; /* the usual one (F1 is info at 4 or 5 objectives) */
    enum coach_family family;
    enum coach_subject subject; /* what its findings are about */
};

/* The rule's description; r must be below COACH_RULES. */
const struct coach_rule_info *coach_rule_info(enum coach_rule r);
/* "S1" -> COACH_S1 (case-insensitive); -1 when no rule has that id. */
int coach_rule_parse(const char *id);
const char *coach_severity_name(enum coach_severity s); /* "error", "warning", "info" */
const char *coach_family_name(enum coach_family f);     /* "strategy", ... "alignment_rhythm" */
const char *coach_subject_name(enum coach_subject s);   /* "tenant", "key_result", ... */
/* "key_result" -> SUBJ_KEY_RESULT; -1 when unknown. */
int coach_subject_parse(const char *name);
/* "zh", "zh-CN", "zh_TW"... -> COACH_ZH; anything else (NULL too) -> COACH_EN. */
enum coach_lang coach_lang_parse(const char *locale);

/* Per key result, what its latest check-ins say (parallel to coach_input.krs). R2 needs at
 * least COACH_R2_CHECKINS of them: confidence that "stayed" high is a history, not one value. */
enum { COACH_HISTORY = 4, COACH_R2_CHECKINS = 2 };
struct coach_activity {
    int64_t last_checkin;             /* time of the latest check-in; 0: none */
    int nconf;                        /* check-ins known, at most COACH_HISTORY */
    double confidence[COACH_HISTORY]; /* latest first */
    /* The value reported and the check-in's time, latest first; at[i] 0: unknown (then the key
     * result's current progress stands for that check-in's). */
    double value[COACH_HISTORY];
    int64_t at[COACH_HISTORY];
};

/* Everything the rules read. Arrays may be empty (NULL, 0); a rule whose data is missing does
 * not fire. Records are as the store gives them; ids are positive except in drafts. */
struct coach_input {
    enum coach_lang lang;
    int64_t now;   /* epoch seconds */
    int64_t today; /* date (days since 1970) */
    /* program: also the rules about the program as a whole (S3, S4, F1, C5, A1) and the health
     * score; false checks only objectives and key results (an objective's representation). */
    bool program;
    /* threads: 2 checks the objectives in two halves at once (a large cycle: each thread has
     * its own findings and arena, joined before the program rules); else one. */
    int threads;
    const struct tenant *tenant; /* NULL: S4 is not checked */
    const struct cycle *cycle;   /* the cycle checked; NULL: no cycle (R1, R2, A1, A2 off) */
    const struct theme *themes;
    size_t nthemes;
    /* The cycle's objectives and their key results. */
    const struct objective *objs;
    size_t nobjs;
    const struct key_result *krs;
    size_t nkrs;
    const struct coach_activity *activity; /* [nkrs] or NULL */
    /* Key results that objectives here align to but that lie elsewhere (the parent cycle's, or
     * the parent of one objective): an objective that took one on keeps its words (M3). */
    const struct key_result *parent_krs;
    size_t nparent_krs;
    /* Objectives of other cycles that may align to this cycle's key results (e.g. the quarters
     * of a year): only their parent links are read (A2). */
    const struct objective *aligned;
    size_t naligned;
    /* The previous cycle of the same kind, with its objectives and key results (C1, C2). */
    const struct objective *prev_objs;
    size_t nprev_objs;
    const struct key_result *prev_krs;
    size_t nprev_krs;
    /* Objectives of the last two closed cycles of the same kind (C5); [0] is the later. */
    const struct objective *closed_objs[2];
    size_t nclosed_objs[2];
    /* KPIs and their values (C3). */
    const struct kpi *kpis;
    size_t nkpis;
    const struct kpi_value *kpi_values;
    size_t nkpi_values;
    /* Take-on requests of the tenant (A1, A2): those about this cycle's records count. */
    const struct request *requests;
    size_t nrequests;
    /* People and teams: names (F1, C5), direct reports, team members and leads (A2, C3). */
    const struct user *users;
    size_t nusers;
    const struct team *teams;
    size_t nteams;
    const struct membership *memberships;
    size_t nmemberships;
    /* Findings people dismissed: matching findings are reported apart, with the reason. */
    const struct finding_dismissal *dismissals;
    size_t ndismissals;
};

/* One finding. Text arguments point into the input (titles, names), so the input must outlive
 * the report; render the words with coach_message and coach_explanation. */
struct coach_finding {
    uint8_t rule;     /* enum coach_rule */
    uint8_t severity; /* enum coach_severity */
    uint8_t subject;  /* enum coach_subject */
    uint8_t text;     /* the message variant (coach_text.c) */
    int32_t kr_index; /* a key result's index in coach_input.krs; -1 otherwise */
    int64_t subject_id;
    int64_t owner_user_id, owner_team_id;      /* whose finding it is; both 0: the company */
    int64_t objective_id;                      /* the objective concerned; 0 for the program */
    const char *title;                         /* the subject's title or name ("" if none) */
    const char *arg;                           /* the message's text argument, or NULL */
    double num[3];                             /* the message's numeric arguments */
    const struct finding_dismissal *dismissal; /* set when dismissed */
};

/* What a rule costs the health score. */
struct coach_cost {
    enum coach_rule rule;
    size_t count;
    double points;
};

/* Theme coverage of one source (S3): themes of that source, and how many have an objective. */
struct coach_coverage {
    size_t themes, covered;
};

struct coach_report {
    struct coach_finding *findings; /* active, grouped by owner (company, teams, people), then
                                       by severity, rule and record */
    size_t n;
    struct coach_finding *dismissed; /* dismissed, in the same order */
    size_t ndismissed;
    size_t count[COACH_SEVERITIES];     /* active findings per severity */
    size_t objectives;                  /* objectives checked (not dropped): the program's size */
    double health;                      /* 0-100; NaN when not a program report */
    struct coach_cost top[COACH_RULES]; /* rules that cost points, most first */
    size_t ntop;
    struct coach_coverage coverage[5]; /* per theme source (enum theme_source) */
};

/* Points a finding of that severity costs: error 3, warning 1, info 0.25. The health score is
 * 100 * (1 - points / (3 * objectives)), clamped to 0..100 and rounded: a program averaging one
 * error per objective scores 0. */
double coach_points(enum coach_severity s);

/* Runs every rule over in. Findings, lists and counts are allocated in a (the caller's arena);
 * text arguments point into in. Never fails. O(n log n) in the number of records; text
 * comparisons (C1, C2) only within one owner's key results of the previous cycle. */
void coach_run(const struct coach_input *in, struct arena *a, struct coach_report *out);

/* Inline hints while writing: checks one draft objective and its draft key results (ids may be
 * 0; key results are taken as the objective's, whatever their objective_id). context may be
 * NULL, else its history, KPIs, people and cycle inform the rules that need them (its objs and
 * krs are ignored). Only findings on the objective and its key results; a key result's finding
 * has kr_index set. Allocates in a; never fails. */
void coach_check_draft(const struct objective *o, const struct key_result *krs, size_t nkrs,
                       const struct coach_input *context, struct arena *a,
                       struct coach_report *out);

/* The previous cycle of cur's kind among cycles (ended before cur starts, latest end), and the
 * last two closed cycles of that kind before cur. Writes indices into cycles, or -1. */
void coach_history(const struct cycle *cycles, size_t n, const struct cycle *cur, long *prev,
                   long closed[2]);

/* Appends f's message in lang to out (numbers and titles filled in). */
void coach_message(const struct coach_finding *f, enum coach_lang lang, struct sb *out);
/* f's explanation in lang: why the rule matters and what to do (static text). */
const char *coach_explanation(const struct coach_finding *f, enum coach_lang lang);

/* ---- Message tables (coach_text.c), exposed for their tests ---- */

/* Text variants: one per rule (same order as enum coach_rule), then the extra ones. */
enum coach_text_id {
    TEXT_F1_INFO = COACH_RULES, /* 4 or 5 objectives: close to the limit */
    TEXT_C2_PREV,               /* the target does not pass last cycle's achieved value */
    TEXT_C2_DOWN,               /* C2 of a key result that goes down */
    TEXT_C2_PREV_DOWN,          /* TEXT_C2_PREV of a key result that goes down */
    TEXT_C1_MILESTONE,          /* C1 of a milestone: it has no target to name */
    TEXT_F2_ONE,                /* F2 of an objective with one key result */
    TEXT_F2_NONE,               /* F2 of an objective with none */
    COACH_TEXTS
};
struct coach_text {
    const char *message[2]; /* [COACH_EN], [COACH_ZH]; placeholders below */
    const char *explanation[2];
};
/* Placeholders: {t} the text argument, {n0} num[0] as a whole number, {r0} num[0] as a
 * number, {p0} num[0] as a whole percentage (0.42 -> 42), {m} the missing parts of the
 * strategy (S4: bits of num[0]: 1 mission, 2 vision, 4 themes); digits pick num[0..2]. */
extern const struct coach_text coach_texts[COACH_TEXTS];
/* Words the messages compose: the company, mission, vision, strategic themes. */
enum { COACH_WORD_COMPANY, COACH_WORD_MISSION, COACH_WORD_VISION, COACH_WORD_THEMES, COACH_WORDS };
extern const char *const coach_words[COACH_WORDS][2];

/* ---- Text matching (coach_match.c), exposed for their tests ---- */

/* Normalises s for comparison: Unicode code points with ASCII letters lower-cased (full-width
 * forms folded), and no white space, digits or punctuation. Writes at most cap code points to
 * out and returns how many. */
size_t coach_normalize(const char *s, uint32_t *out, size_t cap);
/* Levenshtein distance of a and b (code points), or max + 1 when it is above max. Replacing one
 * Chinese character by another costs 2, as deleting one and inserting the other: a character is
 * a word (华东 -> 华南 is another region, not a typo), while one added or dropped (本季度 ->
 * 季度) costs 1. */
size_t coach_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max);
/* The edit distance two normalised texts of these lengths may differ by and still count as the
 * same text: 0 under 6 code points, else a 1 per 8 (at least 1). */
size_t coach_same_text_slack(size_t na, size_t nb);
/* True when a and b hold the same figures in the same order (v5 is not v6): milestones, which
 * have no target to tell them apart, compare by them. */
bool coach_same_figures(const char *a, const char *b);
/* True when title states a change with its figures (from 40% to 55%, raise ... to 90%, 提升,
 * 降到, 100%自动化...): maintenance words in it then name what changes (客户保持率从80%提升到90%),
 * not business as usual. "Continue to grow the network", with no figure, states none. */
bool coach_states_change(const char *title);
/* True when a and b say the same thing once normalised (C1): equal, or within the slack. */
bool coach_same_text(const char *a, const char *b);
/* The maintenance wording in title (C4: maintain, keep, continue to, ensure ... as usual, 保持,
 * 维持, 确保...正常, 日常, 继续, ...) or NULL; the result is a static string naming it. */
const char *coach_maintenance_word(const char *title);
/* The activity verb a title starts with (M2: complete, launch, hold, 完成, 开展, 组织, ...),
 * after a leading time phrase ("本季度", "Q3:", "By June,"), or NULL. Static string. */
const char *coach_activity_word(const char *title);
/* True when a metric key result measures an outcome rather than a count of things done (M2):
 * a rate or score in its unit or title (%, 率, NPS, rate, ...). */
bool coach_outcome_wording(const char *title, const char *unit);
/* The first figure that makes an objective's title a metric (M3), copied into buf (cap bytes)
 * and returned, or NULL. Figures in names (Q5, 3C, ISO 9001's digits after letters), years and
 * ordinals (2026年, 第3季度) do not count; percentages and Chinese numerals with a magnitude
 * (一亿, 三成, 翻一番) do. */
const char *coach_metric_figure(const char *title, char *buf, size_t cap);
/* How much of a KPI's name a key result's title repeats (C3): the share of the name's word (or
 * Chinese character) pairs found in the title, 0..1. */
double coach_name_overlap(const char *kpi_name, const char *title);
/* True when a title says something new is attempted (C3's exception): "new", "first", 新, 首次. */
bool coach_novelty(const char *title);
/* True when two units name the same thing ("%" and "％", "Hours" and "hours"); an empty unit
 * matches any. */
bool coach_same_unit(const char *a, const char *b);

#endif
