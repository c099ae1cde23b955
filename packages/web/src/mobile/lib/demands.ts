/**
 * What an enterprise may have to do about one of its cases, read from the status alone (the
 * list does not carry the allowed commands; the case page checks them again): a replied case
 * waits for its rating; an answered or rejected one may be appealed.
 */
export type PendingAction = 'rate' | 'appeal';

/** The action a case in this status waits for from its enterprise, or null. */
export function pendingAction(status: string): PendingAction | null {
  switch (status) {
    case 'replied':
      return 'rate';
    case 'answered':
    case 'rejected':
      return 'appeal';
    default:
      return null;
  }
}

/** Whether another page of the list exists on the server. */
export function hasMore(loaded: number, total: number): boolean {
  return loaded < total;
}

/**
 * Appends a freshly loaded page to what is shown, dropping cases already shown (a case filed
 * between two loads shifts the server's pages by one).
 */
export function appendPage<T extends { id: string }>(shown: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(shown.map((c) => c.id));
  return [...shown, ...page.filter((c) => !seen.has(c.id))];
}
