import { Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/client';
import type { CaseView, ClockView, UnitRef } from '../api/models';
import { COMPLEXITIES, handlesCases, REPLY_RESULTS } from '@qisu/core';
import { codeText, useI18n } from '../i18n/i18n';
import type { FieldSpec } from '../lib/commands';
import { COMMAND_FIELDS, commandBody } from '../lib/commands';
import { shanghaiTime } from '../lib/clock';
import { DispatchLimitField, useLimitProfile } from './DispatchLimitField';

interface Props {
  caseId: string;
  /** The case's clocks, for choosing which plan milestone was completed. */
  clocks?: ClockView[];
  /** The case's kind, for the resolve limits the hub may choose when dispatching. */
  caseKind?: string;
  command: string | null;
  onClose: () => void;
  onDone: (view: CaseView) => void;
}

/** One modal for every command, built from the command's field list; server errors land on their field. */
export function CommandForm({ caseId, clocks = [], caseKind = 'demand', command, onClose, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [units, setUnits] = useState<(UnitRef & { kind: string })[]>([]);
  const fields = command ? ((COMMAND_FIELDS as Record<string, FieldSpec[]>)[command] ?? []) : [];
  const needsUnits = fields.some((f) => f.kind === 'unit' || f.kind === 'units');
  const limitProfile = useLimitProfile();

  useEffect(() => {
    form.resetFields();
    if (needsUnits && units.length === 0) {
      void api<(UnitRef & { kind: string })[]>('/api/v1/units').then((list) =>
        setUnits(list.filter((u) => handlesCases(u.kind))),
      );
    }
  }, [command, form, needsUnits, units.length]);

  const submit = async () => {
    if (!command) return;
    let values: Record<string, unknown> = {};
    if (fields.length > 0) {
      try {
        values = await form.validateFields();
      } catch {
        return; // the form shows what is missing beside each field
      }
    }
    setBusy(true);
    try {
      const view = await api<CaseView>(`/api/v1/cases/${caseId}/${command}`, {
        method: 'POST',
        body: commandBody(command, values),
      });
      void message.success(t('done'));
      onDone(view);
    } catch (e) {
      if (
        e instanceof ApiError &&
        typeof e.body['field'] === 'string' &&
        fields.some((f) => f.name === e.body['field'])
      ) {
        form.setFields([{ name: e.body['field'], errors: [e.message] }]);
      } else {
        void message.error(e instanceof ApiError ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const pickLabel = (field: FieldSpec) => t(field.label);

  const input = (field: FieldSpec) => {
    switch (field.kind) {
      case 'text':
        return <Input />;
      case 'textarea':
        return <Input.TextArea rows={3} maxLength={2000} showCount />;
      case 'unit':
      case 'units':
        return (
          <Select
            mode={field.kind === 'units' ? 'multiple' : undefined}
            showSearch
            optionFilterProp="label"
            options={units.map((u) => ({ value: u.id, label: u.name }))}
          />
        );
      case 'complexity':
        return <Radio.Group options={[...COMPLEXITIES.map((c) => ({ value: c, label: t(`complexity.${c}`) }))]} />;
      case 'result':
        return <Radio.Group options={[...REPLY_RESULTS.map((r) => ({ value: r, label: t(`result.${r}`) }))]} />;
      case 'score':
        return <InputNumber min={1} max={5} />;
      case 'datetime':
        return <DatePicker showTime />;
      case 'boolean':
        return <Switch />;
      case 'select':
        return <Select options={(field.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))} />;
      case 'planClock':
        return (
          <Select
            options={clocks
              .filter((c) => c.milestone === 'plan' && ['running', 'warned', 'breached'].includes(c.state))
              .map((c) => ({ value: c.id, label: `${c.title ?? ''}（${t('due')} ${shanghaiTime(c.dueAt)}）` }))}
          />
        );
      case 'milestones':
      case 'limit':
        return null;
    }
  };

  /** A plan's milestones: one row per step, each with its deadline. */
  const milestones = (field: FieldSpec) => (
    <Form.Item key={field.name} label={pickLabel(field)} required>
      <Form.List name={field.name} initialValue={[{}]}>
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Space key={row.key} align="baseline" wrap>
                <Form.Item
                  name={[row.name, 'title']}
                  rules={[{ required: true, whitespace: true, message: t('required') }]}
                >
                  <Input placeholder={t('milestoneTitle')} aria-label={t('milestoneTitle')} maxLength={200} />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'dueAt']}
                  rules={[{ required: true, message: t('required') }]}
                  getValueFromEvent={(v: { toISOString(): string } | null) => v?.toISOString()}
                  getValueProps={() => ({})}
                >
                  <DatePicker showTime placeholder={t('milestoneDue')} aria-label={t('milestoneDue')} />
                </Form.Item>
                {rows.length > 1 && (
                  <Button size="small" onClick={() => remove(row.name)} aria-label={t('milestoneRemove')}>
                    {t('milestoneRemove')}
                  </Button>
                )}
              </Space>
            ))}
            {rows.length < 20 && (
              <Button size="small" onClick={() => add({})}>
                {t('milestoneAdd')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );

  return (
    <Modal
      open={command !== null}
      title={command ? codeText(t, 'command', command) : ''}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {fields.map((field) =>
          field.kind === 'milestones' ? (
            milestones(field)
          ) : field.kind === 'limit' ? (
            <DispatchLimitField key={field.name} profile={limitProfile} kind={caseKind} />
          ) : (
            <Form.Item
              key={field.name}
              name={field.name}
              label={pickLabel(field)}
              rules={field.required ? [{ required: true, message: t('required') }] : []}
              valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}
              getValueFromEvent={
                field.kind === 'datetime' ? (v: { toISOString(): string } | null) => v?.toISOString() : undefined
              }
              getValueProps={field.kind === 'datetime' ? () => ({}) : undefined}
            >
              {input(field)}
            </Form.Item>
          ),
        )}
      </Form>
    </Modal>
  );
}
