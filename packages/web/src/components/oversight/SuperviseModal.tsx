import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { SupervisionBy } from '../../lib/oversight';

/** The case a supervision is about, as the lists know it. */
export interface SuperviseTarget {
  caseId: string;
  number: string;
  title?: string;
}

interface Props {
  /** The case to supervise; null keeps the modal closed. */
  target: SuperviseTarget | null;
  /** Recorded as `by`; the server checks that the user holds the matching role. */
  by: SupervisionBy;
  onClose: () => void;
  onDone: () => void;
}

/**
 * 督办 / 倒查: one instruction, sent as `POST /api/v1/cases/{id}/supervise {by, instruction}`.
 * An empty instruction is refused before anything is sent; a refusal of the server (a closed
 * case, a case out of scope, a missing role) is shown in the modal, which stays open.
 */
export function SuperviseModal({ target, by, onClose, onDone }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ instruction: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const audit = by === 'discipline';

  // The form itself goes with the closed modal (destroyOnHidden, preserve={false}); the error too.
  useEffect(() => setError(null), [target]);

  const submit = async () => {
    if (!target) return;
    let values: { instruction: string };
    try {
      values = await form.validateFields();
    } catch {
      return; // the field says what is missing
    }
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/cases/${target.caseId}/supervise`, {
        method: 'POST',
        body: { by, instruction: values.instruction.trim() },
      });
      void message.success(t(audit ? 'ovsAuditDone' : 'ovsSuperviseDone'));
      onDone();
    } catch (e) {
      const text = e instanceof ApiError ? e.message : String(e);
      if (e instanceof ApiError && e.body['field'] === 'instruction') {
        form.setFields([{ name: 'instruction', errors: [text] }]);
      } else {
        setError(text);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={target ? t(audit ? 'ovsAuditTitle' : 'ovsSuperviseTitle', { number: target.number }) : ''}
      okText={t('submit')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {target?.title && <Typography.Paragraph type="secondary">{target.title}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="instruction"
          label={t(audit ? 'ovsAuditInstruction' : 'ovsInstruction')}
          rules={[{ required: true, whitespace: true, message: t('ovsInstructionRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
