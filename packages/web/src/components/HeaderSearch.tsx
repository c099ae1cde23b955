import { Input } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem } from '../api/models';
import { useI18n } from '../i18n/i18n';
import { exactNumberMatch } from '../lib/worklist';

/** The search box's width at rest, and while the user types in it (px). */
export const HEADER_SEARCH_WIDTH = { rest: 120, open: 240 } as const;

/**
 * The console header's search: a case number opens that case at once (staff read numbers off
 * the phone or a paper slip); anything else, or a number that does not match exactly one case,
 * opens the worklist searching for it. The server's scope applies, so a number outside the
 * user's cases finds nothing.
 *
 * It stays narrow so that the menu keeps every entry at 1366 px, saying only what it is for, and
 * widens while it has the focus, over its neighbours to the left (anchored at its right edge, so
 * neither the menu nor its own button moves), with the fuller hint.
 */
export function HeaderSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [value, setValue] = useState('');
  const [open, setOpen] = useState(false);

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
    <div
      style={{ position: 'relative', width: HEADER_SEARCH_WIDTH.rest, height: 32 }}
      onFocus={() => setOpen(true)}
      onBlur={(e) => {
        // Moving to its own button keeps it open.
        if (!e.currentTarget.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <Input.Search
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onSearch={(v) => void search(v)}
        loading={busy}
        placeholder={open ? t('hdrSearch') : t('hdrSearchShort')}
        aria-label={t('hdrSearchLabel')}
        style={{
          position: 'absolute',
          top: 0,
          right: 0,
          zIndex: open ? 2 : undefined,
          width: open ? HEADER_SEARCH_WIDTH.open : HEADER_SEARCH_WIDTH.rest,
          transition: 'width 0.2s',
        }}
        data-testid="header-search"
      />
    </div>
  );
}
