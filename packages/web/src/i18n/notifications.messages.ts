/** Texts of the console's notification bell, zh-CN first; en-US must have the same keys (checked by the type). */
export const zh = {
  notifBell: '通知',
  notifUnread: '{n} 条未读',
  notifTitle: '我的通知',
  notifAllRead: '全部已读',
  notifEmpty: '暂无通知',
};

export const en: Record<keyof typeof zh, string> = {
  notifBell: 'Notifications',
  notifUnread: '{n} unread',
  notifTitle: 'My notifications',
  notifAllRead: 'Mark all read',
  notifEmpty: 'No notifications',
};
