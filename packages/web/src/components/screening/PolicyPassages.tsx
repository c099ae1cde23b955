import { BookOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { RankedPassage } from '../../api/policies';
import { casePolicyPassages, citationText, highlightPieces } from '../../api/policies';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../lib/form-errors';

/** Characters of a passage shown before "more". */
export const CLIP_CHARS = 120;

/** A passage's text with the question's words marked, clipped until expanded. */
export function HighlightedText({ text, words, clip }: { text: string; words: readonly string[]; clip?: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const long = clip !== undefined && text.length > clip;
  const shown = long && !open ? `${text.slice(0, clip)}…` : text;
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
      {highlightPieces(shown, words).map((piece, i) =>
        piece.hit ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
      )}
      {long && (
        <Button type="link" size="small" onClick={() => setOpen((v) => !v)}>
          {open ? t('polCollapse') : t('polExpand')}
        </Button>
      )}
    </Typography.Paragraph>
  );
}

/**
 * The policy library's passages that may answer a case under screening, best first, each with
 * its document, article and relevance; "use in answer" hands a ready answer citing the source
 * (`根据《标题》第三条：……`) to `onUse`, e.g. to fill the answer form.
 */
export function PolicyPassages(props: { caseId: string; onUse: (text: string) => void }) {
  const { caseId, onUse } = props;
  const { t } = useI18n();
  const { token } = theme.useToken();
  const [items, setItems] = useState<RankedPassage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    casePolicyPassages(caseId, 5).then(
      (list) => live && setItems(list),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [caseId, attempt]);

  const body = () => {
    if (error) {
      return (
        <Alert
          type="error"
          showIcon
          title={t('polLoadFailed', { message: error })}
          action={<Button onClick={() => setAttempt((n) => n + 1)}>{t('polRetry')}</Button>}
        />
      );
    }
    if (!items) return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
    if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('polNone')} />;
    return (
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((item) => (
          <li
            key={item.passageId}
            data-testid={`policy-passage-${item.passageId}`}
            style={{ padding: '8px 0', borderBottom: `1px solid ${token.colorSplit}` }}
          >
            <Space wrap size={4} style={{ marginBottom: 4 }}>
              <Typography.Text strong>{`《${item.documentTitle}》`}</Typography.Text>
              <Tag color="blue">{item.article ?? t('polNoArticle')}</Tag>
              <Typography.Text type="secondary">{t('polScore', { score: item.score.toFixed(2) })}</Typography.Text>
            </Space>
            <HighlightedText text={item.text} words={item.matched} clip={CLIP_CHARS} />
            <Button
              size="small"
              title={t('polUseLabel', { title: item.documentTitle, article: item.article ?? '' })}
              onClick={() => onUse(citationText(item))}
            >
              {t('polUse')}
            </Button>
          </li>
        ))}
      </ol>
    );
  };

  return (
    <section aria-label={t('polSuggested')}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <BookOutlined /> {t('polSuggested')}
      </Typography.Title>
      {body()}
    </section>
  );
}
