import { COMPLEXITIES } from '@qisu/core';
import { App, Button, Popconfirm, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { getFallbackUnit } from '../../api/services';
import { codeText, useI18n } from '../../i18n/i18n';

/** The jurisdiction's 兜底办, asked once per page: null while unknown or where there is none. */
export function useFallbackUnit(): { id: string; name: string } | null {
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => {
    let live = true;
    getFallbackUnit().then(
      (u) => {
        if (live) setUnit(u);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return unit;
}

/**
 * 转兜底办 at the screening desk (seed 004 三(三)1): a small link in the decision's header that
 * asks the complexity in a pop-up and sends the case to the jurisdiction's 兜底办, whose limit
 * the profile gives for that complexity. Shown only where the jurisdiction has a 兜底办.
 */
export function FallbackAction(props: {
  caseId: string;
  unit: { id: string; name: string };
  complexity: string | undefined;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [complexity, setComplexity] = useState<string>(props.complexity ?? 'general');
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await api(`/api/v1/cases/${encodeURIComponent(props.caseId)}/fallback`, {
        method: 'POST',
        body: { complexity },
      });
      void message.success(t('scrFallbackTo', { unit: props.unit.name }));
      props.onDone();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm
      title={t('scrFallbackTo', { unit: props.unit.name })}
      description={
        <Space orientation="vertical" size={6} style={{ maxWidth: 300 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('scrFallbackHint', { unit: props.unit.name })}
          </Typography.Text>
          <Radio.Group
            value={complexity}
            onChange={(e) => setComplexity(String(e.target.value))}
            options={COMPLEXITIES.map((c) => ({ value: c, label: codeText(t, 'complexity', c) }))}
            data-testid="fallback-complexity"
          />
        </Space>
      }
      okText={t('scrFallback')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy }}
      onOpenChange={(open) => {
        if (open) setComplexity(props.complexity ?? 'general');
      }}
      onConfirm={() => void send()}
    >
      <Button type="link" size="small" style={{ paddingInline: 0 }} data-testid="screen-fallback">
        {t('scrFallback')}
      </Button>
    </Popconfirm>
  );
}
