import { ACTIVITY_KINDS } from '@qisu/core';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { ActivityPerson } from '../../api/activities';
import { useI18n } from '../../i18n/i18n';
import type { ActivityValues } from '../../lib/activity';
import { useLoad } from '../../lib/use-load';
import { ProblemList } from '../ProblemList';

interface EnterpriseOption {
  id: string;
  name: string;
}

interface CaseOption {
  id: string;
  number: string;
  title: string;
}

/** Enterprises searched by name in the caller's own scope (a liaison's ledger, the hub's jurisdiction). */
function EnterprisesPicker(props: {
  value?: string[];
  onChange?: (value: string[]) => void;
  onNames: (names: Map<string, string>) => void;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const list = useLoad<{ items: EnterpriseOption[] }>(
    `/api/v1/enterprises?pageSize=50${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  const options = (list.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }));
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      value={props.value}
      onChange={(ids: string[], picked) => {
        const names = new Map<string, string>();
        for (const o of [picked].flat()) if (o && 'value' in o) names.set(String(o.value), String(o.label));
        props.onNames(names);
        props.onChange?.(ids);
      }}
      loading={list.loading}
      placeholder={t('actPickEnterprises')}
      aria-label={t('actEnterprises')}
      options={options}
    />
  );
}

/** Cases the caller can see, searched by number or title. */
function CasesPicker(props: { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const list = useLoad<{ items: CaseOption[] }>(q ? `/api/v1/cases?pageSize=20&q=${encodeURIComponent(q)}` : null);
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      value={props.value}
      onChange={props.onChange}
      loading={list.loading}
      placeholder={t('actPickCases')}
      aria-label={t('actLinkCases')}
      options={(list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))}
    />
  );
}

/**
 * An activity (走访与活动): its kind, title, time and place, the leader and the attendees (staff of
 * the jurisdiction, or others named with their unit), the enterprises met, what was heard, the
 * problems raised — each becomes a case of the enterprise it concerns — and existing cases to link.
 */
export function ActivityForm(props: { form: FormInstance<ActivityValues>; people: readonly ActivityPerson[] }) {
  const { t } = useI18n();
  const required = [{ required: true, whitespace: true, message: t('required') }];
  const [enterpriseNames, setEnterpriseNames] = useState(new Map<string, string>());
  const met = Form.useWatch('enterpriseIds', props.form) ?? [];
  const people = useMemo(
    () =>
      props.people.map((p) => ({
        value: p.id,
        label: p.unitName ? `${p.name}（${p.unitName}）` : p.name,
      })),
    [props.people],
  );
  const leaders = useMemo(
    () => people.filter((_, i) => props.people[i]?.roles.some((r) => r === 'leader' || r === 'hub')),
    [people, props.people],
  );
  const metOptions = met.map((id) => ({ value: id, label: enterpriseNames.get(id) ?? id }));
  return (
    <Form
      form={props.form}
      layout="vertical"
      data-testid="activity-form"
      initialValues={{
        kind: 'visit',
        heldAt: dayjs(),
        attendeeUserIds: [],
        guests: [],
        enterpriseIds: [],
        problems: [],
        caseIds: [],
      }}
    >
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="kind" label={t('actKind')} rules={[{ required: true, message: t('required') }]}>
            <Select
              aria-label={t('actKind')}
              options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`actKind.${k}`) }))}
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="heldAt" label={t('actHeldAt')} rules={[{ required: true, message: t('required') }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
              aria-label={t('actHeldAt')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('actName')} rules={required}>
        <Input maxLength={200} aria-label={t('actName')} />
      </Form.Item>
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item name="place" label={t('actPlace')}>
            <Input maxLength={200} aria-label={t('actPlace')} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="ledBy" label={t('actLedBy')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              aria-label={t('actLedBy')}
              options={leaders}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="enterpriseIds" label={t('actEnterprises')}>
        <EnterprisesPicker onNames={(names) => setEnterpriseNames((old) => new Map([...old, ...names]))} />
      </Form.Item>
      <Form.Item name="attendeeUserIds" label={t('actAttendeeUsers')}>
        <Select
          mode="multiple"
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('actAttendeeUsers')}
          options={people}
        />
      </Form.Item>
      <Form.List name="guests">
        {(fields, { add, remove }) => (
          <Form.Item label={t('actGuests')} style={{ marginBottom: 12 }}>
            {fields.map((field, i) => (
              <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'name']} rules={required} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('actGuestName')} maxLength={100} aria-label={`${t('actGuestName')} ${i + 1}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'unit']} style={{ marginBottom: 8 }}>
                  <Input placeholder={t('actGuestUnit')} maxLength={100} aria-label={`${t('actGuestUnit')} ${i + 1}`} />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('actRemove')}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', unit: '' })}>
              {t('actAddGuest')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
      <Form.Item name="notes" label={t('actNotes')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={5000}
          placeholder={t('actNotesPlaceholder')}
          aria-label={t('actNotes')}
        />
      </Form.Item>
      <Typography.Text strong>{t('actProblems')}</Typography.Text>
      <div style={{ marginTop: 8, marginBottom: 16 }}>
        <ProblemList
          texts={{
            problemN: 'actProblemN',
            remove: 'actRemove',
            title: 'actProblemTitle',
            content: 'actProblemContent',
            add: 'actAddProblem',
            hint: 'actProblemsHint',
          }}
          after={(name, i) =>
            met.length > 1 && (
              <Form.Item
                name={[name, 'enterpriseId']}
                label={t('actProblemEnterprise')}
                rules={[{ required: true, message: t('required') }]}
                style={{ marginBottom: 0 }}
              >
                <Select aria-label={`${t('actProblemEnterprise')} ${i + 1}`} options={metOptions} />
              </Form.Item>
            )
          }
        />
      </div>
      <Form.Item name="caseIds" label={t('actLinkCases')}>
        <CasesPicker />
      </Form.Item>
    </Form>
  );
}
