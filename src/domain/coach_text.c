/* The coach's words: every rule's message and explanation in English and Simplified Chinese,
 * side by side, in the glossary's terms (GLOSSARY.md: OKR教练, 建议, 规则, 健康度; Chinese
 * with full-width punctuation and no spaces between Chinese characters). Placeholders are
 * described in coach.h. Pure data; a unit test checks that both languages have every entry. */
#include "coach.h"

#define T(EN, ZH)                                                                                  \
    {                                                                                              \
        EN, ZH                                                                                     \
    }

/* Explanations that several message variants share. */
#define WHY_F2                                                                                                         \
    T("2 to 5 key results make an objective measurable and focused: one alone "                                        \
      "rarely shows that the objective is met, more than 5 dilute it.",                                                \
      "2到5个关键结果能让目标既可衡量又聚焦：只有一个关键结果很难证明目标已达成，" \
      "超过5个则会分散注意力。")
#define WHY_C1                                                                                                       \
    T("Key results are rewritten every cycle: one copied unchanged from the last "                                   \
      "cycle is business as usual. Raise the bar, change the approach, or keep "                                     \
      "it as a KPI.",                                                                                                \
      "关键结果每个周期都应重新制定：从上个周期原样照搬的关键结果就是日常工作。" \
      "请提高标准、换一种做法，或把它作为KPI管理。")
#define WHY_C2                                                                                                       \
    T("OKRs are a challenge: a target already reached asks for no stretch. Set a "                                   \
      "target beyond what has been achieved, or track the level as a KPI.",                                          \
      "OKR是挑战：已经达到的目标值不需要任何突破。请设定超过已达成水平的目标值，" \
      "或把这个水平作为KPI来跟踪。")
#define WHY_C2_PREV                                                                                               \
    T("OKRs are a challenge: a target already reached last cycle asks for no "                                    \
      "stretch. Set a target beyond what was achieved, or track the level as a "                                  \
      "KPI.",                                                                                                     \
      "OKR是挑战：上个周期已经达到的水平不需要任何突破。请设定超过已达成水平的" \
      "目标值，或把这个水平作为KPI来跟踪。")

const struct coach_text coach_texts[COACH_TEXTS] = {
    [COACH_S1] = {T("This company objective is linked to no strategic theme.",
                    "该公司目标未关联任何战略主题。"),
                  T("OKRs come from strategy: every company objective traces to a theme "
                    "(financial, market, business plans, capability or other). Link it to the "
                    "theme it serves, or ask whether it belongs in this cycle.",
                    "OKR源自战略：每个公司目标都应能追溯到一个战略主题（财务、市场、业务规划、"
                    "组织能力或其他）。请关联它所服务的战略主题，或重新考虑它是否应放在本周期。")},
    [COACH_S2] = {T("This objective is aligned to nothing: no parent objective or key result, "
                    "and no theme.",
                    "该目标没有对齐任何上级目标或上级关键结果，也没有关联战略主题。"),
                  T("An objective that traces to nothing was usually written from job duties and "
                    "drifts into a KPI. Align it to the parent objective or key result it "
                    "contributes to, or take on one of your manager's key results.",
                    "不与任何目标对齐的目标，往往是按岗位职责写出来的，容易变成KPI。请把它对齐到"
                    "它所支撑的上级目标或上级关键结果，或承接直属上级的某个关键结果。")},
    [COACH_S3] =
        {T("Theme \"{t}\" has no objective in this cycle.", "战略主题“{t}”在本周期没有任何目标。"),
         T("A theme that nobody works on this cycle is strategy on paper only. Write an "
           "objective for it, or decide openly that it waits.",
           "本周期没有人推进的战略主题只停留在纸面上。请为它制定目标，或明确决定它暂缓。")},
    [COACH_S4] = {T("The company has no {m}.", "公司尚未填写{m}。"),
                  T("Objectives are chosen from the strategy: without a mission, a vision and "
                    "strategic themes nobody can tell whether an objective matters. Write them "
                    "down first; every company objective traces to them.",
                    "目标要从战略中选择：没有使命、愿景和战略主题，就无从判断一个目标是否重要。"
                    "请先把它们写下来，每个公司目标都要追溯到它们。")},
    [COACH_F1] = {T("{t} has {n0} objectives in this cycle.", "{t}在本周期有{n0}个目标。"),
                  T("OKRs are a choice: more than 5 objectives per owner spread the effort thin. "
                    "Keep the 3 to 5 that matter most and move the rest to the next cycle or to "
                    "KPIs.",
                    "OKR是一种取舍：每个负责人超过5个目标会分散精力。请保留最重要的3到5个，"
                    "其余的放到下个周期或作为KPI管理。")},
    [COACH_F2] = {T("This objective has {n0} key results.", "该目标有{n0}个关键结果。"), WHY_F2},
    [COACH_F3] = {T("The weights of its key results add up to {r0}, not 1.",
                    "其关键结果的权重之和为{r0}，而不是1。"),
                  T("Weights say how much each key result counts toward the objective's "
                    "progress; when they do not add up to 1 the progress shown misleads. Set "
                    "them so that they sum to 1.",
                    "权重决定每个关键结果对目标进度的贡献；权重之和不为1时，显示的进度会产生误导。"
                    "请调整权重，使其总和为1。")},
    [COACH_C1] = {T("Repeats last cycle's key result \"{t}\" with the same target.",
                    "与上个周期的关键结果“{t}”重复，且目标值相同。"),
                  WHY_C1},
    [COACH_C2] = {T("The target {r0} does not go beyond the start {r1}.",
                    "目标值{r0}没有超过起始值{r1}。"),
                  WHY_C2},
    [COACH_C3] = {T("Restates the KPI \"{t}\", healthy at the same threshold for the last {n0} "
                    "cycles.",
                    "重复了KPI“{t}”，该KPI在同一阈值下已连续{n0}个周期保持健康。"),
                  T("A goal met every cycle by normal effort (such as zero safety incidents) is "
                    "a KPI, not an OKR. Keep it as a KPI, unless the objective attempts "
                    "something new, such as the safe operation of new equipment.",
                    "常规努力就能每个周期都达成的目标（例如安全事故为零）是KPI，而不是OKR。"
                    "请把它作为KPI管理，除非目标在尝试新的事情，例如新设备的安全运行。")},
    [COACH_C4] = {T("Worded as maintenance (\"{t}\"): business as usual.",
                    "措辞是维持现状（“{t}”）：属于日常工作。"),
                  T("OKRs are what we choose to change, not what we keep running. Say what will "
                    "be different at the end of the cycle, or track the level as a KPI.",
                    "OKR是我们选择去改变的事情，而不是维持运转的工作。请写清楚周期结束时会有"
                    "什么不同，或把这个水平作为KPI来跟踪。")},
    [COACH_C5] = {T("{t}: aspirational objectives scored 1.0 in each of the last 2 closed "
                    "cycles.",
                    "{t}：挑战型目标在最近2个已结束的周期都得了1.0分。"),
                  T("Aspirational objectives are expected to score around 0.7; reaching 1.0 "
                    "every time means they were not ambitious enough. Aim higher this cycle.",
                    "挑战型目标的正常得分约为0.7；每次都拿到1.0说明目标不够有挑战性。"
                    "本周期请把目标定得更高。")},
    [COACH_C6] = {T("This committed objective scored {r0} without a post-mortem.",
                    "该承诺型目标得分{r0}，但没有填写未达成原因分析。"),
                  T("Committed objectives are expected to score 1.0. When one falls short, a "
                    "post-mortem says why and what changes, so that the miss is not repeated.",
                    "承诺型目标应当得1.0分。未达成时需要写未达成原因分析，说明原因和改进措施，"
                    "避免再次发生。")},
    [COACH_M1] = {T("This key result is neither a metric with a target nor a milestone with a "
                    "due date.",
                    "该关键结果既不是有目标值的数值型，也不是有截止日期的里程碑型。"),
                  T("A key result must be measurable: give a metric its start and target "
                    "values, or give a milestone a due date.",
                    "关键结果必须可衡量：数值型要有起始值和目标值，里程碑型要有截止日期。")},
    [COACH_M2] = {T("Worded as an activity (\"{t}\") with no measurable outcome.",
                    "措辞是一项活动（“{t}”），没有可衡量的结果。"),
                  T("A key result says what changes, not what we do: \"hold 6 training "
                    "sessions\" is an initiative. State the outcome the activity should produce "
                    "(a rate, a level, a customer result) and list the activity as an "
                    "initiative.",
                    "关键结果描述的是带来的变化，而不是要做的事：“组织6场培训”是举措。请写出这项"
                    "活动要产生的结果（比率、水平或客户成果），并把活动本身列为举措。")},
    [COACH_M3] = {T("The objective is worded as a metric (\"{t}\").",
                    "该目标的措辞是一个指标（“{t}”）。"),
                  T("An objective is qualitative and inspiring; the numbers belong in its key "
                    "results. Say why it matters, and move the figure to a key result.",
                    "目标应当是定性的、鼓舞人心的；数字应放在关键结果里。请说明它为什么重要，"
                    "并把数字移到关键结果中。")},
    [COACH_A1] = {T("Take-on request pending for {n0} days.", "承接请求已等待{n0}天未处理。"),
                  T("Alignment is a handshake: the person asked accepts, negotiates or declines "
                    "within a week, so that the superior knows who carries the objective or key "
                    "result.",
                    "对齐是一次握手：被@提及的人应在一周内接受、协商或拒绝，让上级知道由谁来承接"
                    "这个目标或关键结果。")},
    [COACH_A2] = {T("Nobody has taken on this key result yet.", "该关键结果还没有人承接。"),
                  T("The owner's team has members, but no objective is aligned to this key "
                    "result. @-mention the person who should take it on, or agree that the "
                    "owner carries it alone.",
                    "负责人的团队有成员，但还没有目标对齐到这个关键结果。请@提及应当承接的人，"
                    "或明确由负责人独自完成。")},
    [COACH_R1] = {T("No check-in for {n0} days.", "已有{n0}天没有更新进展。"),
                  T("OKRs live in the weekly review: a key result without a check-in for two "
                    "weeks is drifting. Check in with the current value and your confidence.",
                    "OKR要靠周进展回顾推动：两周没有更新进展的关键结果已在偏离。请更新当前值和"
                    "信心指数。")},
    [COACH_R2] = {T("Confidence has stayed at {r0} while progress is {p1}%, far behind the "
                    "expected {p2}%.",
                    "信心指数一直保持在{r0}，但进度只有{p1}%，远落后于预期进度{p2}%。"),
                  T("High confidence with progress far behind the expected line hides a risk. "
                    "Say what blocks the key result, lower the confidence to what you believe, "
                    "or change the approach.",
                    "进度远落后于预期进度时，高信心指数会掩盖风险。请说明阻碍所在，把信心指数"
                    "调整到真实水平，或调整做法。")},
    [TEXT_F1_INFO] = {T("{t} has {n0} objectives in this cycle.", "{t}在本周期有{n0}个目标。"),
                      T("Close to the limit: 5 objectives per owner is the most that stays "
                        "focused. Check that each one is a real priority.",
                        "已接近上限：每个负责人最多5个目标才能保持专注。请确认每个目标都是真正的"
                        "重点。")},
    [TEXT_C2_PREV] = {T("The target {r0} does not go beyond last cycle's achieved {r1}.",
                        "目标值{r0}没有超过上个周期已达到的{r1}。"),
                      WHY_C2_PREV},
    [TEXT_C2_DOWN] = {T("The target {r0} does not go below the start {r1}.",
                        "目标值{r0}没有低于起始值{r1}。"),
                      WHY_C2},
    [TEXT_C2_PREV_DOWN] = {T("The target {r0} does not go below last cycle's achieved {r1}.",
                             "目标值{r0}没有低于上个周期已达到的{r1}。"),
                           WHY_C2_PREV},
    [TEXT_C1_MILESTONE] = {T("Repeats last cycle's key result \"{t}\".",
                             "与上个周期的关键结果“{t}”重复。"),
                           WHY_C1},
    [TEXT_F2_ONE] = {T("This objective has only 1 key result.", "该目标只有1个关键结果。"), WHY_F2},
    [TEXT_F2_NONE] = {T("This objective has no key results yet.", "该目标还没有关键结果。"),
                      WHY_F2},
};

const char *const coach_words[COACH_WORDS][2] = {
    [COACH_WORD_COMPANY] = {"The company", "公司"},
    [COACH_WORD_MISSION] = {"mission", "使命"},
    [COACH_WORD_VISION] = {"vision", "愿景"},
    [COACH_WORD_THEMES] = {"strategic themes", "战略主题"},
};
