import { Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem } from '../api/models';
import { useI18n } from '../i18n/i18n';
import { exactNumberMatch } from '../lib/worklist';

/**
 * The console header's search: a case number opens that case at once (staff read numbers off
 * the phone or a paper slip); anything else, or a number that does not match exactly one case,
 * opens the worklist searching for it. The server's scope applies, so a number outside the
 * user's cases finds nothing.
 */
export function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [value, setValue] = useState('');

  const search = async (typed: string) => {
    const q = typed.trim();
    if (!q) return;
    setBusy(true);
    try {
      const found = await api<{ items: CaseListItem[] }>(
        `/api/v1/cases?${new URLSearchParams({ q, pageSize: '20' }).toString()}`,
      );
      const hit = exactNumberMatch(found.items, q);
      if (hit) {
        setValue('');
        void navigate(`/cases/${hit.id}`);
        return;
      }
    } catch {
      // The worklist shows the error of the same search in its own place.
    } finally {
      setBusy(false);
    }
    void navigate(`/cases?${new URLSearchParams({ q }).toString()}`);
  };

  return (
    <Input.Search
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(v) => void search(v)}
      loading={busy}
      placeholder={t('hdrSearch')}
      aria-label={t('hdrSearchLabel')}
      allowClear
      style={{ width: 180, verticalAlign: 'middle' }}
      data-testid="header-search"
    />
  );
}
