import { z } from 'zod';
import { id, text } from '../cases.schemas.js';
import { categoryChange, defineCommand } from './command.js';

/** The hub accepts a case for screening, confirming or correcting its category. */
export const accept = defineCommand({
  name: 'accept',
  summary: '受理，进入研判 / accept for screening',
  body: z.object({
    note: text(2000).optional(),
    categoryId: id.optional().describe('研判确认或更正的分类 / the category the hub confirms or corrects'),
  }),
  handle: async (ctx, body) => {
    const category = await categoryChange(ctx, body.categoryId);
    return {
      ...(category.patch ? { patch: category.patch } : {}),
      event: { type: 'accepted', payload: { note: body.note ?? null, ...category.payload } },
    };
  },
});
