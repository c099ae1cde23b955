import { describe, expect, it } from 'vitest';
import { canRevoke, open311Endpoint, open311ServicesUrl } from './open311-clients';

describe('the Open311 endpoint shown to client developers', () => {
  it('is the console’s origin with /open311/v2, whatever slashes the origin ends with', () => {
    expect(open311Endpoint('https://qisu.kh.gov.cn')).toBe('https://qisu.kh.gov.cn/open311/v2');
    expect(open311Endpoint('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/open311/v2');
  });

  it('names the jurisdiction in the first call', () => {
    expect(open311ServicesUrl('http://localhost:3000', 'kh')).toBe(
      'http://localhost:3000/open311/v2/services.json?jurisdiction_id=kh',
    );
  });

  it('offers revoking only for an active client', () => {
    expect(canRevoke({ active: true })).toBe(true);
    expect(canRevoke({ active: false })).toBe(false);
  });
});
