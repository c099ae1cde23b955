import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, Row, Select, Space, Switch } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { AdminRegion, LedgerEnterprise, LiaisonRef, UsccCheckResult } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { SCALE_KEYS } from '../../lib/admin-labels';
import type { EnterpriseDraft } from '../../lib/enterprise';
import { enterpriseBody, enterpriseDraft } from '../../lib/enterprise';
import { errorText, showFieldError } from '../../lib/form-errors';
import type { UsccFeedback } from '../../lib/uscc';
import { createUsccChecker, localUsccProblem, normalizeUscc } from '../../lib/uscc';
import { UsccFeedbackText, usccStatus, useUsccReason } from './UsccFeedbackText';

const FIELDS = [
  'uscc',
  'name',
  'industryCode',
  'industryName',
  'scale',
  'aboveDesignatedSize',
  'regionCode',
  'grid',
  'liaisonUserId',
  'contacts',
  'notes',
];

interface Props {
  /** The enterprise to change (with whole contact numbers), or null to register one. */
  enterprise: LedgerEnterprise | null;
  /** Admin and hub assign liaisons; a liaison keeps their own enterprises. */
  canAssignLiaison: boolean;
  regions: AdminRegion[];
  liaisons: LiaisonRef[];
  onSaved: (saved: LedgerEnterprise) => void;
  onCancel: () => void;
}

/**
 * Registering or changing a ledger entry. While the USCC is typed the field says at once whether
 * its length and characters are right, then (after a pause) what the server says of the check
 * character and whether the enterprise is already registered. Server errors land on their field.
 */
export function EnterpriseForm({ enterprise, canAssignLiaison, regions, liaisons, onSaved, onCancel }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EnterpriseDraft>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<UsccFeedback>({ state: 'empty' });
  const reason = useUsccReason();
  const editing = enterprise !== null;

  const checker = useMemo(
    () =>
      createUsccChecker(
        (value) => api<UsccCheckResult>(`/api/v1/enterprises/check-uscc?value=${encodeURIComponent(value)}`),
        setFeedback,
      ),
    [],
  );
  useEffect(() => () => checker.cancel(), [checker]);

  const submit = async (values: EnterpriseDraft) => {
    setBusy(true);
    setFormError(null);
    try {
      const body = enterpriseBody(values, editing ? 'edit' : 'create', canAssignLiaison);
      const saved = editing
        ? await api<LedgerEnterprise>(`/api/v1/enterprises/${enterprise.id}`, { method: 'PUT', body })
        : await api<LedgerEnterprise>('/api/v1/enterprises', { method: 'POST', body });
      void message.success(t('admSaved'));
      onSaved(saved);
    } catch (e) {
      if (!showFieldError(form, e, FIELDS)) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={enterprise ? enterpriseDraft(enterprise) : { aboveDesignatedSize: false, contacts: [] }}
      onFinish={(v) => void submit(v)}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item
        name="uscc"
        label={t('admUscc')}
        validateStatus={editing ? undefined : usccStatus(feedback) || undefined}
        hasFeedback={!editing}
        extra={editing ? t('admUsccImmutable') : <UsccFeedbackText feedback={feedback} />}
        rules={
          editing
            ? []
            : [
                { required: true, message: t('admRequired') },
                {
                  validator: (_, value: string | undefined) => {
                    const normalized = normalizeUscc(value ?? '');
                    const problem = normalized ? localUsccProblem(normalized) : null;
                    if (problem) {
                      return Promise.reject(new Error(t('admUsccInvalid', { reason: reason(problem, normalized) })));
                    }
                    if (feedback.state === 'valid' && feedback.existing && feedback.normalized === normalized) {
                      return Promise.reject(new Error(t('admUsccExists', { name: feedback.existing.name })));
                    }
                    if (feedback.state === 'valid' && feedback.taken && feedback.normalized === normalized) {
                      return Promise.reject(new Error(t('admUsccTaken')));
                    }
                    return Promise.resolve();
                  },
                },
              ]
        }
      >
        <Input
          disabled={editing}
          maxLength={24}
          placeholder={t('admUsccPlaceholder')}
          autoComplete="off"
          onChange={(e) => checker.input(e.target.value)}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('admEntName')}
        rules={[
          { required: true, whitespace: true, message: t('admRequired') },
          { min: 2, max: 200 },
        ]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item
            name="industryCode"
            label={t('admIndustryCode')}
            rules={[{ pattern: /^[A-Ta-t](\d{2}|\d{3}|\d{4})?$/, message: t('admIndustryCodeInvalid') }]}
          >
            <Input maxLength={5} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="industryName" label={t('admIndustryName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="scale" label={t('admScale')}>
            <Select allowClear options={Object.entries(SCALE_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="aboveDesignatedSize" label={t('admAboveSize')} valuePropName="checked">
            <Switch checkedChildren={t('admAboveSizeYes')} unCheckedChildren={t('admAboveSizeNo')} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="regionCode" label={t('admRegion')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="grid" label={t('admGrid')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      {canAssignLiaison && (
        <Form.Item name="liaisonUserId" label={t('admLiaison')}>
          <Select
            allowClear
            placeholder={t('admNoLiaison')}
            showSearch={{ optionFilterProp: 'label' }}
            options={liaisons.map((l) => ({ value: l.id, label: l.name }))}
          />
        </Form.Item>
      )}
      <Form.List name="contacts">
        {(fields, { add, remove }) => (
          <Form.Item label={t('admContacts')} style={{ marginBottom: 8 }}>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('admRequired') }]}
                >
                  <Input placeholder={t('admContactName')} aria-label={t('admContactName')} maxLength={100} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'mobile']}
                  rules={[
                    { required: true, message: t('admRequired') },
                    { pattern: /^1[3-9]\d{9}$/, message: t('admMobileInvalid') },
                  ]}
                >
                  <Input placeholder={t('admContactMobile')} aria-label={t('admContactMobile')} maxLength={11} />
                </Form.Item>
                <Form.Item name={[field.name, 'title']}>
                  <Input placeholder={t('admContactTitle')} aria-label={t('admContactTitle')} maxLength={100} />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('admContactRemove')}
                  onClick={() => remove(field.name)}
                  type="text"
                />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ name: '', mobile: '', title: '' })} type="dashed">
              {t('admContactAdd')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="notes" label={t('admNotes')}>
        <Input.TextArea rows={4} maxLength={5000} showCount />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('admSave')}
        </Button>
        <Button onClick={onCancel}>{t('admCancel')}</Button>
      </Space>
    </Form>
  );
}
