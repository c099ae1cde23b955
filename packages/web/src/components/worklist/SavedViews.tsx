import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Select, Space, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { filtersOf, sameFilters } from '../../lib/worklist';

interface SavedView {
  id: string;
  name: string;
  query: Record<string, string>;
}

interface Props {
  params: URLSearchParams;
  /** Opens a view: replaces every filter of the URL with the view's. */
  onOpen: (query: Record<string, string>) => void;
}

/** The user's own named filters: open one, save the current filters, delete one. */
export function SavedViews({ params, onOpen }: Props) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [views, setViews] = useState<SavedView[] | null>(null);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const load = useCallback(() => {
    api<SavedView[]>('/api/v1/views').then(setViews, () => setViews([]));
  }, []);
  useEffect(load, [load]);

  const current = views?.find((v) => sameFilters(v.query, params));

  const save = async () => {
    let name: string;
    try {
      ({ name } = await form.validateFields());
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api('/api/v1/views', { method: 'POST', body: { name, query: filtersOf(params) } });
      void message.success(t('wlViewSaved'));
      setSaving(false);
      load();
    } catch (e) {
      form.setFields([{ name: 'name', errors: [e instanceof ApiError ? e.message : String(e)] }]);
    } finally {
      setBusy(false);
    }
  };

  const remove = (view: SavedView) =>
    modal.confirm({
      title: t('wlDeleteViewConfirm', { name: view.name }),
      okText: t('submit'),
      cancelText: t('cancel'),
      onOk: () =>
        api(`/api/v1/views/${view.id}`, { method: 'DELETE' }).then(load, (e: unknown) => {
          void message.error(e instanceof ApiError ? e.message : String(e));
        }),
    });

  return (
    <Space.Compact>
      <Select
        style={{ width: 180 }}
        placeholder={t('wlViews')}
        aria-label={t('wlViews')}
        loading={views === null}
        value={current?.id}
        notFoundContent={t('wlNoViews')}
        onChange={(id: string) => {
          const view = views?.find((v) => v.id === id);
          if (view) onOpen(view.query);
        }}
        options={(views ?? []).map((v) => ({ value: v.id, label: v.name }))}
      />
      {current && (
        <Tooltip title={t('wlDeleteView')}>
          <Button icon={<DeleteOutlined />} aria-label={t('wlDeleteView')} onClick={() => void remove(current)} />
        </Tooltip>
      )}
      <Tooltip title={t('wlSaveView')}>
        <Button
          icon={<SaveOutlined />}
          aria-label={t('wlSaveView')}
          data-testid="save-view"
          onClick={() => {
            form.resetFields();
            setSaving(true);
          }}
        />
      </Tooltip>
      <Modal
        open={saving}
        title={t('wlSaveView')}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.Item
            name="name"
            label={t('wlViewName')}
            rules={[{ required: true, whitespace: true, message: t('required') }, { max: 50 }]}
          >
            <Input autoFocus maxLength={50} />
          </Form.Item>
        </Form>
      </Modal>
    </Space.Compact>
  );
}
