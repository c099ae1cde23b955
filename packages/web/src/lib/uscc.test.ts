import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UsccCheckResult } from '../api/models';
import type { UsccFeedback } from './uscc';
import { createUsccChecker, localUsccProblem, normalizeUscc } from './uscc';

// A code with a correct check character (GB 32100-2015), as the server would accept it.
const VALID = '913308240000000019';

describe('normalizeUscc and localUsccProblem', () => {
  it('drops spaces and upper-cases what is typed', () => {
    expect(normalizeUscc(' 9133 0824ab ')).toBe('91330824AB');
  });

  it('catches the wrong length and characters outside the alphabet, and nothing else', () => {
    expect(localUsccProblem('9133082400000000')).toBe('length');
    expect(localUsccProblem('91330824000000001X0')).toBe('length');
    expect(localUsccProblem('91330824OOOOOOOOOO')).toBe('characters'); // O is not in the alphabet
    expect(localUsccProblem('91ABCDEF000000001X')).toBe('characters'); // positions 3–8 are digits
    expect(localUsccProblem('91330824000000001Y')).toBeNull(); // the check character is the server's to judge
  });
});

describe('createUsccChecker', () => {
  let seen: UsccFeedback[];
  beforeEach(() => {
    vi.useFakeTimers();
    seen = [];
  });
  afterEach(() => vi.useRealTimers());

  const deferred = () => {
    let resolve!: (value: UsccCheckResult) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<UsccCheckResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };

  it('answers local problems at once without asking the server', () => {
    const check = vi.fn();
    const checker = createUsccChecker(check, (f) => seen.push(f));
    checker.input('9133');
    checker.input('');
    vi.advanceTimersByTime(1000);
    expect(check).not.toHaveBeenCalled();
    expect(seen).toEqual([{ state: 'invalid', normalized: '9133', problem: 'length' }, { state: 'empty' }]);
  });

  it('asks the server once after a quiet spell, with the normalised code', async () => {
    const check = vi.fn(() => Promise.resolve<UsccCheckResult>({ valid: true, normalized: VALID }));
    const checker = createUsccChecker(check, (f) => seen.push(f), 300);
    checker.input(VALID.slice(0, 17) + '8');
    checker.input(VALID.toLowerCase());
    vi.advanceTimersByTime(299);
    expect(check).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await vi.runAllTimersAsync();
    expect(check).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenCalledWith(VALID);
    expect(seen.at(-1)).toEqual({ state: 'valid', normalized: VALID });
    expect(seen.filter((f) => f.state === 'checking')).toHaveLength(2);
  });

  it('reports the server’s verdict: a wrong check character, or the enterprise already registered', async () => {
    const answers: UsccCheckResult[] = [
      { valid: false, normalized: VALID, problem: { code: 'check', zh: '校验位错误', en: 'wrong check character' } },
      { valid: true, normalized: VALID, existing: { id: 'e1', name: '某某有限公司' } },
    ];
    const checker = createUsccChecker(
      () => Promise.resolve(answers.shift()!),
      (f) => seen.push(f),
    );
    checker.input(VALID);
    await vi.runAllTimersAsync();
    expect(seen.at(-1)).toEqual({ state: 'invalid', normalized: VALID, problem: 'check' });
    checker.input(VALID);
    await vi.runAllTimersAsync();
    expect(seen.at(-1)).toEqual({ state: 'valid', normalized: VALID, existing: { id: 'e1', name: '某某有限公司' } });
  });

  it('reports a code taken outside the caller’s ledger without a name', async () => {
    const checker = createUsccChecker(
      () => Promise.resolve({ valid: true, normalized: VALID, taken: true as const }),
      (f) => seen.push(f),
    );
    checker.input(VALID);
    await vi.runAllTimersAsync();
    expect(seen.at(-1)).toEqual({ state: 'valid', normalized: VALID, taken: true });
  });

  it('drops an answer that arrives after the code changed', async () => {
    const slow = deferred();
    const check = vi.fn().mockReturnValueOnce(slow.promise);
    const checker = createUsccChecker(check, (f) => seen.push(f));
    checker.input(VALID);
    await vi.advanceTimersByTimeAsync(300);
    expect(check).toHaveBeenCalledTimes(1);
    checker.input('91');
    slow.resolve({ valid: true, normalized: VALID, existing: { id: 'e1', name: '旧答复' } });
    await vi.runAllTimersAsync();
    expect(seen.at(-1)).toEqual({ state: 'invalid', normalized: '91', problem: 'length' });
    expect(seen.some((f) => f.state === 'valid')).toBe(false);
  });

  it('says when the server cannot be asked, and stays silent once cancelled', async () => {
    const checker = createUsccChecker(
      () => Promise.reject(new Error('无法连接服务器')),
      (f) => seen.push(f),
    );
    checker.input(VALID);
    await vi.runAllTimersAsync();
    expect(seen.at(-1)).toEqual({ state: 'failed', normalized: VALID, message: '无法连接服务器' });
    const count = seen.length;
    const check = vi.fn(() => Promise.resolve<UsccCheckResult>({ valid: true }));
    const quiet = createUsccChecker(check, (f) => seen.push(f));
    quiet.input(VALID);
    quiet.cancel();
    await vi.runAllTimersAsync();
    expect(check).not.toHaveBeenCalled();
    expect(seen.length).toBe(count + 1); // only the immediate "checking"
  });
});
