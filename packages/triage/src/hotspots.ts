import { similarityTokens } from './similarity.js';
import { charNgrams, normalizeText } from './tokens.js';

/** Prefix of a title character pair among the words, so it never equals a word. */
const TITLE_PAIR = '\u0002';

/**
 * Hotspots (SPEC §6): groups of similar cases that rise together in a sliding time window.
 * Pure: the caller brings the items (cases or messages) and reads the ranked groups back.
 *
 * Similarity is the cosine of binary word vectors weighted by rarity (IDF). The words are
 * `similarityTokens` (jieba words of the title and the start of the body) plus the character
 * pairs of the title, which keep names that jieba cuts apart (魅力|之城). Words of the title count
 * double, since the title usually names the concrete thing (a compound, a company, a road), and
 * words in more than `maxDocShare` of the items ("问题", "小区", "反映" …) are left out, so generic
 * complaint vocabulary does not glue unrelated cases together. Similar pairs come from an
 * inverted index of the remaining words (exact, and small once the common words are gone); groups
 * come from group-average clustering of those pairs, which, unlike linking every similar pair,
 * does not chain loosely related items into one group.
 */

/** One case or message. `likes` counts public support (点赞) where the channel has it. */
export interface HotspotItem {
  id: string;
  title: string;
  body: string;
  time: Date;
  likes?: number | null;
  category?: string | null;
  region?: string | null;
  industry?: string | null;
  /**
   * Who raised it (an enterprise, a user account). Repeats by one author count once in the
   * score, so one person's series of messages is not a crowd; absent: every item its own author.
   */
  author?: string | null;
}

/** How groups are found and windows laid; every field has a default. */
export interface HotspotOptions {
  /** Length of the sliding window in days (default 7). */
  windowDays?: number;
  /** Step between window positions in days (default 1). */
  stepDays?: number;
  /**
   * Lowest average weighted cosine between two groups (or items) for them to be one issue
   * (default 0.2; on the 2020 TipDM hotspot messages 0.18–0.25 give the same top groups).
   */
  similarity?: number;
  /** Smallest group, counted in its window, that is reported (default 2). */
  minSize?: number;
  /**
   * Only the window ending at this instant is scored (a server looking at "now"). Without it
   * every window position over the items' span is scored and each group keeps its peak.
   */
  asOf?: Date;
  /** Words in more than this share of the items are ignored (default 0.05). */
  maxDocShare?: number;
  /** How many groups to return (default all). */
  top?: number;
  /**
   * The order of the groups: `heat` (default) over every item given — distinct reporters, the
   * weeks the problem was raised in, and support (see `hotspotHeat`) — so that a problem raised
   * steadily for months ranks at least as high as a week's burst; `burst` by the score of the
   * group's best window (see `hotspotScore`), the rising problems first.
   */
  order?: HotspotOrder;
}

/** The two orders of hotspot groups (see `HotspotOptions.order`). */
export const HOTSPOT_ORDERS = ['heat', 'burst'] as const;
export type HotspotOrder = (typeof HOTSPOT_ORDERS)[number];

/** A group of similar items in its scored window. */
export interface HotspotGroup {
  /** Stable for the same members: the smallest member id. */
  key: string;
  /** Rank by score, from 1. */
  rank: number;
  /** Members in the window. */
  size: number;
  /** Distinct authors among them (`size` when authors are unknown). */
  reporters: number;
  /** Members in the window just before it. */
  previousSize: number;
  /** (size − previousSize) / max(previousSize, 1). */
  growth: number;
  /** Sum of the likes of the members in the window. */
  likes: number;
  /** See `hotspotScore`: how strongly the group rose in its window. */
  score: number;
  /** Distinct authors among every member of the group in the input. */
  allReporters: number;
  /** The calendar weeks (Monday to Sunday, China Standard Time) in which the group was raised. */
  activeWeeks: number;
  /** Sum of the likes of every member in the input. */
  allLikes: number;
  /** See `hotspotHeat`: how big and lasting the problem is over everything given. */
  heat: number;
  /** The member most similar to the others (ties: most liked, then earliest). */
  representative: { id: string; title: string };
  /** The group's most telling words, best first. */
  keywords: string[];
  /** The most frequent non-empty value among the members in the window, else null. */
  category: string | null;
  region: string | null;
  industry: string | null;
  /** Earliest and latest member time in the window. */
  from: Date;
  to: Date;
  /** The scored window [windowFrom, windowTo). */
  windowFrom: Date;
  windowTo: Date;
  /** Ids of the members in the window, oldest first. */
  memberIds: string[];
  /** Ids of every member of the group in the input, oldest first. */
  allMemberIds: string[];
}

const DAY_MS = 86_400_000;
/** A word is never left out as common while it is in this many items or fewer. */
const MIN_COMMON_CAP = 50;
/** A keyword is used by at least this share of the group's members. */
const KEYWORD_SHARE = 0.3;

/** Default of `HotspotOptions.similarity`. */
export const DEFAULT_SIMILARITY = 0.2;

/** Weights of the ranking score (documented at `hotspotScore`). */
export const HOTSPOT_SCORE = { growth: 0.5, likes: 1 } as const;

/**
 * Ranking score of a group in a window:
 *
 *   score = n + 0.5 · max(0, n − p) + ln(1 + likes)
 *
 * with n the distinct authors of the members in the window (each item without an author counts
 * as one), p the same in the window before, likes the members' likes.
 * The count leads; a group that is new or growing gains half a point per extra case; public
 * support adds a logarithmic bonus, so one very popular message cannot outrank a real cluster
 * on its own (2,000 likes ≈ 7.6 cases).
 */
export function hotspotScore(n: number, previous: number, likes: number): number {
  return n + HOTSPOT_SCORE.growth * Math.max(0, n - previous) + HOTSPOT_SCORE.likes * Math.log1p(Math.max(0, likes));
}

/** The calendar week of an instant, Monday to Sunday in China Standard Time (1970-01-05 was a Monday). */
function calendarWeek(at: number): number {
  return Math.floor((at + 8 * 3_600_000 - 4 * DAY_MS) / (7 * DAY_MS));
}

/**
 * Heat of a group over the whole period given:
 *
 *   heat = R + 0.5 · (W − 1) + ln(1 + likes)
 *
 * with R the distinct authors of all its members, W the weeks in which it was raised, likes the
 * members' likes. A problem that R enterprises raise over many weeks therefore ranks at least as
 * high as one that R enterprises raise within a week, and higher the longer it lasts; support
 * adds the same logarithmic bonus as in `hotspotScore`.
 */
export function hotspotHeat(reporters: number, weeks: number, likes: number): number {
  return (
    reporters + HOTSPOT_SCORE.growth * Math.max(0, weeks - 1) + HOTSPOT_SCORE.likes * Math.log1p(Math.max(0, likes))
  );
}

interface Vector {
  terms: number[];
  weights: number[];
  /** Whether each term is a word of the title. */
  inTitle: boolean[];
  norm: number;
}

/** A max-heap of candidate merges, keyed by average similarity. */
class MergeHeap {
  private readonly items: { avg: number; a: number; b: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  push(entry: { avg: number; a: number; b: number }): void {
    const h = this.items;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (h[up]!.avg >= h[i]!.avg) break;
      [h[up], h[i]] = [h[i]!, h[up]!];
      i = up;
    }
  }
  pop(): { avg: number; a: number; b: number } | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.avg > h[m]!.avg) m = l;
        if (r < h.length && h[r]!.avg > h[m]!.avg) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Group-average agglomerative clustering on a sparse similarity graph: repeatedly merges the two
 * groups whose average pairwise similarity (pairs without a link count 0) is highest, while it
 * is at least `threshold`. Unlike linking every similar pair (single linkage), a chain of
 * loosely related items never becomes one group. Returns each item's group representative.
 */
function averageLinkage(n: number, pairs: readonly [number, number, number][], threshold: number): Int32Array {
  const owner = Int32Array.from({ length: n }, (_, i) => i);
  const size = new Int32Array(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const sums: Map<number, number>[] = Array.from({ length: n }, () => new Map<number, number>());
  const heap = new MergeHeap();
  for (const [a, b, s] of pairs) {
    sums[a]!.set(b, s);
    sums[b]!.set(a, s);
    heap.push({ avg: s, a, b });
  }
  const alive = (x: number) => owner[x] === x;
  while (heap.size > 0) {
    const top = heap.pop()!;
    if (top.avg < threshold) break;
    const { a, b } = top;
    if (!alive(a) || !alive(b)) continue;
    const current = (sums[a]!.get(b) ?? 0) / (size[a]! * size[b]!);
    if (Math.abs(current - top.avg) > 1e-12) {
      if (current >= threshold) heap.push({ avg: current, a, b });
      continue;
    }
    // Merge the smaller group into the larger one.
    const [keep, gone] = size[a]! >= size[b]! ? [a, b] : [b, a];
    size[keep]! += size[gone]!;
    for (const m of members[gone]!) owner[m] = keep;
    members[keep]!.push(...members[gone]!);
    members[gone] = [];
    owner[gone] = keep;
    const keepSums = sums[keep]!;
    keepSums.delete(gone);
    for (const [c, s] of sums[gone]!) {
      if (c === keep) continue;
      const total = (keepSums.get(c) ?? 0) + s;
      keepSums.set(c, total);
      sums[c]!.delete(gone);
      sums[c]!.set(keep, total);
    }
    sums[gone] = new Map<number, number>();
    for (const [c, total] of keepSums) {
      const avg = total / (size[keep]! * size[c]!);
      if (avg >= threshold) heap.push({ avg, a: keep, b: c });
    }
  }
  const group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let g = i;
    while (owner[g] !== g) g = owner[g]!;
    group[i] = g;
  }
  return group;
}

/** Prepared text of the items: weighted word vectors and the vocabulary's rarity. */
interface Corpus {
  vectors: Vector[];
  vocabulary: string[];
  idf: number[];
}

function buildCorpus(items: readonly HotspotItem[], maxDocShare: number): Corpus {
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  const df: number[] = [];
  const docs = items.map((item) => {
    const title = new Set(similarityTokens({ title: item.title, body: '' }));
    const all = similarityTokens(item);
    // Character pairs of the title catch names that jieba cuts apart (魅力|之城, 伊|景园).
    const pairs = new Set<string>();
    for (const gram of charNgrams(normalizeText(item.title), 2, 2)) pairs.add(`${TITLE_PAIR}${gram}`);
    const terms: number[] = [];
    const inTitle: boolean[] = [];
    for (const word of [...all, ...pairs]) {
      let id = ids.get(word);
      if (id === undefined) {
        id = vocabulary.length;
        ids.set(word, id);
        vocabulary.push(word);
        df.push(0);
      }
      df[id]!++;
      terms.push(id);
      inTitle.push(title.has(word));
    }
    return { terms, inTitle };
  });
  const n = items.length;
  // Only words in more than `maxDocShare` of the items, and in more than MIN_COMMON_CAP, are left out:
  // in a small set (one county's cases of a fortnight) a burst's own words are frequent, and IDF suffices.
  const cap = Math.max(MIN_COMMON_CAP, Math.floor(maxDocShare * n));
  const idf = df.map((d) => Math.log((n + 1) / (d + 1)) + 1);
  const vectors = docs.map(({ terms, inTitle }) => {
    const kept: number[] = [];
    const weights: number[] = [];
    const titleFlags: boolean[] = [];
    let norm = 0;
    terms.forEach((t, i) => {
      if (df[t]! > cap) return;
      const w = idf[t]! * (inTitle[i] ? 2 : 1);
      norm += w * w;
      if (df[t]! < 2) return; // counts in the norm (the text is about something else too), matches nothing
      kept.push(t);
      weights.push(w);
      titleFlags.push(inTitle[i]!);
    });
    return { terms: kept, weights, inTitle: titleFlags, norm: Math.sqrt(norm) };
  });
  return { vectors, vocabulary, idf };
}

/** Pairs of items at or above the similarity, through an inverted index of their words. */
function similarPairs(vectors: readonly Vector[], threshold: number): [number, number, number][] {
  const postings = new Map<number, { doc: number; weight: number }[]>();
  vectors.forEach((v, doc) => {
    v.terms.forEach((t, i) => {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push({ doc, weight: v.weights[i]! });
    });
  });
  const pairs: [number, number, number][] = [];
  const dot = new Map<number, number>();
  vectors.forEach((v, doc) => {
    dot.clear();
    v.terms.forEach((t, i) => {
      for (const p of postings.get(t) ?? []) {
        if (p.doc <= doc) continue;
        dot.set(p.doc, (dot.get(p.doc) ?? 0) + v.weights[i]! * p.weight);
      }
    });
    for (const [other, d] of dot) {
      const norm = v.norm * vectors[other]!.norm;
      const sim = norm > 0 ? d / norm : 0;
      if (sim >= threshold) pairs.push([doc, other, sim]);
    }
  });
  return pairs;
}

function mode(values: readonly (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const v of values) {
    if (v === null || v === undefined || v === '') continue;
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** First index in sorted `times` at or after `at`. */
function lowerBound(times: readonly number[], at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Groups similar items and ranks the groups by `hotspotScore` in their window. Items are
 * linked when their weighted cosine reaches `similarity`; a group is a connected set of links.
 * Assumes times are real instants (time zones do not matter: windows are counted in whole
 * 24-hour days back from the window's end).
 */
export function findHotspots(items: readonly HotspotItem[], options: HotspotOptions = {}): HotspotGroup[] {
  const windowMs = (options.windowDays ?? 7) * DAY_MS;
  const stepMs = (options.stepDays ?? 1) * DAY_MS;
  const minSize = options.minSize ?? 2;
  if (items.length === 0 || !(windowMs > 0) || !(stepMs > 0)) return [];
  const corpus = buildCorpus(items, options.maxDocShare ?? 0.05);
  const threshold = options.similarity ?? DEFAULT_SIMILARITY;
  // Links below half the threshold can never lift a group's average to it on their own.
  const pairs = similarPairs(corpus.vectors, threshold / 2);
  const owner = averageLinkage(items.length, pairs, threshold);
  const pairSims = new Map<number, Map<number, number>>();
  const link = (a: number, b: number, s: number) => {
    let m = pairSims.get(a);
    if (!m) pairSims.set(a, (m = new Map<number, number>()));
    m.set(b, s);
  };
  for (const [a, b, s] of pairs) {
    link(a, b, s);
    link(b, a, s);
  }

  const components = new Map<number, number[]>();
  items.forEach((_, i) => {
    const root = owner[i]!;
    let list = components.get(root);
    if (!list) components.set(root, (list = []));
    list.push(i);
  });

  const times = items.map((it) => +it.time);
  const ends: number[] = [];
  if (options.asOf) ends.push(+options.asOf);
  else {
    const first = Math.min(...times);
    const last = Math.max(...times);
    for (let end = first + windowMs; end < last + stepMs; end += stepMs) ends.push(end);
    if (ends.length === 0) ends.push(last + 1);
  }

  const order = options.order ?? 'heat';
  const groups: Omit<HotspotGroup, 'rank'>[] = [];
  for (const members of components.values()) {
    if (members.length < minSize) continue;
    members.sort((a, b) => times[a]! - times[b]! || a - b);
    const memberTimes = members.map((m) => times[m]!);
    let best: { end: number; n: number; p: number; likes: number; score: number; reporters: number } | null = null;
    const reportersIn = (lo: number, hi: number) => {
      const seen = new Set<string>();
      let anonymous = 0;
      for (let k = lo; k < hi; k++) {
        const author = items[members[k]!]!.author;
        if (author) seen.add(author);
        else anonymous++;
      }
      return seen.size + anonymous;
    };
    for (const end of ends) {
      const hi = lowerBound(memberTimes, end);
      const lo = lowerBound(memberTimes, end - windowMs);
      const n = hi - lo;
      if (n < minSize) continue;
      let likes = 0;
      for (let k = lo; k < hi; k++) likes += Math.max(0, items[members[k]!]!.likes ?? 0);
      const reporters = reportersIn(lo, hi);
      const score = hotspotScore(reporters, reportersIn(lowerBound(memberTimes, end - 2 * windowMs), lo), likes);
      if (!best || score > best.score) {
        best = { end, n, p: lo - lowerBound(memberTimes, end - 2 * windowMs), likes, score, reporters };
      }
    }
    if (!best) {
      // Never enough at once for a burst; by heat it still counts: its last window describes it.
      if (order === 'burst') continue;
      const end = memberTimes[memberTimes.length - 1]! + 1;
      const lo = lowerBound(memberTimes, end - windowMs);
      const previous = lowerBound(memberTimes, end - 2 * windowMs);
      let likes = 0;
      for (let k = lo; k < memberTimes.length; k++) likes += Math.max(0, items[members[k]!]!.likes ?? 0);
      const reporters = reportersIn(lo, memberTimes.length);
      best = {
        end,
        n: memberTimes.length - lo,
        p: lo - previous,
        likes,
        score: hotspotScore(reporters, reportersIn(previous, lo), likes),
        reporters,
      };
    }
    const inWindow = members.slice(lowerBound(memberTimes, best.end - windowMs), lowerBound(memberTimes, best.end));
    const weeks = new Set(memberTimes.map(calendarWeek)).size;
    let allLikes = 0;
    for (const m of members) allLikes += Math.max(0, items[m]!.likes ?? 0);
    const allReporters = reportersIn(0, members.length);
    groups.push({
      ...describeGroup(items, corpus, pairSims, members, inWindow, best, windowMs),
      allReporters,
      activeWeeks: weeks,
      allLikes,
      heat: hotspotHeat(allReporters, weeks, allLikes),
    });
  }
  groups.sort((a, b) =>
    order === 'heat'
      ? b.heat - a.heat || b.allReporters - a.allReporters || a.key.localeCompare(b.key)
      : b.score - a.score || b.size - a.size || a.key.localeCompare(b.key),
  );
  const top = options.top ?? groups.length;
  return groups.slice(0, top).map((g, i) => ({ ...g, rank: i + 1 }));
}

function describeGroup(
  items: readonly HotspotItem[],
  corpus: Corpus,
  pairSims: Map<number, Map<number, number>>,
  members: readonly number[],
  inWindow: readonly number[],
  best: { end: number; n: number; p: number; likes: number; score: number; reporters: number },
  windowMs: number,
): Omit<HotspotGroup, 'rank' | 'allReporters' | 'activeWeeks' | 'allLikes' | 'heat'> {
  let representative = inWindow[0]!;
  let bestCentrality = -1;
  for (const m of inWindow) {
    const sims = pairSims.get(m);
    let centrality = 0;
    for (const o of inWindow) if (o !== m) centrality += sims?.get(o) ?? 0;
    const better =
      centrality > bestCentrality + 1e-9 ||
      (Math.abs(centrality - bestCentrality) <= 1e-9 && (items[m]!.likes ?? 0) > (items[representative]!.likes ?? 0));
    if (better) {
      representative = m;
      bestCentrality = centrality;
    }
  }
  // Keywords: words that a good share of the members use, the title's counting twice, weighted by
  // rarity; a word of one member alone (a name, a figure) is noise.
  const counts = new Map<number, { all: number; title: number }>();
  for (const m of inWindow) {
    const v = corpus.vectors[m]!;
    v.terms.forEach((t, i) => {
      if (corpus.vocabulary[t]!.startsWith(TITLE_PAIR)) return;
      const c = counts.get(t) ?? { all: 0, title: 0 };
      c.all++;
      if (v.inTitle[i]) c.title++;
      counts.set(t, c);
    });
  }
  const minShare = Math.max(Math.min(2, inWindow.length), Math.ceil(KEYWORD_SHARE * inWindow.length));
  const keywords = [...counts]
    .filter(([, c]) => c.all >= minShare)
    .map(([t, c]) => ({ word: corpus.vocabulary[t]!, weight: (c.all + c.title) * corpus.idf[t]! }))
    .sort((a, b) => b.weight - a.weight || a.word.localeCompare(b.word))
    .slice(0, 6)
    .map((k) => k.word);
  const ids = members.map((m) => items[m]!.id);
  return {
    key: [...ids].sort()[0]!,
    size: best.n,
    reporters: best.reporters,
    previousSize: best.p,
    growth: (best.n - best.p) / Math.max(best.p, 1),
    likes: best.likes,
    score: best.score,
    representative: { id: items[representative]!.id, title: items[representative]!.title },
    keywords,
    category: mode(inWindow.map((m) => items[m]!.category)),
    region: mode(inWindow.map((m) => items[m]!.region)),
    industry: mode(inWindow.map((m) => items[m]!.industry)),
    from: items[inWindow[0]!]!.time,
    to: items[inWindow[inWindow.length - 1]!]!.time,
    windowFrom: new Date(best.end - windowMs),
    windowTo: new Date(best.end),
    memberIds: inWindow.map((m) => items[m]!.id),
    allMemberIds: ids,
  };
}

/** An item's likeness to the one screened, as hotspot grouping measures it. */
export interface HotspotNeighbour {
  id: string;
  /** Weighted word cosine with the target (see the module note), 0–1. */
  similarity: number;
  /** Whether group-average clustering at the threshold puts it in the target's group. */
  grouped: boolean;
}

/**
 * The items most like one of them (`targetId`), measured exactly as `findHotspots` groups them:
 * the same rarity-weighted words (title words doubled, title character pairs, words in more than
 * `maxDocShare` of the items left out), so rarity is learnt from all the items given — pass a
 * jurisdiction's recent cases as context. Also says which items group-average clustering at
 * `similarity` puts in the target's group: a case that the hotspot view would group with the
 * target. Items with no word in common are left out; most similar first. Time plays no part.
 */
export function hotspotNeighbours(
  items: readonly HotspotItem[],
  targetId: string,
  options: Pick<HotspotOptions, 'similarity' | 'maxDocShare'> = {},
): HotspotNeighbour[] {
  const target = items.findIndex((item) => item.id === targetId);
  if (target < 0) return [];
  const corpus = buildCorpus(items, options.maxDocShare ?? 0.05);
  const threshold = options.similarity ?? DEFAULT_SIMILARITY;
  const pairs = similarPairs(corpus.vectors, threshold / 2);
  const owner = averageLinkage(items.length, pairs, threshold);
  const own = corpus.vectors[target]!;
  const weightOf = new Map(own.terms.map((t, i) => [t, own.weights[i]!]));
  const neighbours: HotspotNeighbour[] = [];
  corpus.vectors.forEach((v, i) => {
    if (i === target) return;
    let dot = 0;
    v.terms.forEach((t, k) => {
      const w = weightOf.get(t);
      if (w !== undefined) dot += w * v.weights[k]!;
    });
    const norm = own.norm * v.norm;
    const similarity = norm > 0 ? Math.min(1, dot / norm) : 0;
    if (similarity <= 0) return;
    neighbours.push({ id: items[i]!.id, similarity, grouped: owner[i] === owner[target] });
  });
  return neighbours.sort((a, b) => b.similarity - a.similarity || a.id.localeCompare(b.id));
}

/** Counts of one dimension's values in a window and the window before it. */
export interface DimensionTrend {
  value: string;
  count: number;
  previousCount: number;
  growth: number;
}

/**
 * Items per value of a dimension (category, region or industry) in the window ending at `asOf`
 * and in the window before, most items first. Items without a value count under `''`.
 */
export function dimensionTrends(
  items: readonly HotspotItem[],
  dimension: 'category' | 'region' | 'industry',
  window: { asOf: Date; windowDays: number },
): DimensionTrend[] {
  const end = +window.asOf;
  const length = window.windowDays * DAY_MS;
  const counts = new Map<string, { count: number; previousCount: number }>();
  for (const item of items) {
    const t = +item.time;
    const slot =
      t >= end - length && t < end ? 'count' : t >= end - 2 * length && t < end - length ? 'previousCount' : null;
    if (!slot) continue;
    const value = item[dimension] ?? '';
    const entry = counts.get(value) ?? { count: 0, previousCount: 0 };
    entry[slot]++;
    counts.set(value, entry);
  }
  return [...counts]
    .map(([value, c]) => ({ value, ...c, growth: (c.count - c.previousCount) / Math.max(c.previousCount, 1) }))
    .sort((a, b) => b.count - a.count || b.previousCount - a.previousCount || a.value.localeCompare(b.value));
}

/**
 * Reads messages, one JSON object per line: `id`, `title`, `body`, `time` (ISO 8601), and
 * optionally `likes`, `user` or `author`, `category`, `region`, `industry`. Blank lines are
 * skipped; a line that is not JSON or lacks a valid time throws, naming the line.
 */
export function parseHotspotLines(text: string): HotspotItem[] {
  const items: HotspotItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = (JSON.parse(line) ?? {}) as Record<string, unknown>;
    } catch {
      throw new Error(`第 ${i + 1} 行不是 JSON / line ${i + 1} is not JSON`);
    }
    const time = typeof row['time'] === 'string' ? new Date(row['time']) : null;
    if (!time || Number.isNaN(+time)) throw new Error(`第 ${i + 1} 行缺少有效时间 / line ${i + 1} lacks a valid time`);
    const str = (key: string) => (typeof row[key] === 'string' ? row[key] : null);
    items.push({
      id: typeof row['id'] === 'string' || typeof row['id'] === 'number' ? String(row['id']) : `line-${i + 1}`,
      title: str('title') ?? '',
      body: str('body') ?? '',
      time,
      likes: typeof row['likes'] === 'number' ? row['likes'] : 0,
      author: str('author') ?? str('user'),
      category: str('category'),
      region: str('region'),
      industry: str('industry'),
    });
  });
  return items;
}

/** What `qisu hotspots` prints of a group in its closing JSON line. */
export interface HotspotSummary {
  rank: number;
  heat: number;
  reporters: number;
  weeks: number;
  /** Every member of the group over the whole input (the period heat counts over), not only its window. */
  periodSize: number;
  score: number;
  /** Members in the group's window, as `HotspotGroup.size`. */
  size: number;
  previousSize: number;
  growth: number;
  likes: number;
  title: string;
  keywords: string[];
  from: string;
  to: string;
}

/** A date as `YYYY-MM-DD` in China Standard Time (UTC+8, no daylight saving). */
function shanghaiDate(at: Date): string {
  return new Date(+at + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The report of ranked groups as people read it (one line per group: rank, heat with the cases,
 * reporters and weeks of the whole input, the burst score with the window's cases and growth,
 * likes, date range, representative title — never a body) and as JSON for tools.
 */
export function hotspotReport(groups: readonly HotspotGroup[]): { lines: string[]; summary: HotspotSummary[] } {
  const summary = groups.map((g) => ({
    rank: g.rank,
    heat: Math.round(g.heat * 100) / 100,
    reporters: g.allReporters,
    weeks: g.activeWeeks,
    periodSize: g.allMemberIds.length,
    score: Math.round(g.score * 100) / 100,
    size: g.size,
    previousSize: g.previousSize,
    growth: Math.round(g.growth * 100) / 100,
    likes: g.likes,
    title: g.representative.title,
    keywords: g.keywords,
    from: shanghaiDate(g.from),
    to: shanghaiDate(g.to),
  }));
  const lines = summary.map((s) => {
    const growth = s.growth > 0 ? `+${Math.round(s.growth * 100)}%` : `${Math.round(s.growth * 100)}%`;
    return `#${s.rank}  热度/heat ${s.heat}  期间 ${s.periodSize} 件/cases in period  ${s.reporters} 人/reporters  ${s.weeks} 周/weeks  突增/burst ${s.score} (窗口 ${s.size} 件/cases in window ${growth})  ${s.likes} 赞/likes  ${s.from}~${s.to}  ${s.title}  [${s.keywords.join(' ')}]`;
  });
  return { lines, summary };
}
