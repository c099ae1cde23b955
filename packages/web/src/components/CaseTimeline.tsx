import { Empty, Timeline, Typography } from 'antd';
import type { EventEntry } from '../lib/case-timeline';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';

interface Props {
  entries: readonly EventEntry[];
  /** Whether each entry shows its link of the hash chain (the "校验" switch of the page). */
  showHashes: boolean;
}

/** Long texts fold after this many lines, with an "expand" link; nothing is cut off for good. */
const FOLD_ROWS = 8;

/**
 * The case's written record, oldest first: what happened, when (Asia/Shanghai), who (person and
 * unit, or the system) and each thing they wrote or decided, labelled — notes, replies, reasons
 * and comments as paragraphs with their line breaks. The hash chain link of each entry is shown
 * only on demand.
 */
export function CaseTimeline({ entries, showHashes }: Props) {
  const { t } = useI18n();
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={entries.map((e) => ({
        key: e.seq,
        color: e.tone,
        content: (
          <div data-testid={`event-${e.type}`} data-seq={e.seq}>
            <div>
              <Typography.Text strong>{e.title}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {shanghaiTime(e.at)}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {e.who}
            </Typography.Text>
            {e.fields.length > 0 && (
              <dl style={{ margin: '6px 0 0', display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 8 }}>
                {e.fields.map((f) => (
                  <div key={f.label} style={{ display: 'contents' }}>
                    <dt style={{ color: 'rgba(0,0,0,0.55)', whiteSpace: 'nowrap' }}>
                      {f.label}
                      {t('colon')}
                    </dt>
                    <dd style={{ margin: 0, minWidth: 0 }}>
                      {f.written ? (
                        <Typography.Paragraph
                          style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', marginBottom: 4 }}
                          ellipsis={{ rows: FOLD_ROWS, expandable: true, symbol: t('expandMore') }}
                        >
                          {f.text}
                        </Typography.Paragraph>
                      ) : (
                        <span style={{ wordBreak: 'break-word' }}>{f.text}</span>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {showHashes && (
              <div style={{ marginTop: 4 }}>
                <Typography.Text
                  type="secondary"
                  code
                  style={{ fontSize: 11, wordBreak: 'break-all' }}
                  title={`${t('cpHash')} ${e.hash}\n${t('cpPrevHash')} ${e.prevHash}`}
                >
                  #{e.seq} {t('cpHash')} {e.hash.slice(0, 16)}… ← {e.prevHash.slice(0, 8)}…
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
