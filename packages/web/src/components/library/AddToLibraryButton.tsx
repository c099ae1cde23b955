import { BookOutlined } from '@ant-design/icons';
import { LIBRARY_EDITOR_ROLES, mayAct } from '@qisu/core';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { createLibraryEntry } from '../../api/library';
import type { CaseView } from '../../api/models';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { draftFromCase } from '../../lib/library';
import type { LibraryEntryValues } from './LibraryEntryForm';
import { entryBody, LibraryEntryForm } from './LibraryEntryForm';

/**
 * "纳入经验库" on a closed case, for the hub: a form prefilled from the case (problem from its
 * title and content, resolution from the lead unit's reply) that saves a library entry and opens it.
 * Nothing for other roles or a case not closed (the server refuses those too).
 */
export function AddToLibraryButton(props: { view: CaseView }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<LibraryEntryValues>();
  if (props.view.status !== 'closed' || !mayAct(user?.roles ?? [], LIBRARY_EDITOR_ROLES)) return null;

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      const { id } = await createLibraryEntry({ caseId: props.view.id, ...entryBody(values) });
      void message.success(t('libAdded'));
      setOpen(false);
      void navigate(`/library?entry=${id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button icon={<BookOutlined />} onClick={() => setOpen(true)} data-testid="add-to-library">
        {t('libAdd')}
      </Button>
      <Modal
        open={open}
        title={t('libAddTitle', { number: props.view.number })}
        okText={t('libSave')}
        cancelText={t('cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={640}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <LibraryEntryForm form={form} initial={{ ...draftFromCase(props.view), tags: [] }} />
      </Modal>
    </>
  );
}
