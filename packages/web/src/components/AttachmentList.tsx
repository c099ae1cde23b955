import {
  DownloadOutlined,
  EyeOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileTextOutlined,
  FileWordOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import type { UploadProps } from 'antd';
import { Alert, Button, Empty, Modal, Progress, Skeleton, Space, theme, Typography, Upload } from 'antd';
import type { ComponentType } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { AttachmentKind } from '../api/attachments';
import {
  attachmentKind,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  downloadAttachment,
  fetchAttachment,
  formatFileSize,
  listAttachments,
  MAX_ATTACHMENTS_PER_CASE,
  openAttachmentInTab,
  uploadAttachment,
} from '../api/attachments';
import { ApiError } from '../api/client';
import type { Attachment } from '../api/models';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { shanghaiTime } from '../lib/clock';

interface Props {
  caseId: string;
  /** Whether this user may add files to the case now (the server decides again). */
  canUpload: boolean;
  /** The per-file limit to check before sending; the server's `QISU_ATTACHMENT_MAX_BYTES` is the authority. */
  maxBytes?: number;
  /** Called after a file is attached, e.g. to reload the case's timeline. */
  onUploaded?: (attachment: Attachment) => void;
  /** "No attachments" as one line of text rather than the large empty picture, where space is short. */
  compact?: boolean;
}

const KINDS: Record<
  AttachmentKind,
  { icon: ComponentType<{ 'aria-label'?: string; style?: object }>; label: MessageKey }
> = {
  image: { icon: FileImageOutlined, label: 'attKindImage' },
  pdf: { icon: FilePdfOutlined, label: 'attKindPdf' },
  word: { icon: FileWordOutlined, label: 'attKindWord' },
  excel: { icon: FileExcelOutlined, label: 'attKindExcel' },
  powerpoint: { icon: FilePptOutlined, label: 'attKindPowerPoint' },
  text: { icon: FileTextOutlined, label: 'attKindText' },
  other: { icon: FileOutlined, label: 'attKindOther' },
};

/** A hint for the file picker only; the server decides by the bytes. */
const ACCEPT = '.jpg,.jpeg,.png,.webp,.gif,.pdf,.doc,.docx,.xls,.xlsx,.pptx,.txt';

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/** How large an image's thumbnail is in the list, in CSS pixels. */
const THUMB = 48;

/**
 * An image's bytes as a blob URL for as long as the component shows it: fetched with the
 * session's token, revoked when the attachment leaves the list. Null while loading or after a
 * failure (the list then shows the file's icon, and the download still works).
 */
function useImageUrl(attachment: Attachment | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  const id = attachment?.id ?? null;
  useEffect(() => {
    if (id === null) return;
    let live = true;
    let made: string | null = null;
    fetchAttachment({ id }).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      () => live && setUrl(null),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [id]);
  return url;
}

/** An image attachment's thumbnail; a click shows it large in a dialog. */
function ImageThumb({ attachment, label }: { attachment: Attachment; label: string }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const url = useImageUrl(attachment);
  const [open, setOpen] = useState(false);
  const Icon = KINDS.image.icon;
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        disabled={url === null}
        aria-label={t('cpPreviewName', { name: attachment.name })}
        data-testid={`thumb-${attachment.id}`}
        style={{
          width: THUMB,
          height: THUMB,
          padding: 0,
          flex: 'none',
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: 4,
          background: token.colorFillQuaternary,
          cursor: url ? 'zoom-in' : 'default',
          overflow: 'hidden',
        }}
      >
        {url ? (
          <img src={url} alt={label} style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
        ) : (
          <Icon aria-label={label} style={{ fontSize: 24, color: token.colorTextSecondary }} />
        )}
      </button>
      <Modal
        open={open && url !== null}
        title={attachment.name}
        footer={null}
        width="min(960px, 92vw)"
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {url && (
          <img
            src={url}
            alt={attachment.name}
            style={{ display: 'block', maxWidth: '100%', maxHeight: '75vh', margin: '0 auto' }}
          />
        )}
      </Modal>
    </>
  );
}

/**
 * A case's attachments: the list with type, size, uploader and time, a thumbnail for images
 * (a click shows it large) and a preview in a new tab for PDFs, a download button each,
 * and — for those who may add files — a drop zone that sends one file at a time with a progress
 * bar. Size and count are checked before sending so that a user learns at once; the server's
 * refusals (type, size, count, finished case) are shown in its own words.
 */
export function AttachmentList({
  caseId,
  canUpload,
  maxBytes = DEFAULT_ATTACHMENT_MAX_BYTES,
  onUploaded,
  compact = false,
}: Props) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setItems(null);
    setLoadError(null);
    listAttachments(caseId).then(
      (list) => live && setItems(list),
      (e: unknown) => live && setLoadError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [caseId, reload]);

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    setNotice(null);
    if (file.size > maxBytes) {
      const text = t('attTooLarge', {
        name: file.name,
        size: formatFileSize(file.size),
        max: formatFileSize(maxBytes),
      });
      setNotice({ type: 'error', text });
      return Upload.LIST_IGNORE;
    }
    if ((items?.length ?? 0) >= MAX_ATTACHMENTS_PER_CASE) {
      setNotice({ type: 'error', text: t('attLimitReached', { count: MAX_ATTACHMENTS_PER_CASE }) });
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File;
    const controller = new AbortController();
    setProgress({ name: file.name, percent: 0 });
    uploadAttachment(
      caseId,
      file,
      (percent) => {
        setProgress({ name: file.name, percent });
        options.onProgress?.({ percent });
      },
      controller.signal,
    )
      .then(
        (attachment) => {
          setItems((current) => [...(current ?? []), attachment]);
          setNotice({ type: 'success', text: t('attUploaded', { name: attachment.name }) });
          options.onSuccess?.(attachment);
          onUploaded?.(attachment);
        },
        (e: unknown) => {
          setNotice({ type: 'error', text: t('attUploadFailed', { name: file.name, message: errorText(e) }) });
          options.onError?.(e instanceof Error ? e : new Error(String(e)));
        },
      )
      .finally(() => setProgress(null));
    return { abort: () => controller.abort() };
  };

  const download = useCallback(
    async (attachment: Attachment) => {
      setDownloading(attachment.id);
      try {
        await downloadAttachment(attachment);
      } catch (e) {
        setNotice({ type: 'error', text: t('attDownloadFailed', { message: errorText(e) }) });
      } finally {
        setDownloading(null);
      }
    },
    [t],
  );

  const preview = useCallback(
    async (attachment: Attachment) => {
      try {
        await openAttachmentInTab(attachment);
      } catch (e) {
        setNotice({ type: 'error', text: t('cpPreviewFailed', { message: errorText(e) }) });
      }
    },
    [t],
  );

  const list = () => {
    if (loadError) {
      return (
        <Alert
          type="error"
          showIcon
          title={t('attLoadFailed', { message: loadError })}
          action={<Button onClick={() => setReload((n) => n + 1)}>{t('attRetry')}</Button>}
        />
      );
    }
    if (!items) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
    if (items.length === 0) {
      return compact ? (
        <Typography.Text type="secondary">{t('attEmpty')}</Typography.Text>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attEmpty')} />
      );
    }
    return (
      <ul aria-label={t('attTitle')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((attachment) => {
          const family = attachmentKind(attachment.mime);
          const kind = KINDS[family];
          const Icon = kind.icon;
          const isImage = family === 'image';
          return (
            <li
              key={attachment.id}
              data-testid={`attachment-${attachment.id}`}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 12,
                padding: '8px 0',
                borderBottom: `1px solid ${token.colorSplit}`,
              }}
            >
              {isImage ? (
                <ImageThumb attachment={attachment} label={t(kind.label)} />
              ) : (
                <span style={{ width: THUMB, flex: 'none', textAlign: 'center' }}>
                  <Icon aria-label={t(kind.label)} style={{ fontSize: 24, color: token.colorTextSecondary }} />
                </span>
              )}
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text style={{ display: 'block', wordBreak: 'break-all' }}>
                  {attachment.name}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {`${formatFileSize(attachment.size)} · ${t('attUploadedBy', {
                    name: attachment.uploadedBy.name,
                    time: shanghaiTime(attachment.createdAt),
                  })}`}
                </Typography.Text>
              </div>
              {family === 'pdf' && (
                <Button
                  icon={<EyeOutlined />}
                  aria-label={t('cpPreviewName', { name: attachment.name })}
                  onClick={() => void preview(attachment)}
                >
                  {t('cpPreview')}
                </Button>
              )}
              <Button
                icon={<DownloadOutlined />}
                aria-label={t('attDownloadName', { name: attachment.name })}
                loading={downloading === attachment.id}
                onClick={() => void download(attachment)}
              >
                {t('attDownload')}
              </Button>
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="attachment-list">
      {canUpload && (
        <Upload.Dragger
          accept={ACCEPT}
          multiple={false}
          showUploadList={false}
          disabled={progress !== null}
          beforeUpload={beforeUpload}
          customRequest={customRequest}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('attUploadHint')}</p>
          <p className="ant-upload-hint">
            {t('attRules', { max: formatFileSize(maxBytes), count: MAX_ATTACHMENTS_PER_CASE })}
          </p>
        </Upload.Dragger>
      )}
      {progress && (
        <div aria-live="polite">
          <Typography.Text>{t('attUploading', { name: progress.name })}</Typography.Text>
          <Progress percent={progress.percent} size="small" />
        </div>
      )}
      {notice && (
        <Alert type={notice.type} showIcon closable={{ onClose: () => setNotice(null) }} title={notice.text} />
      )}
      {list()}
    </Space>
  );
}
