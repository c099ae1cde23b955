import { mayAct, POLICY_WRITER_ROLES } from '@qisu/core';
import { InboxOutlined, PlusOutlined } from '@ant-design/icons';
import type { UploadProps } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { PolicyDocument, PolicyDocumentDetail, RankedPassage } from '../../api/policies';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  importPolicy,
  POLICY_FILE_MAX_BYTES,
  searchPolicies,
} from '../../api/policies';
import { useSession } from '../../auth/session';
import { PushModal, TargetingModal } from '../../components/policy-market/PolicyMarketDialogs';
import { HighlightedText } from '../../components/screening/PolicyPassages';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { errorText, showFieldError } from '../../lib/form-errors';

interface AddFields {
  title?: string;
  docNumber?: string;
  issuer?: string;
  text?: string;
}

/** The dialog that adds a document: an uploaded .txt/.docx, or pasted text with its title. */
function AddPolicyModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddFields>();
  const [mode, setMode] = useState<'upload' | 'paste'>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      form.resetFields();
      setFile(null);
      setFailure(null);
    }
  }, [open, form]);

  const beforeUpload: UploadProps['beforeUpload'] = (chosen) => {
    setFailure(null);
    if (!/\.(txt|docx)$/iu.test(chosen.name)) setFailure(t('polFileType'));
    else if (chosen.size > POLICY_FILE_MAX_BYTES) setFailure(t('polFileTooLarge', { name: chosen.name }));
    else setFile(chosen);
    return Upload.LIST_IGNORE;
  };

  const submit = async () => {
    setFailure(null);
    let values: AddFields;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (mode === 'upload' && !file) {
      setFailure(t('polFileMissing'));
      return;
    }
    setBusy(true);
    try {
      const optional = {
        ...(values.title?.trim() ? { title: values.title.trim() } : {}),
        ...(values.docNumber?.trim() ? { docNumber: values.docNumber.trim() } : {}),
        ...(values.issuer?.trim() ? { issuer: values.issuer.trim() } : {}),
      };
      const saved =
        mode === 'upload' && file
          ? await importPolicy(file, optional)
          : await createPolicy({ ...optional, title: values.title?.trim() ?? '', text: values.text ?? '' });
      void message.success(t('polSaved', { title: saved.title, n: saved.passageCount }));
      onSaved();
    } catch (e) {
      if (!showFieldError(form, e, ['title', 'docNumber', 'issuer', 'text'])) setFailure(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('polAdd')}
      okText={t('polSave')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      <Tabs
        activeKey={mode}
        onChange={(key) => {
          setMode(key as 'upload' | 'paste');
          setFailure(null);
        }}
        items={[
          { key: 'upload', label: t('polTabUpload') },
          { key: 'paste', label: t('polTabPaste') },
        ]}
      />
      <Form form={form} layout="vertical">
        {mode === 'upload' && (
          <Form.Item>
            <Upload.Dragger accept=".txt,.docx" multiple={false} showUploadList={false} beforeUpload={beforeUpload}>
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('polFileHint')}</p>
            </Upload.Dragger>
            {file && <Typography.Text>{t('polFileChosen', { name: file.name })}</Typography.Text>}
          </Form.Item>
        )}
        <Form.Item
          name="title"
          label={t('polTitleLabel')}
          extra={mode === 'upload' ? t('polTitleOptional') : undefined}
          rules={mode === 'paste' ? [{ required: true, whitespace: true, message: t('polTitleRequired') }] : []}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap style={{ width: '100%' }}>
          <Form.Item name="docNumber" label={t('polDocNumber')}>
            <Input maxLength={100} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item name="issuer" label={t('polIssuer')}>
            <Input maxLength={200} style={{ width: 300 }} />
          </Form.Item>
        </Space>
        {mode === 'paste' && (
          <Form.Item
            name="text"
            label={t('polText')}
            rules={[{ required: true, whitespace: true, message: t('polTextRequired') }]}
          >
            <Input.TextArea rows={12} />
          </Form.Item>
        )}
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

/** A document's passages in order, in a drawer. */
function PolicyDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<PolicyDocumentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    let live = true;
    setDoc(null);
    setError(null);
    getPolicy(id).then(
      (d) => live && setDoc(d),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <Drawer open={id !== null} size={720} title={doc?.title ?? t('polView')} onClose={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={t('polLoadFailed', { message: error })} />}
      {!doc && !error && <Skeleton active />}
      {doc && (
        <>
          <Typography.Paragraph type="secondary">
            {[doc.docNumber, doc.issuer, t('polPassagesOf', { n: doc.passages.length })].filter(Boolean).join(' · ')}
          </Typography.Paragraph>
          <List
            dataSource={doc.passages}
            rowKey="id"
            renderItem={(p) => (
              <List.Item>
                <Space align="start">
                  <Tag color="blue" style={{ minWidth: 56, textAlign: 'center' }}>
                    {p.article ?? t('polNoArticle')}
                  </Tag>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{p.text}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Drawer>
  );
}

/**
 * The policy library (政策库): its documents, a search box answering a question with ranked
 * passages (matched words marked), a drawer with a document's passages, and — for the admin and
 * the hub — adding (upload or paste) and deleting documents. The leader reads only.
 */
export default function PolicyLibraryPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const canEdit = mayAct(user?.roles ?? [], POLICY_WRITER_ROLES);
  const documents = useFetched<PolicyDocument[]>('/api/v1/policies');
  const [adding, setAdding] = useState(false);
  const [viewing, setViewing] = useState<string | null>(null);
  const [targeting, setTargeting] = useState<PolicyDocument | null>(null);
  const [pushing, setPushing] = useState<PolicyDocument | null>(null);
  const [results, setResults] = useState<RankedPassage[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);

  const search = async (q: string) => {
    const question = q.trim();
    setSearchError(null);
    if (!question) {
      setResults(null);
      return;
    }
    setSearching(true);
    try {
      setResults(await searchPolicies(question, 10));
    } catch (e) {
      setSearchError(errorText(e));
    } finally {
      setSearching(false);
    }
  };

  const remove = async (doc: PolicyDocument) => {
    try {
      await deletePolicy(doc.id);
      void message.success(t('polDeleted'));
      setResults(null);
      documents.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card
      title={t('polTitle')}
      extra={
        <Space wrap>
          <Link to="/policy-applications">{t('pmAppsMenu')}</Link>
          <Link to="/library">{t('libMenu')}</Link>
          {canEdit ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('polAdd')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('polReadOnly')}</Typography.Text>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('polHelp')}</Typography.Paragraph>
      <Input.Search
        allowClear
        enterButton
        loading={searching}
        placeholder={t('polSearchPlaceholder')}
        aria-label={t('polSearchLabel')}
        onSearch={(v) => void search(v)}
        style={{ maxWidth: 640, marginBottom: 16 }}
      />
      {searchError && <Alert type="error" showIcon title={searchError} style={{ marginBottom: 16 }} />}
      {results && (
        <Card size="small" title={t('polResults')} style={{ marginBottom: 16 }}>
          {results.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('polSearchEmpty')} />
          ) : (
            <List
              dataSource={results}
              rowKey="passageId"
              renderItem={(r) => (
                <List.Item data-testid={`policy-result-${r.passageId}`}>
                  <div style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Button type="link" style={{ padding: 0 }} onClick={() => setViewing(r.documentId)}>
                        {`《${r.documentTitle}》`}
                      </Button>
                      <Tag color="blue">{r.article ?? t('polNoArticle')}</Tag>
                      <Typography.Text type="secondary">{t('polScore', { score: r.score.toFixed(2) })}</Typography.Text>
                    </Space>
                    <HighlightedText text={r.text} words={r.matched} />
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      {documents.error && (
        <Alert
          type="error"
          showIcon
          title={t('polLoadFailed', { message: documents.error })}
          action={<Button onClick={documents.reload}>{t('polRetry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<PolicyDocument>
        rowKey="id"
        loading={documents.loading}
        dataSource={documents.data ?? []}
        locale={{ emptyText: t('polEmpty') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('polTotal', { n }) }}
        scroll={{ x: 1200 }}
        columns={[
          {
            title: t('polTitleLabel'),
            width: 260,
            render: (_, d) => (
              <Button
                type="link"
                style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => setViewing(d.id)}
              >
                {d.title}
              </Button>
            ),
          },
          {
            title: t('pmTargeting'),
            width: 220,
            render: (_, d) => (
              <Space size={[0, 4]} wrap>
                {d.targeting.industryCodes.map((c) => (
                  <Tag key={`i${c}`} color="geekblue">
                    {c}
                  </Tag>
                ))}
                {d.targeting.scales.map((c) => (
                  <Tag key={`s${c}`}>{t(`pmScale_${c}`)}</Tag>
                ))}
                {d.targeting.regionCodes.map((c) => (
                  <Tag key={`r${c}`} color="cyan">
                    {c}
                  </Tag>
                ))}
                {d.online && <Tag color="green">{t('pmClaimOnline')}</Tag>}
                {d.automatic && <Tag color="gold">{t('pmClaimAutomatic')}</Tag>}
              </Space>
            ),
          },
          { title: t('polDocNumber'), dataIndex: 'docNumber', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('polIssuer'), dataIndex: 'issuer', width: 200, render: (v: string | null) => v ?? '—' },
          {
            title: t('polFormat'),
            dataIndex: 'format',
            width: 80,
            render: (f: PolicyDocument['format']) => (f === 'docx' ? t('polFormatDocx') : t('polFormatText')),
          },
          { title: t('polPassageCount'), dataIndex: 'passageCount', width: 90 },
          { title: t('polCreatedAt'), width: 170, render: (_, d) => shanghaiTime(d.createdAt) },
          {
            title: t('polActions'),
            width: canEdit ? 260 : 100,
            render: (_, d) => (
              <Space size={0}>
                <Button type="link" onClick={() => setViewing(d.id)}>
                  {t('polView')}
                </Button>
                {canEdit && (
                  <Button type="link" onClick={() => setTargeting(d)}>
                    {t('pmTargeting')}
                  </Button>
                )}
                {canEdit && (
                  <Button type="link" onClick={() => setPushing(d)}>
                    {t('pmPush')}
                  </Button>
                )}
                {canEdit && (
                  <Popconfirm
                    title={t('polConfirmDelete')}
                    okText={t('polYes')}
                    cancelText={t('polNo')}
                    onConfirm={() => void remove(d)}
                  >
                    <Button type="link" danger>
                      {t('polDelete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {canEdit && (
        <AddPolicyModal
          open={adding}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            documents.reload();
          }}
        />
      )}
      <PolicyDrawer id={viewing} onClose={() => setViewing(null)} />
      {canEdit && (
        <TargetingModal
          policy={targeting}
          onClose={() => setTargeting(null)}
          onSaved={() => {
            setTargeting(null);
            documents.reload();
          }}
        />
      )}
      {canEdit && <PushModal policy={pushing} onClose={() => setPushing(null)} />}
    </Card>
  );
}
