import { BulbOutlined } from '@ant-design/icons';
import { Button, Skeleton, Space, Typography } from 'antd';
import { codeText, useI18n } from '../../i18n/i18n';
import type { CaseSuggestions, LearnedRouting, RoutingSuggestion } from '../../lib/screening';
import { confidencePercent } from '../../lib/screening';

/**
 * Under the category field: the category screening starts from (the filed one, the model's, or
 * the model's refined by similar cases) with the model's confidence — never shown as 100 % — and
 * the words behind it; a way back to it when the hub has chosen another one.
 */
export function CategorySuggestionHint(props: {
  suggestions: CaseSuggestions | null | 'failed';
  chosenId: string | undefined;
  onUse: (categoryId: string) => void;
}) {
  const { t } = useI18n();
  const { suggestions } = props;
  if (suggestions === null) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  if (suggestions === 'failed') return null;
  const picked = suggestions.suggestedCategory;
  const model = suggestions.category;
  if (!picked) {
    return <Typography.Text type="secondary">{t('scrNoModel')}</Typography.Text>;
  }
  // The filed category kept: because the model's label is its top level, or because the model is unsure.
  const agrees = Boolean(model && (picked.path === model.label || picked.path.startsWith(`${model.label} / `)));
  const basisKey =
    picked.basis === 'case'
      ? agrees
        ? 'scrSuggestedBasis_caseAgrees'
        : model
          ? 'scrSuggestedBasis_caseUnsure'
          : 'scrSuggestedBasis_case'
      : (`scrSuggestedBasis_${picked.basis}` as const);
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }} data-testid="category-suggestion">
      <Typography.Text>
        <BulbOutlined /> {t('scrSuggested')}：<Typography.Text strong>{picked.path}</Typography.Text>
        <Typography.Text type="secondary"> · {t(basisKey)}</Typography.Text>
      </Typography.Text>
      {model && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('scrModelSays', { label: model.label, p: confidencePercent(model.confidence) })}
          {model.evidence.length > 0 && (
            <>
              {' '}
              · {t('scrEvidence')}：
              {model.evidence
                .slice(0, 5)
                .map((e) => e.term)
                .join('、')}
            </>
          )}
          {model.ranking.length > 1 && (
            <>
              {' '}
              · {t('scrOtherLabels')}：
              {model.ranking
                .slice(1)
                .map((r) => `${r.label} ${confidencePercent(r.probability)}%`)
                .join('，')}
            </>
          )}
        </Typography.Text>
      )}
      {picked.filedDiffers && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('scrFiledDiffers')}
        </Typography.Text>
      )}
      {props.chosenId !== picked.id && (
        <Button size="small" type="link" style={{ padding: 0 }} onClick={() => props.onUse(picked.id)}>
          {t('scrUseSuggested')}
        </Button>
      )}
    </Space>
  );
}

/**
 * Under the lead unit field: the routing catalogue's rule for the category chosen in the form
 * (so the unit suggested always belongs to the category shown), and what past dispatches say —
 * as support when they agree, as a note when they differ, as the suggestion only when the
 * catalogue has no rule.
 */
export function UnitSuggestionHint(props: {
  routing: RoutingSuggestion | null;
  learned: LearnedRouting | null | undefined;
  chosenLeadId: string | undefined;
  onUse: (suggestion: RoutingSuggestion) => void;
}) {
  const { t, lang } = useI18n();
  const en = lang === 'en-US';
  const { routing, learned } = props;
  if (routing === null) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  const rule = routing.leadUnit;
  const learnedLine = () => {
    if (!learned) return null;
    const n = { agreeing: learned.agreeing, support: learned.support, unit: learned.leadUnit.name };
    if (rule && learned.leadUnit.id === rule.id) {
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('scrLearnedAgrees', n)}
        </Typography.Text>
      );
    }
    if (rule) {
      return (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('scrLearnedDiffers', n)}
        </Typography.Text>
      );
    }
    return (
      <Space size={4} wrap>
        <Typography.Text>{t('scrLearnedOnly', n)}</Typography.Text>
        {learned.complexity && (
          <Typography.Text type="secondary">· {codeText(t, 'complexity', learned.complexity)}</Typography.Text>
        )}
        {props.chosenLeadId !== learned.leadUnit.id && (
          <Button
            size="small"
            type="link"
            style={{ padding: 0 }}
            onClick={() =>
              props.onUse({
                leadUnit: learned.leadUnit,
                coUnits: [],
                complexity: learned.complexity,
                reason: learned.reason,
              })
            }
          >
            {t('scrApply')}
          </Button>
        )}
      </Space>
    );
  };
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%' }} data-testid="routing-suggestion">
      {rule ? (
        <>
          <Space size={4} wrap>
            <Typography.Text>
              <BulbOutlined /> {t('scrRuleFor')}：<Typography.Text strong>{rule.name}</Typography.Text>
              {routing.coUnits.length > 0 && (
                <Typography.Text type="secondary">
                  {' '}
                  · {t('coUnits')}：{routing.coUnits.map((u) => u.name).join('、')}
                </Typography.Text>
              )}
              {routing.complexity && (
                <Typography.Text type="secondary"> · {codeText(t, 'complexity', routing.complexity)}</Typography.Text>
              )}
            </Typography.Text>
            {props.chosenLeadId !== rule.id && (
              <Button size="small" type="link" style={{ padding: 0 }} onClick={() => props.onUse(routing)}>
                {t('scrApply')}
              </Button>
            )}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {en ? routing.reason.en : routing.reason.zh}
          </Typography.Text>
        </>
      ) : (
        <Typography.Text type="secondary">{t('scrRuleNone')}</Typography.Text>
      )}
      <div data-testid="learned-suggestion">{learnedLine()}</div>
    </Space>
  );
}
