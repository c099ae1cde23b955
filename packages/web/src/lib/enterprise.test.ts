import { describe, expect, it } from 'vitest';
import { enterpriseBody } from './enterprise';

describe('enterpriseBody', () => {
  const draft = {
    uscc: '913308240000000019',
    name: ' 某某新材料有限公司 ',
    industryCode: 'c2929',
    industryName: '',
    scale: null,
    regionCode: '330824115',
    grid: '  ',
    liaisonUserId: undefined,
    contacts: [
      { name: '张三', mobile: '139 0000 1111', title: '' },
      { name: '', mobile: '' },
    ],
    notes: '扩产缺用地',
  };

  it('registers with what was filled in, the USCC included', () => {
    expect(enterpriseBody(draft, 'create', true)).toEqual({
      uscc: '913308240000000019',
      name: '某某新材料有限公司',
      aboveDesignatedSize: false,
      contacts: [{ name: '张三', mobile: '13900001111' }],
      industryCode: 'C2929',
      regionCode: '330824115',
      notes: '扩产缺用地',
    });
  });

  it('changes with cleared fields as null, never the USCC, and the liaison only when allowed', () => {
    const hub = enterpriseBody(draft, 'edit', true);
    expect(hub).not.toHaveProperty('uscc');
    expect(hub).toMatchObject({ industryName: null, grid: null, scale: null, liaisonUserId: null });
    expect(enterpriseBody(draft, 'edit', false)).not.toHaveProperty('liaisonUserId');
  });
});
