import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The grid ledger (seed 004 三(三)2): service grids of a jurisdiction, each with its town or street,
 * its industry department and its liaison ("企业+镇街+行业主管部门"); an enterprise's grid, whether
 * its liaison came from that grid, and its 重点企业 flag; the append-only records of its operations,
 * difficulties and plans; and the projects of the "三个一" mechanism (seed 004 三(二)1: a leader,
 * a responsible unit, a project officer), with their 重点项目 flag and the history of their stage and
 * progress (one row each time either changes). The free-text grids already on
 * the ledger become grid rows of the same name, and the text column stays as it was.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE grids (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      name text NOT NULL,
      town_unit_id uuid REFERENCES units(id),
      department_unit_id uuid REFERENCES units(id),
      liaison_user_id uuid REFERENCES users(id),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, name)
    );
    ALTER TABLE enterprises ADD COLUMN grid_id uuid REFERENCES grids(id);
    ALTER TABLE enterprises ADD COLUMN liaison_from_grid boolean NOT NULL DEFAULT false;
    ALTER TABLE enterprises ADD COLUMN key_enterprise boolean NOT NULL DEFAULT false;
    CREATE INDEX enterprises_grid ON enterprises (grid_id);
    INSERT INTO grids (jurisdiction_id, name)
      SELECT DISTINCT jurisdiction_id, btrim(grid) FROM enterprises WHERE grid IS NOT NULL AND btrim(grid) <> '';
    UPDATE enterprises SET grid_id = g.id
      FROM grids g WHERE g.jurisdiction_id = enterprises.jurisdiction_id AND g.name = btrim(enterprises.grid);
    CREATE TABLE enterprise_conditions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      kind text NOT NULL CHECK (kind IN ('operations', 'difficulties', 'plans')),
      text text NOT NULL,
      period text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX enterprise_conditions_enterprise ON enterprise_conditions (enterprise_id, recorded_at DESC);
    CREATE TABLE projects (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      name text NOT NULL,
      enterprise_id uuid REFERENCES enterprises(id),
      region_code text,
      stage text NOT NULL CHECK (stage IN ('planned', 'signed', 'building', 'producing', 'completed')),
      investment_wan numeric(14, 2),
      key_project boolean NOT NULL DEFAULT false,
      leader_user_id uuid REFERENCES users(id),
      responsible_unit_id uuid REFERENCES units(id),
      officer_user_id uuid REFERENCES users(id),
      status_note text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (jurisdiction_id, name)
    );
    CREATE INDEX projects_jurisdiction ON projects (jurisdiction_id, key_project, stage);
    CREATE TABLE project_updates (
      id bigserial PRIMARY KEY,
      project_id uuid NOT NULL REFERENCES projects(id),
      stage text NOT NULL,
      status_note text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX project_updates_project ON project_updates (project_id, id DESC);
  `.execute(db);
}
