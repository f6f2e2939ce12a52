/**
 * What an article page shows of the extension, in the page's flow (never over the text): a strip above the body
 * with the series (name, part k of n, how many read, previous / next part in series order, follow), the reading
 * state with its actions, and the per-page renderer switch; and a card after the body with the next part, or
 * "series complete" when this is the last part known, plus the state and "mark read" for whoever reached the end.
 */
import type { SeriesNavigation, SeriesPartLink } from '@/utils/db/api';
import type { ReadingRecord } from '@/utils/db/model';
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

export function stateText(text: PageText, record: ReadingRecord | null): string {
  if (record?.state === 'read') return text.t('common.stateRead');
  if (record?.state === 'reading') return text.t('common.stateReading', [Math.round(record.progress * 100)]);
  return text.t('common.stateUnread');
}

const partHref = (part: SeriesPartLink) => `/archives/${part.id}`;

export function createArticleStrip(
  doc: Document,
  content: Element,
  options: { text: PageText; renderer: boolean; actions: StripActions; signal: AbortSignal },
): ArticleStrip {
  const { text, actions, signal } = options;
  let record: ReadingRecord | null = null;
  let navigation: SeriesNavigation | null = null;

  const strip = element(doc, 'nav', 'kx-strip');
  strip.setAttribute('data-kx-strip', '');
  const series = element(doc, 'div', 'kx-strip-series');
  series.hidden = true;
  const name = element(doc, 'button', 'kx-series-name');
  const part = element(doc, 'span', 'kx-strip-part');
  const read = element(doc, 'span', 'kx-strip-read');
  const previous = element(doc, 'a', 'kx-strip-prev');
  previous.rel = 'prev';
  const next = element(doc, 'a', 'kx-strip-next');
  next.rel = 'next';
  const follow = element(doc, 'button', 'kx-follow');
  series.append(name, part, read, previous, next, follow);

  const readingRow = element(doc, 'div', 'kx-strip-reading');
  const state = element(doc, 'span', 'kx-article-state');
  state.setAttribute('aria-live', 'polite');
  const toggle = element(doc, 'button', 'kx-article-toggle');
  const resume = element(doc, 'button', 'kx-resume');
  resume.hidden = true;
  const renderer = element(doc, 'button', 'kx-renderer-toggle');
  renderer.setAttribute('aria-pressed', String(options.renderer));
  readingRow.append(state, toggle, resume, renderer);
  strip.append(series, readingRow);

  const card = element(doc, 'aside', 'kx-end-card');
  card.setAttribute('data-kx-end-card', '');
  const cardSeries = element(doc, 'div', 'kx-end-series');
  cardSeries.hidden = true;
  const cardReading = element(doc, 'div', 'kx-end-reading');
  const cardState = element(doc, 'span', 'kx-article-state');
  const cardToggle = element(doc, 'button', 'kx-article-toggle');
  cardReading.append(cardState, cardToggle);
  card.append(cardSeries, cardReading);

  const partLink = (
    link: HTMLAnchorElement,
    target: SeriesPartLink | null,
    key: 'content.previousPart' | 'content.nextPart',
  ) => {
    link.hidden = !target;
    if (!target) return;
    link.href = partHref(target);
    link.textContent = text.t(key, [target.title]);
    link.title = `${target.title} · ${text.t(target.state === 'read' ? 'common.stateRead' : target.state === 'reading' ? 'content.partReading' : 'common.stateUnread')}`;
    link.setAttribute('data-kx-part-state', target.state);
  };

  const renderSeries = () => {
    if (!navigation) return;
    const nav = navigation;
    series.hidden = false;
    name.textContent = nav.name;
    name.title = text.t('content.openSeries', [nav.name]);
    part.textContent = text.t(nav.kind === 'column' ? 'content.entryOf' : 'content.partOf', [nav.position, nav.total]);
    read.textContent = text.t('content.seriesRead', [nav.read, nav.total]);
    partLink(previous, nav.previous, 'content.previousPart');
    partLink(next, nav.next, 'content.nextPart');
    follow.textContent = text.t(nav.followed ? 'content.unfollow' : 'content.follow');
    follow.setAttribute('aria-pressed', String(nav.followed));
    follow.title = text.t(nav.followed ? 'popup.unfollowSeries' : 'popup.followSeries', [nav.name]);

    cardSeries.hidden = false;
    cardSeries.replaceChildren();
    if (nav.next) {
      const label = element(doc, 'span', 'kx-end-label');
      label.textContent = `${text.t('content.nextPartCard')} · ${text.t(nav.kind === 'column' ? 'content.entryOf' : 'content.partOf', [nav.position + 1, nav.total])}`;
      const link = element(doc, 'a', 'kx-end-next');
      link.href = partHref(nav.next);
      link.rel = 'next';
      link.textContent = nav.next.title;
      const nextState = element(doc, 'span', 'kx-end-next-state');
      nextState.setAttribute('data-kx-part-state', nav.next.state);
      nextState.textContent = text.t(
        nav.next.state === 'read'
          ? 'common.stateRead'
          : nav.next.state === 'reading'
            ? 'content.partReading'
            : 'common.stateUnread',
      );
      cardSeries.append(label, link, nextState);
    } else {
      const done = element(doc, 'span', 'kx-end-complete');
      done.textContent = `${nav.name} · ${text.t('content.seriesComplete')}`;
      cardSeries.append(done);
    }
  };

  const renderState = () => {
    const stateLabel = stateText(text, record);
    state.textContent = stateLabel;
    cardState.textContent = stateLabel;
    const action = text.t(record?.state === 'read' ? 'content.markUnread' : 'content.markRead');
    toggle.textContent = action;
    cardToggle.textContent = action;
  };

  const renderStatic = () => {
    strip.setAttribute('aria-label', text.t('content.stripLabel'));
    card.setAttribute('aria-label', text.t('content.stripLabel'));
    strip.lang = text.lang;
    card.lang = text.lang;
    resume.textContent = text.t('content.resume');
    renderer.textContent = text.t(options.renderer ? 'content.rendererKatex' : 'content.rendererMathjax');
    renderer.title = text.t('content.rendererHint');
  };
  const relabel = () => {
    renderStatic();
    renderState();
    renderSeries();
  };
  text.onChange(relabel, signal);
  relabel();

  // Only the reader's own clicks count: a page script's synthetic click changes nothing.
  for (const button of [toggle, cardToggle]) {
    button.addEventListener('click', (event) => event.isTrusted && actions.toggleRead(), { signal });
  }
  resume.addEventListener(
    'click',
    () => {
      resume.hidden = true;
      actions.resume();
    },
    { signal },
  );
  renderer.addEventListener('click', (event) => event.isTrusted && actions.switchRenderer(), { signal });
  name.addEventListener('click', () => navigation && actions.openSeries(navigation.key), { signal });
  follow.addEventListener(
    'click',
    async (event) => {
      if (!navigation || !event.isTrusted) return;
      const want = !navigation.followed;
      await actions.follow(navigation.key, want);
      navigation = { ...navigation, followed: want };
      renderSeries();
    },
    { signal },
  );

  content.before(strip);
  content.after(card);

  return {
    showState(next) {
      record = next;
      renderState();
    },
    showSeries(nav) {
      navigation = nav;
      renderSeries();
    },
    offerResume(show) {
      resume.hidden = !show;
    },
    remove() {
      strip.remove();
      card.remove();
    },
  };
}
