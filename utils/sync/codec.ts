import { LIMITS } from '@/utils/db/schema';
import { emptyState, type Mark, type SyncState, winner } from './marks';

/**
 * How sync state is laid out in storage.sync (format 1, keys prefixed `kx1.` so a later format can live beside it):
 *
 * - `kx1.r.<b>`: the marks of article ids b·512 … b·512+511, a string "1" + base64url (see encodeBucket); times in
 *   seconds. Buckets by id keep a new read mark to one small item rewrite; a full bucket (512 ids, each at most
 *   9 + 1 + 32 + 36 bits) is at most 6.7 KB as base64, so any bucket fits the 8,192-byte item quota.
 * - `kx1.f.<n>`: follows, an array of [series key, time, 1 | 0], split into items under the item quota.
 *
 * Every item decodes on its own, so a device may see items of different generations and still merge safely.
 */
export const SYNC_PREFIX = 'kx1.';
const READS = `${SYNC_PREFIX}r.`;
const FOLLOWS = `${SYNC_PREFIX}f.`;
const BUCKET = 512;

/** storage.sync quotas (Chrome and Firefox). */
export const QUOTA_BYTES = 102_400;
export const QUOTA_BYTES_PER_ITEM = 8_192;
/** Stop writing well before the total quota; the rest is headroom for other devices' newer marks. */
export const SYNC_BUDGET_BYTES = 80_000;
/** storage.sync holds at most 512 items; the blog's ids fill about 25 read buckets. */
export const SYNC_BUDGET_ITEMS = 400;
const FOLLOW_ITEM_BUDGET = 6_000;

/**
 * Limits the encoder and the decoder share: what one device writes, every other decodes. Largest id and time
 * (ids have at most 10 digits; times are seconds before year 3000, later ones are written as that second), longest
 * series key (the one schema's, utils/db/schema.ts).
 */
const MAX_ID = 9_999_999_999;
export const MAX_SECONDS = 32_503_680_000;
export const MAX_FOLLOW_KEY = LIMITS.shortText;
const clampSeconds = (at: number) => Math.min(at, MAX_SECONDS);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALPHABET_INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64Url(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): number[] {
  if (text.length % 4 === 1) throw new Error('bad base64url length');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const group = text.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const v = k < group.length ? ALPHABET_INDEX.get(group.charAt(k)) : 0;
      if (v === undefined) throw new Error(`bad base64url character ${JSON.stringify(group.charAt(k))}`);
      n = (n << 6) | v;
    }
    bytes.push((n >> 16) & 255);
    if (group.length > 2) bytes.push((n >> 8) & 255);
    if (group.length > 3) bytes.push(n & 255);
  }
  return bytes;
}

/** Unsigned LEB128 for integers up to 2^53 (arithmetic, not bit operations, past 32 bits). */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 128) {
    out.push((v % 128) + 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function readVarint(bytes: number[], cursor: { i: number }): number {
  let value = 0;
  let scale = 1;
  for (let n = 0; n < 8; n++) {
    const b = bytes[cursor.i++];
    if (b === undefined) throw new Error('truncated varint');
    value += (b & 127) * scale;
    if (b < 128) return value;
    scale *= 128;
  }
  throw new Error('varint too long');
}

/** Bits written most significant first; values up to 2^53 (arithmetic, not 32-bit bit operations). */
class BitWriter {
  readonly bytes: number[] = [];
  private used = 8;

  write(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) this.bit(Math.floor(value / 2 ** i) % 2);
  }

  bit(b: number): void {
    if (this.used === 8) {
      this.bytes.push(0);
      this.used = 0;
    }
    const last = this.bytes.length - 1;
    if (b) this.bytes[last] = (this.bytes[last] ?? 0) | (128 >> this.used);
    this.used++;
  }
}

class BitReader {
  private position: number;

  constructor(
    private readonly bytes: number[],
    startByte: number,
  ) {
    this.position = startByte * 8;
  }

  bit(): number {
    const byte = this.bytes[this.position >> 3];
    if (byte === undefined) throw new Error('truncated bits');
    return (byte >> (7 - (this.position++ & 7))) & 1;
  }

  read(width: number): number {
    let value = 0;
    for (let i = 0; i < width; i++) value = value * 2 + this.bit();
    return value;
  }

  /** Bits left after the last whole value: at most the padding of the last byte. */
  remaining(): number {
    return this.bytes.length * 8 - this.position;
  }
}

const ID_BITS = 9; // an id's offset in its bucket of 512
const RICE_LIMIT = 32; // a quotient this large is written raw instead (a time far from the previous one)
const RAW_BITS = 36; // enough for any time before year 3000 in seconds

/** Bits a Rice code with parameter k takes for `delta`. */
function riceBits(delta: number, k: number): number {
  const q = Math.floor(delta / 2 ** k);
  return q < RICE_LIMIT ? q + 1 + k : RICE_LIMIT + RAW_BITS;
}

/**
 * One bucket: marks sorted by time; header varints (first time, count − 1, k), then per mark its id's offset in the
 * bucket (9 bits), read (1 bit) and the time since the previous mark, Rice-coded with parameter k (chosen for the
 * smallest result). Reads close in time (a bulk "mark read") cost a few bits.
 */
function encodeBucket(bucket: number, entries: [number, Mark][]): string {
  const sorted = entries
    .map(([id, mark]): [number, Mark] => [id, { ...mark, at: clampSeconds(mark.at) }])
    .sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
  const first = sorted[0];
  if (!first) throw new Error('an empty bucket is not encoded');
  // Each mark with the time since the previous one (0 for the first).
  const steps = sorted.map(([id, mark], i) => ({
    id,
    on: mark.on,
    delta: mark.at - (sorted[i - 1]?.[1].at ?? mark.at),
  }));
  let k = 0;
  let best = Infinity;
  for (let candidate = 0; candidate <= RAW_BITS; candidate++) {
    const bits = steps.reduce((sum, step) => sum + riceBits(step.delta, candidate), 0);
    if (bits < best) [best, k] = [bits, candidate];
  }
  const header: number[] = [];
  pushVarint(header, first[1].at);
  pushVarint(header, sorted.length - 1);
  pushVarint(header, k);
  const bits = new BitWriter();
  for (const { id, on, delta } of steps) {
    bits.write(id - bucket * BUCKET, ID_BITS);
    bits.bit(on ? 1 : 0);
    const q = Math.floor(delta / 2 ** k);
    if (q < RICE_LIMIT) {
      for (let n = 0; n < q; n++) bits.bit(1);
      bits.bit(0);
      bits.write(delta % 2 ** k, k);
    } else {
      for (let n = 0; n < RICE_LIMIT; n++) bits.bit(1);
      bits.write(delta, RAW_BITS);
    }
  }
  return `1${toBase64Url([...header, ...bits.bytes])}`;
}

function decodeBucket(bucket: number, value: unknown): [string, Mark][] {
  if (typeof value !== 'string' || !value.startsWith('1')) throw new Error('not a format-1 read bucket');
  const bytes = fromBase64Url(value.slice(1));
  const cursor = { i: 0 };
  let at = readVarint(bytes, cursor);
  const count = readVarint(bytes, cursor) + 1;
  const k = readVarint(bytes, cursor);
  if (count > BUCKET || k > RAW_BITS) throw new Error('bad bucket header');
  const bits = new BitReader(bytes, cursor.i);
  const out: [string, Mark][] = [];
  for (let i = 0; i < count; i++) {
    const id = bucket * BUCKET + bits.read(ID_BITS);
    const on = bits.bit() === 1;
    let q = 0;
    while (q < RICE_LIMIT && bits.bit() === 1) q++;
    at += q < RICE_LIMIT ? q * 2 ** k + bits.read(k) : bits.read(RAW_BITS);
    if (id < 1 || id > MAX_ID || at > MAX_SECONDS) throw new Error('value out of range');
    out.push([String(id), { on, at }]);
  }
  if (bits.remaining() >= 8) throw new Error('trailing bytes');
  return out;
}

/** Item size as storage.sync counts it: the key plus the JSON of the value, in UTF-8 bytes. */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

export function totalBytes(items: Record<string, unknown>): number {
  return Object.entries(items).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
}

const isValidId = (id: string) => /^[1-9]\d{0,9}$/.test(id);
const isValidFollowKey = (key: string) => key.length > 0 && key.length <= MAX_FOLLOW_KEY;

/** The marks of a state that cannot be encoded (ids beyond 10 digits, series keys beyond the limit), for the status. */
export function unencodable(state: SyncState): string[] {
  return [
    ...[...state.reads.keys()].filter((id) => !isValidId(id)).map((id) => `article ${id}`),
    ...[...state.follows.keys()].filter((key) => !isValidFollowKey(key)).map((key) => `series ${key.slice(0, 40)}…`),
  ];
}

/** The storage.sync items for a state (every key under SYNC_PREFIX). Marks `unencodable` names are skipped. */
export function encodeState(state: SyncState): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  const buckets = new Map<number, [number, Mark][]>();
  for (const [id, mark] of state.reads) {
    if (!isValidId(id)) continue;
    const n = Number(id);
    const bucket = Math.floor(n / BUCKET);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), [n, mark]]);
  }
  for (const [bucket, entries] of buckets) {
    entries.sort((a, b) => a[0] - b[0]);
    items[`${READS}${bucket}`] = encodeBucket(bucket, entries);
  }
  const follows = [...state.follows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let chunk: [string, number, number][] = [];
  let chunkBytes = 0;
  let n = 0;
  for (const [key, mark] of follows) {
    if (!isValidFollowKey(key)) continue;
    const entry: [string, number, number] = [key, clampSeconds(mark.at), mark.on ? 1 : 0];
    const size = itemBytes('', entry) + 1;
    if (chunk.length > 0 && chunkBytes + size > FOLLOW_ITEM_BUDGET) {
      items[`${FOLLOWS}${n++}`] = chunk;
      chunk = [];
      chunkBytes = 0;
    }
    chunk.push(entry);
    chunkBytes += size;
  }
  if (chunk.length > 0) items[`${FOLLOWS}${n}`] = chunk;
  return items;
}

function decodeFollows(value: unknown): [string, Mark][] {
  if (!Array.isArray(value)) throw new Error('not a follow list');
  return value.map((entry) => {
    if (
      !Array.isArray(entry) ||
      entry.length !== 3 ||
      typeof entry[0] !== 'string' ||
      entry[0].length === 0 ||
      !isValidFollowKey(entry[0]) ||
      !Number.isSafeInteger(entry[1]) ||
      entry[1] < 0 ||
      entry[1] > MAX_SECONDS ||
      (entry[2] !== 0 && entry[2] !== 1)
    ) {
      throw new Error('bad follow entry');
    }
    return [entry[0], { on: entry[2] === 1, at: entry[1] }];
  });
}

/**
 * The state stored in storage.sync items (keys outside SYNC_PREFIX are ignored). An item that does not decode is
 * left out and its key reported in `broken`; it is rewritten by the next write.
 */
export function decodeState(items: Record<string, unknown>): { state: SyncState; broken: string[] } {
  const state = emptyState();
  const broken: string[] = [];
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith(SYNC_PREFIX)) continue;
    try {
      const bucket = key.startsWith(READS) ? /^\d{1,8}$/.exec(key.slice(READS.length)) : null;
      if (bucket) {
        for (const [id, mark] of decodeBucket(Number(bucket[0]), value)) state.reads.set(id, mark);
      } else if (key.startsWith(FOLLOWS)) {
        // Two follow items of different generations may both name a series: keep the winner.
        for (const [seriesKey, mark] of decodeFollows(value))
          state.follows.set(seriesKey, winner(state.follows.get(seriesKey), mark));
      } else throw new Error('unknown key');
    } catch {
      broken.push(key);
    }
  }
  return { state, broken };
}
