import { BulbOutlined, HistoryOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Space, Tag, Typography } from 'antd';
import { codeText, useI18n } from '../../i18n/i18n';
import type { CategorySuggestion, LearnedRouting, RoutingSuggestion } from '../../lib/screening';
import { learnedAsSuggestion } from '../../lib/screening';

/** The category model's suggestion: label, confidence, the words behind it, the runners-up. */
export function CategoryHintCard(props: {
  hint: CategorySuggestion | null | undefined;
  onUse: (categoryId: string) => void;
}) {
  const { t } = useI18n();
  const { hint } = props;
  return (
    <Card size="small" title={t('scrCategoryHint')} data-testid="category-suggestion">
      {hint === undefined ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : hint === null ? (
        <Typography.Text type="secondary">{t('scrNoModel')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>{hint.label}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              · {t('scrConfidence', { p: Math.round(hint.confidence * 100) })} ·{' '}
              {t('scrModel', { v: hint.modelVersion })}
            </Typography.Text>
          </div>
          {hint.evidence.length > 0 && (
            <Typography.Text type="secondary">
              {t('scrEvidence')}：
              {hint.evidence
                .slice(0, 6)
                .map((e) => e.term)
                .join('、')}
            </Typography.Text>
          )}
          {hint.ranking.length > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {hint.ranking
                .slice(1)
                .map((r) => `${r.label} ${Math.round(r.probability * 100)}%`)
                .join(' · ')}
            </Typography.Text>
          )}
          {hint.categoryId && (
            <Button size="small" onClick={() => props.onUse(hint.categoryId!)}>
              {t('scrUseCategory')}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}

function UnitLine({ suggestion }: { suggestion: RoutingSuggestion }) {
  const { t } = useI18n();
  if (!suggestion.leadUnit) return null;
  return (
    <div>
      {t('leadUnit')}：<Typography.Text strong>{suggestion.leadUnit.name}</Typography.Text>
      {suggestion.coUnits.length > 0 && (
        <>
          {' '}
          · {t('coUnits')}：{suggestion.coUnits.map((u) => u.name).join('、')}
        </>
      )}
      {suggestion.complexity && <> · {codeText(t, 'complexity', suggestion.complexity)}</>}
    </div>
  );
}

/**
 * Units for the case: the routing catalogue's rule first; below it the lead unit and complexity
 * learned from past dispatches, each with its reason and a button that fills the dispatch form.
 */
export function RoutingCard(props: {
  catalogue: RoutingSuggestion | null | 'none';
  learned: LearnedRouting | null | undefined;
  onUse: (suggestion: RoutingSuggestion) => void;
}) {
  const { t, lang } = useI18n();
  const en = lang === 'en-US';
  const { catalogue, learned } = props;
  return (
    <Card
      size="small"
      title={
        <Space>
          <BulbOutlined />
          {t('scrSuggestion')}
        </Space>
      }
      data-testid="routing-suggestion"
    >
      {catalogue === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {catalogue === 'none' || !catalogue.leadUnit ? (
            <Typography.Text type="secondary">
              {catalogue !== 'none' ? (en ? catalogue.reason.en : catalogue.reason.zh) : t('scrNoSuggestion')}
            </Typography.Text>
          ) : (
            <>
              <UnitLine suggestion={catalogue} />
              <Typography.Text type="secondary">{en ? catalogue.reason.en : catalogue.reason.zh}</Typography.Text>
              <Button size="small" onClick={() => props.onUse(catalogue)}>
                {t('scrApply')}
              </Button>
            </>
          )}
          <div data-testid="learned-suggestion" style={{ borderTop: '1px dashed #d9d9d9', paddingTop: 8 }}>
            <Space style={{ marginBottom: 4 }}>
              <HistoryOutlined />
              <Typography.Text strong>{t('scrLearned')}</Typography.Text>
              {learned && <Tag>{t(learned.basis === 'similar' ? 'scrLearnedSimilar' : 'scrLearnedCategory')}</Tag>}
            </Space>
            {learned === undefined ? (
              <Skeleton active paragraph={{ rows: 1 }} />
            ) : learned === null ? (
              <div>
                <Typography.Text type="secondary">{t('scrLearnedNone')}</Typography.Text>
              </div>
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <UnitLine suggestion={learnedAsSuggestion(learned)} />
                <Typography.Text type="secondary">{en ? learned.reason.en : learned.reason.zh}</Typography.Text>
                <Button size="small" onClick={() => props.onUse(learnedAsSuggestion(learned))}>
                  {t('scrApply')}
                </Button>
              </Space>
            )}
          </div>
        </Space>
      )}
    </Card>
  );
}
