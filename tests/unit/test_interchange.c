/* Unit tests for service/interchange on real SQLite files: a tenant covering every entity and
 * field round-trips byte-identically (export -> import -> export), a hand-written minimal document
 * imports with its defaults, every kind of bad input is refused whole with the path of the bad
 * field, and nothing is written when an import fails. */
#include "core/arena.h"
#include "core/sb.h"
#include "core/timefmt.h"
#include "domain/meta.h"
#include "service/interchange.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IC_NOW 1767323045 /* 2026-01-02T03:04:05Z: tests never read the clock */

struct db {
    char path[64];
    struct store *st;
};

static void db_open(struct db *d)
{
    struct err err;
    snprintf(d->path, sizeof d->path, "/tmp/okr-ic-test-XXXXXX");
    int fd = mkstemp(d->path);
    cr_assert_geq(fd, 0, "mkstemp");
    close(fd);
    cr_assert_eq(store_open(d->path, &d->st, &err), ERR_OK, "store_open: %s", err.msg);
}

static void db_drop(struct db *d)
{
    char p[80];
    store_close(d->st);
    unlink(d->path);
    snprintf(p, sizeof p, "%s-wal", d->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", d->path);
    unlink(p);
}

static int64_t ts(int y, int mo, int d, int h, int mi, int s)
{
    return date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static int64_t day(int y, int mo, int d)
{
    return date_from_ymd(y, mo, d);
}

static void ins(struct store *st, const struct entity *e, void *obj)
{
    struct err err;
    cr_assert_eq(store_insert(st, e, obj, &err), ERR_OK, "insert %s: %s", e->name, err.msg);
}

static void upd(struct store *st, const struct entity *e, void *obj)
{
    struct err err;
    cr_assert_eq(store_update(st, e, obj, &err), ERR_OK, "update %s: %s", e->name, err.msg);
}

static size_t count(struct store *st, const struct entity *e, int64_t tenant)
{
    struct arena a;
    struct err err;
    struct rows rows;
    struct query q = {.tenant_id = tenant};
    arena_init(&a, 0);
    cr_assert_eq(store_list(st, e, &q, &a, &rows, &err), ERR_OK, "list %s", e->name);
    size_t n = rows.n;
    arena_free(&a);
    return n;
}

static struct user mk_user(int64_t t, const char *name, const char *email, int role,
                           int64_t manager, const char *locale, int active)
{
    struct user u;
    meta_init(&entity_user, &u);
    u.tenant_id = t;
    u.name = name;
    u.email = email;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2VjcmV0$aGFzaA";
    u.role = role;
    u.manager_id = manager;
    u.locale = locale;
    u.active = active;
    u.created = ts(2025, 12, 1, 9, 0, 0);
    u.version = 1;
    return u;
}

static struct objective mk_obj(int64_t t, int64_t cycle, const char *title)
{
    struct objective o;
    meta_init(&entity_objective, &o);
    o.tenant_id = t;
    o.cycle_id = cycle;
    o.title = title;
    o.weight = 1;
    o.created = ts(2026, 1, 3, 10, 0, 0);
    o.updated = ts(2026, 1, 20, 18, 30, 15);
    o.version = 1;
    return o;
}

static struct key_result mk_kr(int64_t t, int64_t objective, const char *title, int type, int dir,
                               double start, double target, double current)
{
    struct key_result k;
    meta_init(&entity_key_result, &k);
    k.tenant_id = t;
    k.objective_id = objective;
    k.title = title;
    k.type = type;
    k.direction = dir;
    k.start = start;
    k.target = target;
    k.current = current;
    k.confidence = 0.5;
    k.created = ts(2026, 1, 4, 11, 0, 0);
    k.updated = ts(2026, 2, 1, 12, 0, 0);
    k.version = 1;
    return k;
}

static void add_member(struct store *st, int64_t t, int64_t team, int64_t user)
{
    struct membership m = {.tenant_id = t, .team_id = team, .user_id = user};
    ins(st, &entity_membership, &m);
}

static void add_value(struct store *st, int64_t t, int64_t kpi, int64_t on, double v)
{
    struct kpi_value kv = {.tenant_id = t, .kpi_id = kpi, .on = on, .value = v};
    ins(st, &entity_kpi_value, &kv);
}

static void add_comment(struct store *st, int64_t t, int64_t obj, int64_t kr, int64_t author,
                        const char *body, int64_t at)
{
    struct comment c = {.tenant_id = t,
                        .objective_id = obj,
                        .kr_id = kr,
                        .author_id = author,
                        .body = body,
                        .at = at};
    ins(st, &entity_comment, &c);
}

static void add_checkin(struct store *st, int64_t t, int64_t kr, int64_t author, int64_t at,
                        double value, double confidence, int status, const char *note)
{
    struct checkin c = {.tenant_id = t,
                        .kr_id = kr,
                        .author_id = author,
                        .at = at,
                        .value = value,
                        .confidence = confidence,
                        .status = status,
                        .note = note};
    ins(st, &entity_checkin, &c);
}

static void add_initiative(struct store *st, int64_t t, int64_t kr, const char *title,
                           int64_t owner, int state, int64_t due)
{
    struct initiative i;
    meta_init(&entity_initiative, &i);
    i.tenant_id = t;
    i.kr_id = kr;
    i.title = title;
    i.owner_id = owner;
    i.state = state;
    i.due = due;
    i.created = ts(2026, 1, 5, 8, 15, 0);
    i.version = 1;
    ins(st, &entity_initiative, &i);
}

static void add_request(struct store *st, int64_t t, int64_t from, int64_t to, int64_t obj,
                        int64_t kr, const char *message, int state, const char *reason,
                        int64_t result)
{
    struct request r;
    meta_init(&entity_request, &r);
    r.tenant_id = t;
    r.from_user_id = from;
    r.to_user_id = to;
    r.objective_id = obj;
    r.kr_id = kr;
    r.message = message;
    r.state = state;
    r.reason = reason;
    r.result_objective_id = result;
    r.created = ts(2026, 1, 6, 9, 0, 0);
    r.updated = ts(2026, 1, 7, 9, 0, 0);
    r.version = 1;
    ins(st, &entity_request, &r);
}

/* A tenant with every entity and field: CJK text, nullable fields set and unset, forward
 * references (a manager and a parent objective created after the record), key results created
 * interleaved across objectives, awkward numbers. Returns the tenant id. */
static int64_t build_fixture(struct store *st)
{
    struct err err;
    cr_assert_eq(store_begin(st, true, &err), ERR_OK);

    struct tenant tn;
    meta_init(&entity_tenant, &tn);
    tn.name = "示例科技 Example Tech";
    tn.mission = "让每个团队专注于真正重要的事。\nFocus every team on what matters.";
    tn.vision = "成为华东地区首选的协作工具";
    tn.timezone = "Asia/Shanghai";
    tn.locale = "zh-CN";
    tn.rollup_children = 1;
    tn.created = ts(2025, 11, 30, 23, 59, 59);
    tn.version = 4;
    ins(st, &entity_tenant, &tn);
    int64_t t = tn.id;

    struct user u1 = mk_user(t, "王芳", "wang.fang@example.com", ROLE_ADMIN, 0, "zh-CN", 1);
    ins(st, &entity_user, &u1);
    struct user u2 = mk_user(t, "Li Lei", "li.lei@example.com", ROLE_MEMBER, 0, "en", 1);
    ins(st, &entity_user, &u2);
    struct user u3 = mk_user(t, "张伟", "zhang.wei@example.com", ROLE_MEMBER, u1.id, "zh-CN", 1);
    ins(st, &entity_user, &u3);
    struct user u4 = mk_user(t, "Old Timer", "old@example.com", ROLE_MEMBER, 0, "", 0);
    ins(st, &entity_user, &u4);
    u2.manager_id = u3.id; /* a manager later in id order */
    upd(st, &entity_user, &u2);

    struct team t1 = {.tenant_id = t,
                      .name = "产品研发部",
                      .lead_id = u1.id,
                      .created = ts(2025, 12, 2, 0, 0, 0),
                      .version = 1};
    ins(st, &entity_team, &t1);
    struct team t2 = {.tenant_id = t,
                      .name = "Platform 平台组",
                      .parent_id = t1.id,
                      .created = ts(2025, 12, 2, 0, 0, 1),
                      .version = 1};
    ins(st, &entity_team, &t2);
    add_member(st, t, t1.id, u3.id); /* joined before u1: exported in user order */
    add_member(st, t, t1.id, u1.id);
    add_member(st, t, t2.id, u2.id);

    struct theme th1 = {.tenant_id = t,
                        .title = "扩大市场份额",
                        .description = "华东地区\n中小企业",
                        .source = SOURCE_FINANCIAL,
                        .horizon = HORIZON_SHORT,
                        .owner_id = u1.id,
                        .position = 1,
                        .created = ts(2025, 12, 3, 0, 0, 0),
                        .version = 1};
    ins(st, &entity_theme, &th1);
    struct theme th2 = {.tenant_id = t,
                        .title = "Build the platform team",
                        .description = "",
                        .source = SOURCE_CAPABILITY,
                        .horizon = HORIZON_LONG,
                        .position = 2,
                        .created = ts(2025, 12, 3, 0, 0, 0),
                        .version = 1};
    ins(st, &entity_theme, &th2);

    struct cycle c1 = {.tenant_id = t,
                       .name = "2026年度",
                       .start = day(2026, 1, 1),
                       .end = day(2026, 12, 31),
                       .kind = CYCLE_YEAR,
                       .state = CYCLE_ACTIVE,
                       .created = ts(2025, 12, 4, 0, 0, 0),
                       .version = 1};
    ins(st, &entity_cycle, &c1);
    struct cycle c2 = {.tenant_id = t,
                       .name = "2026年第1季度",
                       .start = day(2026, 1, 1),
                       .end = day(2026, 3, 31),
                       .kind = CYCLE_QUARTER,
                       .parent_id = c1.id,
                       .state = CYCLE_CLOSED,
                       .created = ts(2025, 12, 4, 0, 0, 0),
                       .version = 1};
    ins(st, &entity_cycle, &c2);
    struct cycle c3 = {.tenant_id = t,
                       .name = "2026 Q2",
                       .start = day(2026, 4, 1),
                       .end = day(2026, 6, 30),
                       .kind = CYCLE_QUARTER,
                       .parent_id = c1.id,
                       .state = CYCLE_PLANNING,
                       .created = ts(2025, 12, 4, 0, 0, 0),
                       .version = 1};
    ins(st, &entity_cycle, &c3);

    struct kpi k1 = {.tenant_id = t,
                     .owner_team_id = t2.id,
                     .name = "系统可用性",
                     .unit = "%",
                     .direction = DIR_AT_LEAST,
                     .threshold = 99.9,
                     .created = ts(2025, 12, 5, 0, 0, 0),
                     .version = 1};
    ins(st, &entity_kpi, &k1);
    struct kpi k2 = {.tenant_id = t,
                     .owner_user_id = u2.id,
                     .name = "Churn",
                     .unit = "%",
                     .direction = DIR_AT_MOST,
                     .threshold = 2.5,
                     .created = ts(2025, 12, 5, 0, 0, 0),
                     .version = 1};
    ins(st, &entity_kpi, &k2);
    struct kpi k3 = {.tenant_id = t,
                     .name = "Market size",
                     .unit = "",
                     .direction = DIR_AT_LEAST,
                     .threshold = 1e21,
                     .created = ts(2025, 12, 5, 0, 0, 0),
                     .version = 1};
    ins(st, &entity_kpi, &k3);
    add_value(st, t, k1.id, day(2026, 1, 31), 99.95);
    add_value(st, t, k2.id, day(2026, 1, 31), 2.1);
    add_value(st, t, k1.id, day(2026, 2, 28), 0.1 + 0.2);
    add_value(st, t, k3.id, day(2026, 2, 28), 5e-324);

    struct objective o1 = mk_obj(t, c2.id, "成为华东地区首选的协作工具");
    o1.description = "第一行\n第二行\t\"引号\"";
    o1.theme_id = th1.id;
    o1.kpi_id = k1.id;
    o1.self_score = 0.7;
    o1.manager_score = 0.6;
    o1.final_score = 0.65;
    o1.reflection = "复盘:渠道比预期慢。";
    o1.postmortem = "Partner contracts slipped.";
    ins(st, &entity_objective, &o1);
    struct objective o2 = mk_obj(t, c2.id, "Make the platform boring");
    o2.owner_team_id = t2.id;
    o2.kind = KIND_ASPIRATIONAL;
    o2.visibility = VIS_TEAM;
    o2.weight = 2.5;
    ins(st, &entity_objective, &o2);
    struct objective o3 = mk_obj(t, c3.id, "Personal growth 个人成长");
    o3.owner_user_id = u2.id;
    o3.visibility = VIS_PRIVATE;
    o3.state = OBJ_DRAFT;
    o3.self_score = 0.3;
    ins(st, &entity_objective, &o3);
    struct objective o4 = mk_obj(t, c2.id, "发布 2.0 版本");
    o4.owner_user_id = u3.id;
    o4.state = OBJ_DRAFT;
    ins(st, &entity_objective, &o4);
    struct objective o5 = mk_obj(t, c3.id, "CEO objective");
    o5.owner_user_id = u1.id;
    o5.state = OBJ_DROPPED;
    o5.weight = 0;
    ins(st, &entity_objective, &o5);

    /* Created interleaved: o1, o2, o1, o3. */
    struct key_result kr1 =
        mk_kr(t, o1.id, "新增付费客户 从 100 到 250", KR_METRIC, DIR_INCREASE, 100, 250, 140);
    kr1.owner_user_id = u3.id;
    kr1.unit = "家";
    kr1.weight = 0.4;
    kr1.confidence = 0.6;
    kr1.due = day(2026, 3, 31);
    ins(st, &entity_key_result, &kr1);
    struct key_result kr2 =
        mk_kr(t, o2.id, "P99 latency", KR_METRIC, DIR_DECREASE, 800, 200, 0.1 + 0.2);
    kr2.unit = "ms";
    ins(st, &entity_key_result, &kr2);
    struct key_result kr3 = mk_kr(t, o1.id, "发布 2.0 版本", KR_MILESTONE, DIR_INCREASE, 0, 1, 0);
    kr3.owner_user_id = u1.id;
    kr3.weight = 0.6;
    kr3.confidence = 0.8;
    kr3.due = day(2026, 2, 15);
    ins(st, &entity_key_result, &kr3);
    struct key_result kr4 = mk_kr(t, o3.id, "Read 6 books", KR_METRIC, DIR_AT_LEAST, 0, 6, 2.5);
    kr4.unit = "本";
    kr4.confidence = 0.123456789;
    ins(st, &entity_key_result, &kr4);

    o2.parent_kr_id = kr1.id;
    upd(st, &entity_objective, &o2);
    o3.parent_objective_id = o5.id; /* a parent later in id order */
    upd(st, &entity_objective, &o3);
    o4.parent_kr_id = kr3.id;
    upd(st, &entity_objective, &o4);

    add_initiative(st, t, kr1.id, "开展线下活动", u3.id, INIT_DOING, day(2026, 2, 1));
    add_initiative(st, t, kr2.id, "Cache layer", 0, INIT_TODO, DATE_NONE);
    add_initiative(st, t, kr1.id, "Partner program", u1.id, INIT_DONE, day(2026, 3, 1));

    add_checkin(st, t, kr1.id, u3.id, ts(2026, 1, 12, 9, 30, 0), 120, 0.6, STATUS_ON_TRACK,
                "进展顺利");
    add_checkin(st, t, kr2.id, u2.id, ts(2026, 1, 12, 10, 0, 0), 500, 0.4, STATUS_AT_RISK,
                "Line 1\nLine 2\t\"quoted\" \\ done");
    add_checkin(st, t, kr1.id, 0, ts(2026, 1, 19, 9, 30, 0), 140, 0.25, STATUS_OFF_TRACK, "");

    add_comment(st, t, o1.id, 0, u1.id, "很好的目标!", ts(2026, 1, 8, 8, 0, 0));
    add_comment(st, t, 0, kr1.id, u2.id, "Need help?", ts(2026, 1, 8, 9, 0, 0));
    add_comment(st, t, o1.id, 0, 0, "system note", ts(2026, 1, 8, 10, 0, 0));
    add_comment(st, t, 0, kr3.id, u3.id, "里程碑已确认", ts(2026, 1, 9, 10, 0, 0));

    add_request(st, t, u1.id, u3.id, 0, kr3.id, "请承接这个关键结果", REQ_ACCEPTED, "", o4.id);
    add_request(st, t, u1.id, u2.id, o1.id, 0, "", REQ_PENDING, "", 0);
    add_request(st, t, u3.id, u2.id, 0, kr1.id, "Can you help?", REQ_DECLINED, "Not this quarter",
                0);

    /* Coach findings dismissed with a reason: on a key result by a person, on the company by
     * the operator (no user). */
    struct finding_dismissal d1 = {.tenant_id = t,
                                   .rule = "C3",
                                   .entity = "key_result",
                                   .entity_id = kr3.id,
                                   .user_id = u1.id,
                                   .reason = "新设备首次运行，不是日常维护。\nNot business as usual.",
                                   .at = ts(2026, 1, 21, 8, 15, 0)};
    ins(st, &entity_finding_dismissal, &d1);
    struct finding_dismissal d2 = {.tenant_id = t,
                                   .rule = "S4",
                                   .entity = "tenant",
                                   .entity_id = t,
                                   .user_id = 0,
                                   .reason = "Strategy workshop next week",
                                   .at = ts(2026, 1, 22, 8, 15, 0)};
    ins(st, &entity_finding_dismissal, &d2);
    struct finding_dismissal d3 = {.tenant_id = t,
                                   .rule = "F1",
                                   .entity = "user",
                                   .entity_id = u2.id,
                                   .user_id = u3.id,
                                   .reason = "兼任两个项目",
                                   .at = ts(2026, 1, 23, 8, 15, 0)};
    ins(st, &entity_finding_dismissal, &d3);

    cr_assert_eq(store_commit(st, &err), ERR_OK);
    return t;
}

static char *export_tenant(struct store *st, int64_t tenant)
{
    struct arena a;
    struct err err;
    struct sb out;
    arena_init(&a, 0);
    sb_init(&out);
    struct svc s = {
        .st = st, .a = &a, .tenant_id = tenant, .actor = {.system = true}, .now = IC_NOW};
    cr_assert_eq(svc_export(&s, &out, &err), ERR_OK, "export: %s", err.msg);
    arena_free(&a);
    return sb_take(&out);
}

static int64_t import_ok(struct store *st, const char *doc)
{
    struct arena a;
    struct err err;
    int64_t tenant = 0;
    arena_init(&a, 0);
    enum err_code rc = svc_import(st, &a, IC_NOW, doc, strlen(doc), &tenant, &err);
    cr_assert_eq(rc, ERR_OK, "import: %s (field %s)", err.msg, err.field);
    arena_free(&a);
    return tenant;
}

static const struct entity *const tenant_tables[] = {
    &entity_user,       &entity_team,
    &entity_membership, &entity_theme,
    &entity_cycle,      &entity_kpi,
    &entity_kpi_value,  &entity_objective,
    &entity_key_result, &entity_initiative,
    &entity_checkin,    &entity_comment,
    &entity_request,    &entity_finding_dismissal,
    NULL,
};

Test(interchange, round_trip_is_byte_identical)
{
    struct db a, b;
    db_open(&a);
    db_open(&b);
    int64_t t = build_fixture(a.st);
    char *first = export_tenant(a.st, t);

    int64_t t2 = import_ok(b.st, first);
    char *second = export_tenant(b.st, t2);
    cr_assert_str_eq(second, first);
    for (size_t i = 0; tenant_tables[i]; i++) {
        cr_expect_eq(count(b.st, tenant_tables[i], t2), count(a.st, tenant_tables[i], t), "%s",
                     tenant_tables[i]->plural);
    }

    /* A second tenant in the same database: ids are per tenant, the document is the same. */
    int64_t t3 = import_ok(b.st, first);
    cr_assert_neq(t3, t2);
    char *third = export_tenant(b.st, t3);
    cr_assert_str_eq(third, first);

    free(first);
    free(second);
    free(third);
    db_drop(&a);
    db_drop(&b);
}

Test(interchange, export_writes_the_documented_forms)
{
    struct db a;
    db_open(&a);
    int64_t t = build_fixture(a.st);
    char *doc = export_tenant(a.st, t);
    static const char *const expected[] = {
        "{\n  \"format\": \"okr\",\n  \"version\": 1,\n  \"tenant\": {\n    \"name\": \"示例科技",
        "\"mission\": \"让每个团队专注于真正重要的事。\\nFocus every team on what matters.\"",
        "\"rollup_children\": true,\n    \"created\": \"2025-11-30T23:59:59Z\"",
        /* members in user id order although u3 joined first */
        "\"members\": [\n        \"u1\",\n        \"u3\"\n      ]",
        ("\"key\": \"u2\",\n      \"name\": \"Li Lei\",\n      \"email\": \"li.lei@example.com\",\n"
         "      \"role\": \"member\",\n      \"manager\": \"u3\""),
        "\"owner\": {\n        \"company\": true\n      }",
        "\"owner\": {\n        \"team\": \"t2\"\n      }",
        "\"owner\": null", /* the KPI without owner */
        "\"self_score\": null",
        "\"self_score\": 0.7",
        "\"weight\": null",
        "\"due\": null",
        "\"due\": \"2026-03-31\"",
        "\"start\": \"2026-01-01\"",
        "\"current\": 0.30000000000000004",
        "\"threshold\": 1e+21",
        "\"value\": 5e-324",
        "\"confidence\": 0.123456789",
        "\"note\": \"Line 1\\nLine 2\\t\\\"quoted\\\" \\\\ done\"",
        "\"author\": null",
        "\"source\": {\n        \"objective\": \"o1\"\n      }",
        "\"result\": \"o4\"",
        "\"reason\": \"Not this quarter\"",
        ("\"dismissals\": [\n    {\n      \"rule\": \"C3\",\n      \"entity\": {\n        "
         "\"key_result\": \"kr2\"\n      },\n      \"reason\": \"新设备首次运行，不是日常维护。\\n"
         "Not business as usual.\",\n      \"user\": \"u1\",\n      \"at\": "
         "\"2026-01-21T08:15:00Z\",\n      \"cycle\": null\n    }"),
        "\"entity\": {\n        \"tenant\": true\n      },",
        "\"entity\": {\n        \"user\": \"u2\"\n      },\n      \"reason\": \"兼任两个项目\"",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        cr_expect(strstr(doc, expected[i]) != NULL, "missing in export: %s", expected[i]);
    }
    /* Password hashes never leave the database; versions and audit events are not exported. */
    cr_expect(strstr(doc, "argon2id") == NULL);
    cr_expect(strstr(doc, "password") == NULL);
    cr_expect(strstr(doc, "\"version\": 4") == NULL);
    cr_expect(strstr(doc, "\"id\"") == NULL);

    /* Key results are numbered in document order: o1 holds kr1 and kr2 (created first and
     * third), o2 holds kr3. o4 aligns to o1's milestone, which is therefore kr2. */
    const char *o1 = strstr(doc, "\"key\": \"o1\"");
    const char *o2 = strstr(doc, "\"key\": \"o2\"");
    cr_assert(o1 && o2);
    const char *kr2 = strstr(doc, "\"key\": \"kr2\"");
    const char *kr3 = strstr(doc, "\"key\": \"kr3\"");
    cr_assert(kr2 && kr3);
    cr_expect(kr2 < o2 && kr3 > o2);
    const char *title = strstr(kr2, "\"title\": ");
    const char *want = "\"title\": \"发布 2.0 版本\"";
    cr_expect(title && strncmp(title, want, strlen(want)) == 0);
    cr_expect(strstr(doc, "\"parent\": {\n        \"key_result\": \"kr2\"\n      }") != NULL);
    cr_expect(strstr(doc, "\"parent\": {\n        \"objective\": \"o5\"\n      }") != NULL);
    /* Initiatives too: i1 and i2 under kr1, i3 under kr3 (o2's KR). */
    const char *i3 = strstr(doc, "\"key\": \"i3\"");
    cr_expect(i3 && i3 > kr3);
    cr_expect(doc[strlen(doc) - 1] == '\n');
    free(doc);
    db_drop(&a);
}

Test(interchange, imported_users_have_no_password_and_records_start_at_version_1)
{
    struct db a, b;
    db_open(&a);
    db_open(&b);
    char *doc = export_tenant(a.st, build_fixture(a.st));
    int64_t t = import_ok(b.st, doc);
    struct arena ar;
    struct err err;
    struct rows rows;
    struct query q = {.tenant_id = t};
    arena_init(&ar, 0);
    cr_assert_eq(store_list(b.st, &entity_user, &q, &ar, &rows, &err), ERR_OK);
    const struct user *u = rows.items;
    cr_assert_eq(rows.n, 4);
    for (size_t i = 0; i < rows.n; i++) {
        cr_expect_str_eq(u[i].password_hash, "");
        cr_expect_eq(u[i].version, 1);
    }
    cr_expect_eq(u[1].manager_id, u[2].id);
    cr_assert_eq(store_list(b.st, &entity_objective, &q, &ar, &rows, &err), ERR_OK);
    const struct objective *o = rows.items;
    for (size_t i = 0; i < rows.n; i++) {
        cr_expect_eq(o[i].version, 1, "objective %zu", i);
    }
    cr_expect(isnan(o[1].self_score));
    cr_expect_eq(o[2].parent_objective_id, o[4].id);
    struct tenant tn;
    cr_assert_eq(store_get(b.st, &entity_tenant, 0, t, &tn, &ar, &err), ERR_OK);
    cr_expect_eq(tn.version, 1);
    cr_expect_str_eq(tn.name, "示例科技 Example Tech");
    arena_free(&ar);
    free(doc);
    db_drop(&a);
    db_drop(&b);
}

/* A hand-written document: keys chosen by a person, most fields left to their defaults, a
 * parent key result that appears before its objective is complete. */
static const char minimal[] =
    "{\"format\": \"okr\", \"version\": 1,\n"
    " \"tenant\": {\"name\": \"Acme\"},\n"
    " \"users\": [\n"
    "  {\"key\": \"ann\", \"name\": \"Ann\", \"email\": \"ann@example.com\", "
    "\"role\": \"admin\"},\n"
    "  {\"key\": \"bob\", \"name\": \"Bob\", \"email\": \"bob@example.com\", \"manager\": \"ann\"}"
    "],\n"
    " \"teams\": [{\"key\": \"eng\", \"name\": \"Engineering\", \"lead\": \"ann\", "
    "\"members\": [\"bob\"]}],\n"
    " \"cycles\": [{\"key\": \"q1\", \"name\": \"2026 Q1\", \"start\": \"2026-01-01\", "
    "\"end\": \"2026-03-31\"}],\n"
    " \"objectives\": [\n"
    "  {\"key\": \"grow\", \"cycle\": \"q1\", \"owner\": {\"company\": true}, "
    "\"title\": \"Grow\",\n"
    "   \"key_results\": [{\"key\": \"rev\", \"title\": \"Revenue\", \"start\": 0, "
    "\"target\": 100}]},\n"
    "  {\"key\": \"ship\", \"cycle\": \"q1\", \"owner\": {\"team\": \"eng\"}, "
    "\"title\": \"Ship\",\n"
    "   \"parent\": {\"key_result\": \"rev\"}}],\n"
    " \"requests\": [{\"key\": \"ask\", \"from\": \"ann\", \"to\": \"bob\", "
    "\"source\": {\"objective\": \"grow\"}}],\n"
    " \"dismissals\": [{\"rule\": \"C4\", \"entity\": {\"objective\": \"ship\"}, "
    "\"reason\": \"发布是新做法，不是日常\", \"user\": \"ann\"}]}\n";

/* What the minimal document exports as: every field spelled out, defaults filled in. */
static const char minimal_export[] = "{\n"
                                     "  \"format\": \"okr\",\n"
                                     "  \"version\": 1,\n"
                                     "  \"tenant\": {\n"
                                     "    \"name\": \"Acme\",\n"
                                     "    \"mission\": \"\",\n"
                                     "    \"vision\": \"\",\n"
                                     "    \"timezone\": \"Asia/Shanghai\",\n"
                                     "    \"locale\": \"zh-CN\",\n"
                                     "    \"rollup_children\": false,\n"
                                     "    \"created\": \"2026-01-02T03:04:05Z\"\n"
                                     "  },\n"
                                     "  \"users\": [\n"
                                     "    {\n"
                                     "      \"key\": \"u1\",\n"
                                     "      \"name\": \"Ann\",\n"
                                     "      \"email\": \"ann@example.com\",\n"
                                     "      \"role\": \"admin\",\n"
                                     "      \"manager\": null,\n"
                                     "      \"locale\": \"\",\n"
                                     "      \"active\": true,\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\"\n"
                                     "    },\n"
                                     "    {\n"
                                     "      \"key\": \"u2\",\n"
                                     "      \"name\": \"Bob\",\n"
                                     "      \"email\": \"bob@example.com\",\n"
                                     "      \"role\": \"member\",\n"
                                     "      \"manager\": \"u1\",\n"
                                     "      \"locale\": \"\",\n"
                                     "      \"active\": true,\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\"\n"
                                     "    }\n"
                                     "  ],\n"
                                     "  \"teams\": [\n"
                                     "    {\n"
                                     "      \"key\": \"t1\",\n"
                                     "      \"name\": \"Engineering\",\n"
                                     "      \"parent\": null,\n"
                                     "      \"lead\": \"u1\",\n"
                                     "      \"members\": [\n"
                                     "        \"u2\"\n"
                                     "      ],\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\"\n"
                                     "    }\n"
                                     "  ],\n"
                                     "  \"themes\": [],\n"
                                     "  \"cycles\": [\n"
                                     "    {\n"
                                     "      \"key\": \"c1\",\n"
                                     "      \"name\": \"2026 Q1\",\n"
                                     "      \"start\": \"2026-01-01\",\n"
                                     "      \"end\": \"2026-03-31\",\n"
                                     "      \"kind\": \"quarter\",\n"
                                     "      \"parent\": null,\n"
                                     "      \"state\": \"planning\",\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\"\n"
                                     "    }\n"
                                     "  ],\n"
                                     "  \"kpis\": [],\n"
                                     "  \"objectives\": [\n"
                                     "    {\n"
                                     "      \"key\": \"o1\",\n"
                                     "      \"cycle\": \"c1\",\n"
                                     "      \"owner\": {\n"
                                     "        \"company\": true\n"
                                     "      },\n"
                                     "      \"title\": \"Grow\",\n"
                                     "      \"description\": \"\",\n"
                                     "      \"kind\": \"committed\",\n"
                                     "      \"visibility\": \"public\",\n"
                                     "      \"theme\": null,\n"
                                     "      \"parent\": null,\n"
                                     "      \"kpi\": null,\n"
                                     "      \"state\": \"active\",\n"
                                     "      \"self_score\": null,\n"
                                     "      \"manager_score\": null,\n"
                                     "      \"final_score\": null,\n"
                                     "      \"reflection\": \"\",\n"
                                     "      \"postmortem\": \"\",\n"
                                     "      \"weight\": 1,\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"updated\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"comments\": [],\n"
                                     "      \"key_results\": [\n"
                                     "        {\n"
                                     "          \"key\": \"kr1\",\n"
                                     "          \"owner\": null,\n"
                                     "          \"title\": \"Revenue\",\n"
                                     "          \"type\": \"metric\",\n"
                                     "          \"direction\": \"increase\",\n"
                                     "          \"start\": 0,\n"
                                     "          \"target\": 100,\n"
                                     "          \"current\": 0,\n"
                                     "          \"unit\": \"\",\n"
                                     "          \"weight\": null,\n"
                                     "          \"confidence\": 0.5,\n"
                                     "          \"due\": null,\n"
                                     "          \"created\": \"2026-01-02T03:04:05Z\",\n"
                                     "          \"updated\": \"2026-01-02T03:04:05Z\",\n"
                                     "          \"initiatives\": [],\n"
                                     "          \"checkins\": [],\n"
                                     "          \"comments\": []\n"
                                     "        }\n"
                                     "      ]\n"
                                     "    },\n"
                                     "    {\n"
                                     "      \"key\": \"o2\",\n"
                                     "      \"cycle\": \"c1\",\n"
                                     "      \"owner\": {\n"
                                     "        \"team\": \"t1\"\n"
                                     "      },\n"
                                     "      \"title\": \"Ship\",\n"
                                     "      \"description\": \"\",\n"
                                     "      \"kind\": \"committed\",\n"
                                     "      \"visibility\": \"public\",\n"
                                     "      \"theme\": null,\n"
                                     "      \"parent\": {\n"
                                     "        \"key_result\": \"kr1\"\n"
                                     "      },\n"
                                     "      \"kpi\": null,\n"
                                     "      \"state\": \"active\",\n"
                                     "      \"self_score\": null,\n"
                                     "      \"manager_score\": null,\n"
                                     "      \"final_score\": null,\n"
                                     "      \"reflection\": \"\",\n"
                                     "      \"postmortem\": \"\",\n"
                                     "      \"weight\": 1,\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"updated\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"comments\": [],\n"
                                     "      \"key_results\": []\n"
                                     "    }\n"
                                     "  ],\n"
                                     "  \"requests\": [\n"
                                     "    {\n"
                                     "      \"key\": \"r1\",\n"
                                     "      \"from\": \"u1\",\n"
                                     "      \"to\": \"u2\",\n"
                                     "      \"source\": {\n"
                                     "        \"objective\": \"o1\"\n"
                                     "      },\n"
                                     "      \"message\": \"\",\n"
                                     "      \"state\": \"pending\",\n"
                                     "      \"reason\": \"\",\n"
                                     "      \"result\": null,\n"
                                     "      \"created\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"updated\": \"2026-01-02T03:04:05Z\"\n"
                                     "    }\n"
                                     "  ],\n"
                                     "  \"dismissals\": [\n"
                                     "    {\n"
                                     "      \"rule\": \"C4\",\n"
                                     "      \"entity\": {\n"
                                     "        \"objective\": \"o2\"\n"
                                     "      },\n"
                                     "      \"reason\": \"发布是新做法，不是日常\",\n"
                                     "      \"user\": \"u1\",\n"
                                     "      \"at\": \"2026-01-02T03:04:05Z\",\n"
                                     "      \"cycle\": null\n"
                                     "    }\n"
                                     "  ]\n"
                                     "}\n";

Test(interchange, minimal_hand_written_document_imports)
{
    struct db a;
    db_open(&a);
    int64_t t = import_ok(a.st, minimal);
    cr_expect_eq(count(a.st, &entity_user, t), 2);
    cr_expect_eq(count(a.st, &entity_membership, t), 1);
    cr_expect_eq(count(a.st, &entity_key_result, t), 1);
    char *doc = export_tenant(a.st, t);
    cr_expect_str_eq(doc, minimal_export);
    /* The export of a hand-written document is itself a fixed point. */
    int64_t t2 = import_ok(a.st, doc);
    char *again = export_tenant(a.st, t2);
    cr_expect_str_eq(again, doc);
    free(doc);
    free(again);
    db_drop(&a);
}

Test(interchange, export_needs_an_admin_or_the_operator)
{
    struct db a;
    db_open(&a);
    int64_t t = import_ok(a.st, minimal);
    struct arena ar;
    struct err err;
    struct sb out;
    arena_init(&ar, 0);
    sb_init(&out);
    struct svc s = {.st = a.st, .a = &ar, .tenant_id = t, .actor = {.user_id = 2}, .now = IC_NOW};
    cr_expect_eq(svc_export(&s, &out, &err), ERR_FORBIDDEN);
    cr_expect_eq(out.len, 0);
    s.actor = (struct actor){.user_id = 1, .admin = true};
    cr_expect_eq(svc_export(&s, &out, &err), ERR_OK);
    s.tenant_id = t + 100;
    s.actor = (struct actor){.system = true};
    cr_expect_eq(svc_export(&s, &out, &err), ERR_NOT_FOUND);
    sb_free(&out);
    arena_free(&ar);
    db_drop(&a);
}

/* Returns a malloc'd copy of doc with the one occurrence of from replaced by to. */
static char *replace_once(const char *doc, const char *from, const char *to)
{
    const char *p = strstr(doc, from);
    cr_assert(p != NULL, "not in the document: %s", from);
    cr_assert(strstr(p + 1, from) == NULL, "more than once in the document: %s", from);
    size_t head = (size_t)(p - doc), fl = strlen(from), tl = strlen(to), n = strlen(doc);
    char *out = malloc(n - fl + tl + 1);
    cr_assert(out != NULL);
    memcpy(out, doc, head);
    memcpy(out + head, to, tl);
    memcpy(out + head + tl, p + fl, n - head - fl + 1);
    return out;
}

struct bad_case {
    const char *from, *to; /* the change to the minimal document */
    const char *field;     /* the path import must name ("" for a document-level error) */
};

static const struct bad_case bad_cases[] = {
    /* unknown fields */
    {"\"version\": 1,", "\"version\": 1, \"userz\": [],", "userz"},
    {"\"title\": \"Grow\"", "\"titel\": \"Grow\"", "objectives[0].titel"},
    {"\"name\": \"Acme\"", "\"name\": \"Acme\", \"colour\": \"red\"", "tenant.colour"},
    /* wrong JSON types */
    {"\"target\": 100", "\"target\": \"100\"", "objectives[0].key_results[0].target"},
    {"\"version\": 1,", "\"version\": 1, \"themes\": {},", "themes"},
    {"{\"key\": \"q1\"", "{\"key\": 7", "cycles[0].key"},
    {"\"key_results\": [{", "\"key_results\": [1, {", "objectives[0].key_results[0]"},
    {"\"members\": [\"bob\"]", "\"members\": \"bob\"", "teams[0].members"},
    {"\"role\": \"admin\"", "\"role\": \"admin\", \"active\": 1", "users[0].active"},
    /* bad enums, dates and times */
    {"\"role\": \"admin\"", "\"role\": \"boss\"", "users[0].role"},
    {"\"end\": \"2026-03-31\"", "\"end\": \"2026-02-30\"", "cycles[0].end"},
    {"\"role\": \"admin\"", "\"role\": \"admin\", \"created\": \"yesterday\"", "users[0].created"},
    {"\"target\": 100}", "\"target\": 100, \"checkins\": [{\"value\": 1, \"status\": \"fine\"}]}",
     "objectives[0].key_results[0].checkins[0].status"},
    /* missing required fields */
    {", \"email\": \"bob@example.com\"", "", "users[1].email"},
    {"{\"name\": \"Acme\"}", "{\"mission\": \"x\"}", "tenant.name"},
    {"\"cycle\": \"q1\", \"owner\": {\"company\"", "\"owner\": {\"company\"",
     "objectives[0].cycle"},
    {"\"version\": 1,",
     "\"version\": 1, \"kpis\": [{\"key\": \"k\", \"name\": \"K\", "
     "\"values\": [{\"on\": \"2026-01-01\"}]}],",
     "kpis[0].values[0].value"},
    {"\"tenant\": {\"name\": \"Acme\"},", "", "tenant"},
    /* keys: duplicates, unknown references, the wrong kind */
    {"{\"key\": \"eng\"", "{\"key\": \"ann\"", "teams[0].key"},
    {"\"manager\": \"ann\"", "\"manager\": \"zed\"", "users[1].manager"},
    {"\"lead\": \"ann\"", "\"lead\": \"q1\"", "teams[0].lead"},
    {"{\"team\": \"eng\"}", "{\"user\": \"eng\"}", "objectives[1].owner"},
    {"{\"objective\": \"grow\"}", "{\"objective\": \"rev\"}", "requests[0].source"},
    {"{\"key_result\": \"rev\"}", "{\"key_result\": \"nope\"}", "objectives[1].parent"},
    {"\"members\": [\"bob\"]", "\"members\": [\"bob\", \"bob\"]", "teams[0].members[1]"},
    /* shapes of owner and parent */
    {"{\"company\": true}", "{\"company\": false}", "objectives[0].owner"},
    {"{\"key_result\": \"rev\"}", "{\"key_result\": \"rev\", \"objective\": \"grow\"}",
     "objectives[1].parent"},
    /* duplicate emails */
    {"\"bob@example.com\"", "\"ann@example.com\"", "users[1].email"},
    {"\"bob@example.com\"", "\"Ann@Example.com\"", "users[1].email"}, /* login ignores case */
    /* rules of validate_record and meta_check */
    {"\"start\": 0, \"target\": 100", "\"start\": 100, \"target\": 100",
     "objectives[0].key_results[0].target"},
    {"\"target\": 100}", "\"target\": 100, \"confidence\": 1.5}",
     "objectives[0].key_results[0].confidence"},
    {"\"title\": \"Ship\"", "\"title\": \"Sh\\u0001ip\"", "objectives[1].title"},
    {"\"to\": \"bob\"", "\"to\": \"ann\"", "requests[0].to"},
    {"\"email\": \"ann@example.com\"", "\"email\": \"ann-at-example\"", "users[0].email"},
    {"\"end\": \"2026-03-31\"", "\"end\": \"2025-12-31\"", "cycles[0].end"},
    {"\"version\": 1,",
     "\"version\": 1, \"kpis\": [{\"key\": \"k\", \"name\": \"K\", \"direction\": \"increase\"}],",
     "kpis[0].direction"},
    /* loops: alignment, managers */
    {"\"title\": \"Grow\",", "\"title\": \"Grow\", \"parent\": {\"objective\": \"ship\"},",
     "objectives[0].parent"},
    {"{\"key_result\": \"rev\"}", "{\"objective\": \"ship\"}", "objectives[1].parent"},
    {"\"role\": \"admin\"", "\"role\": \"admin\", \"manager\": \"bob\"", "users[0].manager"},
    /* dismissals: a rule, a record of a kind the coach speaks of, a reason */
    {"\"rule\": \"C4\"", "\"rule\": \"Z9\"", "dismissals[0].rule"},
    {"{\"objective\": \"ship\"}", "{\"goal\": \"ship\"}", "dismissals[0].entity"},
    {"{\"objective\": \"ship\"}", "{\"key_result\": \"ship\"}", "dismissals[0].entity"},
    {"{\"objective\": \"ship\"}", "{\"tenant\": false}", "dismissals[0].entity"},
    {"\"reason\": \"发布是新做法，不是日常\", ", "", "dismissals[0].reason"},
    {"\"user\": \"ann\"}]", "\"user\": \"eng\"}]", "dismissals[0].user"},
    {"\"reason\": \"发布是新做法，不是日常\"", "\"reason\": \" \\n \"", "dismissals[0].reason"},
    /* the same finding dismissed twice, its rule's case aside */
    {"\"user\": \"ann\"}]",
     "\"user\": \"ann\"}, {\"rule\": \"c4\", \"entity\": {\"objective\": \"ship\"}, "
     "\"reason\": \"again\"}]",
     "dismissals[1].entity"},
    /* the document itself */
    {"\"format\": \"okr\"", "\"format\": \"okx\"", "format"},
    {"\"version\": 1,", "\"version\": 2,", "version"},
    {"\"tenant\": {", "\"tenant\": {{", ""},
    {"\"name\": \"Acme\"", "\"name\": \"Acme\", \"name\": \"B\"", ""},
};

Test(interchange, bad_documents_are_refused_whole_with_the_path)
{
    struct db a;
    db_open(&a);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        char *doc = replace_once(minimal, c->from, c->to);
        struct arena ar;
        struct err err;
        int64_t tenant = -1;
        arena_init(&ar, 0);
        err_clear(&err);
        enum err_code rc = svc_import(a.st, &ar, IC_NOW, doc, strlen(doc), &tenant, &err);
        /* A document that is not JSON names no field and is malformed (HTTP 400, exit 2). */
        cr_expect_eq(rc, c->field[0] ? ERR_INVALID : ERR_USAGE, "case %zu (%s): code %d", i, c->to,
                     rc);
        cr_expect_eq(tenant, -1, "case %zu: tenant id set on failure", i);
        cr_expect_neq(err.msg[0], '\0', "case %zu: no message", i);
        if (c->field[0]) {
            cr_expect_str_eq(err.field, c->field, "case %zu (%s): %s", i, c->to, err.msg);
            cr_expect(strncmp(err.msg, c->field, strlen(c->field)) == 0,
                      "case %zu: message does not name the path: %s", i, err.msg);
        } else {
            cr_expect_str_eq(err.field, "", "case %zu: %s", i, err.msg);
        }
        cr_expect_eq(count(a.st, &entity_tenant, 0), 0, "case %zu left a tenant", i);
        arena_free(&ar);
        free(doc);
    }
    for (size_t k = 0; tenant_tables[k]; k++) {
        cr_expect_eq(count(a.st, tenant_tables[k], 1), 0, "%s written", tenant_tables[k]->plural);
    }
    db_drop(&a);
}

Test(interchange, a_failure_after_many_good_records_writes_nothing)
{
    /* The fixture's export with one bad value near the end: everything before it was valid. */
    struct db a, b;
    db_open(&a);
    db_open(&b);
    char *doc = export_tenant(a.st, build_fixture(a.st));
    char *bad = replace_once(doc, "\"reason\": \"Not this quarter\"", "\"reason\": 42");
    struct arena ar;
    struct err err;
    int64_t tenant = 0;
    arena_init(&ar, 0);
    cr_assert_eq(svc_import(b.st, &ar, IC_NOW, bad, strlen(bad), &tenant, &err), ERR_INVALID);
    cr_expect_str_eq(err.field, "requests[2].reason");
    cr_expect_eq(count(b.st, &entity_tenant, 0), 0);
    for (size_t k = 0; tenant_tables[k]; k++) {
        cr_expect_eq(count(b.st, tenant_tables[k], 1), 0, "%s written", tenant_tables[k]->plural);
    }
    /* The same database still takes a good import afterwards. */
    cr_expect_eq(import_ok(b.st, doc), 1);
    arena_free(&ar);
    free(bad);
    free(doc);
    db_drop(&a);
    db_drop(&b);
}

Test(interchange, oversized_and_empty_input_is_refused)
{
    struct db a;
    db_open(&a);
    struct arena ar;
    struct err err;
    int64_t tenant = 0;
    arena_init(&ar, 0);
    /* The size bound is checked before a byte is read, so a short buffer stands in. */
    cr_expect_eq(
        svc_import(a.st, &ar, IC_NOW, minimal, (size_t)256 * 1024 * 1024 + 1, &tenant, &err),
        ERR_LIMIT);
    /* Not JSON, or not an object: malformed (HTTP 400, exit 2), not a bad field (422). */
    cr_expect_eq(svc_import(a.st, &ar, IC_NOW, "", 0, &tenant, &err), ERR_USAGE);
    cr_expect_eq(svc_import(a.st, &ar, IC_NOW, "[]", 2, &tenant, &err), ERR_USAGE);
    cr_expect_eq(svc_import(a.st, &ar, IC_NOW, "{\"format\": \"okr\", \"version\": 1}",
                            strlen("{\"format\": \"okr\", \"version\": 1}"), &tenant, &err),
                 ERR_INVALID);
    cr_expect_str_eq(err.field, "tenant");
    /* Invalid UTF-8 quoted back by the parser never reaches the message. */
    const char *raw = "{\"a\": \xff\xfe}";
    cr_expect_eq(svc_import(a.st, &ar, IC_NOW, raw, strlen(raw), &tenant, &err), ERR_USAGE);
    for (const char *p = err.msg; *p; p++) {
        cr_expect((unsigned char)*p < 0x80, "non-ASCII byte in: %s", err.msg);
    }
    cr_expect_eq(count(a.st, &entity_tenant, 0), 0);
    arena_free(&ar);
    db_drop(&a);
}

Test(interchange, long_paths_and_names_are_cut_between_characters)
{
    /* An unknown field with a long CJK name deep in the document: the path overflows
     * err.field, which must still end on a whole character. */
    struct db a;
    db_open(&a);
    char *doc = replace_once(minimal, "\"target\": 100}",
                             "\"target\": 100, \"initiatives\": [{\"key\": \"i\", "
                             "\"title\": \"x\", "
                             "\"负责人负责人负责人负责人负责人负责人负责人\": 1}]}");
    struct arena ar;
    struct err err;
    int64_t tenant = 0;
    arena_init(&ar, 0);
    cr_assert_eq(svc_import(a.st, &ar, IC_NOW, doc, strlen(doc), &tenant, &err), ERR_INVALID);
    const char *prefix = "objectives[0].key_results[0].initiatives[0].负责人";
    cr_expect(strncmp(err.field, prefix, strlen(prefix)) == 0, "%s", err.field);
    cr_expect(meta_text_ok(err.field, strlen(err.field), false), "field cut mid-character");
    cr_expect(meta_text_ok(err.msg, strlen(err.msg), false), "message cut mid-character");
    cr_expect(strstr(err.msg, "unknown field") != NULL, "%s", err.msg);
    arena_free(&ar);
    free(doc);
    db_drop(&a);
}
