import { api, ApiError, getToken } from './client';
import type { BodyOf, ResponseOf } from './models';

/** A document of the policy library as `GET /api/v1/policies` lists it. */
export type PolicyDocument = ResponseOf<'/api/v1/policies'>[number];

/** A document with its passages (`GET /api/v1/policies/{id}`). */
export type PolicyDocumentDetail = ResponseOf<'/api/v1/policies/{id}'>;

/** One passage of a document, in document order. */
export type PolicyPassage = PolicyDocumentDetail['passages'][number];

/** A passage ranked for a question, best first, with the question's words it holds. */
export type RankedPassage = ResponseOf<'/api/v1/policies/search'>['items'][number];

/** What a pasted document is made of. */
export interface PolicyTextInput {
  title: string;
  text: string;
  docNumber?: string;
  issuer?: string;
}

/** The server's limit for an imported file. */
export const POLICY_FILE_MAX_BYTES = 5 * 1_048_576;

/** `GET /api/v1/policies`: the caller's jurisdiction's documents, newest first. */
export function listPolicies(): Promise<PolicyDocument[]> {
  return api<PolicyDocument[]>('/api/v1/policies');
}

/** `GET /api/v1/policies/{id}`: a document with its passages. */
export function getPolicy(id: string): Promise<PolicyDocumentDetail> {
  return api<PolicyDocumentDetail>(`/api/v1/policies/${encodeURIComponent(id)}`);
}

/** `POST /api/v1/policies`: adds a pasted document. */
export function createPolicy(input: PolicyTextInput): Promise<PolicyDocument> {
  return api<PolicyDocument>('/api/v1/policies', { method: 'POST', body: input });
}

/** `DELETE /api/v1/policies/{id}`. */
export function deletePolicy(id: string): Promise<void> {
  return api<void>(`/api/v1/policies/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** `GET /api/v1/policies/search`: passages ranked for a question. */
export async function searchPolicies(q: string, limit = 10): Promise<RankedPassage[]> {
  const query = new URLSearchParams({ q, limit: String(limit) });
  return (await api<{ items: RankedPassage[] }>(`/api/v1/policies/search?${query.toString()}`)).items;
}

/** `GET /api/v1/cases/{id}/policy-passages`: passages that may answer a case. */
export async function casePolicyPassages(caseId: string, limit = 5): Promise<RankedPassage[]> {
  return (
    await api<{ items: RankedPassage[] }>(
      `/api/v1/cases/${encodeURIComponent(caseId)}/policy-passages?limit=${String(limit)}`,
    )
  ).items;
}

/**
 * `POST /api/v1/policies/import`: sends a .txt or .docx as multipart (field `file`) with the
 * optional title, document number and issuer. Refusals reject with the server's `ApiError`.
 */
export async function importPolicy(
  file: File,
  fields: { title?: string; docNumber?: string; issuer?: string } = {},
): Promise<PolicyDocument> {
  const english = localStorage.getItem('qisu.lang') === 'en-US';
  const headers: Record<string, string> = { 'accept-language': english ? 'en-US' : 'zh-CN' };
  const token = getToken();
  if (token) headers['authorization'] = `Bearer ${token}`;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value && value.trim()) form.append(name, value.trim());
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/v1/policies/import', { method: 'POST', headers, body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', english ? 'The server cannot be reached' : '无法连接服务器，请检查网络');
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (body['error'] ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'HTTP', error.message ?? response.statusText, error);
  }
  return body as unknown as PolicyDocument;
}

const LEADING_HEADING =
  /^(?:第[一二三四五六七八九十百零〇两\d]+条|[一二三四五六七八九十]+、[^\n。]*\n|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d))\s*/u;

/**
 * The answer text that cites a passage: `根据《标题》（文号）第三条：……`. The headings that open
 * the passage are named by the citation and not repeated; lines run together.
 */
export function citationText(p: Pick<RankedPassage, 'documentTitle' | 'docNumber' | 'article' | 'text'>): string {
  const title = p.documentTitle.replace(/^《(.*)》$/u, '$1');
  const number = p.docNumber ? `（${p.docNumber}）` : '';
  let body = p.text.trim();
  if (p.article) {
    for (let next = body.replace(LEADING_HEADING, ''); next !== body; next = body.replace(LEADING_HEADING, '')) {
      body = next;
    }
  }
  body = body.replace(/\s*\n\s*/gu, '');
  return `根据《${title}》${number}${p.article ?? ''}：${body}`;
}

/** A piece of a passage's text, marked when it is one of the question's words. */
export interface TextPiece {
  text: string;
  hit: boolean;
}

/**
 * Cuts a text into pieces so that every occurrence of a matched word is its own marked piece;
 * longer words win where matches overlap. Case-insensitive for Latin letters.
 */
export function highlightPieces(text: string, words: readonly string[]): TextPiece[] {
  const wanted = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (wanted.length === 0) return text ? [{ text, hit: false }] : [];
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const word of wanted) {
    const w = word.toLowerCase();
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + w.length)) {
      for (let i = at; i < at + w.length; i++) marks[i] = true;
    }
  }
  const pieces: TextPiece[] = [];
  for (let i = 0; i < text.length; i++) {
    const hit = marks[i] ?? false;
    const last = pieces.at(-1);
    if (last && last.hit === hit) last.text += text[i];
    else pieces.push({ text: text[i] ?? '', hit });
  }
  return pieces;
}

// ─── The policy supermarket (政策超市) ─────────────────────────────────────────────────────────

/** A policy's targeting tags and way of claiming, as `PUT /api/v1/policies/{id}/targeting` takes them. */
export type PolicyTargetingInput = BodyOf<'/api/v1/policies/{id}/targeting', 'put'>;

/** A push's filter (SPEC §10). */
export type PushFilter = BodyOf<'/api/v1/policies/{id}/push'>;

/** One push of a policy with who received and opened it. */
export type PolicyPush = ResponseOf<'/api/v1/policies/{id}/pushes'>[number];

/** A ledger enterprise a policy is for (免申即享). */
export type EligibleEnterprise = ResponseOf<'/api/v1/policies/{id}/eligible'>[number];

/** An application as lists show it. */
export type PolicyApplication = ResponseOf<'/api/v1/policy-applications'>[number];

/** The statuses of an application. */
export type PolicyApplicationStatus = PolicyApplication['status'];

const policyPath = (id: string, tail: string) => `/api/v1/policies/${encodeURIComponent(id)}/${tail}`;

/** The query string of a push filter, without empty members. */
function filterQuery(filter: PushFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (typeof v === 'string' && v) q.set(k, v);
  return q.toString();
}

/** Drops the empty members of a push filter (the server refuses an empty code). */
export function cleanFilter(filter: Partial<Record<keyof PushFilter, string | undefined>>): PushFilter {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter)) if (v?.trim()) out[k] = v.trim();
  return out;
}

/** `PUT /api/v1/policies/{id}/targeting`. */
export function setTargeting(id: string, input: PolicyTargetingInput): Promise<PolicyDocumentDetail> {
  return api<PolicyDocumentDetail>(policyPath(id, 'targeting'), { method: 'PUT', body: input });
}

/** `GET /api/v1/policies/{id}/push-preview`: how many a push would reach. */
export function previewPush(id: string, filter: PushFilter): Promise<{ enterprises: number; recipients: number }> {
  return api(`${policyPath(id, 'push-preview')}?${filterQuery(filter)}`);
}

/** `POST /api/v1/policies/{id}/push`. */
export function pushPolicy(id: string, filter: PushFilter): Promise<{ recipients: number; enterprises: number }> {
  return api(policyPath(id, 'push'), { method: 'POST', body: filter });
}

/** `GET /api/v1/policies/{id}/pushes`. */
export function listPushes(id: string): Promise<PolicyPush[]> {
  return api<PolicyPush[]>(policyPath(id, 'pushes'));
}

/** `GET /api/v1/policies/{id}/eligible`. */
export function listEligible(id: string): Promise<EligibleEnterprise[]> {
  return api<EligibleEnterprise[]>(policyPath(id, 'eligible'));
}

/** `POST /api/v1/policies/{id}/grant-automatic`. */
export function grantAutomatic(id: string): Promise<{ recipients: number; enterprises: number }> {
  return api(policyPath(id, 'grant-automatic'), { method: 'POST', body: {} });
}

/** `GET /api/v1/policies?q=`: an enterprise gets the policies meant for it. */
export function findPolicies(q: string): Promise<PolicyDocument[]> {
  return api<PolicyDocument[]>(q.trim() ? `/api/v1/policies?q=${encodeURIComponent(q.trim())}` : '/api/v1/policies');
}

/** `GET /api/v1/policy-applications?status=`. */
export function listApplications(status?: PolicyApplicationStatus): Promise<PolicyApplication[]> {
  return api<PolicyApplication[]>(`/api/v1/policy-applications${status ? `?status=${status}` : ''}`);
}

/** `POST /api/v1/policy-applications`. */
export function applyForPolicy(input: { policyId: string; text: string; materials?: string }) {
  return api<{ id: string; status: PolicyApplicationStatus }>('/api/v1/policy-applications', {
    method: 'POST',
    body: input,
  });
}

/** `POST /api/v1/policy-applications/{id}/decide`. */
export function decideApplication(id: string, approve: boolean, note: string): Promise<PolicyApplication> {
  return api(`/api/v1/policy-applications/${encodeURIComponent(id)}/decide`, {
    method: 'POST',
    body: { approve, note },
  });
}

/** `POST /api/v1/policy-applications/{id}/pay`. */
export function payApplication(id: string, amount?: number): Promise<PolicyApplication> {
  return api(`/api/v1/policy-applications/${encodeURIComponent(id)}/pay`, {
    method: 'POST',
    body: amount === undefined ? {} : { amount },
  });
}
