import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { codeText, useI18n } from '../i18n/i18n';
import { CASE_KINDS } from '@qisu/core';

interface Category {
  id: string;
  name: string;
  nameEn: string | null;
  parentId: string | null;
}

interface Values {
  title: string;
  content: string;
  kind: string;
  categoryId?: string;
}

/** Filing a demand: an enterprise for itself on its phone, or the hub or a liaison for an enterprise. */
export default function NewCasePage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Category[]>('/api/v1/categories').then(setCategories, () => setCategories([]));
  }, []);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ id: string; number: string }>('/api/v1/cases', { method: 'POST', body: values });
      void navigate(`/cases/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && typeof e.body['field'] === 'string') {
        form.setFields([{ name: e.body['field'] as keyof Values, errors: [e.message] }]);
      } else {
        setError(e instanceof ApiError ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('newCase')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'help' }} onFinish={(v) => void submit(v)}>
        <Form.Item name="title" label={t('title')} rules={[{ required: true, message: t('required') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={t('content')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={6} maxLength={20_000} showCount />
        </Form.Item>
        <Form.Item name="kind" label={t('kind')}>
          <Select options={CASE_KINDS.map((k) => ({ value: k, label: codeText(t, 'caseKind', k) }))} />
        </Form.Item>
        <Form.Item name="categoryId" label={t('category')}>
          <Select
            allowClear
            options={categories
              .filter((c) => c.parentId === null)
              .map((c) => ({ value: c.id, label: lang === 'en-US' ? (c.nameEn ?? c.name) : c.name }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
