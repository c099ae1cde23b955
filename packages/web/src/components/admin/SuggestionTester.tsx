import { Alert, Button, Card, Descriptions, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { AdminCategory, AdminRegion, RoutingSuggestion } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { COMPLEXITY_KEYS } from '../../lib/admin-labels';
import { errorText } from '../../lib/form-errors';
import { categoryOptions } from '../../lib/routing';

interface Props {
  categories: AdminCategory[];
  regions: AdminRegion[];
}

/**
 * Asks the catalogue what it would suggest for a category and a region — the same answer the
 * screening screen gets — so whoever keeps the catalogue can see the effect of a rule.
 */
export function SuggestionTester({ categories, regions }: Props) {
  const { t, lang } = useI18n();
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [result, setResult] = useState<RoutingSuggestion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = () => {
    setBusy(true);
    setError(null);
    const query = new URLSearchParams({
      ...(categoryId ? { categoryId } : {}),
      ...(regionCode ? { regionCode } : {}),
    });
    api<RoutingSuggestion>(`/api/v1/routing-rules/suggest?${query.toString()}`)
      .then(setResult, (e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  return (
    <Card size="small" title={t('admTryTitle')} style={{ marginBottom: 16 }}>
      <Space wrap>
        <Select
          style={{ width: 240 }}
          allowClear
          aria-label={t('admCategory')}
          placeholder={t('admAnyCategory')}
          value={categoryId}
          onChange={(v: string | undefined) => setCategoryId(v)}
          showSearch={{ optionFilterProp: 'label' }}
          options={categoryOptions(categories, lang === 'en-US')}
        />
        <Select
          style={{ width: 220 }}
          allowClear
          aria-label={t('admUnitRegion')}
          placeholder={t('admAnyRegion')}
          value={regionCode}
          onChange={(v: string | undefined) => setRegionCode(v)}
          showSearch={{ optionFilterProp: 'label' }}
          options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
        />
        <Button onClick={ask} loading={busy}>
          {t('admTry')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && !error && (
        <div role="status" style={{ marginTop: 12 }}>
          {result.leadUnit ? (
            <Descriptions
              size="small"
              column={1}
              bordered
              items={[
                { key: 'lead', label: t('admLeadUnit'), children: result.leadUnit.name },
                {
                  key: 'co',
                  label: t('admCoUnits'),
                  children: result.coUnits.length > 0 ? result.coUnits.map((u) => <Tag key={u.id}>{u.name}</Tag>) : '—',
                },
                {
                  key: 'complexity',
                  label: t('admComplexity'),
                  children: result.complexity ? t(COMPLEXITY_KEYS[result.complexity]) : t('admComplexityNone'),
                },
                {
                  key: 'reason',
                  label: t('admReason'),
                  children: lang === 'en-US' ? result.reason.en : result.reason.zh,
                },
              ]}
            />
          ) : (
            <Alert type="info" showIcon title={lang === 'en-US' ? result.reason.en : result.reason.zh} />
          )}
        </div>
      )}
    </Card>
  );
}
