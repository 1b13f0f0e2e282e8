/* Messages of the weekly review, dashboard and KPI board pages (review.c, dashboard.c, kpis.c),
 * in the format of i18n_msgs.h (which includes this file): M(key, English, 中文). Terms come
 * from GLOSSARY.md: 周进展回顾, 数据看板, KPI, 阈值, 健康 / 异常, 举措, 进展更新. */

/* Shared */
M(MSG_RV_TEAM, "Team", "团队")
M(MSG_KRS_AT_RISK, "Key results at risk", "有风险的关键结果")
M(MSG_NO_KRS_AT_RISK, "No key result is at risk or off track.", "没有有风险或落后的关键结果。")
M(MSG_DISC_ON_TIME, "On time", "按时")
M(MSG_DISC_LATE, "Late", "迟交")
M(MSG_DISC_MISSED, "Missed", "缺失")
M(MSG_DISCIPLINE_RULE,
  "Every key result gets a check-in each week. On time: checked in this week (today and the 6 "
  "days before); late: last checked in the week before; missed: not in two weeks, or never. A "
  "person counts as their worst key result.",
  "每个关键结果每周更新一次进展。按时：本周（今天及前6天）内有更新；迟交：最近一次更新在上一周；"
  "缺失：两周内没有更新或从未更新。每人按其最差的关键结果计。")
M(MSG_TILE_AT_RISK, "key results at risk", "个关键结果有风险")

/* Weekly review */
M(MSG_REVIEW_TITLE, "Weekly review", "周进展回顾")
M(MSG_REVIEW_WEEK, "This week: {1} to {2}", "本周：{1}至{2}")
M(MSG_SUBTEAMS, "sub-teams: {1}", "含{1}个下级团队")
M(MSG_SUBTEAMS_MORE, "with the first {1} sub-teams", "含前{1}个下级团队")
M(MSG_PROJECTOR_VIEW, "Projector view", "投影模式")
M(MSG_NORMAL_VIEW, "Normal view", "普通模式")
M(MSG_REVIEW_NO_TEAM, "There are no teams yet. An admin creates them.",
  "还没有团队，请管理员创建。")
M(MSG_REVIEW_NO_OKRS, "The team has no objectives you can see in this cycle.",
  "该团队在本周期没有你可查看的目标。")
M(MSG_REVIEW_MORE, "{1} more objectives are not shown: pick a sub-team.",
  "还有{1}个目标未显示，请选择下级团队查看。")
M(MSG_TILE_CHECKED_IN, "key results checked in this week", "个关键结果本周已更新")
M(MSG_TILE_INITIATIVES_DUE, "initiatives due", "项举措到期")
M(MSG_TILE_NOT_CHECKED_IN, "people not checked in", "人未更新进展")
M(MSG_CHANGES_THIS_WEEK, "What changed this week", "本周变化")
M(MSG_VALUE_WEEK, "Value", "数值")
M(MSG_NO_CHECKIN_THIS_WEEK, "No check-in this week", "本周没有进展更新")
M(MSG_INITIATIVES_DUE, "Initiatives due in the next 14 days or overdue",
  "未来14天内到期或已逾期的举措")
M(MSG_NO_INITIATIVES_DUE, "No initiative is due.", "没有到期的举措。")
M(MSG_INITIATIVE, "Initiative", "举措")
M(MSG_OVERDUE, "Overdue", "已逾期")
M(MSG_INIT_TODO, "To do", "待开始")
M(MSG_INIT_DOING, "Doing", "进行中")
M(MSG_INIT_DONE, "Done", "已完成")
M(MSG_INIT_DROPPED, "Dropped", "已放弃")
M(MSG_NOT_CHECKED_IN, "Who has not checked in this week", "本周未更新进展的成员")
M(MSG_CHECKED_IN_OF, "checked in {1} of {2} key results this week",
  "本周已更新{2}个关键结果中的{1}个")
M(MSG_EVERYONE_CHECKED_IN, "Everyone has checked in this week.", "本周所有人都已更新进展。")
M(MSG_CHECKED_IN_PEOPLE, "Checked in on time", "已按时更新")
M(MSG_NO_KRS_PEOPLE, "No key results this cycle", "本周期没有关键结果")

/* Dashboard */
M(MSG_DASHBOARD_TITLE, "Dashboard", "数据看板")
M(MSG_TILE_COMPANY_PROGRESS, "company progress", "公司目标进度")
M(MSG_TILE_ON_TIME, "of people checked in on time", "的成员按时更新进展")
M(MSG_TILE_HEALTH, "OKR health score", "OKR健康度")
M(MSG_PROGRESS_BY_SOURCE, "Company progress by source", "按来源的公司目标进度")
M(MSG_PROGRESS_BY_THEME, "By theme", "按战略主题")
M(MSG_OBJECTIVE_COUNT, "{1} company objectives", "{1}个公司目标")
M(MSG_OBJECTIVE_COUNT_ONE, "1 company objective", "1个公司目标")
M(MSG_RISK_SUMMARY, "{1} of {2} key results are at risk or off track; the worst you can see:",
  "{2}个关键结果中有{1}个有风险或落后；以下是你可查看的最严重的几个：")
M(MSG_CHECKIN_DISCIPLINE, "Check-in discipline this week", "本周进展更新情况")
M(MSG_NO_DISCIPLINE, "Nobody has key results in this cycle.", "本周期没有人有关键结果。")
M(MSG_SHARE_ON_TIME, "Share on time", "按时比例")
M(MSG_WHOLE_COMPANY, "Whole company", "全公司")
M(MSG_TEAMS_SHOWN, "The {1} of {2} teams with the lowest share on time.",
  "{2}个团队中按时比例最低的{1}个。")
M(MSG_SCORE_DISTRIBUTION, "Score distribution of the last closed cycle", "上一个已结束周期的评分分布")
M(MSG_NO_CLOSED_CYCLE, "No cycle has been closed yet.", "还没有已结束的周期。")
M(MSG_SCORES_OF, "Final scores of {1}: {2} objectives scored, {3} not scored",
  "{1}的最终得分：{2}个目标已评分，{3}个未评分")
M(MSG_AS_TABLE, "As a table", "以表格查看")
M(MSG_COACH_HEALTH, "OKR coach: health score", "OKR教练：健康度")
M(MSG_HEALTH_OF, "over {1} objectives of this cycle", "基于本周期的{1}个目标")
M(MSG_NO_FINDINGS, "The coach has no findings.", "OKR教练没有建议。")
M(MSG_RULES_COST, "Rules that cost the most points", "扣分最多的规则")
M(MSG_RULE, "Rule", "规则")
M(MSG_FINDINGS, "Findings", "建议")
M(MSG_POINTS, "Points", "扣分")
M(MSG_FAMILY_STRATEGY, "strategy", "战略")
M(MSG_FAMILY_FOCUS, "focus", "聚焦")
M(MSG_FAMILY_CHALLENGE, "challenge", "挑战")
M(MSG_FAMILY_MEASURABILITY, "measurability", "可衡量")
M(MSG_FAMILY_RHYTHM, "alignment and rhythm", "对齐与节奏")
M(MSG_SNAPSHOT_LIVE, "Company-wide figures as of {1}.", "全公司数据截至{1}。")
M(MSG_SNAPSHOT_CACHED,
  "Company-wide figures as of {1}: a large company's are computed at most every {2} minutes.",
  "全公司数据截至{1}：大型公司的数据最多每{2}分钟计算一次。")

/* KPI board */
M(MSG_KPI_TITLE, "KPIs", "KPI")
M(MSG_KPI_INTRO,
  "What the organisation must keep healthy: each KPI against its threshold, with its recent "
  "values.",
  "组织必须保持健康的指标：每个KPI与其阈值对照，并显示近期数值。")
M(MSG_KPI_NONE, "No KPIs yet.", "还没有KPI。")
M(MSG_KPI_PAGES, "KPI pages", "KPI分页")
M(MSG_KPI_FIRST, "First KPIs", "返回第一页")
M(MSG_KPI_NEXT, "Next {1} KPIs", "后{1}个KPI")
M(MSG_TILE_KPIS, "KPIs", "个KPI")
M(MSG_TILE_KPIS_PAGE, "KPIs on this page", "个KPI（本页）")
M(MSG_THRESHOLD, "Threshold", "阈值")
M(MSG_KPI_HEALTHY, "Healthy", "健康")
M(MSG_KPI_UNHEALTHY, "Unhealthy", "异常")
M(MSG_KPI_NO_VALUES, "No values yet", "尚无数值")
M(MSG_KPI_RECORD, "Record a value", "记录数值")
M(MSG_KPI_RECORD_FOR, "Record a value: {1}", "记录数值：{1}")
M(MSG_KPI_SAVED, "Value recorded.", "数值已记录。")
M(MSG_KPI_SPARK_ARIA, "Last {1} values, from {2} to {3}", "最近{1}个数值，从{2}到{3}")
