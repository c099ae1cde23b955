import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Result, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { formatFileSize } from '../../api/attachments';
import type { ImportKind, ImportResult, ImportRowError, ImportedRow } from '../../api/imports';
import {
  downloadImportTemplate,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  importErrorsOf,
  uploadImport,
} from '../../api/imports';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { errorText } from '../../lib/form-errors';
import { importedCount, importFileProblem } from '../../lib/imports';

interface Props {
  kind: ImportKind;
  open: boolean;
  onClose: () => void;
  /** Called after rows were written, so the page can load its list again. */
  onImported: (result: ImportResult) => void;
}

const FORMAT_KEYS: Record<ImportResult['format'], MessageKey> = {
  enterprises: 'impFormatEnterprises',
  list: 'impFormatList',
  ledger: 'impFormatLedger',
};

const ACTIONS: Record<ImportedRow['action'], { key: MessageKey; color: string }> = {
  create: { key: 'impActionCreate', color: 'green' },
  update: { key: 'impActionUpdate', color: 'blue' },
  skip: { key: 'impActionSkip', color: 'default' },
};

type Phase = 'idle' | 'checking' | 'writing';

/**
 * 导入 from Excel: download the template, choose a file, 校验 (a dry run the server checks row by
 * row) and, once every row is valid, 导入 — all or nothing. A refusal lists each error by row,
 * column and cell; the upload shows its progress; the end says how many rows were imported.
 */
export function ImportDialog({ kind, open, onClose, onImported }: Props) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [rowErrors, setRowErrors] = useState<ReturnType<typeof importErrorsOf> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);

  useEffect(() => {
    if (!open) return;
    setFile(null);
    setChecked(null);
    setRowErrors(null);
    setFailure(null);
    setDone(null);
    setPhase('idle');
  }, [open]);

  const choose = (chosen: File) => {
    setChecked(null);
    setRowErrors(null);
    setDone(null);
    const problem = importFileProblem(chosen);
    const facts = { name: chosen.name, size: formatFileSize(chosen.size), max: formatFileSize(IMPORT_MAX_BYTES) };
    if (problem) {
      setFile(null);
      setFailure(t(problem === 'notXlsx' ? 'impNotXlsx' : 'impTooLarge', facts));
      return;
    }
    setFailure(null);
    setFile(chosen);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setPhase(dryRun ? 'checking' : 'writing');
    setProgress(0);
    setFailure(null);
    setRowErrors(null);
    try {
      const result = await uploadImport(kind, file, dryRun, setProgress);
      if (dryRun) setChecked(result);
      else {
        setDone(result);
        onImported(result);
      }
    } catch (e) {
      setChecked(null);
      const listed = importErrorsOf(e);
      if (listed.errors.length > 0) setRowErrors(listed);
      else setFailure(dryRun ? errorText(e) : t('impFailed', { message: errorText(e) }));
    } finally {
      setPhase('idle');
    }
  };

  const busy = phase !== 'idle';
  const footer = done
    ? [
        <Button key="close" type="primary" onClick={onClose}>
          {t('impClose')}
        </Button>,
      ]
    : [
        <Button key="close" onClick={onClose} disabled={phase === 'writing'}>
          {t('impClose')}
        </Button>,
        <Button key="check" onClick={() => void send(true)} disabled={!file || busy} loading={phase === 'checking'}>
          {t('impCheck')}
        </Button>,
        <Button
          key="import"
          type="primary"
          onClick={() => void send(false)}
          disabled={!checked || busy}
          loading={phase === 'writing'}
        >
          {t('impImport')}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={t(kind === 'enterprises' ? 'impTitleEnterprises' : 'impTitleCases')}
      onCancel={phase === 'writing' ? undefined : onClose}
      closable={phase !== 'writing'}
      mask={{ closable: false }}
      footer={footer}
      width={900}
      destroyOnHidden
    >
      {done ? (
        <Result
          status="success"
          title={t('impDone', { n: importedCount(done) })}
          subTitle={t('impDoneDetail', { created: done.created, updated: done.updated, skipped: done.skipped })}
        />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <ol style={{ margin: 0, paddingInlineStart: 20 }}>
            <li>{t('impStepTemplate')}</li>
            <li>{t('impStepChoose', { max: formatFileSize(IMPORT_MAX_BYTES), rows: IMPORT_MAX_ROWS })}</li>
            <li>{t('impStepCheck')}</li>
          </ol>
          <Typography.Text type="secondary">
            {t(kind === 'enterprises' ? 'impHintEnterprises' : 'impHintCases')}
          </Typography.Text>
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void downloadImportTemplate(kind).catch((e: unknown) =>
                  setFailure(t('impTemplateFailed', { message: errorText(e) })),
                )
              }
            >
              {t('impTemplate')}
            </Button>
            <Upload
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              showUploadList={false}
              maxCount={1}
              disabled={busy}
              beforeUpload={(chosen) => {
                choose(chosen);
                return false;
              }}
            >
              <Button icon={<FileExcelOutlined />} disabled={busy}>
                {file ? t('impChange') : t('impChoose')}
              </Button>
            </Upload>
            {file && (
              <Typography.Text data-testid="import-file">
                {t('impChosen', { name: file.name, size: formatFileSize(file.size) })}
              </Typography.Text>
            )}
          </Space>
          {busy && (
            <div role="status">
              <Progress percent={progress} status="active" />
              <Typography.Text type="secondary">
                {progress < 100
                  ? t('impUploading', { p: progress })
                  : t(phase === 'writing' ? 'impWriting' : 'impChecking')}
              </Typography.Text>
            </div>
          )}
          {failure && <Alert type="error" showIcon title={failure} />}
          {rowErrors && <ErrorTable listed={rowErrors} />}
          {checked && <CheckedTable result={checked} />}
        </Space>
      )}
    </Modal>
  );
}

/** The rows' errors of a refused import, as the server lists them. */
function ErrorTable({ listed }: { listed: ReturnType<typeof importErrorsOf> }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="error"
        showIcon
        title={t('impErrorsTitle', { n: listed.count })}
        description={
          listed.truncated
            ? `${t('impErrorsHelp')} ${t('impErrorsTruncated', { shown: listed.errors.length })}`
            : t('impErrorsHelp')
        }
      />
      <Table<ImportRowError>
        size="small"
        rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
        dataSource={listed.errors}
        pagination={listed.errors.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
        data-testid="import-errors"
        columns={[
          { title: t('impColRow'), dataIndex: 'row', width: 70 },
          { title: t('impColColumn'), dataIndex: 'column', width: 170 },
          { title: t('impColCell'), dataIndex: 'cell', width: 80, render: (v: string | null) => v ?? '—' },
          {
            title: t('impColValue'),
            dataIndex: 'value',
            width: 200,
            ellipsis: true,
            render: (v: string | undefined) => v ?? '—',
          },
          { title: t('impColMessage'), dataIndex: 'message' },
        ]}
      />
    </Space>
  );
}

/** What a successful check would do, row by row. */
function CheckedTable({ result }: { result: ImportResult }) {
  const { t, lang } = useI18n();
  const separator = lang === 'en-US' ? '; ' : '；';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="success"
        showIcon
        title={[
          t('impCheckedOk', {
            rows: result.rows,
            created: result.created,
            updated: result.updated,
            skipped: result.skipped,
          }),
          ...(result.enterprisesRegistered > 0
            ? [t('impCheckedEnterprises', { n: result.enterprisesRegistered })]
            : []),
        ].join(separator)}
        description={[
          t('impFormat', { format: t(FORMAT_KEYS[result.format]), sheet: result.sheet, row: result.headerRow }),
          ...(result.ignoredColumns.length > 0
            ? [t('impIgnored', { columns: result.ignoredColumns.join(lang === 'en-US' ? ', ' : '、') })]
            : []),
        ].join('\n')}
        style={{ whiteSpace: 'pre-line' }}
      />
      <Table<ImportedRow>
        size="small"
        rowKey="row"
        dataSource={result.items}
        pagination={result.items.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
        columns={[
          { title: t('impColRow'), dataIndex: 'row', width: 70 },
          {
            title: t('impColAction'),
            dataIndex: 'action',
            width: 80,
            render: (a: ImportedRow['action']) => <Tag color={ACTIONS[a].color}>{t(ACTIONS[a].key)}</Tag>,
          },
          { title: t('impColLabel'), dataIndex: 'label', ellipsis: true },
          {
            title: t('impColNotes'),
            dataIndex: 'notes',
            render: (notes: string[]) => (notes.length > 0 ? notes.join(separator) : '—'),
          },
        ]}
      />
    </Space>
  );
}
