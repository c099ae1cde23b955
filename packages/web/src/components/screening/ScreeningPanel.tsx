import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Skeleton,
  Space,
  Tabs,
  TreeSelect,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import type { CategoryOption, UnitOption } from '../../api/reference';
import { isHandlingUnit, useReference } from '../../api/reference';
import type { CaseView } from '../../api/models';
import { codeText, useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import type {
  CaseSuggestions,
  CategorySuggestion,
  LearnedRouting,
  RoutingSuggestion,
  ScreeningAction,
  SimilarCases,
} from '../../lib/screening';
import { applySuggestion, MERGEABLE_TARGETS, screeningBody } from '../../lib/screening';
import { StatusTag } from '../StatusTag';
import { categoryTree } from '../worklist/WorklistFilters';
import { PolicyPassages } from './PolicyPassages';
import { SimilarOpenCard, SimilarSolvedCard } from './SimilarCasesCards';
import { CategoryHintCard, RoutingCard } from './SuggestionCards';

interface Props {
  caseId: string;
  /** Called once the case has left screening (dispatched, answered, rejected or merged). */
  onDone: () => void;
}

/**
 * One case under screening: its content and enterprise, the suggested category and units (the
 * routing catalogue's, then what past dispatches teach), likely duplicates and the enterprise's
 * other open cases (to merge into), similar solved cases, policy passages for an answer, and
 * the four outcomes.
 */
export function ScreeningPanel({ caseId, onDone }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<RoutingSuggestion | null | 'none'>(null);
  const [categoryHint, setCategoryHint] = useState<CategorySuggestion | null | undefined>(undefined);
  const [learned, setLearned] = useState<LearnedRouting | null | undefined>(undefined);
  const [similar, setSimilar] = useState<SimilarCases | null>(null);
  const [action, setAction] = useState<ScreeningAction>('dispatch');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Record<string, unknown>>();
  const units = useReference<UnitOption>('/api/v1/units').filter(isHandlingUnit);
  const categories = useReference<CategoryOption>('/api/v1/categories');
  const en = lang === 'en-US';

  const load = useCallback(() => {
    setView(null);
    setError(null);
    setSuggestion(null);
    setCategoryHint(undefined);
    setLearned(undefined);
    setSimilar(null);
    form.resetFields();
    api<CaseView>(`/api/v1/cases/${caseId}`).then(
      (v) => {
        setView(v);
        form.setFieldsValue({ categoryId: v.category?.id, complexity: v.complexity ?? undefined });
        api<CaseSuggestions>(`/api/v1/cases/${v.id}/suggestions`).then(
          (s) => {
            setCategoryHint(s.category);
            setSuggestion(s.routing);
            setLearned(s.learned);
          },
          () => {
            setCategoryHint(null);
            setSuggestion('none');
            setLearned(null);
          },
        );
        api<SimilarCases>(`/api/v1/cases/${v.id}/similar`).then(setSimilar, () =>
          setSimilar({ open: [], solved: [], thresholds: { duplicate: 0, similar: 0 } }),
        );
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [caseId, form]);
  useEffect(load, [load]);

  const submit = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api(`/api/v1/cases/${caseId}/${action}`, { method: 'POST', body: screeningBody(action, values) });
      void message.success(t('done'));
      onDone();
    } catch (e) {
      const field = e instanceof ApiError ? e.body['field'] : undefined;
      if (e instanceof ApiError && typeof field === 'string' && form.getFieldInstance(field)) {
        form.setFields([{ name: field, errors: [e.message] }]);
      } else void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={`${t('loadFailed')}: ${error}`}
        action={<Button onClick={load}>{t('retry')}</Button>}
      />
    );
  }
  if (!view) return <Skeleton active />;

  const unitOptions = units.map((u) => ({ value: u.id, label: u.name }));
  const mergeTargets = (similar?.open ?? []).filter((c) => MERGEABLE_TARGETS.includes(c.status));
  const applyRouting = (routing: RoutingSuggestion) => {
    setAction('dispatch');
    form.setFieldsValue(applySuggestion(form.getFieldsValue(), routing));
  };
  /** Opens the answer form with the text, after what the hub has already written there. */
  const applyAnswer = (text: string) => {
    setAction('answer');
    const current = form.getFieldValue('text') as unknown;
    const written = typeof current === 'string' ? current.trim() : '';
    form.setFieldsValue({ text: written && !written.includes(text) ? `${written}\n${text}` : text });
  };
  const fields: Record<ScreeningAction, React.ReactNode> = {
    dispatch: (
      <>
        <Form.Item name="categoryId" label={t('category')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={categoryTree(categories, en)}
            treeDefaultExpandAll
          />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('leadUnit')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={unitOptions} />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('coUnits')}>
          <Select mode="multiple" showSearch optionFilterProp="label" options={unitOptions} />
        </Form.Item>
        <Form.Item name="complexity" label={t('complexity')}>
          <Radio.Group
            options={['simple', 'general', 'complex'].map((c) => ({
              value: c,
              label: codeText(t, 'complexity', c),
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('scrNote')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </>
    ),
    answer: (
      <Form.Item
        name="text"
        label={t('scrAnswerText')}
        rules={[{ required: true, whitespace: true, message: t('required') }]}
      >
        <Input.TextArea rows={5} maxLength={20000} showCount />
      </Form.Item>
    ),
    reject: (
      <Form.Item
        name="reason"
        label={t('scrRejectReason')}
        rules={[{ required: true, whitespace: true, message: t('required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Form.Item>
    ),
    merge: (
      <Form.Item name="intoCaseId" label={t('scrMergeInto')} rules={[{ required: true, message: t('required') }]}>
        <Select
          notFoundContent={t('scrNoRelated')}
          options={mergeTargets.map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }))}
        />
      </Form.Item>
    ),
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            <Link to={`/cases/${view.id}`}>{view.number}</Link>
            <StatusTag status={view.status} />
          </Space>
        }
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {view.title}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{view.content}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('enterprise')}>
            {view.enterprise ? `${view.enterprise.name}（${view.enterprise.uscc}）` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('contact')}>
            {[view.contactName, view.contactMobile].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('kind')}>{codeText(t, 'caseKind', view.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('channel')}>{codeText(t, 'channel', view.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('category')}>{view.category?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('createdAt')}>{shanghaiTime(view.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <CategoryHintCard
        hint={categoryHint}
        onUse={(categoryId) => {
          setAction('dispatch');
          form.setFieldsValue({ categoryId });
        }}
      />
      <RoutingCard catalogue={suggestion} learned={learned} onUse={applyRouting} />
      <SimilarOpenCard
        similar={similar}
        onMerge={(intoCaseId) => {
          setAction('merge');
          form.setFieldsValue({ intoCaseId });
        }}
      />
      <SimilarSolvedCard similar={similar} onUseAnswer={applyAnswer} />
      <Card size="small" data-testid="policy-passages">
        <PolicyPassages caseId={view.id} onUse={applyAnswer} />
      </Card>
      <Card size="small" title={t('scrDecide')}>
        <Tabs
          activeKey={action}
          onChange={(k) => setAction(k as ScreeningAction)}
          items={(['dispatch', 'answer', 'reject', 'merge'] as const).map((a) => ({ key: a, label: t(`scrTab_${a}`) }))}
        />
        <Form form={form} layout="vertical" preserve>
          {fields[action]}
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid={`screen-${action}`}>
            {t(`scrTab_${action}`)}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
