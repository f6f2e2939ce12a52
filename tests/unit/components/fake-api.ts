/**
 * An in-memory ReaderApi for UI tests: enough behaviour to drive the popup and options page, and a log of every
 * call (method and arguments) so tests can check what the UI asked for.
 */
import type { SyncStatus } from '@/utils/sync/engine';
import type { ReaderApi, SeriesDetail, SeriesSummary } from '@/utils/db/api';
import {
  correctionKey,
  DEFAULT_SETTINGS,
  type ArticleRecord,
  type FollowRecord,
  type ImportPlan,
  type ReadingEvent,
  type ReadingRecord,
  type ReadState,
  type SeriesCorrection,
  type Settings,
  type Snapshot,
} from '@/utils/db/model';
import type { Platform } from '@/components/platform';
import { SUMMARY_VERSION, type PopupSummary } from '@/utils/db/summary';

export interface Call {
  method: keyof ReaderApi;
  args: unknown[];
}

export function article(
  id: string,
  title: string,
  series: string | null = null,
  part: number | null = null,
  date = '',
): ArticleRecord {
  return {
    id,
    title,
    earlierTitles: [],
    date,
    series,
    part,
    subpart: null,
    firstSeen: 1,
    lastSeen: 1,
    seenOn: ['archive'],
  };
}

export function record(
  id: string,
  state: ReadState,
  progress = state === 'read' ? 1 : 0,
  updatedAt = 1,
): ReadingRecord {
  return { id, state, progress, position: progress, readAt: state === 'read' ? updatedAt : null, updatedAt };
}

export class FakeReaderApi implements ReaderApi {
  calls: Call[] = [];
  articles: ArticleRecord[] = [];
  reading = new Map<string, ReadingRecord>();
  follows = new Map<string, FollowRecord>();
  settings: Settings = { ...DEFAULT_SETTINGS };
  events: ReadingEvent[] = [];
  diagnosticsLog: { at: number; url: string; message: string }[] = [];
  /** Series parts the user has not been shown yet, by series key. */
  newParts = new Map<string, number>();
  corrections: SeriesCorrection[] = [];
  private clock = 1000;
  private batches = 0;

  constructor(
    init: Partial<Pick<FakeReaderApi, 'articles' | 'settings' | 'diagnosticsLog'>> & {
      reading?: ReadingRecord[];
      followed?: string[];
    } = {},
  ) {
    this.articles = init.articles ?? [];
    for (const r of init.reading ?? []) this.reading.set(r.id, r);
    for (const key of init.followed ?? []) this.follows.set(key, { seriesKey: key, followedAt: 1, seenIds: [] });
    if (init.settings) this.settings = init.settings;
    this.diagnosticsLog = init.diagnosticsLog ?? [];
  }

  private log(method: keyof ReaderApi, ...args: unknown[]) {
    this.calls.push({ method, args });
  }

  callsTo(method: keyof ReaderApi): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private stateOf(id: string): ReadState {
    return this.reading.get(id)?.state ?? 'unread';
  }

  private seriesDetail(key: string): SeriesDetail | null {
    const members = this.articles.filter((a) => a.series === key).sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
    if (members.length === 0) return null;
    const renamed = this.corrections.filter((c) => c.kind === 'rename' && c.seriesKey === key).at(-1);
    return {
      key,
      name: renamed?.kind === 'rename' ? renamed.name : key,
      total: members.length,
      read: members.filter((a) => this.stateOf(a.id) === 'read').length,
      reading: members.filter((a) => this.stateOf(a.id) === 'reading').length,
      followed: this.follows.has(key),
      newParts: this.follows.has(key) ? (this.newParts.get(key) ?? 0) : 0,
      nextUnread: members.find((a) => this.stateOf(a.id) !== 'read') ?? null,
      articles: members.map((a) => ({ ...a, reading: this.reading.get(a.id) ?? null })),
      merged: this.corrections.flatMap((c) =>
        c.kind === 'merge' && c.into === key && c.from !== key ? [{ key: c.from, name: c.from }] : [],
      ),
    };
  }

  async seenAndStates() {
    this.log('seenAndStates');
    return {};
  }

  async getStates(ids: string[]) {
    this.log('getStates', ids);
    return Object.fromEntries(ids.flatMap((id) => (this.reading.has(id) ? [[id, this.reading.get(id)!]] : [])));
  }

  async setState(ids: string[], state: ReadState, source: ReadingEvent['source']) {
    this.log('setState', ids, state, source);
    const batch = `b${++this.batches}`;
    const records = ids.map((id) => {
      const at = ++this.clock;
      this.events.push({ at, articleId: id, from: this.stateOf(id), to: state, batch, source });
      const next = record(id, state, state === 'read' ? 1 : 0, at);
      this.reading.set(id, next);
      return next;
    });
    return { batch, records };
  }

  async reportProgress(id: string, progress: number, position: number) {
    this.log('reportProgress', id, progress, position);
    const next = { ...record(id, 'reading', progress), position };
    this.reading.set(id, next);
    return next;
  }

  async undo(batch: string) {
    this.log('undo', batch);
    const undone = this.events.filter((e) => e.batch === batch);
    return undone.map((e) => {
      const back = record(e.articleId, e.from, e.from === 'read' ? 1 : 0, ++this.clock);
      this.reading.set(e.articleId, back);
      return back;
    });
  }

  async getSettings() {
    this.log('getSettings');
    return { ...this.settings };
  }

  async updateSettings(patch: Partial<Settings>) {
    this.log('updateSettings', patch);
    this.settings = { ...this.settings, ...patch };
    return { ...this.settings };
  }

  async listSeries(): Promise<SeriesSummary[]> {
    this.log('listSeries');
    const keys = [...new Set(this.articles.flatMap((a) => (a.series ? [a.series] : [])))];
    return keys.map((key) => {
      const { articles: _, ...summary } = this.seriesDetail(key)!;
      return summary;
    });
  }

  /** The service's summary, computed the simple way: followed first, then in catalog order. */
  async popupSummary(): Promise<PopupSummary> {
    this.log('popupSummary');
    const series = [...new Set(this.articles.flatMap((a) => (a.series ? [a.series] : [])))].map((key) => {
      const { articles: _, merged: _merged, ...summary } = this.seriesDetail(key)!;
      return { ...summary, newest: '' };
    });
    return {
      version: SUMMARY_VERSION,
      series: [...series.filter((s) => s.followed), ...series.filter((s) => !s.followed)],
      continueReading: await this.continueReading(),
      hasReaderData: this.reading.size + this.follows.size > 0,
    };
  }

  async getSeries(key: string) {
    this.log('getSeries', key);
    return this.seriesDetail(key);
  }

  async seriesNavigation(id: string) {
    this.log('seriesNavigation', id);
    return null;
  }

  async seriesOfArticle(id: string) {
    this.log('seriesOfArticle', id);
    const key = this.articles.find((a) => a.id === id)?.series;
    const detail = key ? this.seriesDetail(key) : null;
    if (!detail) return null;
    const { articles: _articles, ...summary } = detail;
    return summary;
  }

  async searchArticles(query: string, limit = 20) {
    this.log('searchArticles', query, limit);
    const q = query.toLowerCase();
    return this.articles.filter((a) => a.title.toLowerCase().includes(q)).slice(0, limit);
  }

  async continueReading() {
    this.log('continueReading');
    const latest = [...this.reading.values()]
      .filter((r) => r.state === 'reading')
      .sort((a, b) => b.updatedAt - a.updatedAt)[0];
    const found = latest && this.articles.find((a) => a.id === latest.id);
    return found ? { ...found, reading: latest } : null;
  }

  async follow(seriesKey: string) {
    this.log('follow', seriesKey);
    const follow = { seriesKey, followedAt: ++this.clock, seenIds: [] };
    this.follows.set(seriesKey, follow);
    return follow;
  }

  async unfollow(seriesKey: string) {
    this.log('unfollow', seriesKey);
    this.follows.delete(seriesKey);
  }

  async markSeriesSeen(seriesKey: string) {
    this.log('markSeriesSeen', seriesKey);
    this.newParts.delete(seriesKey);
  }

  /**
   * Applies a correction the simple way (no title parser here): an assign moves one article, a merge moves every
   * article of the merged series, a rename names the series.
   */
  async correctSeries(corrections: SeriesCorrection | SeriesCorrection[]) {
    this.log('correctSeries', corrections);
    for (const correction of Array.isArray(corrections) ? corrections : [corrections]) this.applyCorrection(correction);
  }

  private applyCorrection(correction: SeriesCorrection) {
    this.corrections = [...this.corrections.filter((c) => correctionKey(c) !== correctionKey(correction)), correction];
    if (correction.kind === 'assign') {
      this.articles = this.articles.map((a) =>
        a.id === correction.articleId ? { ...a, series: correction.seriesKey, part: correction.part ?? null } : a,
      );
    } else if (correction.kind === 'merge' && correction.into !== correction.from) {
      this.articles = this.articles.map((a) => (a.series === correction.from ? { ...a, series: correction.into } : a));
    }
  }

  /** Forgets the corrections about the series (the fake cannot regroup: the articles stay where they are). */
  async resetSeries(seriesKey: string) {
    this.log('resetSeries', seriesKey);
    const about = (c: SeriesCorrection) =>
      c.kind === 'rename'
        ? c.seriesKey === seriesKey
        : c.kind === 'merge'
          ? c.into === seriesKey || c.from === seriesKey
          : c.seriesKey === seriesKey;
    const before = this.corrections.length;
    this.corrections = this.corrections.filter((c) => !about(c));
    return before - this.corrections.length;
  }

  async importArchive() {
    this.log('importArchive');
    return { added: 0, renamed: 0 };
  }

  async getSnapshot(): Promise<Snapshot> {
    this.log('getSnapshot');
    return {
      articles: this.articles,
      reading: [...this.reading.values()],
      follows: [...this.follows.values()],
      corrections: this.corrections,
      settings: { ...this.settings },
      events: this.events,
    };
  }

  async applyImport(plan: ImportPlan) {
    this.log('applyImport', plan);
    if (plan.mode === 'replace') {
      this.articles = [];
      this.reading.clear();
      this.follows.clear();
    }
    const byId = new Map(this.articles.map((a) => [a.id, a]));
    for (const a of plan.articles) byId.set(a.id, a);
    this.articles = [...byId.values()];
    for (const r of plan.reading) this.reading.set(r.id, r);
    for (const f of plan.follows) this.follows.set(f.seriesKey, f);
    if (plan.settings) this.settings = plan.settings;
  }

  async clearAll() {
    this.log('clearAll');
    this.articles = [];
    this.reading.clear();
    this.follows.clear();
    this.corrections = [];
    this.settings = { ...DEFAULT_SETTINGS };
  }

  async recentEvents(limit: number) {
    this.log('recentEvents', limit);
    return [...this.events].reverse().slice(0, limit);
  }

  async diagnostics() {
    this.log('diagnostics');
    return this.diagnosticsLog;
  }

  async reportDiagnostic(url: string, message: string) {
    this.log('reportDiagnostic', url, message);
  }
}

export class FakePlatform implements Platform {
  opened: string[] = [];
  downloads: { fileName: string; mimeType: string; content: string }[] = [];
  optionsOpened = 0;
  constructor(public tabUrl: string | null = null) {}
  openTab(url: string) {
    this.opened.push(url);
  }
  async activeTabUrl() {
    return this.tabUrl;
  }
  openOptionsPage() {
    this.optionsOpened++;
  }
  download(fileName: string, mimeType: string, content: string) {
    this.downloads.push({ fileName, mimeType, content });
  }
  sync: SyncStatus = { kind: 'off' };
  async syncStatus() {
    return this.sync;
  }
  /** What storage.local holds for the popup (none by default: the popup asks the api). */
  kept: { settings: Settings | null; summary: PopupSummary | null } = { settings: null, summary: null };
  async popupStart() {
    return this.kept;
  }
  summaryListeners = new Set<(summary: PopupSummary) => void>();
  watchPopupSummary(listener: (summary: PopupSummary) => void) {
    this.summaryListeners.add(listener);
    return () => void this.summaryListeners.delete(listener);
  }
}
