import { SOLICITATION_METHOD_LABELS, SOLICITATION_METHODS } from '@qisu/core';
import type { SolicitationMethod } from '@qisu/core';
import { DatePicker, Form, Input, Radio, Select, Tag } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { NewSolicitation } from '../../api/solicitations';
import { useSession } from '../../auth/session';
import { ProblemList } from '../ProblemList';
import { useI18n } from '../../i18n/i18n';
import type { ProblemDraft } from '../../lib/solicitation';
import { problemsToSend } from '../../lib/solicitation';
import { useLoad } from '../../lib/use-load';

/** The fields of a round as the form holds them. */
export interface SolicitationValues {
  enterpriseId: string;
  method: SolicitationMethod;
  at?: Dayjs | null;
  note?: string;
  problems?: ProblemDraft[];
}

/** The body of `POST /api/v1/solicitations` from the form's values: blank problem rows are dropped. */
export function solicitationBody(values: SolicitationValues): NewSolicitation {
  const note = values.note?.trim();
  return {
    enterpriseId: values.enterpriseId,
    method: values.method,
    ...(values.at ? { at: values.at.toDate().toISOString() } : {}),
    ...(note ? { note } : {}),
    problems: problemsToSend(values.problems),
  };
}

interface LedgerEnterprise {
  id: string;
  name: string;
  liaisonUserId: string | null;
}

/**
 * The enterprises a round may name, searched by name or USCC: a liaison's own ledger only (the
 * server refuses any other), the hub's whole jurisdiction; those not solicited this week first,
 * marked.
 */
function EnterprisePicker(props: {
  value?: string;
  onChange?: (value: string) => void;
  missing: ReadonlySet<string>;
  size?: 'large' | 'middle';
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const list = useLoad<{ items: LedgerEnterprise[] }>(
    `/api/v1/enterprises?pageSize=100${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  const liaisonOnly = !!user && user.roles.includes('liaison') && !user.roles.includes('hub');
  const options = useMemo(() => {
    const items = (list.data?.items ?? []).filter((e) => !liaisonOnly || e.liaisonUserId === user?.id);
    return [...items]
      .sort((a, b) => Number(props.missing.has(b.id)) - Number(props.missing.has(a.id)))
      .map((e) => ({
        value: e.id,
        label: e.name,
        title: e.name,
        missing: props.missing.has(e.id),
      }));
  }, [list.data, liaisonOnly, user?.id, props.missing]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      value={props.value}
      onChange={props.onChange}
      loading={list.loading}
      size={props.size}
      placeholder={t('solPickEnterprise')}
      aria-label={t('solEnterprise')}
      options={options}
      optionRender={(o) => (
        <span>
          {o.label}
          {o.data.missing && (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              {t('solNotYet')}
            </Tag>
          )}
        </span>
      )}
    />
  );
}

/**
 * A solicitation round: the enterprise, how and when it was asked, what was said, and the problems
 * found — each becomes a case; none is "未发现问题". Shared by the console's drawer and the
 * liaison's phone page (`compact`: large controls, no time field — a round on the phone is now).
 */
export function SolicitationForm(props: {
  form: FormInstance<SolicitationValues>;
  missing: ReadonlySet<string>;
  initialEnterpriseId?: string;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const size = props.compact ? 'large' : 'middle';
  return (
    <Form
      form={props.form}
      layout="vertical"
      data-testid="solicitation-form"
      initialValues={{ method: 'visit', problems: [], enterpriseId: props.initialEnterpriseId }}
    >
      <Form.Item name="enterpriseId" label={t('solEnterprise')} rules={[{ required: true, message: t('required') }]}>
        <EnterprisePicker missing={props.missing} size={size} />
      </Form.Item>
      <Form.Item name="method" label={t('solMethod')} rules={[{ required: true, message: t('required') }]}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          size={size}
          options={SOLICITATION_METHODS.map((m) => ({
            value: m,
            label: SOLICITATION_METHOD_LABELS[m][lang === 'zh-CN' ? 'zh' : 'en'],
          }))}
        />
      </Form.Item>
      {!props.compact && (
        <Form.Item name="at" label={t('solAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('solAt')} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('solNote')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          placeholder={t('solNotePlaceholder')}
          aria-label={t('solNote')}
        />
      </Form.Item>
      <ProblemList
        size={size}
        texts={{
          problemN: 'solProblemN',
          remove: 'solRemoveProblem',
          title: 'solProblemTitle',
          content: 'solProblemContent',
          contentPlaceholder: 'solProblemContentPlaceholder',
          add: 'solAddProblem',
          hint: 'solProblemsHint',
        }}
      />
    </Form>
  );
}
