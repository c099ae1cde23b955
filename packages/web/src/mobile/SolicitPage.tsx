import { isoWeekOf, SOLICITATION_METHOD_LABELS } from '@qisu/core';
import { Alert, Button, Card, Form, List, Progress, Result, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Coverage, SolicitationRound } from '../api/solicitations';
import { recordSolicitation, solicitationPaths } from '../api/solicitations';
import type { SolicitationValues } from '../components/solicitations/SolicitationForm';
import { SolicitationForm, solicitationBody } from '../components/solicitations/SolicitationForm';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { coverageShare, weekSpan } from '../lib/solicitation';
import { useLoad } from '../lib/use-load';
import { useSubmit } from '../lib/use-submit';
import { MobileNav } from './components/MobileNav';

/**
 * The liaison's solicitation on the phone, at the enterprise (seed 003 二(一)): how far the week's
 * round of the ledger has come, the form (the enterprise — those not yet asked first — how it was
 * asked, what was said, the problems found), and, once sent, the cases the problems became.
 */
export default function SolicitPage() {
  const { t, lang } = useI18n();
  const week = isoWeekOf(new Date());
  const coverage = useLoad<Coverage>(solicitationPaths.coverage(week));
  const rounds = useLoad<SolicitationRound[]>(solicitationPaths.rounds(week));
  const missing = useMemo(() => new Set((coverage.data?.missing ?? []).map((m) => m.id)), [coverage.data]);
  const [form] = Form.useForm<SolicitationValues>();
  const [done, setDone] = useState<{ caseIds: string[] } | null>(null);

  const save = useSubmit(async (values: SolicitationValues) => {
    const saved = await recordSolicitation(solicitationBody(values));
    form.resetFields();
    coverage.reload();
    rounds.reload();
    setDone({ caseIds: saved.caseIds });
    window.scrollTo({ top: 0 });
  });

  const c = coverage.data;
  const share = c ? coverageShare(c.solicited, c.enterprises) : null;
  const latest = done && rounds.data ? rounds.data[0] : undefined;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <MobileNav active="solicit" />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('solMobileTitle')}
      </Typography.Title>
      {c && (
        <Card size="small">
          <Typography.Text>
            {t('solMobileWeek', { span: weekSpan(week, lang), solicited: c.solicited, enterprises: c.enterprises })}
          </Typography.Text>
          <Progress percent={share ?? 0} status={share === 100 ? 'success' : 'active'} />
        </Card>
      )}
      {coverage.error && <Alert type="error" showIcon role="alert" title={`${t('loadFailed')}: ${coverage.error}`} />}
      {done ? (
        <Card>
          <Result
            status="success"
            title={done.caseIds.length > 0 ? t('solMobileSavedCases', { n: done.caseIds.length }) : t('solSavedNone')}
            subTitle={
              latest && latest.cases.length > 0 ? (
                <Space orientation="vertical" size={4}>
                  {latest.cases.map((x) => (
                    <Link key={x.id} to={`/m/cases/${x.id}`}>
                      {x.number} {x.title}
                    </Link>
                  ))}
                </Space>
              ) : undefined
            }
            extra={
              <Button type="primary" size="large" block onClick={() => setDone(null)}>
                {t('solMobileAnother')}
              </Button>
            }
          />
        </Card>
      ) : (
        <Card>
          {save.error && <Alert type="error" showIcon role="alert" title={save.error} style={{ marginBottom: 12 }} />}
          <SolicitationForm form={form} missing={missing} compact />
          <Button
            type="primary"
            size="large"
            block
            style={{ marginTop: 16 }}
            loading={save.busy}
            onClick={() =>
              void form.validateFields().then(
                (v) => save.submit(v),
                () => undefined,
              )
            }
          >
            {t('solSave')}
          </Button>
        </Card>
      )}
      <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
        {t('solMobileHistory')}
      </Typography.Title>
      <List
        bordered
        style={{ background: '#fff' }}
        loading={rounds.loading}
        dataSource={rounds.data ?? []}
        locale={{ emptyText: t('solNoRounds') }}
        renderItem={(r) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>{r.enterprise.name}</Typography.Text>
              <Typography.Text type="secondary">
                {shanghaiTime(r.at)} · {SOLICITATION_METHOD_LABELS[r.method][lang === 'zh-CN' ? 'zh' : 'en']}
              </Typography.Text>
              {r.cases.length === 0 ? (
                <Tag>{t('solNoProblem')}</Tag>
              ) : (
                <Space wrap size={4}>
                  {r.cases.map((x) => (
                    <Link key={x.id} to={`/m/cases/${x.id}`}>
                      {x.number}
                    </Link>
                  ))}
                </Space>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
