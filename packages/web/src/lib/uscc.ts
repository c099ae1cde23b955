import type { UsccCheckResult } from '../api/models';

/**
 * Checking a 统一社会信用代码 while it is typed. The console cannot import the core's GB 32100
 * validator (the web package does not depend on `@qisu/core`), so it checks the length and the
 * alphabet at once, locally, and asks the server (`check-uscc`) for the check character and for
 * an enterprise already registered with the code — debounced, and ignoring stale answers.
 */

/** Spaces dropped, upper case: the form the server stores. */
export function normalizeUscc(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** Why a code is invalid: the codes the server's check-uscc answers. */
export type UsccProblemCode = 'length' | 'characters' | 'check';

/** What can be said without the server: wrong length or characters outside the alphabet. */
export function localUsccProblem(normalized: string): Exclude<UsccProblemCode, 'check'> | null {
  if (normalized.length !== 18) return 'length';
  return SHAPE.test(normalized) ? null : 'characters';
}

/** The state the USCC field shows. */
export type UsccFeedback =
  | { state: 'empty' }
  | { state: 'checking'; normalized: string }
  | { state: 'invalid'; normalized: string; problem: UsccProblemCode }
  | {
      state: 'valid';
      normalized: string;
      existing?: { id: string; name: string };
      /** Registered to an enterprise the caller may not see (outside a liaison's ledger). */
      taken?: true;
    }
  | { state: 'failed'; normalized: string; message: string };

/** The as-you-type checker of one field. */
export interface UsccChecker {
  /** Call on every change of the field. */
  input(value: string): void;
  /** Stops a pending check and drops any answer still on its way (unmount). */
  cancel(): void;
}

/**
 * Builds the as-you-type checker. Local problems are reported at once and never reach the
 * server; a well-formed code is reported as `checking` and sent after `delayMs` of quiet. Only
 * the answer to the latest input is reported.
 */
export function createUsccChecker(
  check: (normalized: string) => Promise<UsccCheckResult>,
  report: (feedback: UsccFeedback) => void,
  delayMs = 300,
): UsccChecker {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    input(value) {
      stop();
      const ticket = ++latest;
      const normalized = normalizeUscc(value);
      if (normalized === '') return report({ state: 'empty' });
      const local = localUsccProblem(normalized);
      if (local) return report({ state: 'invalid', normalized, problem: local });
      report({ state: 'checking', normalized });
      timer = setTimeout(() => {
        timer = undefined;
        check(normalized).then(
          (result) => {
            if (ticket !== latest) return;
            if (!result.valid) report({ state: 'invalid', normalized, problem: result.problem?.code ?? 'check' });
            else
              report({
                state: 'valid',
                normalized,
                ...(result.existing ? { existing: result.existing } : {}),
                ...(result.taken ? { taken: true as const } : {}),
              });
          },
          (error: unknown) => {
            if (ticket !== latest) return;
            report({ state: 'failed', normalized, message: error instanceof Error ? error.message : String(error) });
          },
        );
      }, delayMs);
    },
    cancel() {
      stop();
      latest++;
    },
  };
}
