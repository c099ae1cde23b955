import { LeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { PolicyDocumentDetail } from '../api/policies';
import { applyForPolicy, getPolicy } from '../api/policies';
import { useI18n } from '../i18n/i18n';
import { errorText, useLoad } from './components/useLoad';

/** The application form of an online policy: what the enterprise asks for, and its materials in words. */
function ApplyForm({ policy }: { policy: PolicyDocumentDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ text: string; materials?: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (v: { text: string; materials?: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      await applyForPolicy({
        policyId: policy.id,
        text: v.text.trim(),
        ...(v.materials?.trim() ? { materials: v.materials.trim() } : {}),
      });
      void message.success(t('mobApplied', { unit: policy.issuingUnitName ?? t('pmHub') }));
      void navigate('/m/applications');
    } catch (e) {
      setFailure(errorText(e, t('mobUnexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('mobApply')} size="small">
      {policy.issuingUnitName && (
        <Typography.Paragraph type="secondary">{t('mobIssuer', { unit: policy.issuingUnitName })}</Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="text"
          label={t('mobApplyText')}
          rules={[{ required: true, whitespace: true, message: t('mobApplyTextHint') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} placeholder={t('mobApplyTextHint')} />
        </Form.Item>
        <Form.Item name="materials" label={t('mobApplyMaterials')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" size="large" block htmlType="submit" loading={busy}>
          {t('mobApplySubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * A policy on the phone: its text, and how the enterprise claims it — the application form for a
 * policy applied for online, the 免申即享 wording (nothing to file) for one granted on the ledger.
 * Opening it is recorded by the server (the push's "opened"); opened from a pushed notice
 * (`?n=`), that notice is marked read.
 */
export default function PolicyDetailPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const notice = params.get('n');
  const policy = useLoad(`policy:${id}`, () => getPolicy(id), t('mobUnexpected'));

  useEffect(() => {
    if (notice)
      void api(`/api/v1/notifications/${encodeURIComponent(notice)}/read`, { method: 'POST' }).catch(() => undefined);
  }, [notice]);

  const back = (
    <Link to="/m/policies">
      <LeftOutlined /> {t('mobPolicies')}
    </Link>
  );
  if (policy.loading && !policy.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (policy.error || !policy.data) {
    return <Result status={policy.errorStatus === 404 ? '404' : 'error'} title={policy.error ?? ''} extra={back} />;
  }
  const doc = policy.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {back}
      <Typography.Title level={4} style={{ margin: 0 }}>
        {doc.title}
      </Typography.Title>
      <Space size={4} wrap>
        {doc.online && <Tag color="green">{t('mobOnline')}</Tag>}
        {doc.automatic && <Tag color="gold">{t('mobAutomatic')}</Tag>}
        <Typography.Text type="secondary">{[doc.docNumber, doc.issuer].filter(Boolean).join(' · ')}</Typography.Text>
      </Space>
      {doc.automatic && (
        <Alert
          type="success"
          showIcon
          data-testid="automatic-notice"
          title={t('mobAutomaticText')}
          description={doc.benefit ? t('mobAutomaticBenefit', { benefit: doc.benefit }) : undefined}
        />
      )}
      <Card size="small">
        {doc.passages.map((p) => (
          <Typography.Paragraph key={p.id} style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>
            {p.text}
          </Typography.Paragraph>
        ))}
      </Card>
      {doc.online && !doc.automatic && <ApplyForm policy={doc} />}
      {!doc.online && !doc.automatic && <Typography.Text type="secondary">{t('mobNotOnline')}</Typography.Text>}
    </Space>
  );
}
