import { FileWordOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { periodContaining } from '@qisu/core';
import { api } from '../../api/client';
import type { ResponseOf } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';
import type { DayRange } from '../../lib/period';
import { useDownload } from '../../lib/use-download';
import { useLoad } from '../../lib/use-load';

type KeptDocument = ResponseOf<'/api/v1/reports/documents'>[number];

/**
 * 已保存的通报与报告: the notices and service reports the schedule wrote on the profile's cadences
 * and those generated here, each with who generated it and when, to download again; and buttons
 * that generate the notice of the month shown, or the service report of its quarter, and keep it.
 */
export function NoticeDocuments({ range }: { range: DayRange }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const kept = useLoad<KeptDocument[]>('/api/v1/reports/documents');
  const [busy, setBusy] = useState(false);
  const { download } = useDownload();
  const month = periodContaining('month', range.from);
  const quarter = periodContaining('quarter', range.from);
  const name = (p: typeof month) => (lang === 'en-US' ? p.label.en : p.label.zh);

  const generate = async (kind: KeptDocument['kind'], period: typeof month) => {
    setBusy(true);
    try {
      await api('/api/v1/reports/documents', { method: 'POST', body: { kind, period: period.code } });
      void message.success(t(kind === 'notice' ? 'docGenerated' : 'docServiceGenerated', { period: name(period) }));
      kept.reload();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={t('docTitle')}
      data-testid="notice-documents"
      extra={
        <Space wrap>
          <Button icon={<FileWordOutlined />} loading={busy} onClick={() => void generate('notice', month)}>
            {t('docGenerate', { period: name(month) })}
          </Button>
          <Button
            icon={<FileWordOutlined />}
            loading={busy}
            onClick={() => void generate('service-report', quarter)}
            data-testid="generate-service-report"
          >
            {t('docServiceGenerate', { period: name(quarter) })}
          </Button>
        </Space>
      }
    >
      {kept.error && <Alert type="error" showIcon title={kept.error} style={{ marginBottom: 8 }} />}
      <Table<KeptDocument>
        size="small"
        rowKey="id"
        loading={kept.loading}
        dataSource={kept.data ?? []}
        locale={{ emptyText: t('docNone') }}
        pagination={{ pageSize: 5, showSizeChanger: false, showTotal: (n) => t('total', { n }) }}
        columns={[
          {
            title: t('docKind'),
            dataIndex: 'kind',
            width: 120,
            render: (kind: KeptDocument['kind']) => (
              <Tag color={kind === 'notice' ? 'blue' : 'purple'}>
                {t(kind === 'notice' ? 'docKindNotice' : 'docKindService')}
              </Tag>
            ),
          },
          { title: t('docPeriod'), dataIndex: 'period', width: 100 },
          {
            title: t('docFile'),
            dataIndex: 'fileName',
            ellipsis: true,
            render: (name: string, doc) => (
              <Button
                type="link"
                size="small"
                // On paper the buttons go; the file's name stays, as text.
                className="print-as-text"
                onClick={() => void download(`/api/v1/reports/documents/${doc.id}`, doc.fileName)}
                style={{ padding: 0 }}
              >
                {name}
              </Button>
            ),
          },
          {
            title: t('docBy'),
            width: 150,
            render: (_, doc) => (doc.scheduled ? <Tag>{t('docScheduled')}</Tag> : doc.generatedBy),
          },
          { title: t('docAt'), dataIndex: 'generatedAt', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
    </Card>
  );
}
