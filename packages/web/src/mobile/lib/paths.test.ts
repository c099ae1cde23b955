import { describe, expect, it } from 'vitest';
import { entryUrl, isMobilePath, loginPath, safeNext } from './paths';

describe('isMobilePath', () => {
  it('takes /m and everything below /m/, nothing else', () => {
    expect(isMobilePath('/m')).toBe(true);
    expect(isMobilePath('/m/')).toBe(true);
    expect(isMobilePath('/m/j/kh')).toBe(true);
    expect(isMobilePath('/m/cases/1')).toBe(true);
    expect(isMobilePath('/')).toBe(false);
    expect(isMobilePath('/me')).toBe(false);
    expect(isMobilePath('/mobile')).toBe(false);
    expect(isMobilePath('/cases/m/1')).toBe(false);
  });
});

describe('safeNext', () => {
  it('follows a path inside the mobile area, with its query', () => {
    expect(safeNext('/m/new')).toBe('/m/new');
    expect(safeNext('/m/cases/abc?x=1')).toBe('/m/cases/abc?x=1');
  });

  it('lands on my demands for anything else', () => {
    expect(safeNext(null)).toBe('/m');
    expect(safeNext('')).toBe('/m');
    expect(safeNext('//evil.example/m/new')).toBe('/m');
    expect(safeNext('https://evil.example/m')).toBe('/m');
    expect(safeNext('/\\evil.example')).toBe('/m');
    expect(safeNext('/cases')).toBe('/m');
    expect(safeNext('/m/login?next=/m/new')).toBe('/m');
    expect(safeNext('/mx')).toBe('/m');
  });

  it('survives the round trip through loginPath', () => {
    const url = new URL(loginPath('/m/cases/abc?tab=1'), 'https://qisu.example');
    expect(url.pathname).toBe('/m/login');
    expect(safeNext(url.searchParams.get('next'))).toBe('/m/cases/abc?tab=1');
  });
});

describe('entryUrl', () => {
  it('points at the jurisdiction’s entry page on the serving origin', () => {
    expect(entryUrl('https://qisu.example', 'kh')).toBe('https://qisu.example/m/j/kh');
    expect(entryUrl('http://127.0.0.1:3000/', 'jhj')).toBe('http://127.0.0.1:3000/m/j/jhj');
    expect(entryUrl('https://x.example', 'a b')).toBe('https://x.example/m/j/a%20b');
  });
});
