import { Button, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { codeText, useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import type { SimilarCases } from '../../lib/screening';
import { MERGEABLE_TARGETS } from '../../lib/screening';
import { StatusTag } from '../StatusTag';

const percent = (x: number) => Math.round(x * 100);

/**
 * Open cases about the same problem, whichever enterprise filed them (measured as hotspot
 * grouping measures cases): likely duplicates first, each with a merge button, then the merely
 * similar, without one.
 */
export function SimilarOpenCard(props: { similar: SimilarCases | null; onMerge: (caseId: string) => void }) {
  const { t } = useI18n();
  const { similar } = props;
  return (
    <Card size="small" title={t('scrSimilarOpen')} data-testid="similar-open">
      {similar === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : similar.open.length === 0 ? (
        <Typography.Text type="secondary">{t('scrNoSimilarOpen')}</Typography.Text>
      ) : (
        <>
          <List
            size="small"
            dataSource={similar.open}
            renderItem={(c) => (
              <List.Item
                data-testid={`similar-open-${c.id}`}
                actions={
                  c.duplicate && MERGEABLE_TARGETS.includes(c.status)
                    ? [
                        <Button key="merge" size="small" onClick={() => props.onMerge(c.id)}>
                          {t('scrMergeHere')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space wrap size={4}>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <span>{c.title}</span>
                  <StatusTag status={c.status} />
                  {c.duplicate && <Tag color="red">{t('scrDuplicate')}</Tag>}
                  {c.sameEnterprise && <Tag color="blue">{t('scrSameEnterprise')}</Tag>}
                  <Typography.Text type="secondary">
                    {c.enterpriseName ?? '—'} · {t('scrScore', { p: percent(c.score) })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('scrThresholds', {
              dup: percent(similar.thresholds.duplicate),
              sim: percent(similar.thresholds.similar),
            })}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}

/** The enterprise's other open cases whose text is not like this one's: context, never merged into from here. */
export function EnterpriseOpenCard(props: { similar: SimilarCases | null }) {
  const { t } = useI18n();
  const { similar } = props;
  return (
    <Card size="small" title={t('scrEnterpriseOpen')} data-testid="enterprise-open">
      {similar === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : similar.enterpriseOpen.length === 0 ? (
        <Typography.Text type="secondary">{t('scrNoEnterpriseOpen')}</Typography.Text>
      ) : (
        <>
          <List
            size="small"
            dataSource={similar.enterpriseOpen}
            renderItem={(c) => (
              <List.Item data-testid={`enterprise-open-${c.id}`}>
                <Space wrap size={4}>
                  <Link to={`/cases/${c.id}`}>{c.number}</Link>
                  <span>{c.title}</span>
                  <StatusTag status={c.status} />
                  <Typography.Text type="secondary">{shanghaiTime(c.createdAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('scrEnterpriseOpenHint')}
          </Typography.Text>
        </>
      )}
    </Card>
  );
}

/** Similar cases already solved, with how: the reply and result, or the answer given at screening. */
export function SimilarSolvedCard(props: { similar: SimilarCases | null; onUseAnswer: (text: string) => void }) {
  const { t } = useI18n();
  const { similar } = props;
  return (
    <Card size="small" title={t('scrSolved')} data-testid="similar-solved">
      {similar === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : similar.solved.length === 0 ? (
        <Typography.Text type="secondary">{t('scrNoSolved')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={similar.solved}
          renderItem={(c) => {
            const r = c.resolution;
            return (
              <List.Item
                actions={
                  r.text
                    ? [
                        <Button key="use" size="small" onClick={() => props.onUseAnswer(r.text ?? '')}>
                          {t('scrUseAnswer')}
                        </Button>,
                      ]
                    : []
                }
              >
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Link to={`/cases/${c.id}`}>{c.number}</Link>
                    <span>{c.title}</span>
                    <StatusTag status={c.status} />
                    <Typography.Text type="secondary">{t('scrScore', { p: percent(c.score) })}</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[
                      r.kind === 'answered' ? t('scrAnsweredAt') : c.leadUnit?.name,
                      r.result ? codeText(t, 'result', r.result) : null,
                      r.score !== null ? t('scrRating', { s: r.score }) : null,
                      c.closedAt ? shanghaiTime(c.closedAt) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                  {r.text && (
                    <Typography.Paragraph
                      style={{ marginBottom: 0 }}
                      ellipsis={{ rows: 2, expandable: true, symbol: t('expandMore') }}
                    >
                      {t('scrResolvedBy')}：{r.text}
                    </Typography.Paragraph>
                  )}
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}

/**
 * Experience library entries (经验库) alike the case, beside the similar solved cases: the
 * problem, how it was solved and a "用此答复" that puts the resolution into the answer, as the
 * solved cases have it; typical cases marked.
 */
export function LibraryMatchesCard(props: { similar: SimilarCases | null; onUseAnswer: (text: string) => void }) {
  const { t } = useI18n();
  const { similar } = props;
  return (
    <Card size="small" title={t('libAtScreening')} data-testid="similar-library">
      {similar === null ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : similar.library.length === 0 ? (
        <Typography.Text type="secondary">{t('libNoneAtScreening')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={similar.library}
          renderItem={(e) => (
            <List.Item
              data-testid={`similar-library-${e.id}`}
              actions={[
                <Button key="use" size="small" onClick={() => props.onUseAnswer(e.resolution)}>
                  {t('libUseAnswer')}
                </Button>,
              ]}
            >
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  {e.typical && <Tag color="gold">{t('libTypical')}</Tag>}
                  <Link to={`/library?entry=${e.id}`}>{e.problem}</Link>
                  <Typography.Text type="secondary">{t('scrScore', { p: percent(e.score) })}</Typography.Text>
                </Space>
                <Typography.Paragraph
                  style={{ marginBottom: 0 }}
                  ellipsis={{ rows: 2, expandable: true, symbol: t('expandMore') }}
                >
                  {t('scrResolvedBy')}：{e.resolution}
                </Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
