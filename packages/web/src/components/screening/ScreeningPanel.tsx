import {
  Alert,
  App,
  Button,
  Card,
  ConfigProvider,
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
import type { CSSProperties } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import type { CategoryOption, UnitOption } from '../../api/reference';
import { isHandlingUnit, useReference } from '../../api/reference';
import type { CaseView } from '../../api/models';
import { codeText, useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import type {
  CaseSuggestions,
  HandledCase,
  RoutingSuggestion,
  ScreeningAction,
  SimilarCases,
} from '../../lib/screening';
import {
  applySuggestion,
  followSuggestion,
  MERGEABLE_TARGETS,
  SCREENING_ACTIONS,
  screeningBody,
} from '../../lib/screening';
import { AttachmentLinks } from '../AttachmentLinks';
import { AttachmentList } from '../AttachmentList';
import { DispatchLimitField, useLimitProfile } from '../DispatchLimitField';
import { StatusTag } from '../StatusTag';
import { categoryTree } from '../worklist/WorklistFilters';
import { FallbackAction, useFallbackUnit } from './FallbackAction';
import { PolicyPassages } from './PolicyPassages';
import { EnterpriseOpenCard, LibraryMatchesCard, SimilarOpenCard, SimilarSolvedCard } from './SimilarCasesCards';
import { CategorySuggestionHint, UnitSuggestionHint } from './SuggestionCards';

interface Props {
  caseId: string;
  /** Called once the case has left screening (dispatched, answered, rejected or merged), naming it. */
  onDone: (handled: HandledCase) => void;
  /**
   * Side by side, each column scrolling on its own inside the height it is given (a wide screen):
   * the case and what may relate to it | the decision with its suggestions. Else one column.
   */
  columns: boolean;
}

type RoutingAnswer = Omit<CaseSuggestions['routing'], 'basis'>;

/**
 * One case under screening, in two columns: the case (title, content, enterprise, attachments)
 * followed by likely duplicates of any enterprise, the enterprise's other open cases, similar
 * solved cases and policy passages; beside it the decision — four outcomes — whose dispatch form
 * starts from the suggested category and the routing catalogue's units for it, and re-asks the
 * catalogue when the hub picks another category.
 */
export function ScreeningPanel({ caseId, onDone, columns }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<CaseSuggestions | null | 'failed'>(null);
  const [routing, setRouting] = useState<RoutingSuggestion | null>(null);
  const [similar, setSimilar] = useState<SimilarCases | null>(null);
  const [action, setAction] = useState<ScreeningAction>('dispatch');
  const [busy, setBusy] = useState(false);
  const [prefilled, setPrefilled] = useState(false);
  const [form] = Form.useForm<Record<string, unknown>>();
  const categoryId = Form.useWatch('categoryId', form) as string | undefined;
  const leadUnitId = Form.useWatch('leadUnitId', form) as string | undefined;
  const units = useReference<UnitOption>('/api/v1/units').filter(isHandlingUnit);
  const categories = useReference<CategoryOption>('/api/v1/categories');
  const limitProfile = useLimitProfile();
  const fallbackUnit = useFallbackUnit();
  const en = lang === 'en-US';
  const routingAsked = useRef(0);

  const load = useCallback(() => {
    setView(null);
    setError(null);
    setSuggestions(null);
    setRouting(null);
    setSimilar(null);
    setPrefilled(false);
    form.resetFields();
    api<CaseView>(`/api/v1/cases/${caseId}`).then(
      (v) => {
        setView(v);
        form.setFieldsValue({ categoryId: v.category?.id, complexity: v.complexity ?? undefined });
        api<CaseSuggestions>(`/api/v1/cases/${v.id}/suggestions`).then(
          (s) => {
            setSuggestions(s);
            setRouting(s.routing);
            const start = s.suggestedCategory?.id ?? v.category?.id;
            form.setFieldsValue({ ...applySuggestion(form.getFieldsValue(), s.routing), categoryId: start });
            setPrefilled(Boolean(s.routing.leadUnit));
          },
          () => {
            setSuggestions('failed');
            setRouting({ leadUnit: null, coUnits: [], complexity: null, reason: { zh: '', en: '' } });
          },
        );
        api<SimilarCases>(`/api/v1/cases/${v.id}/similar`).then(setSimilar, () =>
          setSimilar({
            open: [],
            enterpriseOpen: [],
            solved: [],
            library: [],
            thresholds: { duplicate: 0, similar: 0, solved: 0 },
          }),
        );
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [caseId, form]);
  useEffect(load, [load]);

  /** The hub chose another category: the unit suggestion becomes that category's rule. */
  const categoryChanged = (next: string | undefined) => {
    if (!view || suggestions === null) return;
    const ask = ++routingAsked.current;
    const query = new URLSearchParams();
    if (next) query.set('categoryId', next);
    if (view.regionCode) query.set('regionCode', view.regionCode);
    const previous = routing;
    setRouting(null);
    api<RoutingAnswer>(`/api/v1/routing-rules/suggest?${query.toString()}`).then(
      (r) => {
        if (ask !== routingAsked.current) return;
        setRouting(r);
        form.setFieldsValue(followSuggestion(form.getFieldsValue(), previous, r));
      },
      () => {
        if (ask !== routingAsked.current) return;
        setRouting({ leadUnit: null, coUnits: [], complexity: null, reason: { zh: '', en: '' } });
      },
    );
  };

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
      const to =
        action === 'dispatch'
          ? (units.find((u) => u.id === values['leadUnitId'])?.name ?? null)
          : action === 'merge'
            ? (similar?.open.find((c) => c.id === values['intoCaseId'])?.number ?? null)
            : null;
      onDone({ id: caseId, number: view?.number ?? '', action, to });
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
  const useRouting = (suggestion: RoutingSuggestion) => {
    setAction('dispatch');
    form.setFieldsValue(applySuggestion(form.getFieldsValue(), suggestion));
  };
  /** Opens the answer form with the text, after what the hub has already written there. */
  const applyAnswer = (text: string) => {
    setAction('answer');
    const current = form.getFieldValue('text') as unknown;
    const written = typeof current === 'string' ? current.trim() : '';
    form.setFieldsValue({ text: written && !written.includes(text) ? `${written}\n${text}` : text });
  };
  const learned =
    suggestions && suggestions !== 'failed' ? suggestions.learned : suggestions === null ? undefined : null;
  const fields: Record<ScreeningAction, React.ReactNode> = {
    dispatch: (
      <>
        <Form.Item
          name="categoryId"
          label={t('category')}
          extra={
            <CategorySuggestionHint
              suggestions={suggestions}
              chosenId={categoryId}
              onUse={(id) => {
                form.setFieldsValue({ categoryId: id });
                categoryChanged(id);
              }}
            />
          }
        >
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={categoryTree(categories, en)}
            treeDefaultExpandAll
            onChange={(v: string | undefined) => categoryChanged(v)}
          />
        </Form.Item>
        <Form.Item
          name="leadUnitId"
          label={t('leadUnit')}
          rules={[{ required: true, message: t('required') }]}
          extra={
            <UnitSuggestionHint routing={routing} learned={learned} chosenLeadId={leadUnitId} onUse={useRouting} />
          }
        >
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
        <DispatchLimitField profile={limitProfile} kind={view?.kind ?? 'demand'} />
        <Form.Item name="note" label={t('scrNote')}>
          <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </>
    ),
    answer: (
      <Form.Item
        name="text"
        label={t('scrAnswerText')}
        rules={[{ required: true, whitespace: true, message: t('required') }]}
      >
        <Input.TextArea rows={8} maxLength={20000} showCount />
      </Form.Item>
    ),
    reject: (
      <Form.Item
        name="reason"
        label={t('scrRejectReason')}
        rules={[{ required: true, whitespace: true, message: t('required') }]}
      >
        <Input.TextArea rows={5} maxLength={2000} showCount />
      </Form.Item>
    ),
    merge: (
      <Form.Item
        name="intoCaseId"
        label={t('scrMergeInto')}
        extra={t('scrMergeHint')}
        rules={[{ required: true, message: t('required') }]}
      >
        <Select
          notFoundContent={t('scrNoRelated')}
          options={mergeTargets.map((c) => ({
            value: c.id,
            label: `${c.duplicate ? `【${t('scrDuplicate')}】` : ''}${c.number} ${c.title}`,
          }))}
        />
      </Form.Item>
    ),
    'hand-up': (
      <Form.Item
        name="handUpReason"
        label={t('field.hand-up.reason')}
        extra={t('scrHandUpHint')}
        rules={[{ required: true, whitespace: true, message: t('required') }]}
      >
        <Input.TextArea rows={4} maxLength={2000} />
      </Form.Item>
    ),
  };

  const scroll: CSSProperties = columns ? { overflowY: 'auto', minHeight: 0, height: '100%', paddingRight: 4 } : {};
  const caseColumn = (
    <div style={scroll} data-testid="screening-case-column">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card
          size="small"
          title={
            <Space wrap>
              <Link to={`/cases/${view.id}`}>{view.number}</Link>
              <StatusTag status={view.status} />
            </Space>
          }
          data-testid="screening-case"
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {view.title}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{view.content}</Typography.Paragraph>
          <Descriptions size="small" column={{ xs: 1, xl: 2 }} bordered>
            <Descriptions.Item label={t('enterprise')} span={2}>
              {view.enterprise ? `${view.enterprise.name}（${view.enterprise.uscc}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('contact')}>
              {[view.contactName, view.contactMobile].filter(Boolean).join(' ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('createdAt')}>{shanghaiTime(view.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('kind')}>{codeText(t, 'caseKind', view.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('channel')}>{codeText(t, 'channel', view.channel)}</Descriptions.Item>
            <Descriptions.Item label={t('category')} span={2}>
              {view.category?.name ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text strong style={{ display: 'block', marginTop: 12, marginBottom: 4 }}>
            {t('scrAttachments')}
          </Typography.Text>
          <AttachmentList caseId={view.id} canUpload={false} compact />
          <AttachmentLinks caseId={view.id} />
        </Card>
        <SimilarOpenCard
          similar={similar}
          onMerge={(intoCaseId) => {
            setAction('merge');
            form.setFieldsValue({ intoCaseId });
          }}
        />
        <EnterpriseOpenCard similar={similar} />
        <SimilarSolvedCard similar={similar} onUseAnswer={applyAnswer} />
        <LibraryMatchesCard similar={similar} onUseAnswer={applyAnswer} />
        <Card size="small" data-testid="policy-passages">
          <PolicyPassages caseId={view.id} onUse={applyAnswer} />
        </Card>
      </Space>
    </div>
  );
  const decisionColumn = (
    <div style={scroll} data-testid="screening-decision-column">
      <Card
        size="small"
        title={t('scrDecide')}
        data-testid="screening-decision"
        styles={{ body: { paddingTop: 0 } }}
        extra={
          fallbackUnit && view.allowedCommands.includes('dispatch') ? (
            <FallbackAction
              caseId={view.id}
              unit={fallbackUnit}
              complexity={form.getFieldValue('complexity') as string | undefined}
              onDone={() => onDone({ id: caseId, number: view.number, action: 'dispatch', to: fallbackUnit.name })}
            />
          ) : undefined
        }
      >
        <Tabs
          size="small"
          activeKey={action}
          onChange={(k) => setAction(k as ScreeningAction)}
          items={SCREENING_ACTIONS.filter((a) => a !== 'hand-up' || view.allowedCommands.includes('hand-up')).map(
            (a) => ({ key: a, label: t(`scrTab_${a}`) }),
          )}
        />
        {action === 'dispatch' && prefilled && (
          <Alert type="info" showIcon style={{ marginBottom: 8, padding: '2px 8px' }} title={t('scrPrefilled')} />
        )}
        {/* Tighter than the console's forms, so the whole decision fits beside the case on one screen. */}
        <ConfigProvider theme={{ components: { Form: { itemMarginBottom: 10, verticalLabelPadding: '0 0 2px' } } }}>
          <Form form={form} layout="vertical" preserve requiredMark={false}>
            {fields[action]}
            {/* The decision's button stays in sight at the foot of its column, however long the form. */}
            <div style={{ position: 'sticky', bottom: 0, background: '#fff', paddingBlock: 8, zIndex: 1 }}>
              <Button
                type="primary"
                block
                loading={busy}
                onClick={() => void submit()}
                data-testid={`screen-${action}`}
              >
                {t(`scrTab_${action}`)}
              </Button>
            </div>
          </Form>
        </ConfigProvider>
      </Card>
    </div>
  );
  if (!columns) {
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {caseColumn}
        {decisionColumn}
      </Space>
    );
  }
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 1fr) minmax(360px, 420px)',
        gridTemplateRows: 'minmax(0, 1fr)',
        gap: 12,
        height: '100%',
        minHeight: 0,
      }}
    >
      {caseColumn}
      {decisionColumn}
    </div>
  );
}
