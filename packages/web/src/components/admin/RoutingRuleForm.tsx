import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { AdminCategory, AdminRegion, AdminUnit, RoutingRule } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { COMPLEXITY_KEYS } from '../../lib/admin-labels';
import { errorText, showFieldError } from '../../lib/form-errors';
import type { RuleDraft } from '../../lib/routing';
import { categoryOptions, ruleBody, ruleDraftProblem } from '../../lib/routing';

const FIELDS = ['categoryId', 'regionCode', 'leadUnitId', 'coUnitIds', 'complexity', 'note'];

interface Props {
  open: boolean;
  /** The rule to change, or null to add one. */
  rule: RoutingRule | null;
  units: AdminUnit[];
  categories: AdminCategory[];
  regions: AdminRegion[];
  /** The units, categories or regions are still loading: the lists show it and the form cannot be saved yet. */
  loading?: boolean;
  onSaved: (rule: RoutingRule) => void;
  onClose: () => void;
}

/**
 * Adding or changing a rule of the routing catalogue. The form refuses at once a rule with
 * neither category nor region and a lead unit repeated among the co-units; the server checks the
 * rest (units and categories of the jurisdiction, one rule per key) and its answer lands on the
 * field it names.
 */
export function RoutingRuleForm({ open, rule, units, categories, regions, loading = false, onSaved, onClose }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RuleDraft>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(
      rule
        ? {
            categoryId: rule.categoryId,
            regionCode: rule.regionCode,
            leadUnitId: rule.leadUnit.id,
            coUnitIds: rule.coUnits.map((u) => u.id),
            complexity: rule.complexity,
            note: rule.note,
          }
        : { categoryId: null, regionCode: null, coUnitIds: [], complexity: null },
    );
  }, [open, rule, form]);

  // Inactive units stay listed when a rule already names them, so the form shows the truth.
  const named = new Set(rule ? [rule.leadUnit.id, ...rule.coUnits.map((u) => u.id)] : []);
  const unitOptions = units
    .filter((u) => u.active || named.has(u.id))
    .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name}（${t('admInactive')}）` }));

  const problemOf = (field: 'categoryId' | 'coUnitIds') => () => {
    const problem = ruleDraftProblem(form.getFieldsValue());
    return problem?.field === field ? Promise.reject(new Error(t(problem.message))) : Promise.resolve();
  };

  const submit = async () => {
    let values: RuleDraft;
    try {
      values = await form.validateFields();
    } catch {
      return; // each field shows what is wrong with it
    }
    setBusy(true);
    setFormError(null);
    try {
      const body = ruleBody(values);
      const saved = rule
        ? await api<RoutingRule>(`/api/v1/routing-rules/${rule.id}`, { method: 'PUT', body })
        : await api<RoutingRule>('/api/v1/routing-rules', { method: 'POST', body });
      void message.success(t('admSaved'));
      onSaved(saved);
    } catch (e) {
      if (!showFieldError(form, e, FIELDS)) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={rule ? t('admRuleEdit') : t('admRuleAdd')}
      okText={t('admSave')}
      cancelText={t('admCancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: loading }}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="routing-rule">
        <Form.Item
          name="categoryId"
          label={t('admCategory')}
          dependencies={['regionCode']}
          rules={[{ validator: problemOf('categoryId') }]}
        >
          <Select
            allowClear
            placeholder={t('admAnyCategory')}
            loading={loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={categoryOptions(categories, lang === 'en-US')}
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('admUnitRegion')}>
          <Select
            allowClear
            placeholder={t('admAnyRegion')}
            loading={loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('admLeadUnit')} rules={[{ required: true, message: t('admRequired') }]}>
          <Select loading={loading} showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
        <Form.Item
          name="coUnitIds"
          label={t('admCoUnits')}
          dependencies={['leadUnitId']}
          rules={[{ validator: problemOf('coUnitIds') }]}
        >
          <Select
            mode="multiple"
            allowClear
            loading={loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={unitOptions}
          />
        </Form.Item>
        <Form.Item name="complexity" label={t('admComplexity')}>
          <Select
            allowClear
            placeholder={t('admComplexityNone')}
            options={Object.entries(COMPLEXITY_KEYS).map(([value, key]) => ({ value, label: t(key) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('admNote')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
