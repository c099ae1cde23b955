import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, getToken } from '../api/client';
import type { ResponseOf } from '../api/models';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';

/** The answer of `GET /api/v1/notifications` (SPEC §10): newest first, titles in the request's language, the unread count. */
export type NotificationList = ResponseOf<'/api/v1/notifications'>;

/** One notification of that list. */
export type NotificationItem = NotificationList['items'][number];

/** How often the bell asks for news; a notification is delivered within 60 s of its event. */
const POLL_MS = 30_000;

/** How long after the console opens the bell first asks. */
const FIRST_LOOK_MS = 3_000;

const fetchNotifications = () => api<NotificationList>('/api/v1/notifications');
const markRead = (id: string) =>
  api<ResponseOf<'/api/v1/notifications/{id}/read', 'post'>>(`/api/v1/notifications/${id}/read`, { method: 'POST' });

/** The screen a notification without a case opens, by its type. */
const SCREEN_OF_TYPE: Partial<Record<string, string>> = {
  'solicitation.reminder': '/solicitations',
  'solicitation.ledger_sent': '/solicitations?tab=ledgers',
};

/**
 * The bell in the console's header: the unread count, polled every 30 s, and a list of the newest
 * notifications, each at its Shanghai time as everywhere in the console; a click opens the case (or
 * the screen a notification without one is about) and marks the notification read.
 */
export function NotificationBell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [data, setData] = useState<NotificationList>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);

  const refresh = useCallback(() => {
    if (!getToken()) return;
    fetchNotifications().then(setData, () => undefined);
  }, []);

  useEffect(() => {
    // The first look waits a moment, so that a session ended right after it began (a quick
    // log-out) is not asked with a token the server has already revoked.
    const first = window.setTimeout(refresh, FIRST_LOOK_MS);
    const timer = window.setInterval(refresh, POLL_MS);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(timer);
    };
  }, [refresh, lang]);

  const openItem = async (item: NotificationItem) => {
    setOpen(false);
    if (!item.readAt) await markRead(item.id).catch(() => undefined);
    refresh();
    const path = item.caseId ? `/cases/${item.caseId}` : SCREEN_OF_TYPE[item.type];
    if (path) void navigate(path);
  };

  const readAll = async () => {
    await Promise.all(data.items.filter((n) => !n.readAt).map((n) => markRead(n.id).catch(() => undefined)));
    refresh();
  };

  const content = (
    <div style={{ width: 380, maxHeight: 420, overflowY: 'auto' }}>
      {data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifEmpty')} />
      ) : (
        <List
          size="small"
          dataSource={data.items}
          renderItem={(item) => (
            <List.Item
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              onClick={() => void openItem(item)}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!item.readAt}>{item.title}</Typography.Text>}
                description={shanghaiTime(item.at)}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>{t('notifTitle')}</span>
          <Button size="small" type="link" disabled={data.unread === 0} onClick={() => void readAll()}>
            {t('notifAllRead')}
          </Button>
        </Space>
      }
      content={content}
    >
      <Badge count={data.unread} size="small" overflowCount={99}>
        <Button
          type="text"
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          aria-label={`${t('notifBell')} · ${t('notifUnread', { n: data.unread })}`}
        />
      </Badge>
    </Popover>
  );
}
