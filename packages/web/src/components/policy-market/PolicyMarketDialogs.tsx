import { ENTERPRISE_SCALES } from '@qisu/core';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { AdminUnit } from '../../api/models';
import type { EligibleEnterprise, PolicyDocument, PolicyPush, PushFilter } from '../../api/policies';
import {
  cleanFilter,
  grantAutomatic,
  listEligible,
  listPushes,
  previewPush,
  pushPolicy,
  setTargeting,
} from '../../api/policies';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { errorText, showFieldError } from '../../lib/form-errors';

type Claim = 'none' | 'online' | 'automatic';
interface TargetingFields {
  industryCodes: string[];
  scales: string[];
  regionCodes: string[];
  above: 'any' | 'above' | 'below';
  issuingUnitId?: string;
  claim: Claim;
  benefit?: string;
}

/** Splits the codes typed into a tags box (spaces, commas) into distinct codes. */
function codes(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(/[\s,，、]+/u)).filter(Boolean))];
}

/**
 * The dialog where the hub or the admin says whom a policy is for (industry and region prefixes,
 * sizes, 规上/规下), which unit decides its applications, and how it is claimed.
 */
export function TargetingModal({
  policy,
  onClose,
  onSaved,
}: {
  policy: PolicyDocument | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TargetingFields>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const units = useFetched<AdminUnit[]>(policy ? '/api/v1/units' : null);
  const claim = Form.useWatch('claim', form);

  useEffect(() => {
    if (!policy) return;
    setFailure(null);
    form.setFieldsValue({
      industryCodes: policy.targeting.industryCodes,
      scales: policy.targeting.scales,
      regionCodes: policy.targeting.regionCodes,
      above:
        policy.targeting.aboveDesignatedSize === null
          ? 'any'
          : policy.targeting.aboveDesignatedSize
            ? 'above'
            : 'below',
      issuingUnitId: policy.issuingUnitId ?? undefined,
      claim: policy.automatic ? 'automatic' : policy.online ? 'online' : 'none',
      benefit: policy.benefit ?? '',
    });
  }, [policy, form]);

  const save = async () => {
    if (!policy) return;
    let v: TargetingFields;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await setTargeting(policy.id, {
        industryCodes: codes(v.industryCodes ?? []),
        scales: (v.scales ?? []) as NonNullable<Parameters<typeof setTargeting>[1]['scales']>,
        regionCodes: codes(v.regionCodes ?? []),
        aboveDesignatedSize: v.above === 'any' ? null : v.above === 'above',
        issuingUnitId: v.issuingUnitId ?? null,
        online: v.claim === 'online',
        automatic: v.claim === 'automatic',
        benefit: v.benefit?.trim() ? v.benefit.trim() : null,
      });
      void message.success(t('pmSaved'));
      onSaved();
    } catch (e) {
      if (!showFieldError(form, e, ['industryCodes', 'regionCodes', 'issuingUnitId', 'benefit'])) {
        setFailure(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={policy !== null}
      title={policy ? t('pmTargetingTitle', { title: policy.title }) : ''}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('polSave')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="industryCodes" label={t('pmIndustryCodes')}>
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder={t('pmAll')} />
        </Form.Item>
        <Form.Item name="scales" label={t('pmScales')}>
          <Select
            mode="multiple"
            placeholder={t('pmAll')}
            options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: t(`pmScale_${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="regionCodes" label={t('pmRegionCodes')}>
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder={t('pmAll')} />
        </Form.Item>
        <Form.Item name="above" label={t('pmAboveSize')}>
          <Radio.Group
            options={[
              { value: 'any', label: t('pmAboveAny') },
              { value: 'above', label: t('pmAboveOnly') },
              { value: 'below', label: t('pmBelowOnly') },
            ]}
          />
        </Form.Item>
        <Form.Item name="claim" label={t('pmClaim')}>
          <Radio.Group
            options={[
              { value: 'none', label: t('pmClaimNone') },
              { value: 'online', label: t('pmClaimOnline') },
              { value: 'automatic', label: t('pmClaimAutomatic') },
            ]}
          />
        </Form.Item>
        <Form.Item name="issuingUnitId" label={t('pmIssuingUnit')} extra={t('pmIssuingUnitHint')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={units.loading}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        {claim === 'automatic' && (
          <Form.Item name="benefit" label={t('pmBenefit')}>
            <Input maxLength={500} />
          </Form.Item>
        )}
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

/** The pushes of a policy with how many received and opened it. */
export function PushesTable({ pushes, loading }: { pushes: PolicyPush[]; loading?: boolean }) {
  const { t } = useI18n();
  return (
    <Table<PolicyPush>
      size="small"
      rowKey="id"
      loading={loading ?? false}
      dataSource={pushes}
      pagination={false}
      locale={{ emptyText: t('pmNoPushes') }}
      columns={[
        { title: t('pmPushedAt'), width: 150, render: (_, p) => shanghaiTime(p.pushedAt) },
        { title: '', width: 110, render: (_, p) => <Tag>{t(`pmPushKind_${p.kind}`)}</Tag> },
        {
          title: t('pmFilter'),
          render: (_, p) =>
            Object.values(p.filter).filter(Boolean).join(' · ') || (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
        { title: t('pmPushedBy'), dataIndex: 'pushedBy', width: 90 },
        { title: t('pmReceived'), dataIndex: 'recipients', width: 70 },
        { title: t('pmOpened'), dataIndex: 'opened', width: 70 },
      ]}
      expandable={{
        rowExpandable: (p) => p.recipientList.length > 0,
        expandedRowRender: (p) => (
          <Space wrap>
            {p.recipientList.map((r) => (
              <Tag key={`${r.enterpriseId}-${r.userName}`} color={r.openedAt ? 'green' : 'default'}>
                {`${r.enterpriseName} · ${r.userName}${r.openedAt ? ` ✓ ${shanghaiTime(r.openedAt)}` : ''}`}
              </Tag>
            ))}
          </Space>
        ),
      }}
    />
  );
}

/**
 * The 推送 dialog: a filter within the policy's targeting, a live count of the enterprises and
 * contacts it reaches, the push, and the pushes so far with received and opened; for a 免申即享
 * policy also the eligible ledger enterprises and the grant that tells them.
 */
export function PushModal({ policy, onClose }: { policy: PolicyDocument | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Partial<Record<keyof PushFilter, string>>>({});
  const [preview, setPreview] = useState<{ enterprises: number; recipients: number } | null>(null);
  const [pushes, setPushes] = useState<PolicyPush[]>([]);
  const [eligible, setEligible] = useState<EligibleEnterprise[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const id = policy?.id ?? null;

  useEffect(() => {
    if (!id) return;
    let live = true;
    setFailure(null);
    previewPush(id, cleanFilter(filter)).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setFailure(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [id, filter]);
  useEffect(() => {
    if (!id) return;
    let live = true;
    void listPushes(id).then((p) => live && setPushes(p));
    if (policy?.automatic) void listEligible(id).then((e) => live && setEligible(e));
    else setEligible(null);
    return () => {
      live = false;
    };
  }, [id, tick, policy?.automatic]);
  useEffect(() => {
    setFilter({});
    setPreview(null);
  }, [id]);

  const run = async (action: () => Promise<{ recipients: number }>, key: 'pmPushed' | 'pmGranted') => {
    setBusy(true);
    setFailure(null);
    try {
      const done = await action();
      void message.success(t(key, { n: done.recipients }));
      setTick((n) => n + 1);
    } catch (e) {
      setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={policy !== null}
      title={policy ? t('pmPushTitle', { title: policy.title }) : ''}
      onCancel={onClose}
      footer={null}
      width={900}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('pmPushFilter')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          aria-label={t('pmIndustryCodes')}
          placeholder="C"
          style={{ width: 160 }}
          value={filter.industryCode ?? ''}
          onChange={(e) => setFilter((f) => ({ ...f, industryCode: e.target.value }))}
          addonBefore={t('polFilterIndustry')}
        />
        <Select
          aria-label={t('pmScales')}
          allowClear
          placeholder={t('pmScales')}
          style={{ width: 140 }}
          value={filter.scale}
          onChange={(v?: string) => setFilter((f) => ({ ...f, scale: v }))}
          options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: t(`pmScale_${s}`) }))}
        />
        <Input
          aria-label={t('pmRegionCodes')}
          placeholder="330824"
          style={{ width: 200 }}
          value={filter.regionCode ?? ''}
          onChange={(e) => setFilter((f) => ({ ...f, regionCode: e.target.value }))}
          addonBefore={t('polFilterRegion')}
        />
      </Space>
      <Space style={{ marginBottom: 16 }} wrap>
        <Alert
          type="info"
          showIcon
          data-testid="push-preview"
          title={preview ? t('pmPreview', preview) : '…'}
          style={{ padding: '4px 12px' }}
        />
        <Button
          type="primary"
          loading={busy}
          disabled={!preview || preview.recipients === 0}
          onClick={() => id && void run(() => pushPolicy(id, cleanFilter(filter)), 'pmPushed')}
        >
          {t('pmPushNow')}
        </Button>
        {policy?.automatic && (
          <Button loading={busy} onClick={() => id && void run(() => grantAutomatic(id), 'pmGranted')}>
            {t('pmGrant')}
          </Button>
        )}
      </Space>
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
      {eligible && (
        <>
          <Typography.Title level={5}>{t('pmEligibleN', { n: eligible.length })}</Typography.Title>
          <Space wrap style={{ marginBottom: 16 }}>
            {eligible.map((e) => (
              <Tag key={e.id}>{`${e.name}（${e.industryCode ?? '—'}）`}</Tag>
            ))}
          </Space>
        </>
      )}
      <Typography.Title level={5}>{t('pmPushes')}</Typography.Title>
      <PushesTable pushes={pushes} />
    </Modal>
  );
}
