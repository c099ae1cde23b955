import { ADMIN_ROLES, mayAct } from '@qisu/core';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';
import type { ModelsOverview, TriageModel } from '../../lib/screening';
import { useLoad } from '../../lib/use-load';

/** How often the page asks how a retraining goes. */
const POLL_MS = 3000;

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * The category models behind screening's suggestions: each version with its scope, size and
 * cross-validated quality, the one serving now, and — for the admin — retraining on the cases
 * the hub has screened, followed until it finishes.
 */
export default function TriageModelsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const canTrain = mayAct(user?.roles ?? [], ADMIN_ROLES);
  const overview = useLoad<ModelsOverview>('/api/v1/triage/models');
  const [starting, setStarting] = useState(false);
  const training = overview.data?.retraining && !overview.data.retraining.finishedAt;
  const { reload } = overview;

  useEffect(() => {
    if (!training) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [training, reload]);

  const retrain = async () => {
    setStarting(true);
    try {
      await api('/api/v1/triage/models', { method: 'POST', body: {} });
      void message.info(t('mdlStarted'));
      reload();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  const last = overview.data?.retraining;
  return (
    <Card
      title={t('mdlTitle')}
      extra={
        canTrain && (
          <Button
            type="primary"
            icon={<ReloadOutlined />}
            loading={starting || Boolean(training)}
            onClick={() => void retrain()}
            data-testid="retrain"
          >
            {training ? t('mdlTraining') : t('mdlRetrain')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('mdlIntro')}
        </Typography.Paragraph>
        {overview.error && (
          <Alert
            type="error"
            showIcon
            title={`${t('loadFailed')}: ${overview.error}`}
            action={<Button onClick={reload}>{t('retry')}</Button>}
          />
        )}
        {last && (
          <Alert
            type={last.error ? 'error' : last.finishedAt ? 'success' : 'info'}
            showIcon
            data-testid="retraining"
            title={
              last.error
                ? t('mdlFailed', { error: last.error })
                : last.finishedAt
                  ? t('mdlFinished', {
                      version: last.version ?? '—',
                      n: last.examples,
                      at: shanghaiTime(last.finishedAt),
                    })
                  : t('mdlRunning', { n: last.examples, at: shanghaiTime(last.startedAt) })
            }
          />
        )}
        <Table<TriageModel>
          rowKey="id"
          size="small"
          loading={overview.loading && !overview.data}
          dataSource={overview.data?.models ?? []}
          pagination={false}
          columns={[
            {
              title: t('mdlVersion'),
              key: 'version',
              render: (_, m) => (
                <Space size={4}>
                  <span>v{m.version}</span>
                  {m.serving && <Tag color="green">{t('mdlServing')}</Tag>}
                  {m.active && !m.serving && <Tag>{t('mdlActive')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('mdlScope'),
              key: 'scope',
              render: (_, m) => t(m.scope === 'all' ? 'mdlScopeAll' : 'mdlScopeOwn'),
            },
            { title: t('mdlExamples'), dataIndex: 'examples' },
            { title: t('mdlLabels'), key: 'labels', render: (_, m) => m.labels.length },
            {
              title: t('mdlAccuracy'),
              key: 'accuracy',
              render: (_, m) => (m.quality ? percent(m.quality.accuracy) : t('mdlNotMeasured')),
            },
            {
              title: t('mdlMacroF1'),
              key: 'macroF1',
              render: (_, m) => (m.quality ? percent(m.quality.macroF1) : t('mdlNotMeasured')),
            },
            { title: t('createdAt'), key: 'createdAt', render: (_, m) => shanghaiTime(m.createdAt) },
          ]}
        />
      </Space>
    </Card>
  );
}
