import { CADENCE_LABELS, hotspotSettings } from '@qisu/core';
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { ProfileDocument } from '../../api/models';
import type { Lang } from '../../i18n/i18n';
import { codeText, translate, useI18n } from '../../i18n/i18n';
import type { Phrase } from '../../lib/durations';
import { durationPhrase, warnPhrase } from '../../lib/durations';
import { seedTitle } from '../../lib/profile-seed';
import { ruleText } from '../../lib/ranking';

type ClockRule = ProfileDocument['clocks'][number];

/** The seed clause (or the common value taken) a rule rests on, under the rule. */
function Basis({ note }: { note: string | undefined }) {
  const { t, lang } = useI18n();
  if (!note) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
      <Typography.Text type="secondary" strong>
        {t('cfgBasis')}
        {colon(lang)}
      </Typography.Text>
      {note}
    </Typography.Paragraph>
  );
}

function Section({ title, note, children }: { title: string; note: string | undefined; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {children}
      <Basis note={note} />
    </Card>
  );
}

/** A label's colon in the user's language. */
function colon(lang: Lang): string {
  return translate(lang, 'colon');
}

function periodsText(periods: readonly (readonly [string, string])[], lang: Lang): string {
  return periods.map(([from, to]) => `${from}–${to}`).join(translate(lang, 'listSep'));
}

/**
 * The profile as people read it, section by section, each rule with its note (the seed clause
 * it rests on). Used for the active profile and for any stored version.
 */
export function ProfileView({ profile }: { profile: ProfileDocument }) {
  const { t, lang } = useI18n();
  const say = (p: Phrase) => t(p.key, p.params);
  const yesNo = (v: boolean | undefined) => (v ? t('cfgYes') : t('cfgNo'));
  const count = (n: number | undefined) => (n === undefined ? t('cfgNotSet') : t('cfgTimes', { n }));
  /** The count of a run with the interview the profile names for it, when it names one. */
  const withInterview = (counted: string, interview: 'deputy_head' | 'head' | undefined) =>
    interview
      ? `${counted}${t('listSep')}${t(interview === 'head' ? 'cfgInterviewHead' : 'cfgInterviewDeputyHead')}`
      : counted;
  const hotspot = hotspotSettings(profile);
  const scale = { binary: t('cfgScaleBinary'), '4-level': t('cfgScale4'), '5-level': t('cfgScale5') }[
    profile.rating.scale
  ];

  const durationCell = (rule: ClockRule) => {
    if (typeof rule.duration === 'string') {
      return (
        <span>
          {say(durationPhrase(rule.duration))} <Tag>{t('cfgAnyComplexity')}</Tag>
        </span>
      );
    }
    const byComplexity = rule.duration;
    return (
      <Space orientation="vertical" size={0}>
        {(['simple', 'general', 'complex'] as const).map((c) => {
          const spec = byComplexity[c];
          return (
            <span key={c}>
              {codeText(t, 'complexity', c)}
              {colon(lang)}
              {spec ? say(durationPhrase(spec)) : <Typography.Text type="secondary">{t('cfgNoClock')}</Typography.Text>}
            </span>
          );
        })}
      </Space>
    );
  };

  return (
    <div>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('cfgCode')}>{profile.code}</Descriptions.Item>
        <Descriptions.Item label={t('cfgVersionCol')}>{t('cfgVersion', { n: profile.version })}</Descriptions.Item>
        {profile.seed && (
          <Descriptions.Item label={t('cfgSeed')}>
            <span data-testid="profile-seed">{seedTitle(profile, lang)}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {profile.note && <Typography.Paragraph>{profile.note}</Typography.Paragraph>}

      <Section title={t('cfgHours')} note={profile.calendar.note}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={profile.calendar.summer ? t('cfgHoursRegular') : t('cfgHoursNoSummer')}>
            {periodsText(profile.calendar.periods, lang)}
          </Descriptions.Item>
          {profile.calendar.summer && (
            <Descriptions.Item
              label={t('cfgHoursSummer', { from: profile.calendar.summer.from, to: profile.calendar.summer.to })}
            >
              {periodsText(profile.calendar.summer.periods, lang)}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Section>

      <Section title={`${t('cfgRating')}${colon(lang)}${scale}`} note={profile.rating.note}>
        <Typography.Paragraph>{t('cfgSatisfiedFrom', { n: profile.rating.satisfiedMinScore })}</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey="score"
          dataSource={[...profile.rating.labels].sort((a, b) => b.score - a.score)}
          columns={[
            { title: t('cfgScore'), dataIndex: 'score', width: 110 },
            { title: t('cfgLabelZh'), dataIndex: 'zh' },
            { title: t('cfgLabelEn'), dataIndex: 'en' },
            {
              title: t('cfgCounts'),
              width: 120,
              render: (_, row) =>
                row.score >= profile.rating.satisfiedMinScore ? (
                  <Tag color="green">{t('cfgSatisfied')}</Tag>
                ) : (
                  <Tag color="red">{t('cfgUnsatisfied')}</Tag>
                ),
            },
          ]}
        />
      </Section>

      <Section title={t('cfgLoop')} note={profile.loop.note}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('cfgReviewAfterRounds')}>
            {profile.loop.reviewAfterRounds === undefined
              ? t('cfgNoReview')
              : t('cfgRounds', { n: profile.loop.reviewAfterRounds })}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgUnsatisfiedTo')}>
            {t(profile.loop.unsatisfiedTo === 'hub' ? 'cfgUnsatisfiedToHub' : 'cfgUnsatisfiedToUnit')}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgCloseUnsatisfied')}>
            {profile.loop.closeUnsatisfiedAfterRounds === undefined
              ? t('cfgNotSet')
              : t('cfgRounds', { n: profile.loop.closeUnsatisfiedAfterRounds })}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgRevisitBeforeClose')}>
            {yesNo(profile.loop.revisitBeforeClose)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgComplexByLeader')}>
            {yesNo(profile.loop.complexDispatchByLeader)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgReviewForm')}>{yesNo(profile.loop.reviewFormRequired)}</Descriptions.Item>
        </Descriptions>
      </Section>

      <Card size="small" title={t('cfgClocks')} style={{ marginBottom: 16 }}>
        <Table<ClockRule>
          size="small"
          pagination={false}
          rowKey={(rule) => `${rule.milestone}|${(rule.kinds ?? []).join(',')}`}
          dataSource={profile.clocks}
          locale={{ emptyText: t('cfgNoClocks') }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('cfgMilestone'),
              width: 120,
              render: (_, rule) => <strong>{codeText(t, 'milestone', rule.milestone)}</strong>,
            },
            {
              title: t('cfgKinds'),
              width: 130,
              render: (_, rule) =>
                rule.kinds ? rule.kinds.map((k) => <Tag key={k}>{codeText(t, 'caseKind', k)}</Tag>) : t('cfgAllKinds'),
            },
            { title: t('cfgDuration'), width: 220, render: (_, rule) => durationCell(rule) },
            {
              title: t('cfgWarn'),
              width: 170,
              render: (_, rule) => (rule.warn ? say(warnPhrase(rule.warn)) : t('cfgNoWarn')),
            },
            {
              title: t('cfgCard'),
              width: 100,
              render: (_, rule) =>
                rule.card === 'yellow' ? <Tag color="gold">{t('yellowCard')}</Tag> : t('cfgNoCard'),
            },
            {
              title: t('cfgBasis'),
              render: (_, rule) => <Typography.Text type="secondary">{rule.note}</Typography.Text>,
            },
          ]}
        />
      </Card>

      <Section title={t('cfgCards')} note={profile.cards.note}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('cfgRedAfterYellow')}>
            {profile.cards.redAfterYellow ? say(durationPhrase(profile.cards.redAfterYellow)) : t('cfgNotSet')}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgYellowsToRed')}>
            {withInterview(count(profile.cards.consecutiveYellowsToRed), profile.cards.consecutiveYellowsInterview)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgRedsToLeader')}>
            {withInterview(count(profile.cards.consecutiveRedsToLeader), profile.cards.consecutiveRedsInterview)}
          </Descriptions.Item>
        </Descriptions>
      </Section>

      <Section title={t('cfgHandoffs')} note={profile.handoffs.note}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('cfgUnsatisfiedToDiscipline')}>
            {yesNo(profile.handoffs.unsatisfiedToDiscipline)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgRedCardTo')}>
            {profile.handoffs.redCardTo.length === 0
              ? t('cfgNobody')
              : profile.handoffs.redCardTo.map((to) => (
                  <Tag key={to}>{to === 'leader' ? t('cfgToLeader') : t('cfgToDiscipline')}</Tag>
                ))}
          </Descriptions.Item>
        </Descriptions>
      </Section>

      <Section title={t('cfgHotspots')} note={profile.hotspots?.note ?? t('cfgHotspotsDefault')}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('cfgHotspotWindow')}>
            {t('cfgHotspotWindowDays', { n: hotspot.windowDays })}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgHotspotMinCases')}>
            {t('cfgHotspotCases', { n: hotspot.minCases })}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgHotspotSimilarity')}>
            {`${Math.round(hotspot.similarity * 100)}%`}
          </Descriptions.Item>
        </Descriptions>
      </Section>

      <Section title={t('cfgReports')} note={`${profile.reports.ranking.note} ${profile.reports.note}`}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('cfgRankingRule')}>{ruleText(profile.reports.ranking, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('cfgRankingCadence')}>
            {CADENCE_LABELS[profile.reports.ranking.cadence][lang === 'en-US' ? 'en' : 'zh']}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgRankingSubjects')}>
            {profile.reports.ranking.subjects.map((s) => (
              <Tag key={s}>{s === 'liaison' ? t('rankLiaisons') : t('rankUnits')}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('cfgNotices')}>
            {profile.reports.notices.map((c) => CADENCE_LABELS[c][lang === 'en-US' ? 'en' : 'zh']).join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Section>

      <Section title={t('cfgDiscipline')} note={profile.discipline.note}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('cfgReadsRedCards')}>{yesNo(profile.discipline.readsRedCards)}</Descriptions.Item>
          <Descriptions.Item label={t('cfgReadsUnsatisfied')}>
            {yesNo(profile.discipline.readsUnsatisfied)}
          </Descriptions.Item>
        </Descriptions>
      </Section>
    </div>
  );
}
