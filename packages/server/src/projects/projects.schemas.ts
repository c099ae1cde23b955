import { z } from 'zod';
import { PROJECT_STAGES } from '@qisu/core';

const Members = {
  enterpriseId: z.uuid().nullable().optional().describe('项目单位（台账企业）/ the enterprise behind it'),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/)
    .nullable()
    .optional()
    .describe('所在镇街 / where it is'),
  stage: z.enum(PROJECT_STAGES).describe('谋划/签约/在建/投产/竣工'),
  investmentWan: z.number().min(0).max(1e11).nullable().optional().describe('总投资（万元）/ investment, 10k CNY'),
  key: z.boolean().optional().describe('重点项目 / a key project'),
  leaderUserId: z.uuid().nullable().optional().describe('一名领导（联系领导）/ the leader'),
  responsibleUnitId: z.uuid().nullable().optional().describe('一个责任部门（专班）/ the responsible unit'),
  officerUserId: z.uuid().nullable().optional().describe('一名项目专员 / the project officer'),
  statusNote: z.string().trim().max(5000).nullable().optional().describe('进展情况 / progress'),
};

/** A new project with its "三个一" team (seed 004 三(二)1). */
export const CreateProjectBody = z.object({ name: z.string().trim().min(2).max(200), ...Members });
/** The new project after parsing. */
export type CreateProjectInput = z.infer<typeof CreateProjectBody>;

/** A project's change: absent members keep their value, null clears. */
export const UpdateProjectBody = CreateProjectBody.partial();
/** The change after parsing. */
export type UpdateProjectInput = z.infer<typeof UpdateProjectBody>;

/** A project as the API shows it, its team by name. */
export const ProjectView = z.object({
  id: z.string(),
  name: z.string(),
  enterpriseId: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  regionCode: z.string().nullable(),
  stage: z.enum(PROJECT_STAGES),
  investmentWan: z.number().nullable(),
  key: z.boolean(),
  leaderUserId: z.string().nullable(),
  leaderName: z.string().nullable(),
  responsibleUnitId: z.string().nullable(),
  responsibleUnitName: z.string().nullable(),
  officerUserId: z.string().nullable(),
  officerName: z.string().nullable(),
  statusNote: z.string().nullable(),
  updatedAt: z.string(),
});
/** One project as answered. */
export type ProjectDto = z.infer<typeof ProjectView>;

/** Filters and paging of the project list. */
export const ListProjectsQuery = z.object({
  q: z.string().trim().max(100).optional(),
  key: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('仅重点项目（true）/ key projects only'),
  stage: z.enum(PROJECT_STAGES).optional(),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional()
    .describe('该区划（镇街）内的项目 / projects within this region (a town)'),
  enterpriseId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
/** The list query after parsing. */
export type ListProjectsFilter = z.infer<typeof ListProjectsQuery>;

/** One project with the history of its stage and progress, newest first. */
export const ProjectDetail = ProjectView.extend({
  history: z.array(
    z.object({
      stage: z.enum(PROJECT_STAGES),
      statusNote: z.string().nullable(),
      recordedByName: z.string().nullable(),
      recordedAt: z.string(),
    }),
  ),
});

/** The project in the path. */
export const ProjectIdParams = z.object({ id: z.uuid() });
