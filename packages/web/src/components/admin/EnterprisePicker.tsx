import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { LedgerEnterprise } from '../../api/models';
import { useI18n } from '../../i18n/i18n';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
}

/**
 * Picks one enterprise of the ledger by typing part of its name or USCC; the server searches
 * (the ledger may hold thousands), a moment after the last key. The chosen one keeps its name.
 */
export function EnterprisePicker({ id, value, onChange }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    const ticket = ++latest.current;
    timer.current = setTimeout(() => {
      setLoading(true);
      const query = new URLSearchParams({ pageSize: '20', ...(q.trim() ? { q: q.trim() } : {}) });
      api<{ items: LedgerEnterprise[] }>(`/api/v1/enterprises?${query.toString()}`)
        .then(
          (page) => {
            if (ticket === latest.current) setOptions(page.items.map((e) => ({ value: e.id, label: e.name })));
          },
          () => ticket === latest.current && setOptions([]),
        )
        .finally(() => ticket === latest.current && setLoading(false));
    }, 300);
  };

  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    let live = true;
    api<LedgerEnterprise>(`/api/v1/enterprises/${value}`).then(
      (e) => live && setOptions((list) => [{ value: e.id, label: e.name }, ...list]),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [value, options]);
  useEffect(
    () => () => {
      if (timer.current !== undefined) clearTimeout(timer.current);
    },
    [],
  );

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      allowClear
      loading={loading}
      placeholder={t('admEnterprisePick')}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => open && options.length === 0 && search('')}
      options={options}
      notFoundContent={t('admEmpty')}
    />
  );
}
