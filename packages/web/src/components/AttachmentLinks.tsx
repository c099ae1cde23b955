import { LinkOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { AttachmentLink } from '../api/models';
import { codeText, useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';

/** The name to show for a link: the one the platform gave, else the last segment of its path. */
export function linkName(link: Pick<AttachmentLink, 'name' | 'url'>): string {
  if (link.name) return link.name;
  try {
    const path = new URL(link.url).pathname.split('/').filter(Boolean);
    return decodeURIComponent(path.at(-1) ?? link.url);
  } catch {
    return link.url;
  }
}

/** Failures whose detail says more than their words: the other server's status, the network's error. */
const TECHNICAL_DETAIL = new Set<string>(['http_error', 'unreachable']);

interface Props {
  caseId: string;
  /** Changes when the case may have changed (after an action), to read the links again. */
  version?: unknown;
}

/**
 * The files another platform (12345, the city, an Open311 client) sent with the case as links that
 * are not attachments yet: each waiting one with its tries and the next, each given up with the
 * reason in words. Shows nothing when there are none, or when the user may not see them.
 */
export function AttachmentLinks({ caseId, version }: Props) {
  const { t } = useI18n();
  const [links, setLinks] = useState<AttachmentLink[]>([]);
  useEffect(() => {
    let live = true;
    api<AttachmentLink[]>(`/api/v1/cases/${caseId}/attachment-links`).then(
      (rows) => live && setLinks(rows),
      () => live && setLinks([]),
    );
    return () => {
      live = false;
    };
  }, [caseId, version]);
  if (links.length === 0) return null;
  return (
    <div data-testid="attachment-links" style={{ marginTop: 12 }}>
      <Typography.Text strong>{t('attLinksTitle')}</Typography.Text>
      {links.map((link) => {
        const reason = link.failure
          ? `${codeText(t, 'fetchFailure', link.failure)}${link.detail && TECHNICAL_DETAIL.has(link.failure) ? `（${link.detail}）` : ''}`
          : null;
        return (
          <div key={link.id} style={{ marginTop: 6 }} data-testid="attachment-link">
            <Space size={6} wrap>
              <Tag color={link.status === 'failed' ? 'red' : 'processing'}>
                {t(link.status === 'failed' ? 'attLinkFailed' : 'attLinkPending')}
              </Tag>
              <Typography.Link href={link.url} target="_blank" rel="noopener noreferrer">
                <LinkOutlined /> {linkName(link)}
              </Typography.Link>
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', fontSize: 12 }}>
              {t('attLinkFrom', { source: link.sourceName, time: shanghaiTime(link.receivedAt) })}
              {link.status === 'pending' &&
                link.nextAttemptAt &&
                ' · ' +
                  (link.attempts > 0
                    ? t('attLinkTries', { count: link.attempts, time: shanghaiTime(link.nextAttemptAt) })
                    : t('attLinkFirstTry', { time: shanghaiTime(link.nextAttemptAt) }))}
              {reason && ` · ${t('attLinkReason', { reason })}`}
            </Typography.Paragraph>
          </div>
        );
      })}
    </div>
  );
}
