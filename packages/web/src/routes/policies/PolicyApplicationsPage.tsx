import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { PolicyApplication, PolicyApplicationStatus } from '../../api/policies';
import { decideApplication, payApplication } from '../../api/policies';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { errorText, showFieldError } from '../../lib/form-errors';
import { mayDecideApplication } from '../../lib/policy-market';

const TABS = ['submitted', 'approved', 'rejected', 'paid', 'all'] as const;
const COLOURS: Record<PolicyApplicationStatus, string> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  paid: 'gold',
};

/** An application's state as a coloured tag. */
export function ApplicationStatusTag({ status }: { status: PolicyApplicationStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOURS[status]}>{t(`pmStatus_${status}`)}</Tag>;
}

/** The decide or pay dialog of one application, with what the enterprise wrote. */
function ActModal({
  item,
  mode,
  onClose,
  onDone,
}: {
  item: PolicyApplication | null;
  mode: 'decide' | 'pay';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ approve: boolean; note: string; amount?: number | null }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async () => {
    if (!item) return;
    let v: { approve: boolean; note: string; amount?: number | null };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      if (mode === 'decide') await decideApplication(item.id, v.approve, v.note);
      else await payApplication(item.id, v.amount ?? undefined);
      void message.success(t(mode === 'decide' ? 'pmDecided' : 'pmPaid'));
      onDone();
    } catch (e) {
      if (!showFieldError(form, e, ['note', 'amount'])) setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={item !== null}
      title={item ? `${t(mode === 'decide' ? 'pmDecide' : 'pmPay')}：${item.policyTitle}` : ''}
      onOk={() => void submit()}
      onCancel={onClose}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      {item && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('pmEnterprise')}>{item.enterpriseName}</Descriptions.Item>
          <Descriptions.Item label={t('pmText')}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('pmMaterials')}>{item.materials ?? '—'}</Descriptions.Item>
          {item.decisionNote && <Descriptions.Item label={t('pmDecision')}>{item.decisionNote}</Descriptions.Item>}
        </Descriptions>
      )}
      <Form form={form} layout="vertical" initialValues={{ approve: true }} preserve={false}>
        {mode === 'decide' ? (
          <>
            <Form.Item name="approve">
              <Radio.Group
                options={[
                  { value: true, label: t('pmApprove') },
                  { value: false, label: t('pmReject') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('pmNote')}
              rules={[{ required: true, whitespace: true, message: t('pmNoteRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="amount" label={t('pmAmount')}>
            <InputNumber min={0} precision={2} style={{ width: 240 }} />
          </Form.Item>
        )}
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

/**
 * 政策申请: the applications of the caller's scope (the hub, leaders and the admin the
 * jurisdiction's, a unit those routed to it) by state, with the decide and pay dialogs for the
 * routed unit and the hub.
 */
export default function PolicyApplicationsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [tab, setTab] = useState<(typeof TABS)[number]>('submitted');
  const apps = useFetched<PolicyApplication[]>(
    tab === 'all' ? '/api/v1/policy-applications' : `/api/v1/policy-applications?status=${tab}`,
  );
  const [acting, setActing] = useState<{ item: PolicyApplication; mode: 'decide' | 'pay' } | null>(null);
  const may = (a: PolicyApplication) => (user ? mayDecideApplication(user, a) : false);

  return (
    <Card title={t('pmAppsTitle')}>
      <Typography.Paragraph type="secondary">{t('pmAppsIntro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as (typeof TABS)[number])}
        items={TABS.map((k) => ({ key: k, label: t(`pmStatus_${k}`) }))}
      />
      {apps.error && <Alert type="error" showIcon title={apps.error} style={{ marginBottom: 12 }} />}
      <Table<PolicyApplication>
        rowKey="id"
        loading={apps.loading}
        dataSource={apps.data ?? []}
        locale={{ emptyText: t('pmEmptyApps') }}
        scroll={{ x: 1100 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (a) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('pmText')}>{a.text}</Descriptions.Item>
              <Descriptions.Item label={t('pmMaterials')}>{a.materials ?? '—'}</Descriptions.Item>
              {a.decisionNote && (
                <Descriptions.Item label={t('pmDecision')}>
                  {`${a.decisionNote}${a.decidedBy ? `（${a.decidedBy}）` : ''}`}
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          { title: t('pmPolicy'), dataIndex: 'policyTitle' },
          { title: t('pmEnterprise'), dataIndex: 'enterpriseName', width: 200 },
          { title: t('pmApplicant'), dataIndex: 'applicantName', width: 100 },
          {
            title: t('pmRoutedUnit'),
            width: 150,
            render: (_, a) => a.routedUnitName ?? t('pmHub'),
          },
          { title: t('status'), width: 90, render: (_, a) => <ApplicationStatusTag status={a.status} /> },
          { title: t('pmAppliedAt'), width: 150, render: (_, a) => shanghaiTime(a.createdAt) },
          {
            title: t('pmDecision'),
            width: 200,
            render: (_, a) =>
              a.decisionNote ? (
                <Typography.Text ellipsis={{ tooltip: a.decisionNote }} style={{ maxWidth: 190 }}>
                  {a.decisionNote}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          {
            title: t('polActions'),
            width: 150,
            render: (_, a) => (
              <Space size={0}>
                {a.status === 'submitted' && may(a) && (
                  <Button type="link" onClick={() => setActing({ item: a, mode: 'decide' })}>
                    {t('pmDecide')}
                  </Button>
                )}
                {a.status === 'approved' && may(a) && (
                  <Button type="link" onClick={() => setActing({ item: a, mode: 'pay' })}>
                    {t('pmPay')}
                  </Button>
                )}
                {a.status === 'paid' && a.amount !== null && (
                  <Typography.Text type="secondary">{`¥${a.amount.toLocaleString('zh-CN')}`}</Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ActModal
        item={acting?.item ?? null}
        mode={acting?.mode ?? 'decide'}
        onClose={() => setActing(null)}
        onDone={() => {
          setActing(null);
          apps.reload();
        }}
      />
    </Card>
  );
}
