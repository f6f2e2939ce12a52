/**
 * What an article page shows of the extension, in the page's flow (never over the text): a strip above the body
 * with the series (name, part k of n, how many read, previous / next part in series order, follow), the reading
 * state with its actions, and the per-page renderer switch; and a card after the body with the next part, or
 * "series complete" when this is the last part known, plus the state and "mark read" for whoever reached the end.
 */
import type { SeriesNavigation, SeriesPartLink } from '@/utils/db/api';
import type { ReadingRecord } from '@/utils/db/model';
import { partStateText, stateText } from '@/utils/reading/state-text';
import type { PageText } from './page-text';

export interface StripActions {
  toggleRead(): void;
  resume(): void;
  follow(key: string, follow: boolean): Promise<void>;
  openSeries(key: string): void;
  switchRenderer(): void;
}

export interface ArticleStrip {
  showState(record: ReadingRecord): void;
  showSeries(navigation: SeriesNavigation): void;
  /** Offers "return to where you left off" until the reader uses or dismisses it (or reads on). */
  offerResume(show: boolean): void;
  remove(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  el.className = className;
  if (el instanceof HTMLButtonElement) el.type = 'button';
  return el;
}

/**
 * The shape the strip and the end card share: a series part (hidden until the article is known in a series), then
 * a reading row with the state and the read / unread toggle.
 */
function panel(doc: Document, tag: 'nav' | 'aside', hook: string, classes: Record<'root' | 'series' | 'row', string>) {
  const root = element(doc, tag, classes.root);
  root.setAttribute(hook, '');
  const series = element(doc, 'div', classes.series);
  series.hidden = true;
  const row = element(doc, 'div', classes.row);
  const state = element(doc, 'span', 'kx-article-state');
  const toggle = element(doc, 'button', 'kx-article-toggle');
  row.append(state, toggle);
  root.append(series, row);
  return { root, series, row, state, toggle };
}

function createStrip(doc: Document, rendererOn: boolean) {
  const strip = panel(doc, 'nav', 'data-kx-strip', {
    root: 'kx-strip',
    series: 'kx-strip-series',
    row: 'kx-strip-reading',
  });
  strip.state.setAttribute('aria-live', 'polite');
  const name = element(doc, 'button', 'kx-series-name');
  const part = element(doc, 'span', 'kx-strip-part');
  const read = element(doc, 'span', 'kx-strip-read');
  const previous = element(doc, 'a', 'kx-strip-prev');
  previous.rel = 'prev';
  const next = element(doc, 'a', 'kx-strip-next');
  next.rel = 'next';
  const follow = element(doc, 'button', 'kx-follow');
  strip.series.append(name, part, read, previous, next, follow);
  const resume = element(doc, 'button', 'kx-resume');
  resume.hidden = true;
  const renderer = element(doc, 'button', 'kx-renderer-toggle');
  renderer.setAttribute('aria-pressed', String(rendererOn));
  strip.row.append(resume, renderer);
  return { ...strip, name, part, read, previous, next, follow, resume, renderer };
}
type Strip = ReturnType<typeof createStrip>;

const createEndCard = (doc: Document) =>
  panel(doc, 'aside', 'data-kx-end-card', { root: 'kx-end-card', series: 'kx-end-series', row: 'kx-end-reading' });
type EndCard = ReturnType<typeof createEndCard>;

const partHref = (part: SeriesPartLink) => `/archives/${part.id}`;
const partOf = (text: PageText, nav: SeriesNavigation, position: number) =>
  text.t(nav.kind === 'column' ? 'content.entryOf' : 'content.partOf', [position, nav.total]);

function showPartLink(
  link: HTMLAnchorElement,
  target: SeriesPartLink | null,
  key: 'content.previousPart' | 'content.nextPart',
  text: PageText,
): void {
  link.hidden = !target;
  if (!target) return;
  link.href = partHref(target);
  link.textContent = text.t(key, [target.title]);
  link.title = `${target.title} · ${partStateText(text.t, target.state)}`;
  link.setAttribute('data-kx-part-state', target.state);
}

function showStripSeries(strip: Strip, nav: SeriesNavigation, text: PageText): void {
  strip.series.hidden = false;
  strip.name.textContent = nav.name;
  strip.name.title = text.t('content.openSeries', [nav.name]);
  strip.part.textContent = partOf(text, nav, nav.position);
  strip.read.textContent = text.t('content.seriesRead', [nav.read, nav.total]);
  showPartLink(strip.previous, nav.previous, 'content.previousPart', text);
  showPartLink(strip.next, nav.next, 'content.nextPart', text);
  strip.follow.textContent = text.t(nav.followed ? 'content.unfollow' : 'content.follow');
  strip.follow.setAttribute('aria-pressed', String(nav.followed));
  strip.follow.title = text.t(nav.followed ? 'popup.unfollowSeries' : 'popup.followSeries', [nav.name]);
}

/** After the body: the next part (one click on), or "series complete" on the last part known. */
function showEndCardSeries(card: EndCard, nav: SeriesNavigation, text: PageText): void {
  const doc = card.root.ownerDocument;
  card.series.hidden = false;
  if (!nav.next) {
    const done = element(doc, 'span', 'kx-end-complete');
    done.textContent = `${nav.name} · ${text.t('content.seriesComplete')}`;
    card.series.replaceChildren(done);
    return;
  }
  const label = element(doc, 'span', 'kx-end-label');
  label.textContent = `${text.t('content.nextPartCard')} · ${partOf(text, nav, nav.position + 1)}`;
  const link = element(doc, 'a', 'kx-end-next');
  link.href = partHref(nav.next);
  link.rel = 'next';
  link.textContent = nav.next.title;
  const nextState = element(doc, 'span', 'kx-end-next-state');
  nextState.setAttribute('data-kx-part-state', nav.next.state);
  nextState.textContent = partStateText(text.t, nav.next.state);
  card.series.replaceChildren(label, link, nextState);
}

function showState(strip: Strip, card: EndCard, record: ReadingRecord | null, text: PageText): void {
  const label = stateText(text.t, record);
  const action = text.t(record?.state === 'read' ? 'content.markUnread' : 'content.markRead');
  for (const { state, toggle } of [strip, card]) {
    state.textContent = label;
    toggle.textContent = action;
  }
}

function showStaticText(strip: Strip, card: EndCard, rendererOn: boolean, text: PageText): void {
  for (const { root } of [strip, card]) {
    root.setAttribute('aria-label', text.t('content.stripLabel'));
    root.lang = text.lang;
  }
  strip.resume.textContent = text.t('content.resume');
  strip.renderer.textContent = text.t(rendererOn ? 'content.rendererKatex' : 'content.rendererMathjax');
  strip.renderer.title = text.t('content.rendererHint');
}

/** Only the reader's own clicks count: a page script's synthetic click changes nothing (but the resume offer). */
function listenToButtons(
  strip: Strip,
  card: EndCard,
  actions: StripActions,
  navigation: () => SeriesNavigation | null,
  signal: AbortSignal,
): void {
  for (const button of [strip.toggle, card.toggle]) {
    button.addEventListener('click', (event) => event.isTrusted && actions.toggleRead(), { signal });
  }
  const resume = () => {
    strip.resume.hidden = true;
    actions.resume();
  };
  strip.resume.addEventListener('click', resume, { signal });
  strip.renderer.addEventListener('click', (event) => event.isTrusted && actions.switchRenderer(), { signal });
  const openSeries = () => {
    const nav = navigation();
    if (nav) actions.openSeries(nav.key);
  };
  strip.name.addEventListener('click', openSeries, { signal });
}

export function createArticleStrip(
  doc: Document,
  content: Element,
  options: { text: PageText; renderer: boolean; actions: StripActions; signal: AbortSignal },
): ArticleStrip {
  const { text, actions, signal } = options;
  let record: ReadingRecord | null = null;
  let navigation: SeriesNavigation | null = null;
  const strip = createStrip(doc, options.renderer);
  const card = createEndCard(doc);

  const renderSeries = () => {
    if (!navigation) return;
    showStripSeries(strip, navigation, text);
    showEndCardSeries(card, navigation, text);
  };
  const relabel = () => {
    showStaticText(strip, card, options.renderer, text);
    showState(strip, card, record, text);
    renderSeries();
  };
  text.onChange(relabel, signal);
  relabel();

  listenToButtons(strip, card, actions, () => navigation, signal);
  const follow = async (event: MouseEvent) => {
    if (!navigation || !event.isTrusted) return;
    const want = !navigation.followed;
    await actions.follow(navigation.key, want);
    navigation = { ...navigation, followed: want };
    renderSeries();
  };
  strip.follow.addEventListener('click', follow, { signal });

  content.before(strip.root);
  content.after(card.root);

  return {
    showState(next) {
      record = next;
      showState(strip, card, record, text);
    },
    showSeries(nav) {
      navigation = nav;
      renderSeries();
    },
    offerResume(show) {
      strip.resume.hidden = !show;
    },
    remove() {
      strip.root.remove();
      card.root.remove();
    },
  };
}
