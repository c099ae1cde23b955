import { LeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { ServiceBundle, ServiceItem } from '../api/services';
import { findServiceItems, getServiceItem, listServiceBundles, requestService } from '../api/services';
import { useI18n } from '../i18n/i18n';
import { appointmentSelectable, serviceFieldText, shanghaiToday } from '../lib/services';
import { errorText, useLoad } from './components/useLoad';

interface RequestValues {
  text: string;
  wantsAssistance?: boolean;
  appointmentAt?: Dayjs | null;
}

/**
 * The 申请 form of an item or a bundle: what the enterprise needs, 帮办代办 where offered and an
 * appointment day where offered (a later weekday; the server checks the jurisdiction's calendar).
 * Submitted, it opens the new case's progress page.
 */
function RequestForm(props: {
  kind: 'items' | 'bundles';
  id: string;
  assisted: boolean;
  appointment: boolean;
  routed: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RequestValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const today = shanghaiToday();
  const submit = async (v: RequestValues) => {
    setBusy(true);
    setFailure(null);
    try {
      const created = await requestService(props.kind, props.id, {
        text: v.text.trim(),
        ...(v.wantsAssistance ? { wantsAssistance: true } : {}),
        ...(v.appointmentAt ? { appointmentAt: v.appointmentAt.format('YYYY-MM-DD') } : {}),
      });
      void message.success(t('svcMobSubmitted', { number: created.number, unit: created.leadUnit.name }));
      void navigate(`/m/cases/${created.caseId}`);
    } catch (e) {
      const field = e instanceof ApiError ? e.body['field'] : undefined;
      if (e instanceof ApiError && field === 'appointmentAt') {
        form.setFields([{ name: 'appointmentAt', errors: [e.message] }]);
      } else setFailure(errorText(e, t('mobUnexpected')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('svcMobApplyTitle')} size="small" data-testid="service-request-form">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {props.routed}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item
          name="text"
          label={t('svcMobText')}
          rules={[{ required: true, whitespace: true, message: t('svcMobTextHint') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} placeholder={t('svcMobTextHint')} />
        </Form.Item>
        {props.assisted && (
          <Form.Item name="wantsAssistance" valuePropName="checked" style={{ marginBottom: 12 }}>
            <Checkbox>{t('svcMobWantsAssistance')}</Checkbox>
          </Form.Item>
        )}
        {props.appointment && (
          <Form.Item name="appointmentAt" label={t('svcMobAppointment')} extra={t('svcMobAppointmentHint')}>
            <DatePicker
              size="large"
              style={{ width: '100%' }}
              inputReadOnly
              disabledDate={(d) => !appointmentSelectable(d.format('YYYY-MM-DD'), today)}
            />
          </Form.Item>
        )}
        {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 12 }} />}
        <Button type="primary" size="large" block htmlType="submit" loading={busy} data-testid="service-submit">
          {t('svcMobSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function ItemView({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {item.name}
      </Typography.Title>
      <Space size={4} wrap>
        <Tag>{serviceFieldText(t, item.field)}</Tag>
        {item.assisted && <Tag color="blue">{t('svcAssisted')}</Tag>}
        {item.appointment && <Tag color="cyan">{t('svcAppointment')}</Tag>}
      </Space>
      <Card size="small">
        {item.description && (
          <Typography.Paragraph style={{ fontSize: 15, marginBottom: 8 }}>{item.description}</Typography.Paragraph>
        )}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('svcProvider')}>{item.providerUnit.name}</Descriptions.Item>
          {item.timeLimit && <Descriptions.Item label={t('svcTimeLimit')}>{item.timeLimit}</Descriptions.Item>}
          {item.materials && <Descriptions.Item label={t('svcMaterials')}>{item.materials}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <RequestForm
        kind="items"
        id={item.id}
        assisted={item.assisted}
        appointment={item.appointment}
        routed={t('svcMobRouted', { unit: item.providerUnit.name })}
      />
    </>
  );
}

function BundleView({ bundle, items }: { bundle: ServiceBundle; items: ServiceItem[] }) {
  const { t } = useI18n();
  const [lead, ...rest] = [...new Map(bundle.items.map((i) => [i.providerUnit.id, i.providerUnit.name])).values()];
  const offered = items.filter((i) => bundle.items.some((b) => b.id === i.id));
  return (
    <>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {bundle.name}
      </Typography.Title>
      <Card size="small">
        <Typography.Paragraph style={{ fontSize: 15 }}>{bundle.description}</Typography.Paragraph>
        <ol style={{ paddingLeft: 20, margin: 0 }}>
          {bundle.items.map((i, n) => (
            <li key={i.id} style={{ marginBottom: 4 }}>
              {i.name}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                · {i.providerUnit.name}
                {n === 0 ? `（${t('svcLead')}）` : ''}
              </Typography.Text>
            </li>
          ))}
        </ol>
      </Card>
      <RequestForm
        kind="bundles"
        id={bundle.id}
        assisted={offered.some((i) => i.assisted)}
        appointment={offered.some((i) => i.appointment)}
        routed={
          rest.length > 0
            ? t('svcMobBundleRouted', { unit: lead ?? '', co: rest.join('、') })
            : t('svcMobRouted', { unit: lead ?? '' })
        }
      />
    </>
  );
}

/** An item or a "一件事" on the phone: what it is, who provides it, and its 申请 form. */
export default function ServiceDetailPage({ kind }: { kind: 'items' | 'bundles' }) {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const item = useLoad(
    `service:${kind}:${id}`,
    () => (kind === 'items' ? getServiceItem(id) : Promise.resolve(null)),
    t('mobUnexpected'),
  );
  const bundles = useLoad(
    `bundles:${kind}`,
    () => (kind === 'bundles' ? listServiceBundles() : Promise.resolve([])),
    t('mobUnexpected'),
  );
  const catalogue = useLoad(
    `bundle-items:${kind}`,
    () => (kind === 'bundles' ? findServiceItems({}) : Promise.resolve([])),
    t('mobUnexpected'),
  );
  const back = (
    <Link to="/m/services">
      <LeftOutlined /> {t('svcMobTitle')}
    </Link>
  );
  const loading = kind === 'items' ? item.loading && !item.data : bundles.loading && !bundles.data;
  if (loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  const bundle = kind === 'bundles' ? bundles.data?.find((b) => b.id === id) : undefined;
  const found = kind === 'items' ? item.data : bundle;
  if (!found) {
    const status = kind === 'items' ? item.errorStatus : 404;
    return (
      <Result
        status={status === 404 ? '404' : 'error'}
        title={status === 404 ? t('svcMobNotFound') : (item.error ?? bundles.error ?? '')}
        extra={back}
      />
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {back}
      {kind === 'items' && item.data ? (
        <ItemView item={item.data} />
      ) : bundle ? (
        <BundleView bundle={bundle} items={catalogue.data ?? []} />
      ) : null}
    </Space>
  );
}
