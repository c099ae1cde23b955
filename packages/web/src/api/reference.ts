import { handlesCases } from '@qisu/core';
import { useEffect, useState } from 'react';
import { api } from './client';
import type { AdminCategory, AdminRegion, AdminUnit } from './models';

/** Units, categories and regions of the caller's jurisdiction, as the worklist's filters need them. */
export type UnitOption = Pick<AdminUnit, 'id' | 'name' | 'kind'>;
export type CategoryOption = Pick<AdminCategory, 'id' | 'name' | 'nameEn' | 'parentId'>;
export type RegionOption = AdminRegion;

/**
 * Loads a reference list once per mount; a failure leaves it empty (the filter then offers
 * nothing) rather than breaking the screen that uses it.
 */
export function useReference<T>(path: string | null): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (!path) return;
    let live = true;
    api<T[]>(path).then(
      (list) => live && setItems(list),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return items;
}

/** Units that handle cases (not the hub, the leadership or the discipline commission). */
export const isHandlingUnit = (u: UnitOption) => handlesCases(u.kind);
