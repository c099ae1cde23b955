import { Alert, Form, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { UnitOption } from '../../api/reference';
import { isHandlingUnit, useReference } from '../../api/reference';
import { codeText, useI18n } from '../../i18n/i18n';
import type { BulkResult } from '../../lib/worklist';
import { summariseBulk } from '../../lib/worklist';

interface Props {
  cases: { id: string; number: string }[];
  open: boolean;
  onClose: () => void;
  /** Called after the server answered, whatever the outcome of each case. */
  onDone: () => void;
}

interface Values {
  leadUnitId: string;
  coUnitIds?: string[];
  complexity?: string;
}

/** Sends the selected cases to the same units; shows which went and why the others did not. */
export function BulkDispatchModal({ cases, open, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const units = useReference<UnitOption>(open ? '/api/v1/units' : null).filter(isHandlingUnit);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ReturnType<typeof summariseBulk> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const numbers = new Map(cases.map((c) => [c.id, c.number]));

  const submit = async () => {
    if (outcome) {
      onClose();
      return;
    }
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { caseIds: cases.map((c) => c.id), leadUnitId: values.leadUnitId };
      if (values.coUnitIds?.length) body['coUnitIds'] = values.coUnitIds;
      if (values.complexity) body['complexity'] = values.complexity;
      const answer = await api<{ results: BulkResult[] }>('/api/v1/cases/bulk-dispatch', { method: 'POST', body });
      setOutcome(summariseBulk(answer.results, (id) => numbers.get(id) ?? id));
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('wlBulkTitle', { n: cases.length })}
      okText={outcome ? t('back') : t('submit')}
      cancelText={t('cancel')}
      cancelButtonProps={outcome ? { style: { display: 'none' } } : {}}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      afterClose={() => {
        setOutcome(null);
        setError(null);
        form.resetFields();
      }}
      destroyOnHidden
    >
      {outcome ? (
        <div data-testid="bulk-outcome">
          <Alert type="success" showIcon title={t('wlBulkSent', { n: outcome.sent.length })} />
          {outcome.failed.length > 0 && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title={t('wlBulkFailed', { n: outcome.failed.length })}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {outcome.failed.map((f) => (
                    <li key={f.number}>
                      {f.number}：{f.message}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </div>
      ) : (
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">{t('wlBulkHint')}</Typography.Paragraph>
          <Typography.Paragraph>{cases.map((c) => c.number).join('、')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form.Item name="leadUnitId" label={t('leadUnit')} rules={[{ required: true, message: t('required') }]}>
            <Select showSearch optionFilterProp="label" options={units.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="coUnitIds" label={t('coUnits')}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
          <Form.Item name="complexity" label={t('complexity')}>
            <Radio.Group
              options={['simple', 'general', 'complex'].map((c) => ({
                value: c,
                label: codeText(t, 'complexity', c),
              }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
