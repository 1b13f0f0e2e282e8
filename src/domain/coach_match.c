/* Text matching for the coach's rules: normalisation (case, spaces, digits, punctuation; full-
 * width forms folded), edit distance over code points, and the wording lists of rules C3, C4,
 * M2 and M3 in Chinese and English. Pure; bounded work per title (titles are at most 500
 * bytes, and every loop here is capped). */
#include "coach.h"

#include <string.h>

enum { MAX_CPS = 512, MAX_WORDS = 96, WORD_LEN = 32, MAX_UNITS = 256 };

/* Decodes one UTF-8 sequence at *p and advances; malformed bytes read as U+FFFD one by one. */
static uint32_t utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    if (c < 0x80) {
        *p = s + 1;
        return c;
    }
    if ((c & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
        *p = s + 2;
        return (c & 0x1f) << 6 | (s[1] & 0x3fu);
    }
    if ((c & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
        *p = s + 3;
        return (c & 0x0f) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
    }
    if ((c & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
        (s[3] & 0xc0) == 0x80) {
        *p = s + 4;
        return (c & 0x07) << 18 | (s[1] & 0x3fu) << 12 | (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
    }
    *p = s + 1;
    return 0xfffd;
}

/* Full-width ASCII forms to ASCII, the ideographic space to a space, ASCII to lower case. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xff01 && c <= 0xff5e) {
        c -= 0xfee0;
    } else if (c == 0x3000) {
        c = ' ';
    }
    if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
    }
    return c;
}

static bool is_space(uint32_t c)
{
    return c <= 0x20 || c == 0x7f || c == 0xa0 || (c >= 0x2000 && c <= 0x200b) || c == 0x3000;
}

static bool is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(uint32_t c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_punct(uint32_t c)
{
    if (c < 0x80) {
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
               (c >= 123 && c <= 126);
    }
    return (c >= 0xa1 && c <= 0xbf) || c == 0xd7 || c == 0xf7 || (c >= 0x2010 && c <= 0x206f) ||
           (c >= 0x2190 && c <= 0x21ff) || (c >= 0x3001 && c <= 0x303f) ||
           (c >= 0xfe10 && c <= 0xfe6f) || (c >= 0xff61 && c <= 0xff65) || c == 0xfffd;
}

/* Decodes and folds all of s (at most cap code points) into out. */
static size_t decode(const char *s, uint32_t *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = 0;
    while (*p && n < cap) {
        out[n++] = fold(utf8_next(&p));
    }
    return n;
}

size_t coach_normalize(const char *s, uint32_t *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = 0;
    while (*p && n < cap) {
        uint32_t c = fold(utf8_next(&p));
        if (!is_space(c) && !is_digit(c) && !is_punct(c)) {
            out[n++] = c;
        }
    }
    return n;
}

static bool is_cjk(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

static size_t substitution(uint32_t x, uint32_t y)
{
    return x == y ? 0 : is_cjk(x) && is_cjk(y) ? 2 : 1;
}

size_t coach_edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max)
{
    if (na > MAX_CPS) {
        na = MAX_CPS;
    }
    if (nb > MAX_CPS) {
        nb = MAX_CPS;
    }
    if ((na > nb ? na - nb : nb - na) > max) {
        return max + 1;
    }
    size_t prev[MAX_CPS + 1], cur[MAX_CPS + 1];
    for (size_t j = 0; j <= nb; j++) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            size_t best = prev[j - 1] + substitution(a[i - 1], b[j - 1]);
            if (prev[j] + 1 < best) {
                best = prev[j] + 1;
            }
            if (cur[j - 1] + 1 < best) {
                best = cur[j - 1] + 1;
            }
            cur[j] = best;
            row_min = best < row_min ? best : row_min;
        }
        if (row_min > max) {
            return max + 1; /* every path already costs more */
        }
        memcpy(prev, cur, (nb + 1) * sizeof prev[0]);
    }
    return prev[nb] > max ? max + 1 : prev[nb];
}

size_t coach_same_text_slack(size_t na, size_t nb)
{
    size_t longest = na > nb ? na : nb;
    if (longest < 6) {
        return 0;
    }
    return longest / 8 > 0 ? longest / 8 : 1;
}

/* The digits of s in order (full-width ones folded), runs separated by one '.'. */
static size_t figures_of(const char *s, char *out, size_t cap)
{
    uint32_t c[MAX_CPS];
    size_t n = decode(s, c, MAX_CPS), o = 0;
    bool in_run = false;
    for (size_t i = 0; i < n && o + 2 < cap; i++) {
        uint32_t d = fold(c[i]);
        if (d >= '0' && d <= '9') {
            out[o++] = (char)d;
            in_run = true;
        } else if (in_run) {
            out[o++] = '.';
            in_run = false;
        }
    }
    out[o] = '\0';
    return o;
}

bool coach_same_figures(const char *a, const char *b)
{
    char x[128], y[128];
    figures_of(a, x, sizeof x);
    figures_of(b, y, sizeof y);
    return strcmp(x, y) == 0;
}

bool coach_same_text(const char *a, const char *b)
{
    uint32_t x[MAX_CPS], y[MAX_CPS];
    size_t nx = coach_normalize(a, x, MAX_CPS), ny = coach_normalize(b, y, MAX_CPS);
    if (nx == 0 || ny == 0) {
        return nx == ny && strcmp(a ? a : "", b ? b : "") == 0;
    }
    size_t slack = coach_same_text_slack(nx, ny);
    return coach_edit_distance(x, nx, y, ny, slack) <= slack;
}

/* ---- words ---- */

/* The lower-case ASCII words of s, in order, full-width letters read as ASCII (Ｍａｉｎｔａｉｎ, as
 * a Chinese input method may type them); any other character ends a word. */
static size_t ascii_words(const char *s, char w[][WORD_LEN], size_t max)
{
    size_t n = 0, len = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (;;) {
        uint32_t c = *p ? fold(utf8_next(&p)) : 0;
        if (c >= 'a' && c <= 'z') {
            if (len + 1 < WORD_LEN) {
                w[n][len++] = (char)c;
            }
            continue;
        }
        if (len > 0) {
            w[n][len] = '\0';
            len = 0;
            if (++n == max) {
                return n;
            }
        }
        if (!c) {
            return n;
        }
    }
}

/* True when word is stem or one of its regular forms (-s, -es, -ed, -d, -ing, doubled final
 * consonant, silent e dropped). */
static bool word_form(const char *word, const char *stem)
{
    size_t ns = strlen(stem), nw = strlen(word);
    if (nw < ns - (stem[ns - 1] == 'e') || strncmp(word, stem, ns - 1) != 0) {
        return false;
    }
    static const char *const suffixes[] = {"", "s", "es", "ed", "d", "ing"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t nx = strlen(suffixes[i]);
        if (nw == ns + nx && word[ns - 1] == stem[ns - 1] && strcmp(word + ns, suffixes[i]) == 0) {
            return true;
        }
        /* run -> running, ship -> shipped */
        if (nw == ns + 1 + nx && nx >= 2 && word[ns - 1] == stem[ns - 1] &&
            word[ns] == stem[ns - 1] && strcmp(word + ns + 1, suffixes[i]) == 0) {
            return true;
        }
    }
    /* organise -> organising, organised */
    return stem[ns - 1] == 'e' && nw >= ns + 2 &&
           (strcmp(word + ns - 1, "ing") == 0 || strcmp(word + ns - 1, "ed") == 0);
}

/* Where s contains needle (UTF-8 bytes), or NULL. Titles are short: a byte loop that checks
 * two bytes before comparing beats strstr's set-up. */
static const char *find(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == needle[0] && (n == 1 || (p[1] == needle[1] && strncmp(p, needle, n) == 0))) {
            return p;
        }
    }
    return NULL;
}

static bool has(const char *s, const char *needle)
{
    return find(s, needle) != NULL;
}

/* Which of needles[0..n) (whole UTF-8 characters, n <= 32) s contains, as bits: one pass over
 * s, each character compared only with the needles that start with its first byte, where a
 * search per needle went over s once for each (the coach checks a million key results). */
static uint32_t present(const char *s, const char *const *needles, size_t n)
{
    uint32_t found = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p & 0xC0) == 0x80) { /* inside a character: no needle starts there */
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            const unsigned char *q = (const unsigned char *)needles[i];
            size_t k = 0;
            while (q[k] && q[k] == p[k]) {
                k++;
            }
            found |= (uint32_t)(q[k] == 0) << i;
        }
    }
    return found;
}

/* ---- C4: maintenance wording ---- */

bool coach_states_change(const char *title)
{
    /* A change is stated with its figures ("grow the network" alone is the usual wish). */
    char digits[8];
    if (!figures_of(title, digits, sizeof digits)) {
        return false;
    }
    static const char *const zh[] = {"提升", "提高", "降低", "降到",   "降至", "减少", "缩短",
                                     "增加", "增长", "扩大", "自动化", "翻番", "翻倍", "减半"};
    if (present(title, zh, sizeof zh / sizeof zh[0])) {
        return true;
    }
    const char *from = find(title, "从");
    if (from && (has(from, "到") || has(from, "至"))) {
        return true;
    }
    static const char *const en[] = {"raise",   "increase", "reduce",  "cut",   "grow",
                                     "improve", "lift",     "lower",   "boost", "double",
                                     "halve",   "automate", "shorten", "expand"};
    char w[MAX_WORDS][WORD_LEN];
    size_t n = ascii_words(title, w, MAX_WORDS);
    bool from_seen = false;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < sizeof en / sizeof en[0]; k++) {
            if (word_form(w[i], en[k])) {
                return true;
            }
        }
        from_seen = from_seen || strcmp(w[i], "from") == 0;
        if (from_seen && strcmp(w[i], "to") == 0) {
            return true;
        }
    }
    return false;
}

const char *coach_maintenance_word(const char *title)
{
    static const char *const zh[] = {"保持", "维持", "维护", "日常",    "继续",
                                     "守住", "稳住", "照常", "一如既往"};
    bool wide = false;
    for (const char *p = title ? title : ""; *p && !wide; p++) {
        wide = (unsigned char)*p >= 0x80;
    }
    uint32_t zh_found = wide ? present(title, zh, sizeof zh / sizeof zh[0]) : 0;
    if (zh_found) {
        return zh[__builtin_ctz(zh_found)]; /* the first in the list, as before */
    }
    const char *ensure = wide ? find(title, "确保") : NULL;
    if (ensure && has(ensure, "正常")) {
        return "确保...正常";
    }
    char w[MAX_WORDS][WORD_LEN];
    size_t n = ascii_words(title, w, MAX_WORDS);
    bool ensured = false;
    for (size_t i = 0; i < n; i++) {
        if (word_form(w[i], "maintain")) {
            return "maintain";
        }
        if (word_form(w[i], "keep") || strcmp(w[i], "kept") == 0) {
            return "keep";
        }
        if (word_form(w[i], "sustain")) {
            return "sustain";
        }
        /* "hold the (safety) line" */
        if (word_form(w[i], "hold") && ((i + 2 < n && strcmp(w[i + 2], "line") == 0) ||
                                        (i + 3 < n && strcmp(w[i + 3], "line") == 0))) {
            return "hold the line";
        }
        if ((word_form(w[i], "continue")) && i + 1 < n && strcmp(w[i + 1], "to") == 0) {
            return "continue to";
        }
        if (strcmp(w[i], "remain") == 0 || strcmp(w[i], "remains") == 0) {
            return "remain";
        }
        ensured = ensured || word_form(w[i], "ensure");
        if (strcmp(w[i], "as") == 0 && i + 1 < n && strcmp(w[i + 1], "usual") == 0) {
            if (i > 0 && strcmp(w[i - 1], "business") == 0) {
                return "business as usual";
            }
            if (ensured) {
                return "ensure ... as usual";
            }
        }
    }
    return NULL;
}

/* ---- M2: activity wording ---- */

/* Skips white space and punctuation. */
static const char *skip_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *q = p;
        uint32_t c = fold(utf8_next(&q));
        if (!is_space(c) && !is_punct(c)) {
            break;
        }
        p = q;
    }
    return (const char *)p;
}

static bool starts(const char *s, const char *prefix)
{
    return s[0] == prefix[0] && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Skips k ASCII words (and what separates them) at the start of s, then any digits. */
static const char *skip_words(const char *s, int k)
{
    for (int i = 0; i < k; i++) {
        while (*s && !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')) {
            s++;
        }
        while ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') {
            s++;
        }
    }
    while (*s >= '0' && *s <= '9') {
        s++;
    }
    return s;
}

/* Skips a leading time or frequency phrase: 本季度, Q3, 第三季度, 在6月底前, 每周, "this
 * quarter", "By June,", "weekly" ... */
static const char *skip_time(const char *s)
{
    static const char *const zh[] = {
        "本季度", "本季",   "本月",   "本周期",   "本周",     "本年度",   "本年",
        "今年",   "年内",   "季度内", "年底前",   "月底前",   "季度末前", "上半年",
        "下半年", "全季度", "全年",   "第一季度", "第二季度", "第三季度", "第四季度",
        "季度",   "每周",   "每月",   "每天",     "每日",     "每季度",
    };
    for (int round = 0; round < 3; round++) {
        s = skip_blank(s);
        bool moved = false;
        for (size_t i = 0; i < sizeof zh / sizeof zh[0] && !moved; i++) {
            if (starts(s, zh[i])) {
                s += strlen(zh[i]);
                moved = true;
            }
        }
        /* 在……前， */
        const char *before = starts(s, "在") ? find(s, "前，") : NULL;
        if (!moved && before && before - s < 40) {
            s = before + strlen("前，");
            moved = true;
        }
        /* Q1-Q4, H1, H2 as a word */
        if (!moved && ((s[0] | 0x20) == 'q' || (s[0] | 0x20) == 'h') && s[1] >= '1' &&
            s[1] <= '4' && !(s[2] >= '0' && s[2] <= '9') &&
            !((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'z')) {
            s += 2;
            moved = true;
        }
        if (!moved) {
            char w[4][WORD_LEN];
            size_t n = ascii_words(s, w, 4);
            const char *comma = strchr(s, ',');
            bool ascii = (*s | 0x20) >= 'a' && (*s | 0x20) <= 'z';
            if (ascii && n >= 2 &&
                (strcmp(w[0], "by") == 0 || strcmp(w[0], "before") == 0 ||
                 strcmp(w[0], "until") == 0) &&
                comma && comma - s < 40) {
                s = comma + 1;
                moved = true;
            } else if (ascii && (strcmp(w[0], "weekly") == 0 || strcmp(w[0], "monthly") == 0 ||
                                 strcmp(w[0], "daily") == 0)) {
                s = skip_words(s, 1);
                moved = true;
            } else if (ascii && n >= 2 && (strcmp(w[0], "this") == 0 || strcmp(w[0], "in") == 0) &&
                       (strcmp(w[1], "quarter") == 0 || strcmp(w[1], "month") == 0 ||
                        strcmp(w[1], "year") == 0 || strcmp(w[1], "cycle") == 0 ||
                        strcmp(w[1], "q") == 0 || strcmp(w[1], "h") == 0)) {
                s = skip_words(s, 2);
                moved = true;
            } else if (ascii && n >= 2 && (strcmp(w[0], "we") == 0 || strcmp(w[0], "i") == 0) &&
                       strcmp(w[1], "will") == 0) {
                s = skip_words(s, 2);
                moved = true;
            }
        }
        if (!moved) {
            break;
        }
    }
    return skip_blank(s);
}

const char *coach_activity_word(const char *title)
{
    static const char *const zh[] = {
        "完成", "开展", "组织", "举办", "召开", "举行", "参加", "参与", "推进", "落实",
        "上线", "发布", "推出", "启动", "实施", "执行", "撰写", "编写", "制定", "梳理",
        "进行", "做好", "协助", "配合", "负责", "跟进", "拜访", "走访", "开发", "建立",
        "搭建", "培训", "策划", "筹备", "输出", "召集", "安排",
    };
    static const char *const en[] = {
        "complete", "finish",  "launch",      "hold",       "organize", "organise", "conduct",
        "host",     "attend",  "participate", "implement",  "execute",  "write",    "draft",
        "prepare",  "support", "assist",      "coordinate", "publish",  "release",  "start",
        "kick",     "set",     "build",       "create",     "develop",  "run",      "roll",
        "carry",    "deliver", "ship",        "train",      "visit",    "call",     "send",
        "arrange",  "plan",    "do",
    };
    if (!title) {
        return NULL;
    }
    const char *s = skip_time(title);
    for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++) {
        /* 开发者 (developers) and 开发商 (developers of property) are people, not an activity. */
        if (starts(s, zh[i]) &&
            !(strcmp(zh[i], "开发") == 0 && (starts(s + 6, "者") || starts(s + 6, "商")))) {
            return zh[i];
        }
    }
    char w[2][WORD_LEN];
    const unsigned char *first = (const unsigned char *)s;
    size_t nw = *first && is_alpha(fold(utf8_next(&first))) ? ascii_words(s, w, 2) : 0;
    if (nw == 0) {
        return NULL;
    }
    /* Support tickets, plan upgrades: a noun before a plural noun names a thing counted. */
    size_t n1 = nw == 2 ? strlen(w[1]) : 0;
    if ((strcmp(w[0], "support") == 0 || strcmp(w[0], "plan") == 0) && n1 > 3 &&
        w[1][n1 - 1] == 's' && w[1][n1 - 2] != 's') {
        return NULL;
    }
    static const struct {
        const char *form, *stem;
    } irregular[] = {{"held", "hold"}, {"built", "build"}, {"wrote", "write"}, {"written", "write"},
                     {"sent", "send"}, {"ran", "run"},     {"done", "do"}};
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
        if (strcmp(w[0], irregular[i].form) == 0) {
            return irregular[i].stem;
        }
    }
    for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) {
        if (word_form(w[0], en[i])) {
            return en[i];
        }
    }
    return NULL;
}

bool coach_outcome_wording(const char *title, const char *unit)
{
    static const char *const zh[] = {"%",    "％",   "‰",      "率",   "占比", "比例", "满意度",
                                     "评分", "得分", "百分点", "留存", "转化", "口碑"};
    size_t nzh = sizeof zh / sizeof zh[0];
    if (present(title, zh, nzh) || present(unit, zh, nzh)) {
        return true;
    }
    static const char *const units[] = {"分", "points", "point", "pts", "stars", "星", "nps"};
    uint32_t u[64];
    char folded[64];
    size_t nu = decode(unit, u, 63), k = 0;
    for (size_t i = 0; i < nu && k + 4 < sizeof folded; i++) {
        if (u[i] < 0x80) {
            folded[k++] = (char)u[i];
        } else {
            k = 0; /* a non-ASCII unit is compared as written below */
            break;
        }
    }
    folded[k] = '\0';
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if ((unit && strcmp(unit, units[i]) == 0) || strcmp(folded, units[i]) == 0) {
            return true;
        }
    }
    static const char *const en[] = {"nps",    "csat",         "rate",  "ratio",     "share",
                                     "score",  "percent",      "pp",    "retention", "conversion",
                                     "yield",  "satisfaction", "churn", "margin",    "accuracy",
                                     "uptime", "availability"};
    char w[MAX_WORDS][WORD_LEN];
    for (int pass = 0; pass < 2; pass++) {
        size_t n = ascii_words(pass == 0 ? title : unit, w, MAX_WORDS);
        for (size_t i = 0; i < n; i++) {
            for (size_t m = 0; m < sizeof en / sizeof en[0]; m++) {
                size_t len = strlen(en[m]);
                if (strncmp(w[i], en[m], len) == 0 &&
                    (w[i][len] == '\0' || strcmp(w[i] + len, "s") == 0)) {
                    return true;
                }
            }
        }
    }
    return false;
}

/* ---- M3: a figure in an objective ---- */

static bool is_cjk_numeral(uint32_t c)
{
    static const uint32_t digits[] = {0x96f6, 0x3007, 0x4e00, 0x4e8c, 0x4e24, 0x4e09,
                                      0x56db, 0x4e94, 0x516d, 0x4e03, 0x516b, 0x4e5d,
                                      0x5341, 0x767e, 0x5343, 0x4e07, 0x4ebf};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) {
        if (c == digits[i]) {
            return true;
        }
    }
    return false;
}

/* Copies code points cps[from, to) as UTF-8 into buf. */
static const char *encode(const uint32_t *cps, size_t from, size_t to, char *buf, size_t cap)
{
    size_t o = 0;
    for (size_t i = from; i < to; i++) {
        uint32_t c = cps[i];
        unsigned char tmp[4];
        size_t n;
        if (c < 0x80) {
            tmp[0] = (unsigned char)c;
            n = 1;
        } else if (c < 0x800) {
            tmp[0] = (unsigned char)(0xc0 | c >> 6);
            tmp[1] = (unsigned char)(0x80 | (c & 0x3f));
            n = 2;
        } else if (c < 0x10000) {
            tmp[0] = (unsigned char)(0xe0 | c >> 12);
            tmp[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            tmp[2] = (unsigned char)(0x80 | (c & 0x3f));
            n = 3;
        } else {
            tmp[0] = (unsigned char)(0xf0 | c >> 18);
            tmp[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
            tmp[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
            tmp[3] = (unsigned char)(0x80 | (c & 0x3f));
            n = 4;
        }
        if (o + n + 1 > cap) {
            break;
        }
        memcpy(buf + o, tmp, n);
        o += n;
    }
    if (cap) {
        buf[o] = '\0';
    }
    return buf;
}

/* Letters right after a figure that make it a quantity (10x, 5k, 2M, 30min) rather than a name
 * (3C, 5G) or an ordinal (1st). 4K and 8K are the resolutions (resolution_name). */
static bool quantity_suffix(const uint32_t *c, size_t i, size_t n)
{
    static const char *const ok[] = {"x",  "k",   "m",    "b",    "w",  "kg",  "km",
                                     "bn", "mn",  "pp",   "pts",  "ms", "hrs", "hr",
                                     "h",  "min", "mins", "days", "day"};
    char word[8];
    size_t len = 0;
    while (i < n && is_alpha(c[i]) && len + 1 < sizeof word) {
        word[len++] = (char)c[i++];
    }
    if (i < n && is_alpha(c[i])) {
        return false;
    }
    word[len] = '\0';
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        if (strcmp(word, ok[k]) == 0) {
            return true;
        }
    }
    return false;
}

/* A four-digit figure from 1990 to 2100 standing alone or before a quarter (2026, 2026 Q4) is a
 * year; before a word or a Chinese unit (2000 customers, 2000台) it is a quantity. */
static bool year_like(const uint32_t *c, size_t i, size_t end, size_t n)
{
    unsigned v = 0;
    for (size_t k = i; k < end; k++) {
        v = v * 10 + (c[k] - '0');
    }
    if (v < 1990 || v > 2100) {
        return false;
    }
    size_t k = end;
    while (k < n && is_space(c[k])) {
        k++;
    }
    if (k == n || is_punct(c[k])) {
        return true;
    }
    return (c[k] == 'q' || c[k] == 'h') && k + 1 < n && is_digit(c[k + 1]);
}

/* A figure after a standards body's code and a space names a standard (ISO 9001, SOC 2, GB
 * 5749), not a quantity; "NPS 60", "GMV 500万" are metrics. raw holds the title's code points
 * with their case. */
static bool standard_name(const uint32_t *raw, size_t i)
{
    static const char *const bodies[] = {"ISO", "IEC",  "SOC",  "GB",   "IEEE", "RFC", "EN",
                                         "DIN", "ANSI", "ASTM", "IATF", "TL",   "UL",  "CMMI"};
    if (i < 3 || raw[i - 1] != ' ') {
        return false;
    }
    size_t k = i - 1;
    while (k > 0 && raw[k - 1] >= 'A' && raw[k - 1] <= 'Z') {
        k--;
    }
    if (k > 0 && is_alpha(fold(raw[k - 1]))) {
        return false;
    }
    for (size_t b = 0; b < sizeof bodies / sizeof bodies[0]; b++) {
        size_t n = strlen(bodies[b]), m = 0;
        while (m < n && k + m < i - 1 && raw[k + m] == (uint32_t)bodies[b][m]) {
            m++;
        }
        if (m == n && k + n == i - 1) {
            return true;
        }
    }
    return false;
}

/* A single digit and a capital K alone (4K, 8K video) names a resolution; 4k, 10K are
 * thousands. raw holds the title's code points with their case. */
static bool resolution_name(const uint32_t *raw, size_t i, size_t end, size_t n)
{
    return end == i + 1 && end < n && raw[end] == 'K' &&
           (end + 1 == n || !is_alpha(fold(raw[end + 1])));
}

/* A version such as 2.0 or 4.0 (工业4.0, Platform 2.0): one digit, ".0", no unit after. */
static bool version_name(const uint32_t *c, size_t i, size_t end, size_t n)
{
    return end == i + 3 && c[i + 1] == '.' && c[i + 2] == '0' &&
           (end == n || !(c[end] == '%' || is_alpha(c[end])));
}

/* A shopping festival's date written as its name: 618大促, 618购物节. */
static bool festival(const uint32_t *c, size_t end, size_t n)
{
    return end + 1 < n && ((c[end] == 0x5927 && c[end + 1] == 0x4fc3) || /* 大促 */
                           (c[end] == 0x8d2d && c[end + 1] == 0x7269));  /* 购物 */
}

const char *coach_metric_figure(const char *title, char *buf, size_t cap)
{
    uint32_t c[MAX_CPS], raw[MAX_CPS];
    size_t n = decode(title, c, MAX_CPS);
    const unsigned char *p = (const unsigned char *)(title ? title : "");
    for (size_t k = 0; k < n; k++) {
        uint32_t r = utf8_next(&p);
        raw[k] = r >= 0xff01 && r <= 0xff5e ? r - 0xfee0 : r;
    }
    for (size_t i = 0; i < n; i++) {
        if (c[i] == '%' || c[i] == 0x2030) {
            size_t from = i; /* the figure with it: "50%", not "%" */
            while (from > 0 && (is_digit(c[from - 1]) || c[from - 1] == '.')) {
                from--;
            }
            return encode(c, from, i + 1, buf, cap);
        }
    }
    static const char *const phrases[] = {"翻一番", "翻两番", "翻番", "翻倍",
                                          "百分之", "一半",   "减半"};
    uint32_t found = present(title, phrases, sizeof phrases / sizeof phrases[0]);
    for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++) {
        if (found >> k & 1) {
            size_t len = strlen(phrases[k]);
            if (len + 1 <= cap) {
                memcpy(buf, phrases[k], len + 1);
                return buf;
            }
        }
    }
    static const char *const words[] = {"double",    "doubled",    "triple", "tripled",
                                        "quadruple", "quadrupled", "halve",  "tenfold"};
    char w[MAX_WORDS][WORD_LEN];
    size_t nw = ascii_words(title, w, MAX_WORDS);
    for (size_t i = 0; i < nw; i++) {
        if (strcmp(w[i], "half") == 0 && i > 0 && strcmp(w[i - 1], "in") == 0 && cap > 7) {
            memcpy(buf, "in half", 8);
            return buf;
        }
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
            if (strcmp(w[i], words[k]) == 0 && strlen(words[k]) + 1 <= cap) {
                memcpy(buf, words[k], strlen(words[k]) + 1);
                return buf;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (is_digit(c[i])) {
            size_t end = i;
            while (end < n && (is_digit(c[end]) || ((c[end] == '.' || c[end] == ',') &&
                                                    end + 1 < n && is_digit(c[end + 1])))) {
                end++;
            }
            uint32_t before = i > 0 ? c[i - 1] : 0, after = end < n ? c[end] : 0;
            bool name = is_alpha(before) || (is_alpha(after) && !quantity_suffix(c, end, n)) ||
                        standard_name(raw, i) || version_name(c, i, end, n) ||
                        resolution_name(raw, i, end, n) || before == '/' ||
                        (after == '/' && end + 1 < n && is_digit(c[end + 1])) ||
                        before == 0x53cc /* 双11 */ || festival(c, end, n);
            bool ordinal = before == 0x7b2c; /* 第 */
            bool date = after == 0x5e74 || after == 0x6708 || after == 0x65e5 || after == 0x53f7 ||
                        after == 0x5b63; /* 年 月 日 号 季 */
            bool year = end - i == 4 && !date && year_like(c, i, end, n);
            if (!name && !ordinal && !date && !year) {
                return encode(c, i, end, buf, cap);
            }
            i = end;
            continue;
        }
        if (is_cjk_numeral(c[i])) {
            size_t end = i;
            bool big = false;
            while (end < n && is_cjk_numeral(c[end])) {
                big = big || c[end] == 0x4e07 || c[end] == 0x4ebf; /* 万 亿 */
                end++;
            }
            uint32_t before = i > 0 ? c[i - 1] : 0, after = end < n ? c[end] : 0;
            bool magnitude = after == 0x4e07 || after == 0x4ebf || after == 0x500d ||
                             after == 0x6210; /* 万 亿 倍 成 */
            bool ordinal = before == 0x7b2c || before == 0x53cc; /* 第二, 双十一 */
            /* 前三 (the top three) as 前3 is; not 前三季度 (the first three quarters) */
            bool rank =
                before == 0x524d && !(after == 0x5b63 || after == 0x6708 || after == 0x5e74 ||
                                      after == 0x5929 || after == 0x5468 || after == 0x540d);
            if (!ordinal && ((big && end - i >= 2) || magnitude || rank)) {
                return encode(c, i, magnitude ? end + 1 : end, buf, cap);
            }
            i = end;
        }
    }
    return NULL;
}

/* ---- C3: a key result that restates a KPI ---- */

/* Word (or Chinese character) units of s as hashes: ASCII words lower-cased without a plural
 * s, stop words left out. */
static size_t units_of(const char *s, uint64_t *out, size_t max)
{
    static const char *const stop[] = {"the", "a",    "an",   "of",   "to",  "for",
                                       "and", "in",   "on",   "at",   "per", "our",
                                       "by",  "from", "with", "this", "all"};
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = 0;
    char word[WORD_LEN];
    size_t len = 0;
    for (;;) {
        uint32_t c = *p ? fold(utf8_next(&p)) : 0;
        if (is_alpha(c)) {
            if (len + 1 < sizeof word) {
                word[len++] = (char)c;
            }
            continue;
        }
        if (len > 0) {
            if (len > 3 && word[len - 1] == 's') {
                len--;
            }
            word[len] = '\0';
            bool skip = false;
            for (size_t k = 0; k < sizeof stop / sizeof stop[0]; k++) {
                skip = skip || strcmp(word, stop[k]) == 0;
            }
            if (!skip && n < max) {
                uint64_t h = 1469598103934665603ULL;
                for (size_t k = 0; k < len; k++) {
                    h = (h ^ (unsigned char)word[k]) * 1099511628211ULL;
                }
                out[n++] = h | 1; /* never a bare code point */
            }
            len = 0;
        }
        if (!c) {
            return n;
        }
        if (c >= 0x80 && !is_space(c) && !is_punct(c) && n < max) {
            out[n++] = (uint64_t)c << 1; /* a Chinese character: even */
        }
    }
}

double coach_name_overlap(const char *kpi_name, const char *title)
{
    uint64_t k[64], t[MAX_UNITS];
    size_t nk = units_of(kpi_name, k, 64), nt = units_of(title, t, MAX_UNITS);
    if (nk == 0 || nt == 0) {
        return 0.0;
    }
    if (nk == 1) {
        for (size_t j = 0; j < nt; j++) {
            if (t[j] == k[0]) {
                return 1.0;
            }
        }
        return 0.0;
    }
    size_t found = 0;
    for (size_t i = 0; i + 1 < nk; i++) {
        for (size_t j = 0; j + 1 < nt; j++) {
            if (t[j] == k[i] && t[j + 1] == k[i + 1]) {
                found++;
                break;
            }
        }
    }
    return (double)found / (double)(nk - 1);
}

bool coach_novelty(const char *title)
{
    if (!title) {
        return false;
    }
    static const char *const firsts[] = {"首个", "全新"};
    if (present(title, firsts, sizeof firsts / sizeof firsts[0])) {
        return true;
    }
    /* 首次 as "for the first time", not in 首次响应 (first response: a measure) */
    for (const char *p = find(title, "首次"); p; p = find(p + 6, "首次")) {
        if (strncmp(p + 6, "响应", 6) != 0 && strncmp(p + 6, "回复", 6) != 0) {
            return true;
        }
    }
    /* 新 as "new", not in 重新 (again), 更新 (update), 最新 (latest), 新签/新增 (more of the same)
     */
    for (const char *p = find(title, "新"); p; p = find(p + 3, "新")) {
        bool again =
            p - title >= 3 && (strncmp(p - 3, "重", 3) == 0 || strncmp(p - 3, "更", 3) == 0 ||
                               strncmp(p - 3, "最", 3) == 0);
        /* 新签, 新增 (more of the same), 新客户, 新用户, 新员工 (whom an ordinary measure counts)
         */
        bool more = strncmp(p + 3, "签", 3) == 0 || strncmp(p + 3, "增", 3) == 0 ||
                    strncmp(p + 3, "客户", 6) == 0 || strncmp(p + 3, "用户", 6) == 0 ||
                    strncmp(p + 3, "员工", 6) == 0;
        if (!again && !more) {
            return true;
        }
    }
    char w[MAX_WORDS][WORD_LEN];
    size_t n = ascii_words(title, w, MAX_WORDS);
    static const char *const ordinary[] = {"customers", "users", "hires",    "signups",
                                           "accounts",  "leads", "response", "contact",
                                           "reply",     "time",  "call"};
    for (size_t i = 0; i < n; i++) {
        if (strcmp(w[i], "new") == 0 || strcmp(w[i], "first") == 0 || strcmp(w[i], "novel") == 0) {
            /* new customers, first response time: what an ordinary measure counts */
            bool counted = false;
            for (size_t k = 0; i + 1 < n && k < sizeof ordinary / sizeof ordinary[0]; k++) {
                counted = counted || strcmp(w[i + 1], ordinary[k]) == 0;
            }
            if (!counted) {
                return true;
            }
        }
    }
    return false;
}

bool coach_same_unit(const char *a, const char *b)
{
    if (!a || !b || !a[0] || !b[0] || strcmp(a, b) == 0) {
        return true;
    }
    uint32_t x[32], y[32];
    size_t nx = 0, ny = 0;
    for (int pass = 0; pass < 2; pass++) {
        uint32_t *out = pass ? y : x;
        size_t *n = pass ? &ny : &nx;
        uint32_t tmp[32];
        size_t m = decode(pass ? b : a, tmp, 32);
        for (size_t i = 0; i < m; i++) {
            if (!is_space(tmp[i])) {
                out[(*n)++] = tmp[i];
            }
        }
        if (*n > 3 && out[*n - 1] == 's') {
            (*n)--;
        }
    }
    if (nx == 0 || ny == 0) {
        return true;
    }
    return nx == ny && memcmp(x, y, nx * sizeof x[0]) == 0;
}
