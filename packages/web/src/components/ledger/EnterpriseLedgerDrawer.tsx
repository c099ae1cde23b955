import { CONDITION_KINDS } from '@qisu/core';
import type { ConditionKind } from '@qisu/core';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { LedgerEnterprise } from '../../api/models';
import type { ConditionBody, ConditionRecord, Conditions, Grid } from '../../api/ledger';
import { addCondition, placeEnterprise } from '../../api/ledger';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { errorText, showFieldError } from '../../lib/form-errors';

interface Props {
  enterprise: LedgerEnterprise | null;
  grids: Grid[];
  /** The admin and the hub place the enterprise in a grid and flag it. */
  keeper: boolean;
  onClose: () => void;
  onChanged: () => void;
}

const KIND_COLOR: Record<ConditionKind, string> = { operations: 'blue', difficulties: 'orange', plans: 'green' };

/**
 * An enterprise's grid ledger (seed 004 三(三)2): its grid, liaison and key flag, and for each of
 * 经营情况、困难问题、发展计划 the current record with its history; a record is added, never edited.
 */
export function EnterpriseLedgerDrawer({ enterprise, grids, keeper, onClose, onChanged }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const conditions = useFetched<Conditions>(enterprise ? `/api/v1/enterprises/${enterprise.id}/conditions` : null);
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ConditionBody>();
  const when = (at: string) =>
    new Date(at).toLocaleDateString(lang, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });

  const place = async (body: { gridId?: string | null; key?: boolean }) => {
    if (!enterprise) return;
    try {
      await placeEnterprise(enterprise.id, body);
      void message.success(t('ldgPlaced'));
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const submit = async (values: ConditionBody) => {
    if (!enterprise) return;
    setSaving(true);
    try {
      await addCondition(enterprise.id, { ...values, ...(values.period ? {} : { period: undefined }) });
      void message.success(t('ldgAdded'));
      form.resetFields();
      setAdding(false);
      conditions.reload();
    } catch (e) {
      if (!showFieldError(form, e, ['kind', 'text', 'period'])) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const record = (r: ConditionRecord) => (
    <Space orientation="vertical" size={0}>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.text}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.period ? `${r.period} · ` : ''}
        {t('ldgRecordedBy', { name: r.recordedByName ?? '—', at: when(r.recordedAt) })}
      </Typography.Text>
    </Space>
  );

  const kindCard = (kind: ConditionKind) => {
    const current = conditions.data?.current[kind] ?? null;
    const history = (conditions.data?.history ?? []).filter((r) => r.kind === kind && r.id !== current?.id);
    return (
      <Card
        key={kind}
        size="small"
        title={<Tag color={KIND_COLOR[kind]}>{t(`ldg_${kind}`)}</Tag>}
        style={{ marginBottom: 12 }}
        data-testid={`conditions-${kind}`}
      >
        {current ? record(current) : <Typography.Text type="secondary">{t('ldgNone')}</Typography.Text>}
        {history.length > 0 && (
          <>
            <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 8px', fontSize: 12 }}>
              {t('ldgHistory', { n: history.length })}
            </Typography.Text>
            <Timeline items={history.map((r) => ({ key: r.id, color: 'gray', content: record(r) }))} />
          </>
        )}
      </Card>
    );
  };

  return (
    <Drawer
      open={enterprise !== null}
      title={enterprise ? t('ldgDrawerTitle', { name: enterprise.name }) : ''}
      size={600}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => setAdding((v) => !v)} data-testid="condition-add">
          {t('ldgAdd')}
        </Button>
      }
    >
      {enterprise && (
        <Descriptions
          size="small"
          column={2}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'grid',
              label: t('ldgGrid'),
              span: 2,
              children: keeper ? (
                <Select
                  allowClear
                  style={{ width: 260 }}
                  value={enterprise.gridId ?? undefined}
                  placeholder={t('ldgNoGrid')}
                  aria-label={t('ldgPlace')}
                  options={grids.map((g) => ({ value: g.id, label: g.name }))}
                  onChange={(v: string | undefined) => void place({ gridId: v ?? null })}
                />
              ) : (
                (enterprise.gridName ?? enterprise.grid ?? t('ldgNoGrid'))
              ),
            },
            {
              key: 'liaison',
              label: t('ldgLiaison'),
              children: (
                <Space size={4}>
                  {enterprise.liaisonName ?? '—'}
                  {enterprise.liaisonFromGrid && <Tag>{t('ldgLiaisonFromGrid')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'key',
              label: t('ldgKeyEnterprise'),
              children: keeper ? (
                <Switch
                  checked={enterprise.key}
                  aria-label={t('ldgKeyEnterprise')}
                  onChange={(v) => void place({ key: v })}
                />
              ) : enterprise.key ? (
                <Tag color="red">{t('ldgKey')}</Tag>
              ) : (
                '—'
              ),
            },
          ]}
        />
      )}
      {adding && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form<ConditionBody>
            form={form}
            layout="vertical"
            initialValues={{ kind: 'operations' }}
            onFinish={(v) => void submit(v)}
          >
            <Space wrap>
              <Form.Item name="kind" label={t('ldgKind')} rules={[{ required: true, message: t('ldgRequired') }]}>
                <Select
                  style={{ width: 160 }}
                  options={CONDITION_KINDS.map((k) => ({ value: k, label: t(`ldg_${k}`) }))}
                />
              </Form.Item>
              <Form.Item name="period" label={t('ldgPeriod')}>
                <Input placeholder={t('ldgPeriodHint')} style={{ width: 220 }} />
              </Form.Item>
            </Space>
            <Form.Item name="text" label={t('ldgText')} rules={[{ required: true, message: t('ldgRequired') }]}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('ldgSave')}
              </Button>
              <Button onClick={() => setAdding(false)}>{t('ldgCancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
      {conditions.loading && !conditions.data ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : conditions.error ? (
        <Empty description={conditions.error} />
      ) : (
        CONDITION_KINDS.map(kindCard)
      )}
    </Drawer>
  );
}
