import { Form, Select, Typography } from 'antd';
import type { Complexity } from '@qisu/core';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ProfileDocument } from '../api/models';
import { useI18n } from '../i18n/i18n';
import { limitOffer } from '../lib/dispatch-limit';
import { durationPhrase } from '../lib/durations';

/** The part of the profile that says which resolve limits the hub may choose. */
export type LimitProfile = Pick<ProfileDocument, 'clocks'>;

/** The jurisdiction's profile, once per mount, or null while it loads or when the role may not read it. */
export function useLimitProfile(): LimitProfile | null {
  const [profile, setProfile] = useState<LimitProfile | null>(null);
  useEffect(() => {
    let live = true;
    api<LimitProfile>('/api/v1/profile').then(
      (p) => live && setProfile(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return profile;
}

interface Props {
  profile: LimitProfile | null;
  /** The case's kind: clock rules may apply to some kinds only. */
  kind: string;
}

/**
 * The resolve limit (办结时限) of the dispatch form, for the complexity chosen in the same form
 * (`limitOffer`): where the seed gives a range (涪城 "5-15 个工作日") a list of every whole day
 * of it, left empty meaning its upper bound; where the limit is fixed, that limit in words on
 * one read-only line, and no `limit` in the form. A choice the new complexity does not offer is dropped.
 */
export function DispatchLimitField({ profile, kind }: Props) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const complexity = (Form.useWatch('complexity', form) as Complexity | undefined) ?? null;
  const offer = limitOffer(profile, complexity, kind);
  const offered = offer.mode === 'choose' ? offer.choices.join(',') : '';
  useEffect(() => {
    const chosen = form.getFieldValue('limit') as string | undefined;
    if (chosen && !offered.split(',').includes(chosen)) form.setFieldValue('limit', undefined);
  }, [form, offered]);
  const phrase = (s: string) => {
    const p = durationPhrase(s);
    return t(p.key, p.params);
  };
  switch (offer.mode) {
    case 'none':
      return null;
    case 'fixed':
      return (
        <Typography.Paragraph style={{ marginBottom: 10 }}>
          {t('dispatchLimit')}：
          <Typography.Text data-testid="dispatch-limit-fixed">{phrase(offer.limit)}</Typography.Text>
          <Typography.Text type="secondary">（{t('dispatchLimitFixed')}）</Typography.Text>
        </Typography.Paragraph>
      );
    case 'choose':
      return (
        <Form.Item
          name="limit"
          label={t('dispatchLimit')}
          extra={t('dispatchLimitHint', { range: phrase(offer.range) })}
        >
          <Select
            allowClear
            data-testid="dispatch-limit"
            placeholder={phrase(offer.fallback)}
            options={offer.choices.map((c) => ({ value: c, label: phrase(c) }))}
          />
        </Form.Item>
      );
  }
}
