import { Form, Select } from 'antd';
import type { Complexity } from '@qisu/core';
import { resolveLimitChoices } from '@qisu/core';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ProfileDocument } from '../api/models';
import { useI18n } from '../i18n/i18n';
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
 * The resolve limit, chosen within the profile's range where the seed gives one (涪城 "5-15 个
 * 工作日"): a list of every whole day of the range for the complexity chosen in the same form.
 * Left empty, the case runs to the range's upper bound. Where the limit is fixed there is nothing
 * to choose and the field is not shown.
 */
export function DispatchLimitField({ profile, kind }: Props) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const complexity = (Form.useWatch('complexity', form) as Complexity | undefined) ?? null;
  const { spec, choices } = profile ? resolveLimitChoices(profile, complexity, kind) : { spec: null, choices: [] };
  const offered = choices.join(',');
  useEffect(() => {
    const chosen = form.getFieldValue('limit') as string | undefined;
    if (chosen && !offered.split(',').includes(chosen)) form.setFieldValue('limit', undefined);
  }, [form, offered]);
  if (!spec || choices.length === 0) return null;
  const phrase = (s: string) => {
    const p = durationPhrase(s);
    return t(p.key, p.params);
  };
  return (
    <Form.Item name="limit" label={t('dispatchLimit')} extra={t('dispatchLimitHint', { range: phrase(spec) })}>
      <Select
        allowClear
        data-testid="dispatch-limit"
        placeholder={phrase(choices[choices.length - 1] ?? spec)}
        options={choices.map((c) => ({ value: c, label: phrase(c) }))}
      />
    </Form.Item>
  );
}
