/* Messages of the people pages (issue 4: teams and people, the dossier, the admin's users, teams
 * and data files, the 404 page), in the format of i18n_msgs.h, which includes this file. No
 * include guard on purpose. */

/* Teams and people */
M(MSG_TEAM, "Team", "团队")
M(MSG_TEAM_LEAD, "Lead", "负责人")
M(MSG_PARENT_TEAM, "Parent team", "上级团队")
M(MSG_MY_TEAMS, "My teams", "我的团队")
M(MSG_MANAGE_TEAMS, "Manage teams", "管理团队")
M(MSG_EDIT_TEAM, "Edit team", "编辑团队")
M(MSG_TEAM_PAGE, "Team page", "团队页面")
M(MSG_TEAM_OKRS, "Team OKRs", "团队OKR")
M(MSG_TEAM_PROGRESS, "Team objectives", "团队目标进度")
M(MSG_MEMBERS_PROGRESS, "Members' objectives", "成员目标进度")
M(MSG_MEMBERS_COUNT, "Members ({1})", "成员（{1}）")
M(MSG_SUBTEAMS_COUNT, "Sub-teams ({1})", "下级团队（{1}）")
M(MSG_NO_MEMBERS, "This team has no members yet.", "该团队还没有成员。")
M(MSG_MORE_NOT_SHOWN, "{1} more not shown.", "另有{1}位未显示。")
M(MSG_ABOUT_TEAM, "About the team", "团队信息")
M(MSG_ABOUT_PERSON, "About", "个人信息")
M(MSG_PERSON_OKRS, "OKRs this cycle", "本周期OKR")
M(MSG_PERSON_PAGE, "Person page", "个人页面")
M(MSG_REPORTS, "Direct reports", "直接下属")
M(MSG_NO_OBJECTIVES, "No objectives", "暂无目标")
M(MSG_NO_OBJECTIVES_CYCLE, "No objectives you may see in this cycle.",
  "本周期没有你可以查看的目标。")
M(MSG_CARRIED_KRS, "Key results on others' objectives", "在他人目标上负责的关键结果")
M(MSG_ON_OBJECTIVE, "on {1}", "属于{1}")
M(MSG_NEXT_PAGE, "Next page", "下一页")

/* The dossier */
M(MSG_DOSSIER, "Dossier", "个人OKR档案")
M(MSG_DOSSIER_OF, "Dossier of {1}", "{1}的个人OKR档案")
M(MSG_PRINT, "Print", "打印")
M(MSG_SUMMARY, "Summary", "概览")
M(MSG_AMBITION, "Ambition", "目标类型")
M(MSG_AMBITION_LINE, "{1} committed, {2} aspirational", "承诺型{1}个，挑战型{2}个")
M(MSG_DISCIPLINE, "Check-in discipline", "进展更新纪律")
M(MSG_DISCIPLINE_LINE, "check-ins in {1} of weeks ({2} of {3})",
  "{1}的周有进展更新（{3}周中的{2}周）")
M(MSG_MEAN, "Mean", "平均")
M(MSG_TAKEONS, "Take-ons of superior OKRs", "承接的上级OKR")
M(MSG_NO_TAKEONS, "No accepted take-on requests.", "没有已接受的承接请求。")
M(MSG_TAKEN_ON_FROM, "asked by {1}", "由{1}发起")
M(MSG_KR_SHORT, "KR", "KR")
M(MSG_OBJECTIVE_SHORT, "O", "O")
M(MSG_DOSSIER_NOTE,
  "For conversations about growth: scores show how ambitious OKRs went, not what anyone is paid.",
  "用于成长与晋升沟通：评分反映目标的挑战与完成情况，不直接对应薪酬。")
M(MSG_DOSSIER_EMPTY, "No objectives in any cycle that has run yet.", "在已开始的周期中还没有目标。")

/* Admin: users, teams, data files */
M(MSG_ORGANISATION, "Organisation", "组织")
M(MSG_USERS, "Users", "用户")
M(MSG_EDIT_OF, "Edit {1}", "编辑{1}")
M(MSG_ROLE_AND_MANAGER, "Role and manager", "角色与直属上级")
M(MSG_MANAGER_EMAIL, "Manager (email)", "直属上级（邮箱）")
M(MSG_MANAGER_EMAIL_HINT, "Leave empty for nobody.", "留空表示没有直属上级。")
M(MSG_ADD_TO_TEAM, "Add to a team", "加入团队")
M(MSG_ADD, "Add", "添加")
M(MSG_REMOVE, "Remove", "移除")
M(MSG_REMOVE_FROM, "Remove from {1}", "从{1}移除")
M(MSG_NEW_TEAM, "New team", "新建团队")
M(MSG_TEAM_NAME, "Team name", "团队名称")
M(MSG_LEAD_EMAIL, "Lead (email)", "负责人（邮箱）")
M(MSG_ADD_MEMBER, "Add a member", "添加成员")
M(MSG_IMPORT_EXPORT, "Import and export", "导入与导出")
M(MSG_EXPORT_FILE, "Export the company (JSON)", "导出公司数据（JSON）")
M(MSG_EXPORT_HINT, "The whole company in the interchange format: a lossless copy.",
  "以交换格式导出整个公司的数据，可无损还原。")
M(MSG_IMPORT, "Import", "导入")
M(MSG_IMPORT_FILE, "Export file to import", "要导入的导出文件")
M(MSG_IMPORT_HINT,
  "The file becomes a new company in this database; this company is not changed. A bad file "
  "changes nothing.",
  "导入的文件会在本数据库中创建一家新公司，不会改动当前公司。文件有误时不会写入任何内容。")
M(MSG_IMPORT_FAILED, "The file was not imported", "文件未导入")
M(MSG_IMPORT_NOTHING_CHANGED, "Nothing was changed. What is wrong with the file:",
  "没有写入任何内容。文件的问题：")
M(MSG_IMPORT_DONE_TITLE, "Imported", "导入完成")
M(MSG_IMPORT_DONE,
  "The file is now a new company (id {1}). Its people have no passwords yet: invite them again.",
  "文件已导入为一家新公司（ID {1}）。其中的成员还没有密码，请重新邀请他们。")
M(MSG_BACK_TO_ADMIN, "Back to admin", "返回管理页面")

/* The 404 page */
M(MSG_NO_SUCH_PAGE, "There is no page at this address.", "这个地址没有页面。")
