import { mayAct, UNIT_ROLES } from '@qisu/core';
import { Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { menuFor } from '../app/screens';
import { useSession } from '../auth/session';
import { codeText, useI18n } from '../i18n/i18n';

/** The states each role works on first; the home page counts them and links to the list. */
export function focusStates(roles: string[]): string[] {
  if (roles.includes('hub')) return ['submitted', 'screening', 'returned', 'rated', 'review'];
  if (roles.includes('unit_handler') || roles.includes('unit_head'))
    return ['dispatched', 'signed', 'contacted', 'feedback', 'redo'];
  if (roles.includes('enterprise')) return ['replied', 'dispatched', 'submitted', 'closed'];
  if (roles.includes('leader')) return ['review', 'redo', 'dispatched'];
  if (roles.includes('discipline')) return ['redo', 'review', 'closed'];
  return ['submitted', 'dispatched', 'closed'];
}

export default function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const states = focusStates(user?.roles ?? []);
  // A unit's inbox shows what falls due first, overdue at the top.
  const unitRole = mayAct(user?.roles ?? [], UNIT_ROLES);
  // The role's other screens, one click from home.
  const shortcuts = menuFor(user?.roles ?? []).filter((s) => s.path !== '/' && s.path !== '/cases');
  const [counts, setCounts] = useState<Record<string, number | null>>({});

  useEffect(() => {
    for (const s of states) {
      api<{ total: number }>(`/api/v1/cases?status=${s}&pageSize=1`).then(
        (r) => setCounts((c) => ({ ...c, [s]: r.total })),
        () => setCounts((c) => ({ ...c, [s]: null })),
      );
    }
    // The states depend only on the roles, which do not change during a session.
  }, [user?.id]);

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('welcome', { name: user?.name ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('myWork')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {states.map((s) => (
          <Col key={s} xs={12} md={6}>
            <Link to={`/cases?status=${s}${unitRole ? '&sort=due' : ''}`}>
              <Card hoverable size="small">
                <Statistic
                  title={codeText(t, 'status', s)}
                  value={counts[s] ?? '—'}
                  loading={counts[s] === undefined}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      {shortcuts.length > 0 && (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: 24 }}>
            {t('shortcuts')}
          </Typography.Paragraph>
          <Space wrap>
            {shortcuts.map(({ path, menu }) => (
              <Link key={path} to={path}>
                <Button icon={menu?.icon}>{menu ? t(menu.label) : path}</Button>
              </Link>
            ))}
          </Space>
        </>
      )}
    </Card>
  );
}
