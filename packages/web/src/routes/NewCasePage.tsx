import { CASE_KINDS, STAFF_INTAKE_CHANNELS } from '@qisu/core';
import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import type { UploadFile } from 'antd';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Space, TreeSelect, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  DEFAULT_ATTACHMENT_MAX_BYTES,
  formatFileSize,
  MAX_ATTACHMENTS_PER_CASE,
  uploadAttachment,
} from '../api/attachments';
import { api, ApiError } from '../api/client';
import type { CategoryOption } from '../api/reference';
import { useReference } from '../api/reference';
import type { AdminRegion, LiaisonRef } from '../api/models';
import { useSession } from '../auth/session';
import { EnterpriseDrawer } from '../components/admin/EnterpriseDrawer';
import { EnterprisePicker } from '../components/admin/EnterprisePicker';
import { categoryTree } from '../components/worklist/WorklistFilters';
import { codeText, useI18n } from '../i18n/i18n';
import { useFetched } from '../lib/admin-data';
import { errorText } from '../lib/form-errors';
import type { NewCaseValues } from '../lib/new-case';
import { defaultChannel, fileProblem, filesForOthers, newCaseBody, PHONE_PATTERN } from '../lib/new-case';

const FIELDS = [
  'title',
  'content',
  'kind',
  'categoryId',
  'channel',
  'enterpriseId',
  'contactName',
  'contactMobile',
  'location',
];

/**
 * Filing a demand. An enterprise files for itself; the hub logs a phone call (or a 12345
 * hand-over, a visit, a letter …) and a liaison what it gathered, for an enterprise found by name
 * or USCC — or registered on the spot, its USCC checked as it is typed — with the caller as the
 * contact. Chosen files are uploaded once the case exists; then the new case opens.
 */
export default function NewCasePage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const staff = filesForOthers(roles);
  const keeper = roles.includes('hub') || roles.includes('admin');
  const [form] = Form.useForm<NewCaseValues>();
  const categories = useReference<CategoryOption>('/api/v1/categories');
  const [drawer, setDrawer] = useState(false);
  const regions = useFetched<AdminRegion[]>(staff && drawer ? '/api/v1/regions' : null);
  const liaisons = useFetched<LiaisonRef[]>(keeper && drawer ? '/api/v1/liaisons' : null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [stranded, setStranded] = useState<{ id: string; number: string; failed: string[] } | null>(null);

  const uploadAll = async (caseId: string): Promise<string[]> => {
    const failed: string[] = [];
    for (const file of files) {
      const raw = file.originFileObj;
      if (!raw) continue;
      try {
        await uploadAttachment(caseId, raw, (p) => setProgress(`${t('ncUploading', { name: file.name })} ${p}%`));
      } catch (e) {
        failed.push(`${file.name}：${errorText(e)}`);
      }
    }
    setProgress(null);
    return failed;
  };

  const submit = async (values: NewCaseValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ id: string; number: string }>('/api/v1/cases', {
        method: 'POST',
        body: newCaseBody(values),
      });
      const failed = await uploadAll(created.id);
      if (failed.length > 0) setStranded({ ...created, failed });
      else void navigate(`/cases/${created.id}`);
    } catch (e) {
      if (e instanceof ApiError && typeof e.body['field'] === 'string' && FIELDS.includes(e.body['field'])) {
        form.setFields([{ name: e.body['field'] as keyof NewCaseValues, errors: [e.message] }]);
      } else {
        setError(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  if (stranded) {
    return (
      <Card style={{ maxWidth: 860, margin: '0 auto' }}>
        <Alert
          type="warning"
          showIcon
          title={t('ncUploadFailed', { number: stranded.number })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {stranded.failed.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          }
          action={
            <Button type="primary" onClick={() => void navigate(`/cases/${stranded.id}`)}>
              {t('ncOpenCase')}
            </Button>
          }
        />
      </Card>
    );
  }

  const limits = { maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, maxFiles: MAX_ATTACHMENTS_PER_CASE };
  return (
    <Card style={{ maxWidth: 860, margin: '0 auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {staff ? t('ncTitleStaff') : t('newCase')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<NewCaseValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'help', channel: defaultChannel(roles) }}
        onFinish={(v) => void submit(v)}
      >
        {staff && (
          <>
            <Form.Item label={t('ncEnterprise')} htmlFor="new-case-enterprise" required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="enterpriseId" noStyle rules={[{ required: true, message: t('ncEnterpriseRequired') }]}>
                  <EnterprisePicker id="new-case-enterprise" />
                </Form.Item>
                <Button icon={<PlusOutlined />} onClick={() => setDrawer(true)} data-testid="new-enterprise">
                  {t('ncEnterpriseNew')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="channel" label={t('ncChannel')} rules={[{ required: true, message: t('required') }]}>
                  <Select
                    options={STAFF_INTAKE_CHANNELS.map((c) => ({ value: c, label: codeText(t, 'channel', c) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="contactName"
                  label={t('ncContactName')}
                  tooltip={t('ncContactHint')}
                  rules={[{ max: 100 }]}
                >
                  <Input maxLength={100} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="contactMobile"
                  label={t('ncContactMobile')}
                  rules={[
                    {
                      validator: (_, v: string | undefined) =>
                        !v?.trim() || PHONE_PATTERN.test(v.replace(/\s+/g, ''))
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('ncMobileInvalid'))),
                    },
                  ]}
                >
                  <Input maxLength={20} inputMode="tel" autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Form.Item name="title" label={t('title')} rules={[{ required: true, message: t('required') }, { max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="content" label={t('content')} rules={[{ required: true, message: t('required') }]}>
          <Input.TextArea rows={6} maxLength={20_000} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('kind')}>
              <Select options={CASE_KINDS.map((k) => ({ value: k, label: codeText(t, 'caseKind', k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="categoryId" label={t('category')}>
              <TreeSelect
                allowClear
                showSearch
                treeNodeFilterProp="title"
                treeData={categoryTree(categories, lang === 'en-US')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="location" label={t('ncLocation')} rules={[{ max: 500 }]}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('ncAttachments')}
          extra={t('ncAttachHint', { size: formatFileSize(limits.maxBytes), n: limits.maxFiles })}
        >
          <Upload
            multiple
            fileList={files}
            beforeUpload={(file) => {
              const problem = fileProblem(file, files.length, limits);
              if (problem?.reason === 'tooMany') {
                void message.error(t('ncAttachTooMany', { n: limits.maxFiles }));
              } else if (problem?.reason === 'tooLarge') {
                void message.error(t('ncAttachTooLarge', { name: file.name, size: formatFileSize(limits.maxBytes) }));
              } else {
                setFiles((list) => [
                  ...list,
                  { uid: file.uid, name: file.name, size: file.size, originFileObj: file, status: 'done' },
                ]);
              }
              // Nothing is sent now: the files go once the case exists.
              return false;
            }}
            onRemove={(file) => setFiles((list) => list.filter((f) => f.uid !== file.uid))}
          >
            <Button icon={<PaperClipOutlined />}>{t('ncAttachButton')}</Button>
          </Upload>
        </Form.Item>
        {progress && (
          <Typography.Paragraph type="secondary" role="status">
            {progress}
          </Typography.Paragraph>
        )}
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('submit')}
        </Button>
      </Form>
      {staff && (
        <EnterpriseDrawer
          target={drawer ? null : undefined}
          canAssignLiaison={keeper}
          regions={regions.data ?? []}
          liaisons={liaisons.data ?? []}
          onSaved={(saved) => {
            setDrawer(false);
            form.setFieldsValue({ enterpriseId: saved.id });
            void form.validateFields(['enterpriseId']);
            void message.success(t('ncEnterpriseCreated', { name: saved.name }));
          }}
          onClose={() => setDrawer(false)}
        />
      )}
    </Card>
  );
}
