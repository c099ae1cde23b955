import { z } from 'zod';

/** A new service grid: its name, its town or street, its industry department and its liaison. */
export const CreateGridBody = z.object({
  name: z.string().trim().min(1).max(100),
  townUnitId: z.uuid().nullable().optional().describe('镇街 / the town or street'),
  departmentUnitId: z.uuid().nullable().optional().describe('行业主管部门 / the industry department'),
  liaisonUserId: z.uuid().nullable().optional().describe('网格联络员 / the grid’s liaison'),
  note: z.string().trim().max(2000).nullable().optional(),
});
/** The new grid after parsing. */
export type CreateGridInput = z.infer<typeof CreateGridBody>;

/** A grid's change: absent members keep their value, null clears. */
export const UpdateGridBody = CreateGridBody.partial();
/** The change after parsing. */
export type UpdateGridInput = z.infer<typeof UpdateGridBody>;

/** A grid as the API shows it, with its 1+1+X members by name and how many enterprises it holds. */
export const GridView = z.object({
  id: z.string(),
  name: z.string(),
  townUnitId: z.string().nullable(),
  townUnitName: z.string().nullable(),
  departmentUnitId: z.string().nullable(),
  departmentUnitName: z.string().nullable(),
  liaisonUserId: z.string().nullable(),
  liaisonName: z.string().nullable(),
  note: z.string().nullable(),
  enterprises: z.number().int(),
});
/** One grid as answered. */
export type GridDto = z.infer<typeof GridView>;

/** The grid in the path. */
export const GridIdParams = z.object({ id: z.uuid() });
