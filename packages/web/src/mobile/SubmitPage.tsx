import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Progress, Radio, Result, Space, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatFileSize, uploadAttachment } from '../api/attachments';
import { api, ApiError } from '../api/client';
import { codeText, useI18n } from '../i18n/i18n';
import { CASE_KINDS } from '@qisu/core';
import { errorText } from './components/useLoad';
import type { UploadItem } from './lib/uploads';
import { ACCEPT, addFiles, MAX_FILES, patchItem, toSend } from './lib/uploads';

interface Values {
  title: string;
  content: string;
  kind: string;
}

interface Filed {
  id: string;
  number: string;
}

/** One chosen file: name, size, and while or after sending its progress or the server's refusal. */
function FileRow({ item, onRemove }: { item: UploadItem; onRemove?: () => void }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="upload-row">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        {item.state === 'done' ? (
          <CheckCircleFilled style={{ color: '#52c41a' }} aria-label={t('mobUploadDone')} />
        ) : item.state === 'failed' ? (
          <CloseCircleFilled style={{ color: '#ff4d4f' }} />
        ) : (
          <PaperClipOutlined aria-hidden />
        )}
        <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
          {item.file.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {formatFileSize(item.file.size)}
        </Typography.Text>
        {onRemove && (
          <Button
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('mobFileRemove', { name: item.file.name })}
            onClick={onRemove}
            style={{ minWidth: 44, minHeight: 44 }}
          />
        )}
      </div>
      {item.state === 'uploading' && <Progress percent={item.percent} size="small" />}
      {item.state === 'failed' && (
        <Typography.Text type="danger" style={{ fontSize: 13 }}>
          {item.error}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * Filing a demand from the phone: subject, details, kind and optional files (camera, photos or
 * files). The case is filed first, then the files go one by one with their progress; a file
 * that fails does not undo the case — the page names it with the server's reason and offers to
 * send the failed ones again. Every button is disabled while something is being sent.
 */
export default function SubmitPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [filed, setFiled] = useState<Filed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [full, setFull] = useState(false);
  const sending = useRef(false);
  // The latest list, for the upload loop that outlives a render.
  const itemsRef = useRef<UploadItem[]>([]);
  const update = (next: UploadItem[]) => {
    itemsRef.current = next;
    setItems(next);
  };

  const sendFiles = async (caseId: string) => {
    for (const item of toSend(itemsRef.current)) {
      update(patchItem(itemsRef.current, item.uid, { state: 'uploading', percent: 0, error: null }));
      try {
        await uploadAttachment(caseId, item.file, (percent) =>
          update(patchItem(itemsRef.current, item.uid, { percent })),
        );
        update(patchItem(itemsRef.current, item.uid, { state: 'done', percent: 100 }));
      } catch (e) {
        update(patchItem(itemsRef.current, item.uid, { state: 'failed', error: errorText(e, t('mobUnexpected')) }));
      }
    }
  };

  const submit = async (values: Values) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      const created = await api<Filed>('/api/v1/cases', {
        method: 'POST',
        body: { title: values.title.trim(), content: values.content.trim(), kind: values.kind },
      });
      setFiled(created);
      await sendFiles(created.id);
    } catch (e) {
      if (e instanceof ApiError && typeof e.body['field'] === 'string' && e.body['field'] in values) {
        form.setFields([{ name: e.body['field'] as keyof Values, errors: [e.message] }]);
      } else {
        setError(errorText(e, t('mobUnexpected')));
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const retry = async () => {
    if (!filed || sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      await sendFiles(filed.id);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  if (filed) {
    const failed = items.filter((i) => i.state === 'failed');
    const done = items.filter((i) => i.state === 'done').length;
    return (
      <Card>
        <Result
          status={failed.length > 0 ? 'warning' : 'success'}
          title={t('mobFiled')}
          subTitle={
            <span data-testid="filed-number" style={{ fontSize: 16 }}>
              {t('mobFiledNumber', { number: filed.number })}
            </span>
          }
          style={{ padding: '16px 0' }}
        />
        {items.length > 0 && (
          <>
            {busy && (
              <Typography.Paragraph role="status">
                {t('mobUploading', { done, all: items.length })}
              </Typography.Paragraph>
            )}
            {!busy && failed.length > 0 && (
              <Alert type="warning" showIcon role="alert" title={t('mobUploadFailed')} style={{ marginBottom: 8 }} />
            )}
            {items.map((item) => (
              <FileRow key={item.uid} item={item} />
            ))}
            {failed.length > 0 && (
              <Button
                size="large"
                block
                danger
                style={{ marginTop: 12 }}
                loading={busy}
                disabled={busy}
                onClick={() => void retry()}
              >
                {t('mobUploadRetry')}
              </Button>
            )}
          </>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('mobFiledNext')}
        </Typography.Paragraph>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Button
            type="primary"
            size="large"
            block
            disabled={busy}
            onClick={() => void navigate(`/m/cases/${filed.id}`)}
          >
            {t('mobViewProgress')}
          </Button>
          <Button size="large" block disabled={busy} onClick={() => void navigate('/m')}>
            {t('mobBackHome')}
          </Button>
        </Space>
      </Card>
    );
  }

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('mobNewTitle')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ kind: 'help' }}
        onFinish={(v) => void submit(v)}
        disabled={busy}
      >
        <Form.Item
          name="title"
          label={t('mobTitleLabel')}
          rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}
        >
          <Input maxLength={200} placeholder={t('mobTitlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('mobContentLabel')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input.TextArea rows={6} maxLength={20_000} placeholder={t('mobContentPlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={t('mobKindLabel')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
            options={CASE_KINDS.map((k) => ({
              value: k,
              label: codeText(t, 'caseKind', k),
              style: { borderRadius: 6, borderInlineStartWidth: 1 },
            }))}
          />
        </Form.Item>
        <Form.Item label={t('mobFilesLabel')} extra={t(full ? 'mobFilesFull' : 'mobFilesHint', { max: MAX_FILES })}>
          <Upload
            multiple
            accept={ACCEPT}
            showUploadList={false}
            fileList={[]}
            beforeUpload={(file, batch) => {
              // Called once per file of a choice; take the whole choice on its first file.
              if (file === batch[0]) {
                const next = addFiles(itemsRef.current, batch);
                setFull(itemsRef.current.length + batch.length > MAX_FILES);
                update(next);
              }
              return false;
            }}
          >
            <Button icon={<PaperClipOutlined />} disabled={busy || items.length >= MAX_FILES}>
              {t('mobFilesAdd')}
            </Button>
          </Upload>
          {items.map((item) => (
            <FileRow
              key={item.uid}
              item={item}
              onRemove={() => {
                setFull(false);
                update(itemsRef.current.filter((i) => i.uid !== item.uid));
              }}
            />
          ))}
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} style={{ height: 52 }}>
          {busy ? t('mobSending') : t('mobSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
